// The prelude (resources/lambda/prelude.lambda), compiled in as text.
#pragma once

#include <string_view>

namespace conceptlab::lambda {

/// The prelude's source text: `let` definitions of I, K, S, Ω, Y, Z, booleans, pairs,
/// arithmetic, lists and FACT.
std::string_view preludeText();

} // namespace conceptlab::lambda
