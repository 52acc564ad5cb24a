// Exact values of the format model and of whole runs, derived by hand from each format's
// precision p, emin and subnormal spacing 2^(emin − p + 1).
#include "core/floatformat.h"
#include "core/probabilities.h"
#include "core/trace.h"
#include "session.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace conceptlab;
using namespace conceptlab::underflow;

namespace {
Trace constantRun(double p, std::int64_t steps, Subnormals subnormals = Subnormals::Gradual)
{
    return computeTrace(std::vector<double>(static_cast<std::size_t>(steps), p), subnormals, WorkControl());
}
} // namespace

TEST(UnderflowFormat, EncodingsOfOneAndTheLimits)
{
    EXPECT_EQ(fromDouble(specOf(Format::Float64), 1.0), 0x3ff0000000000000U);
    EXPECT_EQ(fromDouble(specOf(Format::Float32), 1.0), 0x3f800000U);
    EXPECT_EQ(fromDouble(specOf(Format::Bfloat16), 1.0), 0x3f80U);
    EXPECT_EQ(fromDouble(specOf(Format::Float16), 1.0), 0x3c00U);
    EXPECT_EQ(fromDouble(specOf(Format::Float8E4M3FN), 1.0), 0x38U);
    EXPECT_EQ(fromDouble(specOf(Format::Float8E5M2), 1.0), 0x3cU);
    EXPECT_EQ(largestFinite(specOf(Format::Float8E4M3FN)), 448.0);
    EXPECT_EQ(largestFinite(specOf(Format::Float8E5M2)), 57344.0);
    EXPECT_EQ(largestFinite(specOf(Format::Float16)), 65504.0);
    EXPECT_EQ(smallestSubnormal(specOf(Format::Float8E4M3FN)), std::ldexp(1.0, -9));
    EXPECT_EQ(smallestSubnormal(specOf(Format::Bfloat16)), std::ldexp(1.0, -133));
    EXPECT_EQ(smallestNormal(specOf(Format::Float16)), std::ldexp(1.0, -14));
    EXPECT_EQ(hexBits(specOf(Format::Float16), 0x3c00), "0x3c00");
    EXPECT_EQ(hexBits(specOf(Format::Float8E4M3FN), 0x38), "0x38");
}

TEST(UnderflowFormat, RoundingTiesAndOverflow)
{
    const FormatSpec &e4m3 = specOf(Format::Float8E4M3FN);
    EXPECT_EQ(fromDouble(e4m3, 448.0), 0x7eU);
    EXPECT_EQ(fromDouble(e4m3, 464.0), 0x7eU); // tie between 448 (mantissa 110) and 480: even
    EXPECT_EQ(fromDouble(e4m3, 465.0), 0x7fU); // rounds to 480, which is the NaN pattern
    EXPECT_EQ(classify(e4m3, 0x7f), ValueClass::NaN);
    EXPECT_EQ(classify(e4m3, 0xff), ValueClass::NaN);
    EXPECT_EQ(fromDouble(e4m3, std::numeric_limits<double>::infinity()), 0x7fU);
    const FormatSpec &half = specOf(Format::Float16);
    EXPECT_EQ(fromDouble(half, 65519.0), 0x7bffU); // below the midpoint 65520: 65504
    EXPECT_EQ(fromDouble(half, 65520.0), 0x7c00U); // the midpoint rounds to even 2^16: inf
    EXPECT_EQ(fromDouble(half, std::ldexp(1.0, -25)), 0x0000U); // tie between 0 and 2^-24: even 0
    EXPECT_EQ(fromDouble(half, std::ldexp(3.0, -26)), 0x0001U); // 0.75 · 2^-24 rounds up
    EXPECT_EQ(fromDouble(half, std::ldexp(3.0, -25)), 0x0002U); // 1.5 · 2^-24: tie to even 2
    EXPECT_EQ(fromDouble(half, -0.0), 0x8000U);
    EXPECT_EQ(fromDouble(half, 0.1), 0x2e66U); // numpy: np.float16(0.1).view(np.uint16) == 0x2e66
    EXPECT_EQ(fromDouble(specOf(Format::Bfloat16), 0.1), 0x3dcdU); // 0x3dcccccd rounds up
    EXPECT_EQ(fromDouble(specOf(Format::Float16), std::ldexp(1.0, -15), Subnormals::FlushToZero), 0x0000U);
    EXPECT_EQ(multiply(half, 0x7c00, 0x0000), nanBits(half)); // inf · 0
    EXPECT_EQ(multiply(half, 0xfc00, 0x3c00), 0xfc00U); // −inf · 1
}

