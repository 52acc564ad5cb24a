// Three-request scenarios under each policy, with every time worked out by hand from the
// round-number model (testmodel.h): an iteration takes max(20 µs × tokens processed,
// 2 ms + 4 ns × context tokens).
#include "batchingfixtures.h"
#include "core/metrics.h"
#include "core/simulator.h"

#include <gtest/gtest.h>

using namespace conceptlab::batching;

namespace {

constexpr double kTolerance = 1e-12;

Simulator simulate(
    Policy policy, int batchSize, int capacityTokens, std::vector<Request> requests, SchedulerConfig config = {})
{
    config.policy = policy;
    config.batchSize = batchSize;
    Simulator simulator(
        CostModel(test::roundModel(capacityTokens)), config, std::move(requests), Simulator::Recording::Iterations);
    EXPECT_EQ(simulator.error(), "");
    EXPECT_TRUE(simulator.run());
    EXPECT_EQ(simulator.completed(), static_cast<int>(simulator.records().size()));
    return simulator;
}

// R0: 200 prompt / 2 output, R1: 200/4, R2: 200/3, all at time 0.
std::vector<Request> threeAtOnce()
{
    return { { 0, 200, 2 }, { 0, 200, 4 }, { 0, 200, 3 } };
}

SchedulerConfig limit(int outputLimit)
{
    SchedulerConfig config;
    config.outputLimitTokens = outputLimit;
    return config;
}

} // namespace

TEST(batchingPolicies, StaticRunsEachBatchToItsLongest)
{
    const Simulator s = simulate(Policy::Static, 2, 10000, threeAtOnce(), limit(8));
    const auto &r = s.records();
    // batch {R0, R1}: prefill 400 tokens = 8 ms; decodes read 2 × (200 + k) tokens of KV
    EXPECT_NEAR(r[0].firstTokenSeconds, 0.008, kTolerance);
    EXPECT_NEAR(r[1].firstTokenSeconds, 0.008, kTolerance);
    const double batch1 = 0.008 + 0.002001608 + 0.002001616 + 0.002001624; // k = 1, 2, 3
    EXPECT_NEAR(r[0].finishSeconds, batch1, kTolerance); // returned with the batch
    EXPECT_NEAR(r[1].finishSeconds, batch1, kTolerance);
    // batch {R2} starts when the first returns: prefill 200 tokens = 4 ms, then 2 decodes
    EXPECT_NEAR(r[2].firstTokenSeconds, batch1 + 0.004, kTolerance);
    EXPECT_NEAR(r[2].finishSeconds, batch1 + 0.004 + 0.002000804 + 0.002000808, kTolerance);
    // R0 sat idle in its slot for two iterations, the empty second slot of batch 2 for three
    const Summary summary = summarize(s);
    EXPECT_EQ(summary.iterations, 7);
    EXPECT_EQ(summary.wastedSlotIterations, 2 + 3);
    EXPECT_NEAR(s.stints()[0].decodeEndSeconds, 0.008 + 0.002001608, kTolerance);
}

TEST(batchingPolicies, ContinuousLetsTheThirdJoinMidBatch)
{
    const Simulator s = simulate(Policy::Continuous, 2, 10000, threeAtOnce(), limit(8));
    const auto &r = s.records();
    const double t1 = 0.008; // prefill R0 + R1, 400 tokens, compute bound
    const double t2 = t1 + 0.002001608; // decode both: context 201 + 201
    const double t3 = t2 + 0.00402; // R2 prefill (200) + R1 decode (1) = 201 tokens, compute bound
    const double t4 = t3 + 0.002001616; // decode R1 (203) + R2 (201)
    const double t5 = t4 + 0.002000808; // decode R2 (202)
    EXPECT_NEAR(r[0].finishSeconds, t2, kTolerance);
    EXPECT_NEAR(r[2].firstTokenSeconds, t3, kTolerance);
    EXPECT_NEAR(r[1].finishSeconds, t4, kTolerance);
    EXPECT_NEAR(r[2].finishSeconds, t5, kTolerance);
    EXPECT_EQ(s.stints()[2].slot, 0); // R2 took R0's slot
    const Summary summary = summarize(s);
    EXPECT_NEAR(summary.makespanSeconds, t5, kTolerance);
    EXPECT_NEAR(summary.throughputTokensPerSecond, 9 / t5, 1e-6);
    EXPECT_EQ(summary.wastedSlotIterations, 1); // only the last iteration has a free slot
}

