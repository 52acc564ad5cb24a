// One complete comparison of the three ways to run a program: eager (reference), traced
// and scripted, on the example inputs, then all three again on check inputs. Produces the
// documented result document and the data the view plays back.
#pragma once

#include "dynamo.h"
#include "interpreter.h"
#include "scripter.h"
#include "syntax.h"
#include "workcontrol.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// JSON with keys in insertion order (the documented order of the result document).
using Json = nlohmann::ordered_json;

/// Which scripted graph the view draws: PyTorch's `graph` (helpers as prim::CallFunction) or
/// its `inlined_graph`. The result document has both.
enum class ScriptGraphForm { Calls, Inlined };

struct AnalysisRequest {
    std::string program;
    std::string inputsJson; ///< "" : the program's "# inputs: {...}" comment
    std::string checkInputsJson; ///< "" : the program's "# check_inputs: {...}" comment, else no check
    long stepLimit = 100000; ///< eager/trace statements; graphs get 20 times as many nodes
    std::string callsJson; ///< further calls of the compiled function: a JSON list of input objects
    ScriptGraphForm scriptGraphForm = ScriptGraphForm::Calls;
};

struct Analysis {
    std::string program; ///< the source analysed
    ScriptGraphForm scriptGraphForm = ScriptGraphForm::Calls; ///< the scripted graph the view draws
    std::string error; ///< fatal: bad program, bad inputs or an eager runtime error
    std::optional<SourceError> errorAt; ///< its position in the program, when it has one
    Json data; ///< the result document (documented keys)
    std::optional<Module> module;
    std::vector<std::pair<std::string, Value>> inputs, checkInputs;
    ExecutionResult eager; ///< example run, traced (graph null if tracing failed)
    ScriptResult script;
    std::vector<std::vector<std::pair<std::string, Value>>> extraCalls; ///< the `calls` parameter
    CompileResult compiled; ///< torch.compile: example, check, then the extra calls
};

/// Runs the whole comparison; checks `control` in the interpreters' loops (throws Cancelled).
Analysis analyze(const AnalysisRequest &request, const WorkControl &control = WorkControl());

/// The outputs panel: eager outputs on the example input, then (with check inputs) the three
/// check outputs, whether each matches eager, and why the trace differs.
std::string outputsText(const Analysis &analysis);
/// The value of a "# <key>: ..." comment line in the program ("" when absent).
std::string headerValue(const std::string &program, const std::string &key);
/// JSON for a runtime value: tensors as nested lists (0-dim as a number).
Json valueToJson(const Value &value);
/// The `compile` part of the result document.
Json compileJson(const CompileResult &result);
/// Why `text` is not JSON, with its position, as the analysis words it ("malformed JSON at line
/// L, column C (position P): ..."); "" when it is JSON or blank.
std::string jsonSyntaxError(const std::string &text);
/// Inputs from JSON for the entry function's parameters; throws std::string with the message.
std::vector<std::pair<std::string, Value>> parseInputs(
    const std::string &text, const FunctionDef &entry, const std::string &key);

} // namespace conceptlab::graphcapture