TEST(UnderflowFormat, HalvingReachesZeroByATieToEven)
{
    struct Expected {
        Format format;
        std::int64_t subnormal, zero;
    };
    // 2^-k is normal while k <= −emin, subnormal down to 2^(emin − p + 1), and the next
    // product 2^(emin − p) is exactly half the smallest subnormal: a tie that rounds to even, 0.
    const Expected expected[] = {
        { Format::Float64, 1023, 1075 },
        { Format::Float32, 127, 150 },
        { Format::Bfloat16, 127, 134 },
        { Format::Float16, 15, 25 },
        { Format::Float8E4M3FN, 7, 10 },
        { Format::Float8E5M2, 15, 17 },
    };
    const Trace trace = constantRun(0.5, 2000);
    for (const Expected &e : expected) {
        const FormatTrace &t = trace.of(e.format);
        SCOPED_TRACE(std::string(kFormatNames.name(e.format)));
        EXPECT_EQ(t.firstSubnormalStep, e.subnormal);
        EXPECT_EQ(t.firstZeroStep, e.zero);
        EXPECT_FALSE(t.stuckFromStep.has_value());
        const FormatSpec &spec = specOf(e.format);
        EXPECT_EQ(toDouble(spec, t.productBits[static_cast<std::size_t>(e.zero - 2)]), smallestSubnormal(spec));
        EXPECT_EQ(toDouble(spec, t.productBits.back()), 0.0);
    }
    EXPECT_DOUBLE_EQ(trace.finalExactLogProduct, 2000 * std::log(0.5));
    EXPECT_NEAR(trace.finalExactLogProduct, -1386.2943611198906188, 2.3e-13); // 2000 · ln 2 to one ulp
}

TEST(UnderflowFormat, FlushToZeroSkipsTheSubnormals)
{
    const Trace trace = constantRun(0.5, 200, Subnormals::FlushToZero);
    EXPECT_FALSE(trace.of(Format::Float16).firstSubnormalStep.has_value());
    EXPECT_EQ(trace.of(Format::Float16).firstZeroStep, 15); // 2^-15 would be subnormal
    EXPECT_EQ(trace.of(Format::Float32).firstZeroStep, 127);
    EXPECT_EQ(trace.of(Format::Float8E4M3FN).firstZeroStep, 7);
}

TEST(UnderflowFormat, NearOneRoundsToOneInNarrowFormats)
{
    // 0.999 is closer to 1 than to 1 − 2^-8 (bfloat16), 1 − 2^-4 (e4m3fn) or 1 − 2^-3 (e5m2):
    // p rounds to 1, so the product is 1 from step 1 on.
    const Trace trace = constantRun(0.999, 50);
    for (Format f : { Format::Bfloat16, Format::Float8E4M3FN, Format::Float8E5M2 }) {
        EXPECT_EQ(trace.of(f).stuckFromStep, 1);
        EXPECT_EQ(toDouble(specOf(f), trace.of(f).productBits.back()), 1.0);
    }
    EXPECT_FALSE(trace.of(Format::Float16).stuckFromStep.has_value()); // 1 − 2^-10 keeps shrinking
}

