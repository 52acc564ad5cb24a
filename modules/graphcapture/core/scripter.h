// Scripting: compiles the entry function (and the functions it calls) to a typed
// SSA graph in which control flow stays: prim::If with block0/block1 and prim::Loop with a
// trip count and a condition. Unsupported constructs are compile errors with a position.
#pragma once

#include "ir.h"
#include "syntax.h"

#include <memory>
#include <optional>

namespace conceptlab::graphcapture {

struct ScriptResult {
    /// PyTorch's `inlined_graph` (helpers inlined): the graph that runs; null when compilation failed
    std::unique_ptr<Graph> graph;
    /// PyTorch's `graph` when it differs (helpers as prim::CallFunction); null when there are no calls
    std::unique_ptr<Graph> callGraph;
    std::optional<SourceError> error; ///< the first compile error
};

ScriptResult scriptFunction(const Module &module, const FunctionDef &entry);

/// The type an annotation names ("" and "Tensor" are Tensor); nullopt when unsupported.
std::optional<IrType> annotationType(const std::string &annotation);

} // namespace conceptlab::graphcapture
