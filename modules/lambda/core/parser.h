// Parser for the term language: λx.M or \x.M, several binders (\x y. M), application by
// juxtaposition (left-associative), bodies extending as far right as possible, parentheses,
// identifiers [A-Za-z_][A-Za-z0-9_']* (and Ω), digits as Church numerals, `--` comments and
// `let NAME = term` definitions (one per line, or separated by `;`).
#pragma once

#include "term.h"

#include <string>
#include <string_view>

namespace conceptlab::lambda {

/// Largest numeral accepted as digits.
inline constexpr std::uint64_t kMaxNumeral = 2000;

struct ParseError {
    int line = 0; ///< 1-based
    int column = 0; ///< 1-based, in characters
    int length = 1; ///< characters
    std::string message;

    /// "line 2, column 7: expected ')'".
    std::string toString() const;
};

struct ParseOptions {
    bool numerals = true; ///< digits are Church numerals (the prelude is on)
    bool requireTerm = true; ///< a program must end with a term (the prelude need not)
    bool prelude = false; ///< definitions are marked as prelude entries
};

struct ParsedProgram {
    bool ok = false;
    ParseError error;
    NodeId term = kNoNode; ///< the main term (kNoNode when there is none)
    std::string head; ///< the definition named by the term's leftmost identifier, if any
    int termStart = 0; ///< code-point offset of the main term in the text
};

/// Parses `text` into `g`, adding its definitions to those already there.
ParsedProgram parseProgram(Graph &g, std::string_view text, const ParseOptions &options);

} // namespace conceptlab::lambda
