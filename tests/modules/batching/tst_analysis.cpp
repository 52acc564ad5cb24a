// Analysis moved out of the view: CDF points, binned time series, the whole-run analysis, the
// policy comparison and the text renderings, against values worked out by hand.
#include "batchingfixtures.h"
#include "core/analysis.h"
#include "core/report.h"

#include <session.h>
#include <workcontrol.h>

#include <gtest/gtest.h>

#include <clocale>
#include <string>

using namespace conceptlab;
using namespace conceptlab::batching;

namespace {

constexpr double kTolerance = 1e-12;

Scenario roundScenario(Policy policy, int capacityTokens, std::vector<Request> requests, int outputLimit = 8)
{
    Scenario scenario;
    scenario.model = test::roundModel(capacityTokens);
    scenario.config.policy = policy;
    scenario.config.batchSize = 2;
    scenario.config.outputLimitTokens = outputLimit;
    scenario.requests = std::move(requests);
    scenario.presetId = "round";
    return scenario;
}

} // namespace

TEST(batchingAnalysis, CdfOfFourValues)
{
    // Sorted 1, 2, 3, 4: each value adds a quarter; the curve starts at 0 and ends at 1.
    const std::vector<Point> points = cdfPoints({ 3, 1, 4, 2 });
    const std::vector<Point> expected = { { 1, 0 }, { 1, 0.25 }, { 2, 0.5 }, { 3, 0.75 }, { 4, 1 }, { 4, 1 } };
    EXPECT_EQ(points, expected);
    // At most two points: stride 4 / 2 = 2 keeps values 0 and 2 of the sorted four.
    const std::vector<Point> thinned = { { 1, 0 }, { 1, 0.25 }, { 3, 0.75 }, { 4, 1 } };
    EXPECT_EQ(cdfPoints({ 3, 1, 4, 2 }, 2), thinned);
    EXPECT_TRUE(cdfPoints({}).empty());
}

TEST(batchingAnalysis, BinsSplitIterationsByTime)
{
    // Two bins of 2 s over [0, 4]. A [0, 1] lies in bin 0; B [1, 3] straddles both, one second
    // in each; C [3, 4] ends exactly at the range end and counts in the last bin.
    std::vector<IterationRecord> iterations(3);
    iterations[0] = { 0, 1, 1, 2, 3, 3, 100, 100 };
    iterations[1] = { 1, 3, 1, 4, 5, 5, 200, 200 };
    iterations[2] = { 3, 4, 1, 0, 7, 7, 400, 400 };
    const TimeSeries series = binIterations(iterations, 0, 4, 1000, 2);
    // tokens: bin 0 gets A's 3, bin 1 gets B's 5 and C's 7; per second of a 2 s bin.
    const std::vector<Point> throughput = { { 1, 1.5 }, { 3, 6 } };
    // queue: bin 0: (2 × 1 s + 4 × 1 s) / 2 s = 3; bin 1: (4 × 1 s + 0 × 1 s) / 2 s = 2.
    const std::vector<Point> queue = { { 1, 3 }, { 3, 2 } };
    // stored KV: bin 0: (100 + 200) token·s / 2 s = 150 = 15 % of 1000; bin 1: (200 + 400) / 2 = 300.
    const std::vector<Point> kv = { { 1, 15 }, { 3, 30 } };
    EXPECT_EQ(series.throughput, throughput);
    EXPECT_EQ(series.queueLength, queue);
    EXPECT_EQ(series.kvUsedPercent, kv);
    // At most one bin per iteration.
    EXPECT_EQ(binIterations(iterations, 0, 4, 1000).throughput.size(), 3u);
    EXPECT_EQ(binIterations({}, 0, 4, 1000).throughput.size(), 1u);
}

TEST(batchingAnalysis, WholeRunOfOneRequest)
{
    // Prefill 200 tokens: 200 × 20 µs = 4 ms (compute bound); one decode with 201 tokens of
    // context: 2 ms + 201 × 4 ns = 2.000804 ms (memory bound).
    const RunAnalysis run = analyzeRun(roundScenario(Policy::Continuous, 10000, { { 0, 200, 2 } }), WorkControl());
    const double finish = 0.004 + 0.002000804;
    EXPECT_EQ(run.summary.completed, 1);
    EXPECT_EQ(run.timeStartSeconds, 0);
    EXPECT_NEAR(run.timeEndSeconds, finish, kTolerance);
    ASSERT_EQ(run.stints.size(), 1u);
    EXPECT_NEAR(run.stints[0].prefillEndSeconds, 0.004, kTolerance);
    ASSERT_EQ(run.latencyCdf.size(), 3u);
    EXPECT_NEAR(run.latencyCdf[1].x, finish, kTolerance);
    EXPECT_EQ(run.latencyCdf[1].y, 1);
    EXPECT_NEAR(run.ttftCdf[0].x, 0.004, kTolerance);
    // Two iterations, two bins of finish / 2 = 3.000402 ms: both iterations end in the second
    // bin (4 ms and the end), so it holds both tokens.
    ASSERT_EQ(run.series.throughput.size(), 2u);
    EXPECT_EQ(run.series.throughput[0].y, 0);
    EXPECT_NEAR(run.series.throughput[1].y, 2 / (finish / 2), 1e-6);
}

