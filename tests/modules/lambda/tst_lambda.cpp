// Lambda core: exact step counts and normal forms worked out by hand, parse errors,
// printing, decoding, and RapidCheck properties.
#include "core/evaluation.h"
#include "core/prelude.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace conceptlab::lambda;

namespace {

Outcome run(const std::string &term, Strategy strategy = Strategy::Normal, bool prelude = true,
            std::uint64_t maxSteps = 100000, bool trace = false)
{
    Settings s;
    s.term = term;
    s.strategy = strategy;
    s.prelude = prelude;
    s.maxSteps = maxSteps;
    s.maxSize = 1000000;
    s.trace = trace;
    s.table = trace;
    s.preludeText = std::string(preludeText());
    return evaluate(s);
}

// The benchmark encodings, written out with no prelude.
const std::string kDefinitions = "let Y = λf.(λx.f (x x)) (λx.f (x x))\n"
                                 "let ISZERO = λn.n (λx.λt.λf.f) (λt.λf.t)\n"
                                 "let MULT = λm.λn.λf.m (n f)\n"
                                 "let PRED = λn.λf.λx.n (λg.λh.h (g f)) (λu.x) (λu.u)\n"
                                 "let POW = λb.λe.e b\n"
                                 "let ONE = λf.λx.f x\n"
                                 "let TWO = λf.λx.f (f x)\n"
                                 "let FIVE = λf.λx.f (f (f (f (f x))))\n"
                                 "let TEN = λf.λx.f (f (f (f (f (f (f (f (f (f x)))))))))\n"
                                 "let FACTF = λr.λn.ISZERO n ONE (MULT n (r (PRED n)))\n";

} // namespace

TEST(LambdaReduction, SKKTakesFourNormalOrderSteps)
{
    const Outcome out = run("S K K", Strategy::Normal, true, 100000, true);
    ASSERT_TRUE(out.ok);
    EXPECT_EQ(out.status, Status::NormalForm);
    EXPECT_EQ(out.steps, 4u);
    EXPECT_EQ(*out.normalForm, "λz.z");
    EXPECT_EQ(*out.deBruijn, "λ 1");
    EXPECT_EQ(*out.name, "I");
    ASSERT_EQ(out.trace.size(), 5u);
    EXPECT_EQ(out.trace[0], "S K K");
    EXPECT_EQ(out.trace[1], "(λy.λz.K z (y z)) K");
    EXPECT_EQ(out.trace[2], "λz.K z (K z)");
    EXPECT_EQ(out.trace[3], "λz.(λy.z) (K z)");
    EXPECT_EQ(out.trace[4], "λz.z");
    ASSERT_EQ(out.table.size(), 4u);
    EXPECT_EQ(out.table[0].explanation, "expand S, then substitute K for x in λy.λz.x z (y z)");
}

TEST(LambdaReduction, KIOmegaNormalVersusApplicative)
{
    const Outcome normal = run("K I Ω");
    EXPECT_EQ(normal.status, Status::NormalForm);
    EXPECT_EQ(normal.steps, 2u);
    EXPECT_EQ(*normal.normalForm, "λx.x");
    EXPECT_EQ(*normal.name, "I");

    const Outcome applicative = run("K I Ω", Strategy::Applicative);
    EXPECT_EQ(applicative.status, Status::Diverges);
    EXPECT_EQ(applicative.cycleLength, 1u);
    EXPECT_EQ(applicative.steps, 2u);
    EXPECT_FALSE(applicative.normalForm.has_value());
}

TEST(LambdaReduction, OmegaDivergesWithCycleOne)
{
    const Outcome out = run("(λx.x x) (λx.x x)", Strategy::Normal, false);
    EXPECT_EQ(out.status, Status::Diverges);
    EXPECT_EQ(out.cycleLength, 1u);
    EXPECT_EQ(out.steps, 1u);
}

TEST(LambdaReduction, FactorialOfFiveTakes26898Steps)
{
    const Outcome out = run(kDefinitions + "Y FACTF FIVE", Strategy::Normal, false);
    ASSERT_TRUE(out.ok) << out.error.toString();
    EXPECT_EQ(out.status, Status::NormalForm);
    EXPECT_EQ(out.steps, 26898u);
    ASSERT_TRUE(out.value.has_value());
    EXPECT_EQ(out.value->number, 120u);
}

TEST(LambdaReduction, TwoToTheTenTakes2048Steps)
{
    const Outcome out = run(kDefinitions + "POW TWO TEN", Strategy::Normal, false);
    ASSERT_TRUE(out.ok) << out.error.toString();
    EXPECT_EQ(out.status, Status::NormalForm);
    EXPECT_EQ(out.steps, 2048u);
    ASSERT_TRUE(out.value.has_value());
    EXPECT_EQ(out.value->number, 1024u);
}
