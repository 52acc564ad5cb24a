// A whole run (parse, reduce under limits, decode, name), a comparison of two strategies,
// and the pieces the interactive session shares with them. The prelude text is passed in
// (see prelude.h). Long runs take a WorkControl: progress is steps done / step limit.
#pragma once

#include "decode.h"
#include "parser.h"
#include "reducer.h"
#include "stepmeter.h"
#include "workcontrol.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace conceptlab::lambda {

/// How a run ended (Running: not yet).
enum class Status { Running, NormalForm, WeakHeadNormalForm, StepLimit, SizeLimit, Diverges };

/// "normal_form", "weak_head_normal_form", "step_limit", "size_limit", "diverges", …
const char *statusKey(Status s);

/// What to reduce and how: the parameters of a run or a session.
struct Settings {
    std::string term;
    Strategy strategy = Strategy::Normal;
    std::uint64_t maxSteps = 100000; ///< contractions
    std::uint64_t maxSize = 100000; ///< nodes (variables + abstractions + applications)
    bool prelude = true;
    bool trace = false; ///< keep the printed term after every step
    bool table = false; ///< keep a StepRecord per step (explanations included)
    std::string preludeText;
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

/// The result of a whole run.
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

/// Runs a term to the end of its strategy or a limit; reports steps done / max steps and
/// throws Cancelled when `control` is cancelled.
Outcome evaluate(const Settings &settings, const WorkControl &control);
/// The same with progress mapped into part of a control's range (see StepMeter).
Outcome evaluate(const Settings &settings, const StepMeter &meter);
/// The same, neither reporting nor cancellable.
Outcome evaluate(const Settings &settings);

/// One strategy run to its end, or two side by side on the same term.
struct Comparison {
    Strategy firstStrategy = Strategy::Normal;
    Outcome first;
    std::optional<Strategy> secondStrategy; ///< set when two were compared
    Outcome second; ///< valid when secondStrategy is set and `first` parsed
};
/// Runs `settings.term` under `first` (and then `second`, when given): progress is steps done
/// over the step limit of both runs together; throws Cancelled when cancelled.
Comparison compareStrategies(
    const Settings &settings, Strategy first, std::optional<Strategy> second, const WorkControl &control);

/// The parse error of `settings` (prelude included), or none when it parses.
std::optional<ParseError> parseErrorOf(const Settings &settings);

/// Definitions (prelude and `let`s of `program`) with a normal form, as (name, normal form) in `out`.
void definitionNormalForms(Graph &out, const Settings &settings, std::vector<std::pair<std::string, NodeId>> &forms);
/// The name for a result: a definition it equals (preferring names used in the input,
/// then TRUE/FALSE for booleans and digits for numerals), or empty.
std::string nameFor(const Graph &g, NodeId t, const std::optional<Value> &value, const Graph &names,
    const std::vector<std::pair<std::string, NodeId>> &forms, const std::vector<std::string> &inputNames, bool prelude);

// Pieces shared by evaluate() and ReductionSession.

/// Parses the prelude (when on) and the program of `settings` into `g`.
ParsedProgram loadProgram(Graph &g, const Settings &settings);
/// The identifiers written in `text` (comments skipped), in order.
std::vector<std::string> identifiers(const std::string &text);
/// The status a run ends with when no redex is left.
Status finalStatus(Strategy s);
/// The term is larger than `maxSize` nodes or deeper than kMaxHeight.
bool oversized(const Reducer &r, std::uint64_t maxSize);
/// "a, b, c".
std::string joined(const std::vector<std::string> &items);
/// Terms larger than this (in nodes) are summarised instead of printed.
inline constexpr std::uint64_t kFullPrintSize = 20000;

} // namespace conceptlab::lambda
