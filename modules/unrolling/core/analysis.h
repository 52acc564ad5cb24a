// One run of the module: the chosen kernel variant's real code, its pipeline model, llvm-mca's
// figure and the real timing, and the same for every unroll factor x accumulator count of the
// kernel and type (the sweep the charts and the CSV show).
#pragma once

#include "cpumodel.h"
#include "kernels.h"
#include "machinecode.h"
#include "measure.h"
#include "pipeline.h"
#include "workcontrol.h"

#include <optional>
#include <string>
#include <vector>

namespace conceptlab::unrolling {

/// Everything a run is built from.
struct RunSettings {
    Kernel kernel = Kernel::Sum;
    ElementType type = ElementType::Float;
    int unroll = 4;
    int accumulators = 1;
    CpuPreset cpu = CpuPreset::Skylake;
    std::string overrides; ///< see applyOverrides
    bool measure = true; ///< time the kernels on this machine
    bool llvmMca = true; ///< run llvm-mca when it is installed
    std::int64_t elements = 2048; ///< per array, for the timings
    int modelIterations = 1000;
    int timelineIterations = 6;
};

/// One unroll factor x accumulator count.
struct VariantResult {
    int unroll = 1;
    int accumulators = 1; ///< as asked
    int effectiveAccumulators = 1; ///< as compiled (see kernelVariant)
    int loopInstructions = 0; ///< per iteration of the main loop
    int elementsPerIteration = 1;
    int loopBytes = 0;
    int remainderBytes = 0;
    double cyclesPerIteration = 0; ///< model
    double cyclesPerElement = 0; ///< model
    Bounds bounds;
    std::string bottleneck;
    double overheadInstructionsPerElement = 0; ///< loop control (pointer updates, compare, branch) per element
    std::optional<double> llvmMcaCyclesPerElement;
    std::optional<Measurement> measured;
};

/// The whole run.
struct Analysis {
    RunSettings settings;
    CpuModel model;
    KernelCode code; ///< the chosen variant's code
    PipelineResult pipeline; ///< the chosen variant's model, with its timeline
    VariantResult chosen;
    std::vector<VariantResult> sweep; ///< unroll-major: 1x1, 1x2, ..., 16x8
    CycleClock clock;
    bool llvmMcaFound = false;
};

/// Instructions of the loop that only run the loop: branches, compares and 64-bit integer
/// register updates without memory operands (pointer and index arithmetic, register copies).
bool isOverhead(const Instruction &instruction);

/// For each instruction of a loop body, the body copy (0 .. unroll−1) it belongs to, or −1 for
/// loop control: a memory access by the element it touches (its address, with the pointer
/// and index increments made earlier in the body taken off, over the element size, modulo the
/// unroll factor); any other instruction by the newest copy among the registers it reads.
std::vector<int> bodyCopies(const std::vector<Instruction> &body, int unroll, int elementBytes);

/// Runs everything. Throws InputError for bad overrides, Cancelled when cancelled.
Analysis analyse(const RunSettings &settings, const WorkControl &control);

} // namespace conceptlab::unrolling
