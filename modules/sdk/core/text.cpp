// Locale-free number formatting and parsing, and string helpers (see text.h).
#include "text.h"

#include <cmath>

namespace conceptlab {

namespace {

    std::string charsToString(const char *first, std::to_chars_result result)
    {
        return std::string(first, static_cast<const char *>(result.ptr));
    }

} // namespace

std::string formatNumber(double value)
{
    std::array<char, 64> buffer {};
    return charsToString(buffer.data(), std::to_chars(buffer.data(), buffer.data() + buffer.size(), value));
}

std::string formatNumber(double value, int digits)
{
    std::array<char, 512> buffer {};
    return charsToString(buffer.data(),
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::general, digits));
}

std::string formatFixed(double value, int decimals)
{
    // Fixed notation of 1e308 needs 309 digits plus the decimals.
    std::array<char, 400> buffer {};
    const auto result
        = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
    if (result.ec != std::errc())
        return formatNumber(value);
    return charsToString(buffer.data(), result);
}

std::string formatInteger(std::int64_t value)
{
    std::array<char, 24> buffer {};
    return charsToString(buffer.data(), std::to_chars(buffer.data(), buffer.data() + buffer.size(), value));
}

std::optional<double> parseDouble(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    // from_chars takes no leading '+'; accept it as strtod did.
    if (text.front() == '+')
        text.remove_prefix(1);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (end != text.data() + text.size())
        return std::nullopt;
    if (error == std::errc::result_out_of_range) {
        // Too large: +-inf as strtod gives; too small: the nearest, zero.
        const bool negative = text.front() == '-';
        const auto exponent = text.find_first_of("eE");
        const bool tiny = exponent != std::string_view::npos && text.substr(exponent + 1).starts_with('-');
        return tiny ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
    }
    if (error != std::errc())
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> parseInteger(std::string_view text)
{
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string_view trim(std::string_view text)
{
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(kSpace);
    return text.substr(first, last - first + 1);
}

std::string quoted(std::string_view text)
{
    constexpr std::size_t kShownBytes = 60;
    if (text.size() <= kShownBytes)
        return "'" + std::string(text) + "'";
    std::size_t cut = kShownBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 character
    return "'" + std::string(text.substr(0, cut)) + "…' (" + formatInteger(static_cast<std::int64_t>(text.size()))
        + " bytes)";
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        if (end == std::string_view::npos) {
            parts.push_back(text.substr(start));
            return parts;
        }
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

} // namespace conceptlab