TEST(batchingAnalysis, WholeRunErrorsAndCancellation)
{
    EXPECT_THROW(
        analyzeRun(roundScenario(Policy::Continuous, 250, { { 0, 200, 10 } }, 100), WorkControl()), InputError);
    WorkControl cancelled;
    cancelled.cancel();
    EXPECT_THROW(analyzeRun(roundScenario(Policy::Continuous, 10000, { { 0, 200, 2 } }), cancelled), Cancelled);
    EXPECT_THROW(comparePolicies(roundScenario(Policy::Continuous, 10000, { { 0, 200, 2 } }), cancelled), Cancelled);
}

TEST(batchingAnalysis, ComparisonRunsEveryPolicyInOrder)
{
    // The three requests of batchingPolicies.ContinuousLetsTheThirdJoinMidBatch.
    const std::vector<ComparisonRow> rows = comparePolicies(
        roundScenario(Policy::Static, 10000, { { 0, 200, 2 }, { 0, 200, 4 }, { 0, 200, 3 } }), WorkControl());
    ASSERT_EQ(rows.size(), 5u);
    const Policy order[] = { Policy::Static, Policy::Dynamic, Policy::Continuous, Policy::Paged, Policy::Chunked };
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].policy, order[i]);
        EXPECT_EQ(rows[i].error, "");
        EXPECT_EQ(rows[i].summary.completed, 3);
    }
    const double continuous = 0.008 + 0.002001608 + 0.00402 + 0.002001616 + 0.002000808;
    EXPECT_NEAR(rows[2].summary.makespanSeconds, continuous, kTolerance);
    // Static: batch {R0, R1} of 0.008 + three decodes, then {R2}: 4 ms + two decodes.
    const double staticRun = 0.008 + 0.002001608 + 0.002001616 + 0.002001624 + 0.004 + 0.002000804 + 0.002000808;
    EXPECT_NEAR(rows[0].summary.makespanSeconds, staticRun, kTolerance);

    // 250 tokens of KV: reserving policies need 200 + 100, paged ones only 209 tokens.
    const std::vector<ComparisonRow> tight
        = comparePolicies(roundScenario(Policy::Paged, 250, { { 0, 200, 10 } }, 100), WorkControl());
    for (std::size_t i = 0; i < 3; ++i)
        EXPECT_NE(tight[i].error.find("request 0 reserves 200 prompt + 100"), std::string::npos) << tight[i].error;
    EXPECT_EQ(tight[3].error, "");
    EXPECT_EQ(tight[3].summary.outputTokens, 10);
}

TEST(batchingReport, RequestTableAndSummaryText)
{
    Simulator simulator(CostModel(test::roundModel(10000)), SchedulerConfig {}, { { 0, 200, 2 }, { 0.5, 100, 1 } });
    ASSERT_TRUE(simulator.step()); // R0's prefill: 4 ms
    const Table table = requestTable(simulator);
    const std::vector<std::string> header
        = { "id", "arrival_s", "first_token_s", "finish_s", "prompt_tokens", "output_tokens", "preemptions" };
    EXPECT_EQ(table.header, header);
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0], (std::vector<std::string> { "0", "0", "0.004", "-1", "200", "2", "0" }));
    EXPECT_EQ(table.rows[1], (std::vector<std::string> { "1", "0.5", "-1", "-1", "100", "1", "0" }));

    Summary summary;
    summary.completed = 3;
    summary.outputTokens = 9;
    summary.makespanSeconds = 0.0180248;
    summary.throughputTokensPerSecond = 499.31;
    summary.throughputRequestsPerSecond = 166.4371;
    summary.gpuBusyFraction = 0.5;
    summary.slotUtilization = 0.9;
    summary.ttftSeconds.p50 = 0.008;
    summary.ttftSeconds.p99 = 0.01402;
    summary.tpotSeconds.p50 = 0.0020012;
    summary.latencySeconds.p50 = 0.0100016;
    summary.latencySeconds.p99 = 0.0180248;
    summary.preemptions = 2;
    const std::string expected = "continuous on round: 3 requests, 9 output tokens in 0.018 s\n"
                                 "throughput 499.3 tokens/s, 166.437 requests/s; GPU busy 50.0%, slots used 90.0%\n"
                                 "TTFT p50 0.008 s, p99 0.014 s; TPOT p50 2.00 ms; latency p50 0.010 s, p99 0.018 s; "
                                 "preemptions 2";
    EXPECT_EQ(summaryText(summary, "continuous", "round"), expected);
    // A comma-decimal locale (where installed) changes nothing.
    if (std::setlocale(LC_ALL, "de_DE.UTF-8")) {
        EXPECT_EQ(summaryText(summary, "continuous", "round"), expected);
        EXPECT_EQ(requestTable(simulator).rows[1][1], "0.5");
        std::setlocale(LC_ALL, "C");
    }
}
