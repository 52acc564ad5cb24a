// The op library: every aten:: and prim:: op the runtime knows, executed on values.
// Eager execution, the tracer and the IR interpreter all run ops through callOp, so the
// three agree by construction on what each op computes.
#pragma once

#include "value.h"

#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// Runs op `kind` ("aten::add", "prim::ListConstruct", ...) on `args`.
/// Throws TensorError with a message (no position) on bad arguments.
Value callOp(const std::string &kind, const std::vector<Value> &args);

/// Whether callOp knows `kind`.
bool isKnownOp(const std::string &kind);

} // namespace conceptlab::graphcapture
