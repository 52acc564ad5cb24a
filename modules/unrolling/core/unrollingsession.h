// The live simulation of the unrolling module: the analysis is computed when the session is
// built; playback steps the pipeline timeline one cycle at a time.
#pragma once

#include "analysis.h"
#include "session.h"

#include <memory>
#include <string>
#include <vector>

namespace conceptlab::unrolling {

/// Where an instruction instance is at a cycle.
enum class Stage { NotDispatched, Waiting, Executing, Done, Retired };

/// The stage of `entry` at `cycle`.
Stage stageAt(const TimelineEntry &entry, std::int64_t cycle);

/// One row per unroll factor x accumulators: unroll, accumulators, the model's and llvm-mca's
/// cycles per element, measured ns and cycles per element, loop and remainder bytes, bottleneck.
Table sweepTable(const Analysis &analysis);

class UnrollingSession : public IndexedSession {
public:
    /// Builds the analysis (model, llvm-mca, timings). Throws InputError naming the parameter,
    /// Cancelled when cancelled.
    static std::unique_ptr<UnrollingSession> create(const RunSettings &settings, const WorkControl &control);

    /// The cycles of the timeline (every recorded iteration retired).
    int stepCount() const override;
    /// "cycle 12: 9 waiting, 3 executing, 20 retired · model 4 cycles/element (…)".
    std::string statusText() const override;
    /// The sweep table.
    Table currentTable() const override;
    /// "instruction:<index>" per loop-body instruction, "remainder", "chain", "unroll:<factor>".
    std::vector<std::string> highlightTargets() const override;

    /// Everything computed.
    const Analysis &analysis() const { return *m_analysis; }
    std::shared_ptr<const Analysis> sharedAnalysis() const { return m_analysis; }

private:
    UnrollingSession() = default;
    std::shared_ptr<const Analysis> m_analysis;
};

} // namespace conceptlab::unrolling
