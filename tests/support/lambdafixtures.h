// Lambda test helpers shared by tst_lambda and lambda_bench: the plain (prelude-free)
// encodings of the benchmark terms, with the step counts worked out for them.
#pragma once

#include <cstdint>
#include <string>

namespace conceptlab::lambda::fixtures {

/// Y, ISZERO, MULT, PRED, POW and the numerals ONE, TWO, FIVE, TEN written out, then FACTF;
/// a program is these lines followed by a term.
inline const std::string kPlainDefinitions = "let Y = λf.(λx.f (x x)) (λx.f (x x))\n"
                                             "let ISZERO = λn.n (λx.λt.λf.f) (λt.λf.t)\n"
                                             "let MULT = λm.λn.λf.m (n f)\n"
                                             "let PRED = λn.λf.λx.n (λg.λh.h (g f)) (λu.x) (λu.u)\n"
                                             "let POW = λb.λe.e b\n"
                                             "let ONE = λf.λx.f x\n"
                                             "let TWO = λf.λx.f (f x)\n"
                                             "let FIVE = λf.λx.f (f (f (f (f x))))\n"
                                             "let TEN = λf.λx.f (f (f (f (f (f (f (f (f (f x)))))))))\n"
                                             "let FACTF = λr.λn.ISZERO n ONE (MULT n (r (PRED n)))\n";

/// Normal-order steps of `Y FACTF FIVE` (to 120) and `POW TWO TEN` (to 1024) with these definitions.
inline constexpr std::uint64_t kFactorialFiveSteps = 26898;
inline constexpr std::uint64_t kPowTwoTenSteps = 2048;

} // namespace conceptlab::lambda::fixtures