TEST(batchingPolicies, DynamicStartsOnTimeoutOrFullBatch)
{
    SchedulerConfig config = limit(8);
    config.dynamicTimeoutSeconds = 0.005;
    const std::vector<Request> requests = { { 0, 200, 2 }, { 0.010, 200, 1 }, { 0.011, 200, 2 } };
    const Simulator s = simulate(Policy::Dynamic, 2, 10000, requests, config);
    const auto &r = s.records();
    // R0 alone starts at its 5 ms timeout: prefill 4 ms, one decode of 201 tokens of context
    EXPECT_NEAR(r[0].firstTokenSeconds, 0.009, kTolerance);
    const double first = 0.009 + 0.002000804;
    EXPECT_NEAR(r[0].finishSeconds, first, kTolerance);
    // R1 and R2 both arrived during that batch: a full batch starts at once
    EXPECT_NEAR(r[1].firstTokenSeconds, first + 0.008, kTolerance);
    EXPECT_NEAR(r[1].finishSeconds, first + 0.008 + 0.002001608, kTolerance);
    EXPECT_NEAR(r[2].finishSeconds, first + 0.008 + 0.002001608, kTolerance);

    // Static waits for a full batch instead: {R0, R1} starts when R1 arrives.
    const Simulator t = simulate(Policy::Static, 2, 10000, requests, config);
    EXPECT_NEAR(t.records()[0].firstTokenSeconds, 0.018, kTolerance);
    EXPECT_NEAR(t.records()[0].finishSeconds, 0.020001608, kTolerance);
    EXPECT_NEAR(t.records()[2].finishSeconds, 0.020001608 + 0.004 + 0.002000804, kTolerance);
}

TEST(batchingPolicies, PagedPreemptsTheNewestWhenBlocksRunOut)
{
    // 20 tokens of KV = 5 blocks of 4; each request peaks at 8 + 4 − 1 = 11 tokens = 3 blocks.
    SchedulerConfig config = limit(4);
    config.blockSizeTokens = 4;
    const std::vector<Request> requests = { { 0, 8, 4 }, { 0, 8, 4 } };
    const Simulator s = simulate(Policy::Paged, 2, 20, requests, config);
    const auto &r = s.records();
    const double t1 = 0.002000064; // prefill both, context 16 (memory bound)
    const double t2 = t1 + 0.002000036; // R1 preempted (no 6th block); R0 decodes alone, context 9
    const double t3 = t2 + 0.00200004; // context 10
    const double t4 = t3 + 0.002000044; // context 11: R0 done, its 3 blocks free
    const double t5 = t4 + 0.002000036; // R1 recomputes 8 + 1 tokens
    const double t7 = t5 + 0.00200004 + 0.002000044;
    EXPECT_NEAR(r[0].finishSeconds, t4, kTolerance);
    EXPECT_NEAR(r[1].firstTokenSeconds, t1, kTolerance);
    EXPECT_NEAR(r[1].finishSeconds, t7, kTolerance);
    EXPECT_EQ(r[1].preemptions, 1);
    EXPECT_EQ(r[0].preemptions, 0);
    EXPECT_EQ(s.preemptions(), 1);
    ASSERT_EQ(s.stints().size(), 3u);
    EXPECT_TRUE(s.stints()[1].preempted);
    EXPECT_NEAR(s.stints()[1].endSeconds, t1, kTolerance);

    // Continuous reserves 8 + 4 tokens each: only one fits in 20, so they run one after the other.
    const Simulator c = simulate(Policy::Continuous, 2, 20, requests, config);
    const double one = 0.002000032 + 0.002000036 + 0.00200004 + 0.002000044;
    EXPECT_NEAR(c.records()[0].finishSeconds, one, kTolerance);
    EXPECT_NEAR(c.records()[1].finishSeconds, 2 * one, kTolerance);
    EXPECT_EQ(c.preemptions(), 0);
}

TEST(batchingPolicies, ChunkedSplitsPromptsAcrossTheTokenBudget)
{
    SchedulerConfig config = limit(8);
    config.tokenBudget = 256;
    const std::vector<Request> requests = { { 0, 200, 3 }, { 0, 300, 2 } };
    const Simulator s = simulate(Policy::Chunked, 2, 10000, requests, config);
    const auto &r = s.records();
    const double t1 = 0.00512; // R0 whole (200) + R1 first chunk (56): 256 tokens
    const double t2 = t1 + 0.0049; // R0 decode + R1 last chunk (244): 245 tokens
    const double t3 = t2 + 0.002002012; // decode both: context 202 + 301
    EXPECT_NEAR(r[0].firstTokenSeconds, t1, kTolerance);
    EXPECT_NEAR(r[1].firstTokenSeconds, t2, kTolerance);
    EXPECT_NEAR(r[0].finishSeconds, t3, kTolerance);
    EXPECT_NEAR(r[1].finishSeconds, t3, kTolerance);
    ASSERT_EQ(s.iterationRecords().size(), 3u);
    EXPECT_EQ(s.iterationRecords()[0].tokensProcessed, 256);
    EXPECT_EQ(s.iterationRecords()[1].tokensProcessed, 245);
}

