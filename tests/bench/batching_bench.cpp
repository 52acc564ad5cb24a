// Simulation speed of the batching core, and the throughput table of the public
// continuous-batching benchmark setting (docs/modules/batching.md).
#include "../support/batchingfixtures.h"
#include "core/metrics.h"
#include "core/simulator.h"

#include <benchmark/benchmark.h>

#include <string>

using namespace conceptlab::batching;
using conceptlab::batching::test::serviceWorkload;

namespace {

// 100k requests, mean 256 output tokens, continuous batching of 256 slots, Llama-3-8B on H100.
void continuousRequests(benchmark::State &state)
{
    const auto requests = serviceWorkload(static_cast<int>(state.range(0)));
    const CostModel cost(findPreset("llama3-8b-h100-80gb")->model);
    SchedulerConfig config;
    config.policy = Policy::Continuous;
    config.batchSize = 256;
    config.outputLimitTokens = 4096;
    std::int64_t iterations = 0;
    std::size_t bytes = 0;
    for (auto _ : state) {
        Simulator simulator(cost, config, requests);
        simulator.run();
        iterations = simulator.iterations();
        bytes = simulator.records().capacity() * sizeof(RequestRecord) + simulator.stints().capacity() * sizeof(Stint)
            + simulator.requests().capacity() * sizeof(Request);
        benchmark::DoNotOptimize(summarize(simulator));
    }
    state.counters["scheduler_iterations"] = static_cast<double>(iterations);
    state.counters["record_bytes_per_request"] = static_cast<double>(bytes) / static_cast<double>(state.range(0));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(continuousRequests)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The public benchmark: 1000 prompts of 512 tokens at once, exponential outputs with mean 128
// capped at 32/128/512/1536, OPT-13B on A100-40GB; counters give the simulated throughput.
void publicSetting(benchmark::State &state)
{
    const auto policy = static_cast<Policy>(state.range(0));
    WorkloadSpec spec;
    spec.requests = 1000;
    spec.arrival = ArrivalPattern::Burst;
    spec.prompt = { LengthDistribution::Fixed, 512, 512, 1 };
    spec.output = { LengthDistribution::Exponential, 128, static_cast<int>(state.range(1)), 1 };
    const auto requests = generateWorkload(spec, 1);
    const CostModel cost(findPreset("opt-13b-a100-40gb")->model);
    SchedulerConfig config;
    config.policy = policy;
    config.batchSize = 256;
    config.outputLimitTokens = static_cast<int>(state.range(1));
    Summary summary;
    for (auto _ : state) {
        Simulator simulator(cost, config, requests);
        simulator.run();
        summary = summarize(simulator);
    }
    state.SetLabel(std::string(policyName(policy)));
    state.counters["tokens_per_s"] = summary.throughputTokensPerSecond;
    state.counters["p50_latency_s"] = summary.latencySeconds.p50;
    state.counters["preemptions"] = static_cast<double>(summary.preemptions);
}
BENCHMARK(publicSetting)->ArgsProduct({ { 0, 2, 3, 4 }, { 32, 128, 512, 1536 } })->Unit(benchmark::kMillisecond);

} // namespace
