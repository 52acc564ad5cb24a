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
    iterations[0] = { 0, 1, 1, 2, 3, 3, 100, 500 };
    iterations[1] = { 1, 3, 1, 4, 5, 5, 200, 600 };
    iterations[2] = { 3, 4, 1, 0, 7, 7, 400, 800 };
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
    // reserved KV: bin 0: (500 × 1 s + 600 × 1 s) / 2 s = 550 = 55 %; bin 1: (600 + 800) / 2 = 700.
    const std::vector<Point> reserved = { { 1, 55 }, { 3, 70 } };
    EXPECT_EQ(series.kvReservedPercent, reserved);
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

TEST(batchingAnalysis, FinishedByTimeCountsRequestsDone)
{
    std::vector<RequestRecord> records(4);
    records[0].finishSeconds = 3;
    records[1].finishSeconds = 1;
    records[2].finishSeconds = -1; // not finished: left out
    records[3].finishSeconds = 2;
    EXPECT_EQ(finishedByTime(records, 0.5), (std::vector<Point> { { 0.5, 0 }, { 1, 1 }, { 2, 2 }, { 3, 3 } }));
    // One point: stride 3 keeps the third finish only.
    EXPECT_EQ(finishedByTime(records, 0.5, 1), (std::vector<Point> { { 0.5, 0 }, { 3, 3 } }));
    // Five finishes, two points: stride 2 keeps the 2nd and 4th, then the last.
    std::vector<RequestRecord> five(5);
    for (std::size_t i = 0; i < five.size(); ++i)
        five[i].finishSeconds = static_cast<double>(i + 1);
    EXPECT_EQ(finishedByTime(five, 0, 2), (std::vector<Point> { { 0, 0 }, { 2, 2 }, { 4, 4 }, { 5, 5 } }));
    EXPECT_EQ(finishedByTime({}, 7), (std::vector<Point> { { 7, 0 } }));
}

TEST(batchingAnalysis, ComparisonCarriesRequestsFinishedOverTime)
{
    // Static: R0 and R1 return together when R1's fourth token is done, R2 at the end
    // (batchingAnalysis.ComparisonRunsEveryPolicyInOrder).
    const std::vector<ComparisonRow> rows = comparePolicies(
        roundScenario(Policy::Static, 10000, { { 0, 200, 2 }, { 0, 200, 4 }, { 0, 200, 3 } }), WorkControl());
    const double first = 0.008 + 0.002001608 + 0.002001616 + 0.002001624;
    const double last = first + 0.004 + 0.002000804 + 0.002000808;
    ASSERT_EQ(rows[0].finished.size(), 4u);
    EXPECT_EQ(rows[0].finished[0], (Point { 0, 0 }));
    EXPECT_NEAR(rows[0].finished[1].x, first, kTolerance);
    EXPECT_EQ(rows[0].finished[2].y, 2);
    EXPECT_NEAR(rows[0].finished[3].x, last, kTolerance);
    EXPECT_EQ(rows[0].finished[3].y, 3);
    for (const ComparisonRow &row : rows)
        EXPECT_EQ(row.finished.back().y, 3);
}

