// Locale-free numbers and string helpers: exact texts, round trips, and the same bytes
// under a comma-decimal C locale (what Qt sets on a German desktop).
#include "text.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <clocale>
#include <cmath>
#include <cstring>
#include <limits>

using namespace conceptlab;

namespace {

enum class Colour { Red, Green, Blue };
constexpr EnumNames<Colour, 3> kColourNames {
    { { { Colour::Red, "red" }, { Colour::Green, "green" }, { Colour::Blue, "blue" } } }
};

/// Sets a comma-decimal C locale for the test's duration, if the machine has one.
class CommaLocale {
public:
    CommaLocale()
    {
        for (const char *name : { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8" }) {
            if (std::setlocale(LC_ALL, name)) {
                m_active = std::strcmp(std::localeconv()->decimal_point, ",") == 0;
                if (m_active)
                    return;
            }
        }
        std::setlocale(LC_ALL, "C");
    }
    ~CommaLocale() { std::setlocale(LC_ALL, "C"); }
    bool active() const { return m_active; }

private:
    bool m_active = false;
};

} // namespace

TEST(Text, FormatsTheShortestExactText)
{
    EXPECT_EQ(formatNumber(0.1), "0.1");
    EXPECT_EQ(formatNumber(0.5), "0.5");
    EXPECT_EQ(formatNumber(1e-7), "1e-07");
    EXPECT_EQ(formatNumber(-2.0), "-2");
    EXPECT_EQ(formatNumber(std::numeric_limits<double>::infinity()), "inf");
    EXPECT_EQ(formatNumber(0.1 + 0.2), "0.30000000000000004");
}

TEST(Text, FormatsLikePrintfInTheCLocale)
{
    EXPECT_EQ(formatNumber(2.0 / 3.0, 4), "0.6667");
    EXPECT_EQ(formatNumber(123456789.0, 3), "1.23e+08");
    EXPECT_EQ(formatFixed(2.5, 2), "2.50");
    EXPECT_EQ(formatFixed(-0.125, 2), "-0.12"); // round half to even, as printf
    EXPECT_EQ(formatInteger(-9007199254740993), "-9007199254740993");
}

TEST(Text, ParsesWholeNumbersOnly)
{
    EXPECT_EQ(parseDouble("1.5"), 1.5);
    EXPECT_EQ(parseDouble("+2e-3"), 0.002);
    EXPECT_EQ(parseDouble("-0.25"), -0.25);
    EXPECT_EQ(parseDouble("1e999"), std::numeric_limits<double>::infinity());
    EXPECT_EQ(parseDouble("-1e999"), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(parseDouble("1e-999"), 0.0);
    EXPECT_FALSE(parseDouble(""));
    EXPECT_FALSE(parseDouble("1,5"));
    EXPECT_FALSE(parseDouble("1.5x"));
    EXPECT_FALSE(parseDouble(" 1.5"));
    EXPECT_EQ(parseInteger("42"), 42);
    EXPECT_EQ(parseInteger("+7"), 7);
    EXPECT_FALSE(parseInteger("4.2"));
    EXPECT_FALSE(parseInteger("99999999999999999999"));
    EXPECT_FALSE(parseInteger(""));
}

TEST(Text, IgnoresACommaDecimalLocale)
{
    const CommaLocale locale;
    if (!locale.active())
        GTEST_SKIP() << "no comma-decimal locale on this machine (generate de_DE.UTF-8)";
    EXPECT_EQ(formatNumber(0.5), "0.5");
    EXPECT_EQ(formatNumber(2.0 / 3.0, 4), "0.6667");
    EXPECT_EQ(formatFixed(1234.5, 1), "1234.5");
    EXPECT_EQ(parseDouble("0.5"), 0.5);
    EXPECT_FALSE(parseDouble("0,5"));
}

RC_GTEST_PROP(Text, EveryDoubleRoundTrips, (double value))
{
    const auto back = parseDouble(formatNumber(value));
    RC_ASSERT(back.has_value());
    if (std::isnan(value))
        RC_ASSERT(std::isnan(*back));
    else
        RC_ASSERT(std::memcmp(&*back, &value, sizeof value) == 0);
}

TEST(Text, TrimsAndSplits)
{
    EXPECT_EQ(trim("  a b \t\r\n"), "a b");
    EXPECT_EQ(trim(" \n "), "");
    const std::vector<std::string_view> expected { "a", "", "b " };
    EXPECT_EQ(split("a,,b ", ','), expected);
    EXPECT_EQ(split("", ',').size(), 1u);
}

TEST(Text, EnumNamesGoBothWays)
{
    EXPECT_EQ(kColourNames.name(Colour::Green), "green");
    EXPECT_EQ(kColourNames.parse("blue"), Colour::Blue);
    EXPECT_FALSE(kColourNames.parse("Blue"));
    EXPECT_EQ(kColourNames.allowed(), "red, green or blue");
}
