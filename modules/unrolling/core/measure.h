// Real timings of a compiled kernel on this machine: warm-up, repetitions sized to a trial
// time, the median of several trials, in ns of the thread's CPU time per element; cycles per
// element from the hardware cycle counter (perf_event_open cpu-cycles, user space only) when
// the kernel lets us read it, else from the core clock measured with a chain of dependent
// one-cycle adds.
#pragma once

#include "kernels.h"
#include "workcontrol.h"

#include <cstdint>
#include <optional>
#include <string>

namespace conceptlab::unrolling {

/// How many elements, how many trials, how long each.
struct MeasureSettings {
    std::int64_t elements = 2048; ///< per array (2048 doubles x 2 arrays = 32 KiB: fits L1)
    int trials = 7;
    double trialSeconds = 0.002; ///< repetitions are chosen so a trial lasts about this long
};

/// Where cycles come from.
enum class CycleSource { PerfEvent, AddChain, None };
inline constexpr EnumNames<CycleSource, 3> kCycleSourceNames { { { { CycleSource::PerfEvent, "perf_event cpu-cycles" },
    { CycleSource::AddChain, "add-chain calibration" }, { CycleSource::None, "none" } } } };

/// The cycle counter used for every measurement of a run.
struct CycleClock {
    CycleSource source = CycleSource::None;
    double calibratedGhz = 0; ///< AddChain: cycles per ns of a dependent chain of 1-cycle adds
};

/// Finds a usable cycle counter: perf_event_open if permitted, else the add-chain calibration
/// (x86-64 only), else none.
CycleClock detectCycleClock();

/// One kernel's timing.
struct Measurement {
    double nsPerElement = 0; ///< median over the trials
    std::optional<double> cyclesPerElement; ///< null without a cycle counter
    std::optional<double> clockGhz; ///< the core clock during the trials (null without a counter)
    std::int64_t repetitions = 0; ///< kernel calls per trial
    int trials = 0;
};

/// Times the kernel (on the calling thread). Throws Cancelled when cancelled.
Measurement measureKernel(
    const KernelVariant &variant, const MeasureSettings &settings, const CycleClock &clock, const WorkControl &control);

} // namespace conceptlab::unrolling
