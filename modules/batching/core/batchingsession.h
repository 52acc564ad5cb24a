// The batching simulation as the view shows it: the whole run analysed once (timeline, charts),
// and a stepper that replays the same deterministic simulation a number of scheduler iterations
// per step. Step history lives here; stepping back replays to the previous step's iteration.
#pragma once

#include "analysis.h"
#include "scenario.h"
#include "simulator.h"

#include <session.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab {
class WorkControl;
}

namespace conceptlab::batching {

/// The state at the current step, for drawing.
struct StepSnapshot {
    int step = 0; ///< steps taken since reset
    std::int64_t iterations = 0; ///< scheduler iterations run since reset
    double nowSeconds = 0; ///< simulated time: the end of the last iteration run
    int running = 0; ///< sequences on the GPU
    int waiting = 0; ///< arrived requests not yet admitted
    int completed = 0; ///< requests finished
    int requests = 0; ///< requests in the workload
    std::vector<LiveSequence> live; ///< sequences on the GPU, with their KV
    std::int64_t kvCapacityTokens = 0; ///< KV the policy can use, tokens
    int blockSizeTokens = 0; ///< KV block size for paged policies; 0 for reserving ones
    SlotOutlook outlook; ///< why slots are empty or idle at the next scheduler decision
    std::string slotReason; ///< slotReasonText(outlook): the line the view shows under the timeline
};

/// A lesson highlight target: a batch slot row or a request.
struct HighlightTarget {
    enum class Kind { None, Slot, Request };
    Kind kind = Kind::None;
    int index = -1; ///< slot number or request id

    bool operator==(const HighlightTarget &) const = default;
};

/// "slot:<n>" or "request:<id>" with a non-negative integer; anything else is Kind::None.
HighlightTarget parseHighlightTarget(std::string_view target);

/// The session of the batching module (see the file comment).
class BatchingSession : public Session {
public:
    /// Analyses the whole run (slow for large workloads) and starts the stepper at step 0.
    /// Throws InputError when the scenario cannot run, Cancelled when `control` is cancelled.
    BatchingSession(Scenario scenario, int iterationsPerStep, const WorkControl &control);

    /// Back to step 0 (iteration 0, time 0); the step size stays.
    void reset() override;
    /// Runs iterationsPerStep() scheduler iterations (fewer at the end of the run).
    bool stepForward() override;
    /// Back to the iteration count the previous step started at (replayed from the start).
    bool stepBackward() override;
    /// Steps taken since reset.
    int currentStep() const override { return static_cast<int>(m_stepStarts.size()); }
    /// Every request has finished.
    bool atEnd() const override { return m_stepper.done(); }
    /// "iteration 12 · t = 0.093 s · 5 running · 3 waiting · 2 of 40 done".
    std::string statusText() const override;
    /// The request table (requestTable()) of the current step.
    Table currentTable() const override;
    /// "slot:0" … "slot:<batch_size − 1>", then "request:0" … "request:<requests − 1>".
    std::vector<std::string> highlightTargets() const override;

    /// Scheduler iterations a step runs from now on (at least 1); earlier steps keep theirs.
    void setIterationsPerStep(int iterations);
    /// Scheduler iterations the next step runs.
    int iterationsPerStep() const { return m_iterationsPerStep; }

    /// The input it simulates.
    const Scenario &scenario() const { return m_scenario; }
    /// The cost model of the scenario (capacity, KV bytes per token, weight read time).
    const CostModel &cost() const { return m_cost; }
    /// The whole run, analysed when the session was built.
    const RunAnalysis &run() const { return m_run; }
    /// The simulator at the current step.
    const Simulator &simulator() const { return m_stepper; }
    /// The current state for drawing.
    StepSnapshot snapshot() const;

private:
    void advance(std::int64_t iterations);

    Scenario m_scenario;
    CostModel m_cost;
    RunAnalysis m_run;
    Simulator m_stepper;
    int m_iterationsPerStep = 1;
    std::int64_t m_iterations = 0; // scheduler iterations run since reset
    std::vector<std::int64_t> m_stepStarts; // iterations run before each step taken
};

} // namespace conceptlab::batching
