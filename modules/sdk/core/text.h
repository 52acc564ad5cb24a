// Locale-free numbers and small string helpers shared by the cores. Qt sets the user's
// locale at start-up, so strtod/stod/printf would read and write "0,5" on a German desktop;
// everything here goes through std::from_chars / std::to_chars instead.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace conceptlab {

/// The shortest text that reads back as exactly `value` ("0.1", "1e-07", "inf", "nan").
std::string formatNumber(double value);
/// `value` with `digits` significant digits, like printf("%.*g") in the C locale.
std::string formatNumber(double value, int digits);
/// `value` with `decimals` digits after the point, like printf("%.*f") in the C locale.
std::string formatFixed(double value, int decimals);
std::string formatInteger(std::int64_t value);

/// The whole of `text` as a finite or infinite double ("1.5", "-2e-3", "inf"); nullopt if any
/// character is left over or the text is empty. Never depends on the locale.
std::optional<double> parseDouble(std::string_view text);
/// The whole of `text` as a decimal integer; nullopt on junk or overflow.
std::optional<std::int64_t> parseInteger(std::string_view text);

/// `text` without leading and trailing spaces, tabs, carriage returns and newlines.
std::string_view trim(std::string_view text);

/// `text` in single quotes for a message; past 60 bytes it is cut (at a character boundary)
/// and its length given, so one bad value never makes a message longer than a line:
/// "'aaaa…' (100000 bytes)".
std::string quoted(std::string_view text);
/// `text` cut at every `separator`; an empty text gives one empty part.
std::vector<std::string_view> split(std::string_view text, char separator);

/// A fixed table of enum values and their names, for parsing and printing enums:
///   constexpr EnumNames<Policy, 3> kPolicyNames{{{Policy::Static, "static"}, ...}};
template<class Enum, std::size_t N> struct EnumNames {
    std::array<std::pair<Enum, std::string_view>, N> entries;

    constexpr std::string_view name(Enum value) const
    {
        for (const auto &[candidate, text] : entries)
            if (candidate == value)
                return text;
        return {};
    }
    constexpr std::optional<Enum> parse(std::string_view text) const
    {
        for (const auto &[candidate, name] : entries)
            if (name == text)
                return candidate;
        return std::nullopt;
    }
    /// "a, b or c": the allowed names, for error messages.
    std::string allowed() const
    {
        std::string out;
        for (std::size_t i = 0; i < N; ++i) {
            if (i > 0)
                out += i + 1 == N ? " or " : ", ";
            out += entries[i].second;
        }
        return out;
    }
};

} // namespace conceptlab
