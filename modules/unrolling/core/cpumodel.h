// The modelled out-of-order cores: dispatch width, reorder buffer, retire width, execution
// units, and per instruction class and operand form the micro-ops, latency and the units it
// occupies. Presets follow LLVM 14's scheduling models (X86SchedSkylakeClient.td,
// X86ScheduleZnver3.td), so llvm-mca-14 runs on the same numbers; every number can be
// overridden by text ("dispatch_width=4, latency.addss=3, ports.addss=p0|p1").
#pragma once

#include "assembly.h"
#include "text.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace conceptlab::unrolling {

enum class CpuPreset { Skylake, Zen3 };
inline constexpr EnumNames<CpuPreset, 2> kCpuNames {
    { { { CpuPreset::Skylake, "skylake" }, { CpuPreset::Zen3, "znver3" } } }
};

/// Units an instruction occupies: one of `units` for `cycles` cycles from the cycle it issues.
struct UnitUse {
    std::vector<int> units; ///< indices into CpuModel::units; any one of them will do
    int cycles = 1;
};

/// How one instruction runs.
struct Timing {
    int uops = 1; ///< micro-ops dispatched and held in the reorder buffer
    int latencyCycles = 1; ///< from issue until its result can be used
    std::vector<UnitUse> uses; ///< all taken in the cycle it issues
    /// Cycles a folded load's register operands may arrive late (LLVM's ReadAdvance): the load
    /// starts before the other operands are ready.
    int readAdvanceCycles = 0;
    bool eliminated = false; ///< a register move done by renaming: no unit, no latency
};

/// The whole core.
struct CpuModel {
    CpuPreset preset = CpuPreset::Skylake;
    std::string name; ///< the llvm-mca -mcpu name
    int dispatchWidth = 6; ///< micro-ops per cycle into the reorder buffer
    int reorderBufferUops = 224;
    int retireWidth = 0; ///< instructions retired per cycle; 0: no limit
    int loadLatencyCycles = 5; ///< added to an operation by a folded load
    bool moveElimination = false; ///< register-to-register moves take no unit and no latency
    std::vector<std::string> units; ///< execution units (ports, pipes, queues), e.g. "p0"
    /// Timings by "class/form", e.g. "fpadd/load"; see timingOf.
    std::map<std::string, Timing> table;
    /// Per-mnemonic overrides of the operation's latency and units.
    std::map<std::string, int> latencyOverride;
    std::map<std::string, std::vector<int>> unitsOverride;

    /// Index of the unit named `name`, or -1.
    int unitIndex(std::string_view name) const;
};

/// The preset with LLVM 14's numbers.
CpuModel cpuModel(CpuPreset preset);

/// The longest overrides text read: far more than every key of a model needs.
inline constexpr std::size_t kMaxOverridesBytes = 4096;

/// Applies overrides "key=value, key=value": dispatch_width, rob_size, retire_width,
/// load_latency, latency.<mnemonic>, ports.<mnemonic> (unit names
/// joined by '|'). Throws InputError "overrides: <what>" naming the bad entry.
void applyOverrides(CpuModel &model, std::string_view text);

/// The instruction class the tables know a mnemonic by ("fpadd", "fpmul", "fpmov", "mov",
/// "alu", "imul", "lea", "branch", "nop").
std::string instructionClass(std::string_view mnemonic);

/// How `instruction` runs on `model`.
Timing timingOf(const CpuModel &model, const Instruction &instruction);

} // namespace conceptlab::unrolling
