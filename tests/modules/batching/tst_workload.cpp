// Workload generation and the CSV trace reader.
#include "core/workload.h"

#include <random.h>

#include <gtest/gtest.h>

using namespace conceptlab::batching;

TEST(batchingWorkload, BurstArrivesAtZeroWithFixedLengths)
{
    WorkloadSpec spec;
    spec.requests = 5;
    spec.arrival = ArrivalPattern::Burst;
    spec.prompt = { LengthDistribution::Fixed, 512, 4096, 1 };
    spec.output = { LengthDistribution::Fixed, 128, 100, 1 };
    const auto requests = generateWorkload(spec, 7);
    ASSERT_EQ(requests.size(), 5u);
    for (const Request &request : requests) {
        EXPECT_EQ(request.arrivalSeconds, 0);
        EXPECT_EQ(request.promptTokens, 512);
        EXPECT_EQ(request.outputTokens, 100); // capped
    }
}

TEST(batchingWorkload, PoissonGapsHaveTheRateAndSeedsRepeat)
{
    WorkloadSpec spec;
    spec.requests = 20001;
    spec.arrival = ArrivalPattern::Poisson;
    spec.ratePerSecond = 4;
    const auto a = generateWorkload(spec, 42);
    const auto b = generateWorkload(spec, 42);
    const auto c = generateWorkload(spec, 43);
    EXPECT_EQ(a.front().arrivalSeconds, 0);
    EXPECT_NEAR(a.back().arrivalSeconds / 20000.0, 0.25, 0.01);
    for (std::size_t i = 0; i < a.size(); ++i)
        ASSERT_EQ(a[i].arrivalSeconds, b[i].arrivalSeconds);
    EXPECT_NE(a[10].arrivalSeconds, c[10].arrivalSeconds);
}

TEST(batchingWorkload, GammaWithShapeOneKeepsTheRate)
{
    WorkloadSpec spec;
    spec.requests = 20001;
    spec.arrival = ArrivalPattern::Gamma;
    spec.ratePerSecond = 10;
    spec.burstiness = 0.25;
    const auto requests = generateWorkload(spec, 3);
    EXPECT_NEAR(requests.back().arrivalSeconds / 20000.0, 0.1, 0.01);
}

TEST(batchingWorkload, LengthDistributionsHaveTheirMeansAndCaps)
{
    conceptlab::Random random(9);
    for (LengthDistribution distribution :
        { LengthDistribution::Uniform, LengthDistribution::Exponential, LengthDistribution::LogNormal }) {
        const LengthSpec spec { distribution, 128, 100000, 0.5 };
        double sum = 0;
        for (int i = 0; i < 50000; ++i) {
            const int length = drawLength(spec, random);
            ASSERT_GE(length, 1);
            sum += length;
        }
        EXPECT_NEAR(sum / 50000, 128, 3) << static_cast<int>(distribution);
    }
    const LengthSpec capped { LengthDistribution::Exponential, 128, 32, 1 };
    int atCap = 0;
    for (int i = 0; i < 1000; ++i) {
        const int length = drawLength(capped, random);
        ASSERT_LE(length, 32);
        atCap += length == 32;
    }
    // P(exp(128) >= 31.5) = exp(−31.5/128) ≈ 0.78
    EXPECT_NEAR(atCap / 1000.0, 0.78, 0.05);
}

TEST(batchingTrace, ReadsRowsWithHeaderCommentsAndCrLf)
{
    const auto parse
        = parseTrace("arrival_s,prompt_tokens,output_tokens\r\n# a comment\n0,512,10\r\n\n 0.5 , 7 ,3\n", "t.csv");
    ASSERT_TRUE(parse.ok()) << parse.error;
    ASSERT_EQ(parse.requests.size(), 2u);
    EXPECT_EQ(parse.requests[1].arrivalSeconds, 0.5);
    EXPECT_EQ(parse.requests[1].promptTokens, 7);
    EXPECT_EQ(parse.requests[1].outputTokens, 3);
}

TEST(batchingTrace, ReportsFileLineAndColumn)
{
    auto parse = parseTrace("arrival_s,prompt_tokens,output_tokens\n0,512,10\n1.5,abc,3\n", "t.csv");
    EXPECT_FALSE(parse.ok());
    EXPECT_TRUE(parse.requests.empty());
    EXPECT_EQ(parse.line, 3);
    EXPECT_EQ(parse.column, 5);
    EXPECT_EQ(parse.error.rfind("t.csv:3:5: prompt_tokens", 0), 0u) << parse.error;

    parse = parseTrace("0,1,1\n2,1,0\n", "x.csv");
    EXPECT_EQ(parse.line, 2);
    EXPECT_EQ(parse.column, 5);
    parse = parseTrace("0,1,1\n2,1\n", "x.csv");
    EXPECT_EQ(parse.line, 2);
    EXPECT_NE(parse.error.find("expected 3 fields"), std::string::npos);
    parse = parseTrace("0,1,1,4\n", "x.csv");
    EXPECT_EQ(parse.column, 7);
    parse = parseTrace("2,1,1\n1,1,1\n", "x.csv");
    EXPECT_NE(parse.error.find("backwards"), std::string::npos);
    parse = parseTrace("-1,1,1\n", "x.csv");
    EXPECT_EQ(parse.column, 1);
    parse = parseTrace("nan,1,1\n", "x.csv");
    EXPECT_FALSE(parse.ok());
    parse = parseTrace("0,99999999999999999999,1\n", "x.csv");
    EXPECT_EQ(parse.column, 3);
    parse = parseTrace("arrival_s,prompt_tokens\n", "x.csv");
    EXPECT_EQ(parse.line, 1);
    parse = parseTrace("\n\n", "x.csv");
    EXPECT_NE(parse.error.find("no requests"), std::string::npos);
}
