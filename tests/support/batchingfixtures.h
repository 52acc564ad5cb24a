// Test and benchmark helpers of the batching module, shared by tests/modules/batching,
// tests/bench/batching_bench.cpp and tests/fuzz/batching_trace.cpp.
// roundModel: a round-number model for hand computations: 10^9 parameters (2 GB of weights),
// 4000 bytes of KV per token, 1 TB/s (2 ms to read the weights, 4 ns per cached token) and an
// effective 10^14 FLOP/s (20 µs of compute per token), costed with the single roofline of the
// whole iteration. Capacity is chosen per test.
#pragma once

#include "core/costmodel.h"
#include "core/workload.h"

#include <vector>

namespace conceptlab::batching::test {

/// The round-number model with room for exactly `capacityTokens` tokens of KV.
inline HardwareModel roundModel(int capacityTokens)
{
    HardwareModel model;
    model.parametersBillion = 1;
    model.layers = 1;
    model.hiddenSize = 1000;
    model.attentionHeads = 10;
    model.kvHeads = 10;
    model.bytesPerValue = 2;
    model.gpuMemoryGB = (2e9 + 4000.0 * capacityTokens + 100.0) / 1e9; // +100 bytes: no rounding down
    model.bandwidthGBs = 1000;
    model.peakTflops = 200;
    model.flopsEfficiency = 0.5;
    model.formula = CostFormula::Roofline;
    model.pcieGBs = 1; // 4 µs per swapped token
    return model;
}

/// A serving workload: Poisson arrivals at 40 requests/s, 512-token prompts, exponential
/// outputs with mean 256 capped at 4096; seed 1.
inline std::vector<Request> serviceWorkload(int requests)
{
    WorkloadSpec spec;
    spec.requests = requests;
    spec.arrival = ArrivalPattern::Poisson;
    spec.ratePerSecond = 40;
    spec.prompt = { LengthDistribution::Fixed, 512, 4096, 1 };
    spec.output = { LengthDistribution::Exponential, 256, 4096, 1 };
    return generateWorkload(spec, 1);
}

} // namespace conceptlab::batching::test
