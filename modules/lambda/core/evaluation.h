// A whole run (parse, reduce under limits, decode, name) and an interactive session that
// keeps every step for rewinding. The prelude text is passed in (see prelude.h).
#pragma once

#include "decode.h"
#include "parser.h"
#include "reducer.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conceptlab::lambda {

enum class Status { Running, NormalForm, WeakHeadNormalForm, StepLimit, SizeLimit, Diverges, Cancelled };

/// "normal_form", "weak_head_normal_form", "step_limit", "size_limit", "diverges", …
const char *statusKey(Status s);

struct Settings {
    std::string term;
    Strategy strategy = Strategy::Normal;
    std::uint64_t maxSteps = 100000; ///< contractions
    std::uint64_t maxSize = 100000; ///< nodes (variables + abstractions + applications)
    bool prelude = true;
    bool trace = false; ///< keep the printed term after every step
    bool table = false; ///< keep a StepRecord per step (explanations included)
    std::string preludeText;
    /// Polled every few hundred steps with the step count; return true to stop.
    std::function<bool(std::uint64_t steps)> cancelled;
};

/// One contraction, for tables and histories.
struct StepRecord {
    std::uint64_t step = 0; ///< 1-based
    std::string term; ///< the term after the step (definitions by name)
    std::string redex; ///< the contracted redex
    std::string explanation; ///< one English line
    std::string renames; ///< "y → y'" entries, comma separated
    std::uint64_t size = 0; ///< nodes of the term after the step
};

/// Most rows kept in Outcome::table and Outcome::trace.
inline constexpr std::size_t kMaxRecords = 5000;

struct Outcome {
    bool ok = false; ///< false: the term did not parse (see error)
    ParseError error;
    std::string input; ///< the parsed term, printed (definitions by name)
    Status status = Status::Running;
    std::uint64_t steps = 0;
    std::optional<std::string> normalForm; ///< fully expanded, re-parses to the same term
    std::optional<std::string> deBruijn;
    std::optional<Value> value;
    std::optional<std::string> name; ///< matching definition, or the numeral's digits
    std::uint64_t cycleLength = 0; ///< for Status::Diverges
    std::optional<std::uint64_t> stepsSaved; ///< call-by-need: call-by-name steps minus these
    std::uint64_t finalSize = 0;
    std::size_t peakNodes = 0;
    std::string message; ///< one line on how the run ended
    std::vector<std::string> trace; ///< term after 0, 1, 2, … steps (Settings::trace)
    std::vector<StepRecord> table; ///< one per step (Settings::table)
    bool truncated = false; ///< trace/table stopped at kMaxRecords
};

/// Runs a term to the end of its strategy or a limit.
Outcome evaluate(const Settings &settings);

/// A term flattened for drawing: trees and Tromp diagrams.
struct FlatNode {
    Kind kind = Kind::Var; ///< Var, Free (also names kept whole), Lam or App
    std::string label; ///< variable or binder name, definition name
    int index = -1; ///< Var: de Bruijn index (0-based)
    int first = -1; ///< Lam: body; App: function
    int second = -1; ///< App: argument
    int role = 0; ///< 1 = the next redex, 2 = its function, 3 = its argument
};
struct FlatTerm {
    std::vector<FlatNode> nodes;
    int root = -1;
    bool truncated = false; ///< larger than the limit: nothing to draw
};
FlatTerm flatten(const Graph &g, NodeId t, NameMode mode, std::size_t maxNodes,
    const std::vector<std::uint8_t> *redexPath = nullptr);

/// Parses printed text (names become free variables, digits numerals) and flattens it;
/// `truncated` when it does not parse or is larger than maxNodes.
FlatTerm flattenText(
    const std::string &text, NameMode mode, std::size_t maxNodes, const std::vector<std::uint8_t> *redexPath = nullptr);

/// Everything the view shows about one state of a session.
struct Snapshot {
    std::uint64_t step = 0;
    std::string term; ///< definitions by name
    std::string expanded; ///< fully expanded
    std::string deBruijn;
    Span redexFunction; ///< in `term`: the next redex's function …
    Span redexArgument; ///< … and argument
    std::string nextRedex; ///< printed, empty at the end
    std::string explanation; ///< how this state was reached (empty at step 0)
    std::string renames;
    std::uint64_t size = 0;
    std::vector<std::uint8_t> redexPath; ///< to the next redex (see StepInfo::path)
    bool redexMarked = false; ///< redexPath points into `term` (not into a shared cell)
    std::string value; ///< decoded, e.g. "6" or "TRUE"; empty if none
    std::string name; ///< matching definition; empty if none
    int sharedCells = 0; ///< call-by-need: shared arguments so far
    std::vector<std::string> shared; ///< call-by-need: "#1 = I I (evaluated)" per shared argument
};

/// Step-by-step reduction that keeps a snapshot of every state.
class Session {
public:
    /// Parses settings.term; false (with `error`) when it does not parse.
    bool load(const Settings &settings, ParseError *error);
    bool loaded() const { return m_reducer != nullptr; }
    /// Takes one step; false when the run has ended (status() says why).
    bool advance();
    Status status() const { return m_status; }
    std::uint64_t cycleLength() const { return m_cycleLength; }
    const std::vector<Snapshot> &history() const { return m_history; }

private:
    Snapshot snapshot(const StepInfo *info);
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
};

/// Definitions (prelude and `let`s of `program`) with a normal form, as (name, normal form) in `out`.
void definitionNormalForms(Graph &out, const Settings &settings, std::vector<std::pair<std::string, NodeId>> &forms);
/// The name for a result: a definition it equals (preferring names used in the input,
/// then TRUE/FALSE for booleans and digits for numerals), or empty.
std::string nameFor(const Graph &g, NodeId t, const std::optional<Value> &value, const Graph &names,
    const std::vector<std::pair<std::string, NodeId>> &forms, const std::vector<std::string> &inputNames, bool prelude);

} // namespace conceptlab::lambda
