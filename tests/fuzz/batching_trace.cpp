// Fuzzes the CSV trace reader, then simulates what it accepted under every policy on a
// small machine and checks the invariants: each request completes with its output length,
// KV and slots stay within their limits, time never runs backwards.
#include "../support/batchingfixtures.h"
#include "core/metrics.h"
#include "core/simulator.h"
#include "core/workload.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace conceptlab::batching;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    TraceParse parse = parseTrace(text, "fuzz.csv");
    if (!parse.ok()) {
        check(parse.requests.empty() && parse.line >= 1 && parse.column >= 1);
        return 0;
    }
    check(!parse.requests.empty());
    // Keep each run small: at most 40 requests of at most 600 + 60 tokens.
    if (parse.requests.size() > 40)
        parse.requests.resize(40);
    for (Request &request : parse.requests) {
        request.promptTokens = 1 + request.promptTokens % 600;
        request.outputTokens = 1 + request.outputTokens % 60;
        check(request.arrivalSeconds >= 0);
    }
    const CostModel cost(test::roundModel(1000)); // 1000 KV tokens
    check(cost.error().empty());
    for (Policy policy : { Policy::Static, Policy::Dynamic, Policy::Continuous, Policy::Paged, Policy::Chunked }) {
        SchedulerConfig config;
        config.policy = policy;
        config.batchSize = 1 + static_cast<int>(size % 7);
        config.blockSizeTokens = 1 + static_cast<int>(size % 13);
        config.tokenBudget = 1 + static_cast<int>(size % 300);
        config.outputLimitTokens = 60;
        Simulator simulator(cost, config, parse.requests, Simulator::Recording::Iterations);
        if (!simulator.error().empty())
            continue; // a request too large for this machine
        double now = 0;
        while (simulator.step()) {
            check(simulator.nowSeconds() >= now);
            now = simulator.nowSeconds();
            check(static_cast<int>(simulator.live().size()) <= config.batchSize);
        }
        check(simulator.error().empty() && simulator.done());
        for (std::size_t i = 0; i < parse.requests.size(); ++i)
            check(simulator.records()[i].producedTokens == parse.requests[i].outputTokens);
        for (const IterationRecord &iteration : simulator.iterationRecords())
            check(iteration.kvReservedTokens <= simulator.kvCapacityTokens());
        const Summary summary = summarize(simulator);
        check(summary.completed == static_cast<int>(parse.requests.size()));
    }
    return 0;
}
