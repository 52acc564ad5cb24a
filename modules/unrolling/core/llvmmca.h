// llvm-mca as an independent second opinion: the same loop body, on the same CPU model,
// analysed by LLVM's machine-code analyser in a subprocess (with a timeout, never hanging).
#pragma once

#include "assembly.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab::unrolling {

/// What llvm-mca reported.
struct LlvmMcaResult {
    int iterations = 0;
    std::int64_t totalCycles = 0;
    double cyclesPerIteration = 0; ///< total cycles / iterations
};

/// The llvm-mca executable (llvm-mca-14, else llvm-mca) found on PATH; empty if none.
std::string llvmMcaPath();

/// The loop body as llvm-mca input: Intel syntax, branches to the loop's own label.
std::string llvmMcaInput(const std::vector<Instruction> &body);

/// Runs llvm-mca on `body` for `cpu` (an -mcpu name); nullopt when it is absent, fails, or
/// takes longer than `timeoutMs` (then it is killed).
std::optional<LlvmMcaResult> runLlvmMca(
    const std::vector<Instruction> &body, std::string_view cpu, int iterations = 1000, int timeoutMs = 10000);

/// Reads "Iterations:" and "Total Cycles:" from llvm-mca's summary; nullopt if absent.
std::optional<LlvmMcaResult> parseLlvmMcaSummary(std::string_view output);

} // namespace conceptlab::unrolling
