// Invariants of every policy on random small workloads and machines.
#include "batchingfixtures.h"
#include "core/metrics.h"
#include "core/simulator.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <map>

using namespace conceptlab::batching;

namespace {

struct Case {
    std::vector<Request> requests;
    SchedulerConfig config;
    int capacityTokens = 0;
};

rc::Gen<Case> genCase()
{
    return rc::gen::exec([] {
        Case c;
        const int count = *rc::gen::inRange(1, 25);
        double time = 0;
        int longestPrompt = 1;
        int longestOutput = 1;
        for (int i = 0; i < count; ++i) {
            time += *rc::gen::element(0.0, 0.0, 0.001, 0.004, 0.02, 0.1);
            const int prompt = *rc::gen::inRange(1, 300);
            const int output = *rc::gen::inRange(1, 40);
            longestPrompt = std::max(longestPrompt, prompt);
            longestOutput = std::max(longestOutput, output);
            c.requests.push_back(Request { time, prompt, output });
        }
        c.config.policy
            = *rc::gen::element(Policy::Static, Policy::Dynamic, Policy::Continuous, Policy::Paged, Policy::Chunked);
        c.config.batchSize = *rc::gen::inRange(1, 9);
        c.config.blockSizeTokens = *rc::gen::inRange(1, 17);
        c.config.tokenBudget = *rc::gen::inRange(1, 600);
        c.config.dynamicTimeoutSeconds = *rc::gen::element(0.0, 0.003, 0.05);
        c.config.outputLimitTokens = *rc::gen::inRange(1, 50);
        c.config.maxBatchedTokens = *rc::gen::element(0, 1, 64, 400);
        c.config.preemption = *rc::gen::element(Preemption::Recompute, Preemption::Swap);
        c.config.swapSpaceGiB = *rc::gen::element(0.0, 1e-6, 4.0); // 4000 bytes per token: 0, 268 or 10^6 tokens
        c.config.sharedPrefixTokens = *rc::gen::inRange(0, 200);
        c.config.prefixCaching = *rc::gen::element(PrefixCaching::Off, PrefixCaching::On);
        // Enough KV for the largest single request under any policy, sometimes barely.
        const int limit = std::max(longestOutput, c.config.outputLimitTokens);
        const int need = longestPrompt + limit + c.config.blockSizeTokens;
        c.capacityTokens = need + need / 50 + c.config.blockSizeTokens + *rc::gen::inRange(0, 3 * need);
        return c;
    });
}

} // namespace

RC_GTEST_PROP(batchingProperties, EveryRequestCompletesOnceWithItsOutputLength, ())
{
    const Case c = *genCase();
    Simulator s(CostModel(test::roundModel(c.capacityTokens)), c.config, c.requests);
    RC_ASSERT(s.error().empty());
    RC_ASSERT(s.run());
    RC_ASSERT(s.error().empty());
    RC_ASSERT(s.completed() == static_cast<int>(c.requests.size()));
    std::map<int, int> finishedStints;
    for (const Stint &stint : s.stints())
        if (!stint.preempted)
            ++finishedStints[stint.request];
    for (std::size_t i = 0; i < c.requests.size(); ++i) {
        const RequestRecord &record = s.records()[i];
        RC_ASSERT(record.producedTokens == c.requests[i].outputTokens);
        RC_ASSERT(finishedStints[static_cast<int>(i)] == 1);
        RC_ASSERT(record.firstTokenSeconds > record.arrivalSeconds);
        RC_ASSERT(record.finishSeconds >= record.firstTokenSeconds);
    }
    if (c.config.policy != Policy::Paged && c.config.policy != Policy::Chunked)
        RC_ASSERT(s.preemptions() == 0);
}

RC_GTEST_PROP(batchingProperties, KvSlotsAndTimeStayWithinBounds, ())
{
    const Case c = *genCase();
    Simulator s(CostModel(test::roundModel(c.capacityTokens)), c.config, c.requests, Simulator::Recording::Iterations);
    RC_ASSERT(s.error().empty());
    double previous = 0;
    while (s.step()) {
        RC_ASSERT(s.nowSeconds() >= previous);
        previous = s.nowSeconds();
        const auto live = s.live();
        RC_ASSERT(static_cast<int>(live.size()) <= c.config.batchSize);
        std::vector<int> slots;
        std::int64_t reserved = 0;
        for (const LiveSequence &sequence : live) {
            RC_ASSERT(sequence.slot >= 0 && sequence.slot < c.config.batchSize);
            RC_ASSERT(sequence.storedTokens <= sequence.reservedTokens);
            slots.push_back(sequence.slot);
            reserved += sequence.reservedTokens;
        }
        std::sort(slots.begin(), slots.end());
        RC_ASSERT(std::adjacent_find(slots.begin(), slots.end()) == slots.end());
        RC_ASSERT(reserved <= s.kvCapacityTokens());
    }
    RC_ASSERT(s.done());
    double lastEnd = 0;
    for (const IterationRecord &iteration : s.iterationRecords()) {
        RC_ASSERT(iteration.startSeconds >= lastEnd);
        RC_ASSERT(iteration.endSeconds > iteration.startSeconds);
        RC_ASSERT(iteration.sequences <= c.config.batchSize);
        RC_ASSERT(iteration.kvUsedTokens <= iteration.kvReservedTokens);
        RC_ASSERT(iteration.kvReservedTokens <= s.kvCapacityTokens());
        lastEnd = iteration.endSeconds;
    }
    const Summary summary = summarize(s);
    RC_ASSERT(summary.gpuBusyFraction <= 1.0);
    RC_ASSERT(summary.slotUtilization <= 1.0);
    RC_ASSERT(summary.kvReservedFraction <= 1.0 + 1e-9);
}

RC_GTEST_PROP(batchingProperties, IdenticalSeedsGiveIdenticalResults, (std::uint64_t seed))
{
    WorkloadSpec spec;
    spec.requests = *rc::gen::inRange(1, 60);
    spec.arrival = *rc::gen::element(ArrivalPattern::Burst, ArrivalPattern::Poisson, ArrivalPattern::Gamma);
    spec.ratePerSecond = 50;
    spec.prompt = { LengthDistribution::LogNormal, 100, 400, 1.0 };
    spec.output = { LengthDistribution::Exponential, 20, 64, 1.0 };
    SchedulerConfig config;
    config.policy
        = *rc::gen::element(Policy::Static, Policy::Dynamic, Policy::Continuous, Policy::Paged, Policy::Chunked);
    config.batchSize = 4;
    config.outputLimitTokens = 64;
    auto once = [&] {
        Simulator s(CostModel(test::roundModel(2000)), config, generateWorkload(spec, seed));
        s.run();
        return s.records();
    };
    const auto a = once();
    const auto b = once();
    RC_ASSERT(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        RC_ASSERT(a[i].arrivalSeconds == b[i].arrivalSeconds);
        RC_ASSERT(a[i].firstTokenSeconds == b[i].firstTokenSeconds);
        RC_ASSERT(a[i].finishSeconds == b[i].finishSeconds);
        RC_ASSERT(a[i].outputTokens == b[i].outputTokens);
        RC_ASSERT(a[i].preemptions == b[i].preemptions);
    }
}
