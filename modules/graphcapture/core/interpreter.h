// Eager execution of a program (the reference result) and tracing: the same run, with every
// tensor op recorded into a flat graph. Python control flow is evaluated with the example
// values, loops unroll, and tensor-to-Python conversions become constants with PyTorch's
// TracerWarning texts.
#pragma once

#include "ir.h"
#include "syntax.h"
#include "value.h"
#include "workcontrol.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

struct TraceWarning {
    int line = 0;
    std::string message;
};

/// A point where a tensor's data decided the Python control flow or became a constant.
struct Decision {
    int line = 0, column = 0;
    std::string construct; ///< "branch" (if), "loop" (while/for bound) or "constant"
    std::string conversion; ///< "bool", "int", "float", "number" (item), "len"
    double value = 0;
};

struct FxHint;

/// Observer of an eager run, for torch.compile's capture (see dynamo.h). Every hook is called
/// by the interpreter at the matching point of the run; the run itself is unchanged.
class CaptureHooks {
public:
    using Frames = std::vector<std::map<std::string, Value>>;
    virtual ~CaptureHooks() = default;
    /// Before op `kind` runs on `args`; `construct` is "branch"/"loop" for an if/while condition.
    virtual void beforeOp(const std::string &kind, const std::vector<Value> &args, const std::string &construct,
        const FxHint &fx, int line, int column)
        = 0;
    /// After it ran, with the lowering's FX spelling of it.
    virtual void afterOp(const std::string &kind, const std::vector<Value> &args, const Value &result, const FxHint &fx,
        int line, int column)
        = 0;
    virtual void onPrint(const std::vector<Value> &args, int line, int column) = 0;
    virtual void onGraphBreak(int line, int column) = 0;
    /// A variable read / written in the innermost function.
    virtual void onLookup(const std::string &name, const Value &value) = 0;
    virtual void onAssign(const std::string &name) = 0;
    /// A user function (or lambda) starts; `frames` is the interpreter's frame stack, whose
    /// entry `depth` is the new function's variables. `callLine` is 0 for the entry function.
    virtual void enterFunction(const std::string &name, int callLine, const Frames &frames, std::size_t depth) = 0;
    virtual void exitFunction(const Value &returned) = 0;
    /// A loop of the function at frame `depth` starts / ends.
    virtual void enterLoop(std::size_t depth) = 0;
    virtual void exitLoop(std::size_t depth) = 0;
    /// A `try` caught an error: functions above frame count `frames` were left without exitFunction.
    virtual void unwind(std::size_t frames) = 0;
};

struct ExecutionOptions {
    bool trace = false;
    long stepLimit = 100000; ///< statements and loop iterations before the run is stopped
    const WorkControl *control = nullptr; ///< checked now and then (throws Cancelled); may be null
    CaptureHooks *hooks = nullptr; ///< torch.compile's capture observes the run; may be null
};

struct ExecutionResult {
    Value output;
    std::vector<std::string> prints;
    std::vector<Decision> decisions;
    long steps = 0;
    // Tracing only:
    std::unique_ptr<Graph> graph;
    std::vector<TraceWarning> warnings;
    std::optional<SourceError> traceError; ///< the run worked but cannot be traced (e.g. a number output)
};

/// Thrown when a run exceeds its step limit (never caught by the program's try blocks).
struct StepLimitError {
    SourceError error;
};

/// The function the tools act on: the last `def` of the program.
const FunctionDef &entryFunction(const Module &module);

/// Runs `entry` on `inputs` (one per parameter, copied first). Throws SourceError on a runtime
/// error and StepLimitError when the step limit is exceeded.
ExecutionResult execute(
    const Module &module, const FunctionDef &entry, const std::vector<Value> &inputs, const ExecutionOptions &options);

/// PyTorch's tracer warning for converting a tensor to a Python `kind` ("boolean", "number", ...).
std::string tracerWarningText(const std::string &kind);
extern const char *const kLenWarning;

} // namespace conceptlab::graphcapture
