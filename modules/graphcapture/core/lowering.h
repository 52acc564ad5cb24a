// Expression lowering shared by eager execution (and tracing) and scripting: Python
// expressions become sequences of aten::/prim:: ops on an Emitter. The eager emitter runs
// each op at once; the scripting emitter appends a typed IR node. Both therefore see the
// same op sequence for the same expression.
#pragma once

#include "ir.h"
#include "syntax.h"
#include "value.h"

#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// How TorchDynamo would spell the op about to be emitted in its FX graph: "call_function"
/// with a target such as "operator.add" or "torch.relu", or "call_method" with a method name.
/// `args` are the Python-level operands (for printing operators); empty: the op's own args.
struct FxHint {
    std::string op; ///< "" : no hint (a secondary op of the previous node)
    std::string target;
    std::vector<Value> args;
};

/// A lowered expression: a runtime value (eager) or an IR value (script), with its kind.
struct Operand {
    ValueKind kind = ValueKind::None;
    Value value; ///< eager
    IrValue *ir = nullptr; ///< script
    int tupleSize = 0; ///< script: number of tuple elements
};

class Emitter {
public:
    virtual ~Emitter() = default;
    /// A constant made where the lowering is (a default argument, True, None, a string).
    virtual Operand constant(const Value &value) = 0;
    /// A number literal of the source (TorchScript materialises these at the top of the graph).
    virtual Operand literal(const Value &value) { return constant(value); }
    /// Runs or records op `kind`; `what` names the conversion for tracer warnings.
    virtual Operand op(const std::string &kind, const std::vector<Operand> &args) = 0;
    virtual Operand lookup(const Expr &name) = 0;
    /// `a and b` / `a or b`: b is evaluated only when needed.
    virtual Operand boolOp(const Expr &expr) = 0;
    virtual Operand lambda(const Expr &expr) = 0;
    /// A call of a user function or a lambda variable; isCallable says whether `name` is one.
    virtual bool isCallable(const std::string &name) = 0;
    virtual Operand callUser(const Expr &call, const std::string &name, const std::vector<Operand> &args) = 0;
    virtual void print(const std::vector<Operand> &args) = 0;
    /// The source position of the expression being lowered.
    virtual void setPosition(int line, int column) = 0;
    /// Scripting follows TorchScript's schema matching (numbers become tensors through
    /// prim::NumToTensor); eager execution follows Python's reflected operators.
    virtual bool scripting() const { return false; }
    /// `torch._dynamo.graph_break()`: nothing for eager runs; scripting refuses it.
    virtual Operand graphBreak(const Expr &call) = 0;

    /// Set by the lowering just before the op it describes; read (and cleared) by a recorder.
    FxHint fx;
};

/// Lowers an expression; throws SourceError.
Operand lowerExpr(Emitter &em, const Expr &expr);
/// A condition for if/while: bool as is, tensors and numbers through aten::Bool.
Operand lowerCondition(Emitter &em, const Operand &value, const Expr &where);
/// `target op= value`: in-place aten::add_/sub_/mul_/div_ for tensors, else the binary op.
Operand lowerAugmented(
    Emitter &em, const std::string &op, const Operand &target, const Operand &value, int line, int column);
/// Bounds of `for i in range(...)`: start, stop, step operands (ints).
struct RangeArgs {
    Operand start, stop, step;
    bool simple = false; ///< range(n): start 0 and step 1
};
RangeArgs lowerRange(Emitter &em, const Expr &iterable);

} // namespace conceptlab::graphcapture