TEST(batchingPolicies, RefusesRequestsThatCanNeverFit)
{
    SchedulerConfig config = limit(100);
    config.policy = Policy::Continuous;
    Simulator reserving(CostModel(test::roundModel(250)), config, { { 0, 200, 10 } });
    EXPECT_NE(reserving.error().find("request 0"), std::string::npos);
    config.policy = Policy::Paged;
    Simulator paged(CostModel(test::roundModel(250)), config, { { 0, 200, 10 } });
    EXPECT_EQ(paged.error(), ""); // pages only what is produced: 209 tokens
    Simulator tooLong(CostModel(test::roundModel(250)), config, { { 0, 200, 60 } });
    EXPECT_NE(tooLong.error().find("KV blocks"), std::string::npos);
    // 400 one-token blocks, 1% (4) kept free when admitting: 396 tokens fit, 397 never do.
    config.blockSizeTokens = 1;
    Simulator fits(CostModel(test::roundModel(400)), config, { { 0, 395, 2 } });
    EXPECT_EQ(fits.error(), "");
    Simulator overWatermark(CostModel(test::roundModel(400)), config, { { 0, 396, 2 } });
    EXPECT_NE(overWatermark.error().find("4 kept free"), std::string::npos);
}

TEST(batchingPolicies, WorkBeyondTheBudgetIsRefusedBeforeRunning)
{
    // 1001 requests of 1000 prompt and a million output tokens: 1001 × 1 001 000 = 1 002 001 000 tokens.
    const std::vector<Request> requests(1001, Request { 0.0, 1000, 1000000 });
    SchedulerConfig config;
    config.outputLimitTokens = 1000000;
    const Simulator simulator(CostModel(test::roundModel(1 << 30)), config, requests, Simulator::Recording::Outcomes);
    EXPECT_EQ(simulator.error(),
        "requests: the workload holds 1002001000 prompt and output tokens, more than the 1000000000 a run may "
        "simulate; lower requests, prompt_tokens or output_mean");
}

TEST(batchingPolicies, PagedPrefillsStayWithinMaxNumBatchedTokens)
{
    SchedulerConfig config = limit(8);
    config.maxBatchedTokens = 400;
    const std::vector<Request> three = { { 0, 200, 1 }, { 0, 200, 1 }, { 0, 200, 1 } };
    const Simulator s = simulate(Policy::Paged, 3, 10000, three, config);
    // R0 + R1 (400 tokens, 8 ms), then R2 alone (200 tokens, 4 ms)
    EXPECT_NEAR(s.records()[1].firstTokenSeconds, 0.008, kTolerance);
    EXPECT_NEAR(s.records()[2].firstTokenSeconds, 0.012, kTolerance);
    // vLLM's default without chunking, max(max context 4096, 2048): all three at once
    const Simulator d = simulate(Policy::Paged, 3, 10000, three, limit(8));
    EXPECT_EQ(d.batchedTokenLimit(), 4096);
    EXPECT_NEAR(d.records()[2].firstTokenSeconds, 0.012, kTolerance);
    EXPECT_NEAR(d.records()[0].firstTokenSeconds, 0.012, kTolerance);
}

TEST(batchingPolicies, PrefixCacheSkipsTheSharedBlocks)
{
    SchedulerConfig config = limit(8);
    config.sharedPrefixTokens = 100; // 6 whole blocks of 16: 96 tokens cached
    config.prefixCaching = PrefixCaching::On;
    const Simulator s = simulate(Policy::Paged, 2, 10000, { { 0, 200, 1 }, { 0.1, 200, 1 } }, config);
    EXPECT_NEAR(s.records()[0].firstTokenSeconds, 0.004, kTolerance); // 200 tokens computed
    // R1 computes 104 tokens after 96 cached: 104 × 20 µs, more than 2 ms + 200 × 4 ns
    EXPECT_NEAR(s.records()[1].firstTokenSeconds, 0.1 + 0.00208, kTolerance);
    EXPECT_DOUBLE_EQ(s.prefixCacheHitRate(), 96.0 / 400.0);
}

TEST(batchingPolicies, SwapPreemptionCopiesKvOverPcie)
{
    // Five blocks of 10 tokens; R0 and R1 take two each for their 20-token prompts. R0's first
    // decode takes the last block; R1's needs one more, so R1 is swapped out (20 tokens, 4 µs each
    // at 1 GB/s) and swapped back in, without a prefill, once R0 has finished.
    SchedulerConfig config = limit(8);
    config.blockSizeTokens = 10;
    config.preemption = Preemption::Swap;
    config.swapSpaceGiB = 1;
    const Simulator s = simulate(Policy::Paged, 2, 50, { { 0, 20, 5 }, { 0, 20, 5 } }, config);
    const double prefill = 0.002 + 40 * 4e-9;
    const double swap = 20 * 4e-6;
    const double decodes = 0.002 * 4 + (21 + 22 + 23 + 24) * 4e-9 + swap; // contexts 21 … 24
    EXPECT_NEAR(s.records()[0].firstTokenSeconds, prefill, kTolerance);
    EXPECT_NEAR(s.records()[0].finishSeconds, prefill + decodes, kTolerance);
    EXPECT_NEAR(s.records()[1].finishSeconds, prefill + 2 * decodes, kTolerance);
    EXPECT_EQ(s.preemptions(), 1);
    EXPECT_EQ(s.swappedTokens(), 40); // out and back in
    EXPECT_NEAR(s.operationSeconds()[static_cast<std::size_t>(Operation::Swap)], 0, 0); // roofline: no breakdown
    EXPECT_EQ(s.records()[1].preemptions, 1);
}
