// The graphcapture session: the analysis of one program (eager run, trace, script, check)
// built once, then played back op by op as the trace recorded them. Plain C++.
#pragma once

#include "analysis.h"
#include "session.h"
#include "workcontrol.h"

#include <memory>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// What a view draws at one step of the playback.
struct GraphCaptureSnapshot {
    const Analysis *analysis = nullptr; ///< never null; its error is always empty
    int step = 0; ///< trace ops shown
    int stepCount = 0; ///< trace ops in all (prim::Constant nodes are not steps)
    const IrNode *current = nullptr; ///< the op recorded at this step; null at step 0
    int maxOrder = -1; ///< trace nodes with order <= maxOrder are shown
    bool complete = false; ///< every op is shown: the graph's return is drawn too
    /// torch.compile's capture of the example call up to the same point of the run: the first
    /// `compileShown` of analysis->compiled.events (all of them once complete).
    int compileShown = 0;
};

/// Playback of a successful analysis: step k shows the first k ops of the traced graph and
/// marks the source line of the k-th. Stepping back is exact (the step is an index).
class GraphCaptureSession final : public IndexedSession {
public:
    /// `analysis` must have no error (see createGraphCaptureSession).
    explicit GraphCaptureSession(std::shared_ptr<const Analysis> analysis);

    int stepCount() const override { return static_cast<int>(m_steps.size()); }
    std::string statusText() const override;
    /// step, op, line: one row per op shown.
    Table currentTable() const override;
    /// "line:<n>" for every source line that recorded a node now shown, in either graph,
    /// and "node:<name>" for every value name (without '%') a shown node produces.
    std::vector<std::string> highlightTargets() const override;

    /// The state to draw.
    GraphCaptureSnapshot snapshot() const;
    /// The analysis played back.
    const Analysis &analysis() const { return *m_analysis; }
    /// The same analysis, shared: a view keeps it to go on showing the last good result.
    std::shared_ptr<const Analysis> sharedAnalysis() const { return m_analysis; }

private:
    std::shared_ptr<const Analysis> m_analysis;
    std::vector<const IrNode *> m_steps; ///< trace nodes without constants, in recording order
};

/// The trace's ops in recording order, constants left out: the playback steps.
std::vector<const IrNode *> traceSteps(const Analysis &analysis);

/// The text of an analysis error: "line L, column C: message" when it has a position.
std::string analysisErrorText(const Analysis &analysis);

/// Runs the analysis and wraps it in a session at step 0. Throws InputError when the program
/// does not parse or run or the inputs are malformed, Cancelled when cancelled.
std::unique_ptr<GraphCaptureSession> createGraphCaptureSession(
    const AnalysisRequest &request, const WorkControl &control);

} // namespace conceptlab::graphcapture
