// The op library: every aten:: and prim:: op the runtime knows, executed on values.
// Eager execution, the tracer and the IR interpreter all run ops through callOp, so the
// three agree by construction on what each op computes.
#pragma once

#include "value.h"

#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// Runs op `kind` ("aten::add", "prim::ListConstruct", ...) on `args`.
/// Throws TensorError with a message (no position) on bad arguments.
Value callOp(const std::string &kind, const std::vector<Value> &args);

/// The most elements one tensor may hold (64 MB of float32).
inline constexpr std::int64_t kMaxTensorElements = std::int64_t { 1 } << 24;
/// The most element operations one execution of a program may spend on tensor ops: about a
/// second of this runtime's loops. A 4096×4096 matmul alone would need 2^36.
inline constexpr std::int64_t kMaxRunWork = std::int64_t { 1 } << 30;

/// The element operations callOp would spend on `args`, estimated from the shapes before it
/// runs: a matmul of [b, m, k] by [k, n] costs b·m·n·k plus what it reads and writes, other ops
/// the elements they read and write. Throws TensorError when the result alone would hold more
/// than kMaxTensorElements, so no op ever tries to allocate it.
std::int64_t opWork(const std::string &kind, const std::vector<Value> &args);

/// The tensor work one execution has spent, against kMaxRunWork.
class WorkMeter {
public:
    /// Adds opWork(kind, args); throws TensorError once the total passes kMaxRunWork.
    void charge(const std::string &kind, const std::vector<Value> &args);
    /// Element operations charged so far.
    std::int64_t spent() const { return m_spent; }

private:
    std::int64_t m_spent = 0;
};

/// Whether callOp knows `kind`.
bool isKnownOp(const std::string &kind);

} // namespace conceptlab::graphcapture
