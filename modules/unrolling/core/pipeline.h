// The pipeline model: a loop body run through a modelled out-of-order core for many
// iterations, in the spirit of llvm-mca. In order, each instruction is dispatched (dispatch
// width, reorder buffer), issues once its operands are ready and a unit of each kind it needs
// is free (oldest first), completes after its latency and retires in order. Gives the
// steady-state cycles per iteration, the bounds (dispatch, units, loop-carried latency), the
// bottleneck in words and a timeline of the first iterations.
#pragma once

#include "assembly.h"
#include "cpumodel.h"

#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab::unrolling {

/// One instruction instance in the timeline (cycles counted from 0).
struct TimelineEntry {
    int iteration = 0;
    int index = 0; ///< in the loop body
    std::int64_t dispatchCycle = 0;
    std::int64_t issueCycle = 0; ///< first cycle executing
    std::int64_t readyCycle = 0; ///< its result can be used from this cycle (issue + latency)
    std::int64_t retireCycle = 0;
    int producerIndex = -1; ///< the body instruction whose result it waited for longest, or -1
    int producerIteration = -1; ///< that producer's iteration
};

/// The limits a loop cannot run faster than, in cycles per iteration.
struct Bounds {
    double dispatch = 0; ///< micro-ops / dispatch width
    double units = 0; ///< the busiest set of units: work / units (an exact fractional assignment)
    double latency = 0; ///< the longest loop-carried dependency chain per iteration
    std::vector<int> busiestUnits; ///< the set that gives `units`
    int chainInstruction = -1; ///< the body instruction ending the longest carried chain
    double chainLength = 0; ///< instructions of that chain per iteration (latency / its latency)
};

/// The result of a simulation.
struct PipelineResult {
    int iterations = 0;
    double cyclesPerIteration = 0; ///< steady state: retire slope over the second half
    std::int64_t totalCycles = 0; ///< until the last instruction retired
    int uopsPerIteration = 0;
    Bounds bounds;
    std::string bottleneck; ///< in words, e.g. "loop-carried dependency: addss latency 4 cycles"
    std::vector<double> unitBusyPerIteration; ///< cycles of work per iteration each unit may take, shared evenly
    std::vector<TimelineEntry> timeline; ///< the first `timelineIterations` iterations
    std::vector<Timing> timings; ///< per body instruction
};

/// Simulates `iterations` (≥ 2) runs of `body` on `model`; records the first
/// `timelineIterations` in the timeline. Throws InputError if the body is empty.
PipelineResult simulate(
    const std::vector<Instruction> &body, const CpuModel &model, int iterations = 1000, int timelineIterations = 8);

/// The bounds alone (no simulation of resources).
Bounds computeBounds(const std::vector<Instruction> &body, const CpuModel &model);

} // namespace conceptlab::unrolling