TEST(batchingAnalysis, ReasonLineSaysKvReservationsKeepSlotsEmpty)
{
    // 700 tokens of KV, 4 slots, output limit 100: each request reserves 200 + 100 = 300 tokens,
    // so two fit (600) and the third waits with 2 slots empty.
    Scenario scenario = roundScenario(Policy::Continuous, 700, { { 0, 200, 10 }, { 0, 200, 10 }, { 0, 200, 10 } }, 100);
    scenario.config.batchSize = 4;
    Simulator simulator(CostModel(scenario.model), scenario.config, scenario.requests);
    ASSERT_EQ(simulator.error(), "");
    SlotOutlook before = simulator.slotOutlook();
    EXPECT_EQ(before.reason, SlotOutlook::Reason::KvReserved);
    EXPECT_EQ(before.waiting, 3); // all three have arrived at time 0
    EXPECT_EQ(before.admitted, 2);
    EXPECT_EQ(before.emptySlots, 2);
    ASSERT_TRUE(simulator.step()); // both prefills: 200 tokens stored each
    const SlotOutlook outlook = simulator.slotOutlook();
    EXPECT_EQ(outlook.reason, SlotOutlook::Reason::KvReserved);
    EXPECT_EQ(outlook.running, 2);
    EXPECT_EQ(outlook.waiting, 1);
    EXPECT_EQ(outlook.admitted, 0);
    EXPECT_EQ(outlook.emptySlots, 2);
    EXPECT_EQ(outlook.kvReservedTokens, 600);
    EXPECT_EQ(outlook.kvStoredTokens, 400);
    EXPECT_EQ(outlook.kvNeededTokens, 300);
    EXPECT_EQ(outlook.kvFreeTokens, 100);
    EXPECT_EQ(slotReasonText(outlook, Policy::Continuous, 50),
        "2 of 4 slots empty while 1 request waits: each sequence reserves KV for its prompt plus the longest "
        "possible answer (output_max = 100 tokens). Reservations hold 600 of 700 KV tokens, only 400 hold tokens; "
        "the next request needs 300, 100 are free.");
    simulator.run();
    EXPECT_EQ(slotReasonText(simulator.slotOutlook(), Policy::Continuous, 50), "All requests are done.");
}

TEST(batchingAnalysis, ReasonLineForEmptyQueueBlocksAndHeldSlots)
{
    // Nothing waits: R1 arrives at 0.5 s.
    Simulator alone(CostModel(test::roundModel(10000)), SchedulerConfig {}, { { 0, 200, 2 }, { 0.5, 100, 1 } });
    SchedulerConfig two;
    two.batchSize = 2;
    Simulator early(CostModel(test::roundModel(10000)), two, { { 0, 200, 2 }, { 0.5, 100, 1 } });
    const SlotOutlook idle = early.slotOutlook();
    EXPECT_EQ(idle.reason, SlotOutlook::Reason::NoneWaiting);
    EXPECT_EQ(slotReasonText(idle, Policy::Continuous, 50),
        "1 of 2 slots empty: no request is waiting (the next arrives at 0.500 s).");

    // Paged, 250 tokens = 15 blocks of 16 (none kept free): R0 takes 13, R1 needs 13 more.
    SchedulerConfig paged = two;
    paged.policy = Policy::Paged;
    Simulator blocks(CostModel(test::roundModel(250)), paged, { { 0, 200, 10 }, { 0, 200, 10 } });
    ASSERT_EQ(blocks.error(), "");
    EXPECT_EQ(slotReasonText(blocks.slotOutlook(), Policy::Paged, 50),
        "1 of 2 slots empty while 1 request waits: the next needs 208 tokens of KV blocks, only 32 are free (208 "
        "of 240 allocated, 1 % kept free).");

    // Static: after two iterations R0 (2 tokens) is done but holds its slot; R2 waits.
    SchedulerConfig fixed = two;
    fixed.policy = Policy::Static;
    Simulator batch(CostModel(test::roundModel(10000)), fixed, { { 0, 200, 2 }, { 0, 200, 4 }, { 0, 200, 3 } });
    ASSERT_TRUE(batch.step());
    ASSERT_TRUE(batch.step());
    const SlotOutlook held = batch.slotOutlook();
    EXPECT_EQ(held.reason, SlotOutlook::Reason::BatchRunning);
    EXPECT_EQ(held.idle, 1);
    EXPECT_EQ(slotReasonText(held, Policy::Static, 50),
        "static batching: 1 request waits until the running batch of 2 ends. 1 finished request holds its slot "
        "until the batch's longest answer is done (hatched).");
    EXPECT_EQ(alone.slotOutlook().slotCount, 32);
}
