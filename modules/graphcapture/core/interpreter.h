// Eager execution of a program (the reference result) and tracing: the same run, with every
// tensor op recorded into a flat graph. Python control flow is evaluated with the example
// values, loops unroll, and tensor-to-Python conversions become constants with PyTorch's
// TracerWarning texts.
#pragma once

#include "ir.h"
#include "syntax.h"
#include "value.h"
#include "workcontrol.h"

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

struct ExecutionOptions {
    bool trace = false;
    long stepLimit = 100000; ///< statements and loop iterations before the run is stopped
    const WorkControl *control = nullptr; ///< checked now and then (throws Cancelled); may be null
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
