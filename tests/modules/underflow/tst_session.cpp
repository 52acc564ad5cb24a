// The underflow session: exact step back, reset, end, the CSV table and highlight targets.
#include "core/underflowsession.h"

#include <gtest/gtest.h>

#include <bit>

using namespace conceptlab;
using namespace conceptlab::underflow;

namespace {
std::unique_ptr<UnderflowSession> halving(std::int64_t steps, std::vector<Format> shown = {})
{
    RunSettings settings;
    settings.source.p = 0.5;
    settings.source.steps = steps;
    if (!shown.empty())
        settings.shown = std::move(shown);
    return UnderflowSession::create(settings, WorkControl());
}

std::vector<std::uint64_t> bitsOf(const UnderflowSnapshot &s)
{
    std::vector<std::uint64_t> bits;
    for (const FormatState &f : s.formats) {
        bits.push_back(f.bits);
        bits.push_back(std::bit_cast<std::uint64_t>(f.logSum));
    }
    return bits;
}
} // namespace

TEST(UnderflowSession, StepsForwardAndBackExactly)
{
    auto session = halving(30);
    EXPECT_EQ(session->currentStep(), 0);
    EXPECT_EQ(session->snapshot().formats[3].bits, 0x3c00U); // float16 1: the empty product
    for (int k = 0; k < 24; ++k)
        ASSERT_TRUE(session->stepForward());
    const auto at24 = bitsOf(session->snapshot());
    EXPECT_EQ(session->snapshot().formats[3].bits, 0x0001U); // 2^-24, float16's smallest subnormal
    EXPECT_EQ(session->snapshot().formats[3].valueClass, ValueClass::Subnormal);
    ASSERT_TRUE(session->stepForward());
    EXPECT_EQ(session->snapshot().formats[3].bits, 0x0000U); // the tie rounds to even: zero
    ASSERT_TRUE(session->stepBackward());
    EXPECT_EQ(bitsOf(session->snapshot()), at24);
    while (session->stepForward()) { }
    EXPECT_TRUE(session->atEnd());
    EXPECT_EQ(session->currentStep(), 30);
    EXPECT_FALSE(session->stepForward());
    session->reset();
    EXPECT_EQ(session->currentStep(), 0);
    EXPECT_FALSE(session->stepBackward());
}

TEST(UnderflowSession, TableHasOneRowPerStepWithValuesAndBits)
{
    auto session = halving(20, { Format::Float16, Format::Float8E4M3FN });
    for (int k = 0; k < 10; ++k)
        session->stepForward();
    const Table table = session->currentTable();
    EXPECT_EQ(table.header,
        (std::vector<std::string> { "step", "p", "float16", "float16_bits", "float8_e4m3fn", "float8_e4m3fn_bits" }));
    ASSERT_EQ(table.rows.size(), 10U);
    EXPECT_EQ(table.rows[0], (std::vector<std::string> { "1", "0.5", "0.5", "0x3800", "0.5", "0x30" }));
    // Step 9: 2^-9 is e4m3fn's smallest subnormal (0x01); step 10: the tie gives zero.
    EXPECT_EQ(table.rows[8][5], "0x01");
    EXPECT_EQ(table.rows[9][4], "0");
    EXPECT_EQ(table.rows[9][5], "0x00");
}

TEST(UnderflowSession, HighlightTargetsNameFormatsAndBits)
{
    auto session = halving(5, { Format::Float8E5M2 });
    const auto targets = session->highlightTargets();
    ASSERT_EQ(targets.size(), 9U);
    EXPECT_EQ(targets[0], "format:float8_e5m2");
    EXPECT_EQ(targets[1], "bit:float8_e5m2:0");
    EXPECT_EQ(targets[8], "bit:float8_e5m2:7");
}

TEST(UnderflowSession, StatusAndErrors)
{
    auto session = halving(30, { Format::Float16 });
    for (int k = 0; k < 25; ++k)
        session->stepForward();
    EXPECT_EQ(session->statusText(), "p = 0.5 · float16 zero");
    EXPECT_THROW(parseFormats("float16, float99"), InputError);
    EXPECT_EQ(parseFormats("float16,float64"), (std::vector<Format> { Format::Float64, Format::Float16 }));
    RunSettings settings;
    settings.source.source = Source::File;
    settings.filePath = "/nonexistent/probabilities.txt";
    EXPECT_THROW(UnderflowSession::create(settings, WorkControl()), InputError);
}
