// Reading normal forms back as data: Church numerals, Church booleans, pairs (λp.p a b)
// and lists built from pairs (NIL = λx.TRUE, CONS = PAIR).
#pragma once

#include "term.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace conceptlab::lambda {

struct Value {
    enum class Kind { Number, Boolean, List, Pair };
    Kind kind = Kind::Number;
    std::uint64_t number = 0;
    bool boolean = false;
    std::vector<Value> items; ///< List elements, or the two components of a Pair

    /// "6", "TRUE", "[1, 2, 3]", "(1, TRUE)".
    std::string toString() const;
};

/// Church numeral n = λf.λx.f (… (f x)), or nothing.
std::optional<std::uint64_t> decodeNumeral(const Graph &g, NodeId t);
/// λa.λb.a = true, λa.λb.b = false, or nothing.
std::optional<bool> decodeBoolean(const Graph &g, NodeId t);
/// The most likely reading of `t`. λa.λb.b is both 0 and FALSE: it reads as FALSE when
/// `preferBoolean`, else as 0.
std::optional<Value> decode(const Graph &g, NodeId t, bool preferBoolean);

/// Definitions whose result is a boolean: a term headed by one of these reads as a boolean.
bool isBooleanOperator(const std::string &name);

} // namespace conceptlab::lambda
