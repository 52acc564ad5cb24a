// A round-number model for hand computations: 10^9 parameters (2 GB of weights), 4000 bytes
// of KV per token, 1 TB/s (2 ms to read the weights, 4 ns per cached token) and an effective
// 10^14 FLOP/s (20 µs of compute per token). Capacity is chosen per test.
#pragma once

#include "core/costmodel.h"

namespace conceptlab::batching::test {

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
    return model;
}

} // namespace conceptlab::batching::test