TEST(UnderflowFormat, StuckStepNeedsARepetitionOfANonZeroValue)
{
    const FormatSpec &half = specOf(Format::Float16);
    EXPECT_EQ(stuckStep(half, { 0x3c00, 0x3b00, 0x3b00, 0x3b00 }), 2);
    EXPECT_EQ(stuckStep(half, { 0x3c00, 0x3b00 }), std::nullopt);
    EXPECT_EQ(stuckStep(half, { 0x3c00, 0x0000, 0x0000 }), std::nullopt);
    EXPECT_EQ(stuckStep(half, { 0x0001, 0x0001 }), 1);
}

TEST(UnderflowProbabilities, FileErrorsNamePositions)
{
    EXPECT_EQ(parseProbabilities("0.5\n# comment\n\n 0.25\n1\n"), (std::vector<double> { 0.5, 0.25, 1.0 }));
    auto message = [](std::string_view text) {
        try {
            parseProbabilities(text);
        } catch (const InputError &error) {
            return error.message();
        }
        return std::string("no error");
    };
    EXPECT_EQ(message("0.5\n  abc\n"), "file:2:3: not a number: 'abc'");
    EXPECT_EQ(message("0.5\n0.1\n0\n"), "file:3:1: 0 is not a probability in (0, 1]");
    EXPECT_EQ(message("1.5"), "file:1:1: 1.5 is not a probability in (0, 1]");
    EXPECT_EQ(message("0,5"), "file:1:1: not a number: '0,5'");
    EXPECT_EQ(message("\n# only a comment\n"), "file: no probabilities (one number in (0, 1] per line)");
}

TEST(UnderflowProbabilities, SourcesAreDeterministicAndInRange)
{
    SourceParameters s;
    s.source = Source::Beta;
    s.steps = 1000;
    s.seed = 42;
    const auto a = makeProbabilities(s);
    EXPECT_EQ(a, makeProbabilities(s));
    for (double p : a)
        EXPECT_TRUE(p > 0 && p <= 1);
    s.source = Source::Uniform;
    s.uniformLow = 0.25;
    s.uniformHigh = 0.75;
    for (double p : makeProbabilities(s))
        EXPECT_TRUE(p > 0.25 && p <= 0.75);
    s.source = Source::Sentence;
    EXPECT_EQ(makeProbabilities(s).size(), 270U);
    EXPECT_EQ(sentenceTokens().size(), 270U);
    EXPECT_EQ(sentenceTokens()[0], "Log");
    s.source = Source::Constant;
    s.p = 0;
    EXPECT_THROW(makeProbabilities(s), InputError);
}

TEST(UnderflowLogSpace, SoftmaxOfLargeLogits)
{
    const std::vector<double> z { 1000, 1001, 1002 };
    const Softmax f64 = softmax(specOf(Format::Float64), z);
    EXPECT_TRUE(std::isnan(f64.naive[0])); // exp(1000) = inf, inf / inf
    // exp(−2), exp(−1), 1 over their sum 1.5032147244080551...
    EXPECT_NEAR(f64.stable[2], 0.6652409557748218, 1e-15);
    EXPECT_NEAR(f64.stable[0], 0.09003057317038046, 1e-16);
    const LogSumExp lse = logSumExp(specOf(Format::Float64), z);
    EXPECT_EQ(lse.naive, std::numeric_limits<double>::infinity());
    EXPECT_NEAR(lse.stable, 1002.4076059644443, 1e-12);
    EXPECT_NEAR(exactLogSumExp(z), 1002.4076059644443, 1e-12);
    // Very negative log-probabilities: exp underflows in the naive form.
    const LogSumExp low = logSumExp(specOf(Format::Float32), { -1000, -1001 });
    EXPECT_EQ(low.naive, -std::numeric_limits<double>::infinity());
    EXPECT_NEAR(low.stable, -1000 + std::log1p(std::exp(-1.0)), 1e-4);
    EXPECT_THROW(parseLogits("1, x"), InputError);
    EXPECT_EQ(parseLogits("1000, 1001 1002"), (std::vector<double> { 1000, 1001, 1002 }));
}
