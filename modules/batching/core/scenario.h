// One simulation's complete input: the cost model's constants, the scheduler configuration and
// the workload, plus the preset it was made from. Built from parameter values by the plugin.
#pragma once

#include "costmodel.h"
#include "simulator.h"
#include "workload.h"

#include <string>
#include <vector>

namespace conceptlab::batching {

/// What a session or a headless run simulates.
struct Scenario {
    HardwareModel model; ///< a preset with any overridden constants
    SchedulerConfig config; ///< policy, slots, blocks, budget, timeout, output limit
    std::vector<Request> requests; ///< in arrival order, never empty once built
    std::string presetId; ///< "<model>-<gpu>", e.g. "opt-13b-a100-40gb" (the former preset names)
    std::string modelId; ///< the model preset, e.g. "opt-13b"
    std::string gpuId; ///< the GPU preset, e.g. "a100-40gb"
};

} // namespace conceptlab::batching
