// torch.compile as TorchDynamo and Inductor do it (PyTorch 2.x, default settings): the eager
// interpreter runs the program while a recorder captures tensor ops into FX graphs, Python
// values are specialised (and guarded), unsupported constructs break the graph, each frame
// (function or resume point) has a cache of guarded entries that later calls hit or miss,
// and each graph is lowered to fused kernels.
#pragma once

#include "ir.h"
#include "syntax.h"
#include "value.h"
#include "workcontrol.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// Where a graph break happened: the innermost source line and Dynamo's reason text.
struct BreakReason {
    int line = 0;
    std::string reason;
    std::vector<int> stack; ///< call lines, outermost first, then `line`
};

/// One node of a captured FX graph.
struct FxNode {
    std::string name; ///< "add", "sum_1", "l_x_"
    std::string op; ///< placeholder, call_function, call_method, output
    std::string target; ///< "operator.add", "torch.relu", "sum"
    std::string text; ///< the printed line of code
    std::vector<std::string> atenOps; ///< what it decomposes to ("add", "reciprocal", "mul")
    int line = 0;
    long tick = 0; ///< op calls of the run before it (playback order)
};

/// A fused kernel of Inductor's output code for one graph.
struct Kernel {
    std::string name; ///< cpp_fused_add_mul_0, extern_kernels.mm
    std::string kind; ///< pointwise, reduction, extern
    std::vector<std::string> ops; ///< aten op names, in graph order
    std::vector<int> nodes; ///< indices of the FX nodes (in CompiledGraph::nodes) it covers
    std::int64_t bytesRead = 0, bytesWritten = 0;
};

struct CompiledGraph {
    int id = 0; ///< index in CompileResult::graphs
    int call = 0; ///< the call that compiled it
    std::string frame; ///< "f", "torch_dynamo_resume_in_f_at_7"
    std::vector<FxNode> nodes; ///< placeholders first, then ops; no output node
    std::string code; ///< print_readable-like Python source of the graph
    std::vector<std::string> ops; ///< call_function targets (what explain counts as ops)
    std::vector<std::string> guards; ///< the frame entry's guards, readable
    std::optional<BreakReason> breakReason; ///< the graph was compiled at this graph break
    int firstLine = 0, lastLine = 0;
    std::vector<Kernel> kernels;
    std::int64_t bytesUnfused = 0, bytesFused = 0;
    std::shared_ptr<Graph> aten; ///< the runnable aten-level graph (placeholders are its inputs)
};

/// What the capture did at one point of the example call, for playback.
struct CaptureEvent {
    enum class Kind { Node, Break, Skip, GraphEnd };
    Kind kind = Kind::Node;
    int graph = -1; ///< Node/GraphEnd: the graph id
    int node = -1; ///< Node: index in the graph's nodes
    int line = 0;
    long tick = 0;
    std::string text; ///< Break/Skip: the reason
};

struct CallRecord {
    std::string inputs; ///< "example", "check", "calls[0]", ...
    std::string cache; ///< "hit", "compile", "eager" (frames past the recompile limit or skipped)
    std::string reason; ///< the first recompile reason ("" when none)
    std::vector<int> graphs; ///< graph ids run, in order
    std::vector<int> compiled; ///< graph ids compiled by this call
    Value output;
    std::optional<SourceError> error;
    bool matchesEager = true;
    bool compiledSomething = false; ///< some frame compiled (first time or again)
    bool eagerFrames = false; ///< some frame ran eagerly (skipped or past the limit)
};

struct CompileResult {
    std::vector<CompiledGraph> graphs; ///< every graph compiled, in compile order
    // What torch._dynamo.explain reports for the first call:
    int graphCount = 0;
    int graphBreakCount = 0; ///< graphCount - 1, as explain computes it
    int opCount = 0;
    std::vector<BreakReason> breakReasons;
    std::vector<BreakReason> skippedFrames; ///< "Skipping frame because there is a graph break in a for/while loop"
    std::vector<CaptureEvent> events; ///< the first call's capture
    std::vector<CallRecord> calls;
    int recompiles = 0;
    std::vector<std::string> warnings;
};

struct CompileCall {
    std::string label;
    std::vector<Value> inputs;
};

/// Runs `calls` in order through one torch.compile'd `entry`. The first call is what
/// explain describes. Runtime errors of a call are recorded in its CallRecord, except that a
/// failing first call throws SourceError / StepLimitError like the eager run.
CompileResult compileCalls(const Module &module, const FunctionDef &entry, const std::vector<CompileCall> &calls,
    long stepLimit, const WorkControl &control);

/// "torch.compile: 3 graphs, 2 graph breaks, 6 ops, 1 recompile" (explain's counts of the first call).
std::string explainText(const CompileResult &result);

/// Dynamo's cache_size_limit (recompile_limit in newer releases).
constexpr int kRecompileLimit = 8;

/// Inductor-style lowering of a captured graph: kernels and bytes moved, unfused and fused.
void lowerToKernels(CompiledGraph &graph);

} // namespace conceptlab::graphcapture
