// The interactive reduction: a session that takes one β-contraction per step, keeps every
// state it reached (so stepping back and rewinding are exact) and says what the view draws.
#pragma once

#include "evaluation.h"
#include "session.h"
#include "workcontrol.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace conceptlab::lambda {

/// Everything the view shows about one state of a session.
struct Snapshot {
    std::uint64_t step = 0;
    std::string term; ///< definitions by name
    std::string expanded; ///< fully expanded
    std::string deBruijn;
    Span redexFunction; ///< in `term`: the next redex's function …
    Span redexArgument; ///< … and argument
    std::string nextRedex; ///< the redex contracted to reach this state (empty at step 0)
    std::string explanation; ///< how this state was reached (empty at step 0)
    std::string renames;
    std::uint64_t size = 0; ///< nodes
    std::vector<std::uint8_t> redexPath; ///< to the next redex (see StepInfo::path)
    bool redexMarked = false; ///< redexPath points into `term` (not into a shared cell)
    std::string value; ///< decoded, e.g. "6" or "TRUE"; empty if none
    std::string name; ///< matching definition; empty if none
    /// An earlier step this state equals up to renaming of bound variables (the reduction
    /// has come back to it and loops forever), or -1.
    int repeatsStep = -1;
    int sharedCells = 0; ///< call-by-need: shared arguments so far
    std::vector<std::string> shared; ///< call-by-need: "#1 = I I (evaluated)" per shared argument
};

/// Most steps a run to the end keeps for showing (each state keeps its printed forms).
inline constexpr int kMaxShownSteps = 5000;

/// Step-by-step reduction under one strategy, with the states reached so far.
class ReductionSession final : public conceptlab::Session {
public:
    /// Parses settings.term and prepares naming of results (the slow part); throws
    /// InputError("line L, column C: …") when the program does not parse.
    explicit ReductionSession(Settings settings, const WorkControl &control);

    /// Back to step 0; the states already reached are kept (they are the same states).
    void reset() override;
    /// To the next state: one contraction, or a state already reached after stepping back.
    bool stepForward() override;
    /// To the previous state, exactly as it was.
    bool stepBackward() override;
    int currentStep() const override { return m_cursor; }
    bool atEnd() const override;
    /// "normal order · normal form · = 5 · ≡ 5".
    std::string statusText() const override;
    /// step, term, redex, explanation, renames, size: one row per step up to the current one.
    Table currentTable() const override;
    /// "redex" while a next redex is marked in the term, and "binder:<name>" per binder name.
    std::vector<std::string> highlightTargets() const override;

    /// The state at the current step.
    const Snapshot &snapshot() const { return m_history[static_cast<std::size_t>(m_cursor)]; }
    /// Every state reached so far, step 0 first.
    const std::vector<Snapshot> &history() const { return m_history; }
    /// Moves to a state already reached (0 … history().size() - 1); false (no change) otherwise.
    bool seek(int step);
    /// Steps forward until the end, or until step `lastStep` when the end is further away
    /// (every state is kept, so a run shown whole is capped); progress is steps done over the
    /// smaller of `lastStep` and the step limit; throws Cancelled when `control` is cancelled.
    /// Returns the step reached.
    int runToEnd(const WorkControl &control, int lastStep = kMaxShownSteps);
    /// How the reduction ends; Running while a further step is possible from the last state.
    Status status() const { return m_status; }
    /// The length of the cycle found (Status::Diverges).
    std::uint64_t cycleLength() const { return m_cycleLength; }
    /// The first step of the cycle found (the step the last state equals), or -1.
    int cycleStart() const { return m_cycleStart; }
    /// Whether `step` lies on the cycle found (cycleStart() … the last step).
    bool onCycle(int step) const;
    /// "step 1 equals step 0: this term loops forever (a cycle of 1 step)"; empty without a cycle.
    std::string cycleText() const;
    /// What the session was built from.
    const Settings &settings() const { return m_settings; }

private:
    bool advance();
    Snapshot takeSnapshot(const StepInfo *info);
    void checkEnd();

    Settings m_settings;
    std::unique_ptr<Graph> m_graph;
    std::unique_ptr<Graph> m_names; // definitions' normal forms, for naming results
    std::vector<std::pair<std::string, NodeId>> m_nameForms;
    std::unique_ptr<Reducer> m_reducer;
    std::string m_head;
    std::vector<std::string> m_inputNames;
    std::vector<Snapshot> m_history;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> m_seen; // hash, step
    Status m_status = Status::Running;
    std::uint64_t m_cycleLength = 0;
    int m_cycleStart = -1;
    int m_cursor = 0;
};

/// English title of a strategy ("normal order", "call-by-need"): the one name every control shows.
std::string strategyTitle(Strategy s);
/// Which redex the strategy takes, in a few words ("leftmost-outermost").
std::string strategyRule(Strategy s);
/// English title of a status ("normal form", "step limit reached").
std::string statusTitle(Status s);

/// The binder names of a printed term (λx.… gives "x"), each once, in order of appearance.
std::vector<std::string> binderNames(std::string_view term);
/// Where `name` is bound in a printed term: the spans (in code points) of the names after λ.
std::vector<Span> binderSpans(std::string_view term, std::string_view name);

} // namespace conceptlab::lambda
