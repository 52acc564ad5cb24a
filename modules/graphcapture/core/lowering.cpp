// Expression lowering: operators, builtins, torch functions and tensor methods as ops.
#include "lowering.h"

#include <cstdint>
#include <map>
#include <set>

namespace conceptlab::graphcapture {

namespace {

    [[noreturn]] void fail(const Expr &at, std::string message)
    {
        throw SourceError { at.line, at.column, std::move(message) };
    }

    bool isNumberKind(ValueKind k)
    {
        return k == ValueKind::Int || k == ValueKind::Float || k == ValueKind::Bool;
    }

    const std::map<std::string, std::string> kBinaryOps = { { "+", "add" }, { "-", "sub" }, { "*", "mul" },
        { "/", "div" }, { "//", "floordiv" }, { "%", "remainder" }, { "**", "pow" }, { "@", "matmul" }, { "<", "lt" },
        { ">", "gt" }, { "<=", "le" }, { ">=", "ge" }, { "==", "eq" }, { "!=", "ne" } };

    const std::map<std::string, std::string> kFlipped
        = { { "lt", "gt" }, { "gt", "lt" }, { "le", "ge" }, { "ge", "le" }, { "eq", "eq" }, { "ne", "ne" } };

    // The FX spelling of the op emitted next (see FxHint).
    void hint(Emitter &em, const char *op, std::string target, std::vector<Value> args = {})
    {
        em.fx = FxHint { op, std::move(target), std::move(args) };
    }

    const std::map<std::string, std::string> kOperatorNames
        = { { "add", "add" }, { "sub", "sub" }, { "mul", "mul" }, { "div", "truediv" }, { "floordiv", "floordiv" },
              { "remainder", "mod" }, { "pow", "pow" }, { "matmul", "matmul" }, { "lt", "lt" }, { "gt", "gt" },
              { "le", "le" }, { "ge", "ge" }, { "eq", "eq" }, { "ne", "ne" } };

    Operand none(Emitter &em)
    {
        return em.constant(Value::none());
    }

    Operand binary(Emitter &em, const std::string &name, const Operand &a, const Operand &b, const Expr &at)
    {
        const bool compare = kFlipped.count(name) > 0;
        auto typeError = [&] {
            fail(at,
                "unsupported operand type(s) for " + at.text + ": '" + kindName(a.kind) + "' and '" + kindName(b.kind)
                    + "'");
        };
        em.setPosition(at.line, at.column);
        const bool augmented = !at.text.empty() && at.text.back() == '=' && at.text.size() > 1 && !compare;
        hint(em, "call_function", std::string("operator.") + (augmented ? "i" : "") + kOperatorNames.at(name),
            { a.value, b.value });
        if (name == "matmul") {
            if (a.kind != ValueKind::Tensor || b.kind != ValueKind::Tensor)
                typeError();
            return em.op("aten::matmul", { a, b });
        }
        if (a.kind == ValueKind::Tensor) {
            if (b.kind != ValueKind::Tensor && !isNumberKind(b.kind))
                typeError();
            if (name == "floordiv")
                return em.op("aten::floor_divide", { a, b });
            if (name == "add" || name == "sub")
                return em.op("aten::" + name, { a, b, em.constant(Value::integer(1)) });
            return em.op("aten::" + name, { a, b });
        }
        if (b.kind == ValueKind::Tensor) {
            if (!isNumberKind(a.kind))
                typeError();
            if (em.scripting()) {
                // TorchScript's builtin scalar operators (builtin_functions.cpp, inlined): a + t is
                // t + a, a - t is neg(t) + a, a / t is reciprocal(t) * a, comparisons swap sides.
                if (name == "floordiv" || name == "remainder")
                    typeError();
                if (name == "add")
                    return em.op("aten::add", { b, a, em.constant(Value::integer(1)) });
                if (name == "mul")
                    return em.op("aten::mul", { b, a });
                if (name == "sub") {
                    const Operand negated = em.op("aten::neg", { b });
                    return em.op("aten::add", { negated, a, em.constant(Value::integer(1)) });
                }
                if (name == "div") {
                    const Operand r = em.op("aten::reciprocal", { b });
                    return em.op("aten::mul", { r, a });
                }
                if (compare)
                    return em.op("aten::" + kFlipped.at(name), { b, a });
                return em.op("aten::" + name, { a, b });
            }
            if (name == "add" || name == "mul")
                return em.op("aten::" + name,
                    name == "add" ? std::vector<Operand> { b, a, em.constant(Value::integer(1)) }
                                  : std::vector<Operand> { b, a });
            if (name == "sub")
                return em.op("aten::rsub", { b, a, em.constant(Value::integer(1)) });
            if (name == "div") {
                const Operand r = em.op("aten::reciprocal", { b });
                return em.op("aten::mul", { r, a });
            }
            if (compare)
                return em.op("aten::" + kFlipped.at(name), { b, a });
            if (name == "pow")
                return em.op("aten::pow", { a, b });
            typeError();
        }
        const bool comparable = compare && (name == "eq" || name == "ne")
            && (a.kind == ValueKind::None || b.kind == ValueKind::None
                || (a.kind == ValueKind::Str && b.kind == ValueKind::Str));
        if (!comparable && (!isNumberKind(a.kind) || !isNumberKind(b.kind)))
            typeError();
        return em.op("aten::" + name, { a, b });
    }

    // Binds positional and keyword arguments of a call to parameter names.
    std::vector<const Expr *> bindArgs(const Expr &call, const std::string &function,
        const std::vector<std::string> &names, std::size_t required, std::size_t firstPositional = 1)
    {
        std::vector<const Expr *> slots(names.size(), nullptr);
        const std::size_t positional = call.items.size() - firstPositional;
        if (positional > names.size())
            fail(call,
                function + "() takes at most " + std::to_string(names.size()) + " argument"
                    + (names.size() == 1 ? "" : "s") + " (" + std::to_string(positional) + " given)");
        for (std::size_t k = 0; k < positional; ++k)
            slots[k] = call.items[k + firstPositional].get();
        for (const auto &kw : call.keywords) {
            std::size_t k = 0;
            while (k < names.size() && names[k] != kw.name)
                ++k;
            if (k == names.size())
                fail(*kw.value, function + "() got an unexpected keyword argument '" + kw.name + "'");
            if (slots[k])
                fail(*kw.value, function + "() got multiple values for argument '" + kw.name + "'");
            slots[k] = kw.value.get();
        }
        for (std::size_t k = 0; k < required; ++k)
            if (!slots[k])
                fail(call, function + "() missing required argument '" + names[k] + "'");
        return slots;
    }

    Operand expectKind(Emitter &em, const Expr &e, ValueKind kind, const std::string &function, const std::string &arg)
    {
        Operand v = lowerExpr(em, e);
        if (v.kind == kind || (kind == ValueKind::Int && v.kind == ValueKind::Bool))
            return v;
        fail(e,
            function + "(): expected a value of type '" + kindName(kind) + "' for argument '" + arg
                + "' but instead found type '" + kindName(v.kind) + "'");
    }

    // A list or tuple literal whose items are each of `kind`, as one prim::ListConstruct at the call.
    Operand listLiteral(Emitter &em, const Expr &call, const Expr &literal, ValueKind kind, const std::string &function,
        const std::string &arg)
    {
        std::vector<Operand> items;
        for (const auto &item : literal.items)
            items.push_back(expectKind(em, *item, kind, function, arg));
        em.setPosition(call.line, call.column);
        return em.op("prim::ListConstruct", items);
    }

    // An int list for sizes and dims: a literal list/tuple, a list value, or several int arguments.
    Operand intListArg(Emitter &em, const Expr &call, std::size_t first, const std::string &function)
    {
        if (call.items.size() == first + 1) {
            const Expr &only = *call.items[first];
            if (only.kind == ExprKind::List || only.kind == ExprKind::Tuple)
                return listLiteral(em, call, only, ValueKind::Int, function, "size");
            Operand v = lowerExpr(em, only);
            if (v.kind == ValueKind::List)
                return v;
            if (v.kind != ValueKind::Int)
                fail(only,
                    function + "(): expected ints or a list of ints for the size, found '" + kindName(v.kind) + "'");
            em.setPosition(call.line, call.column);
            return em.op("prim::ListConstruct", { v });
        }
        if (call.items.size() <= first)
            fail(call, function + "() needs a size");
        std::vector<Operand> items;
        for (std::size_t k = first; k < call.items.size(); ++k)
            items.push_back(expectKind(em, *call.items[k], ValueKind::Int, function, "size"));
        em.setPosition(call.line, call.column);
        return em.op("prim::ListConstruct", items);
    }

    const std::set<std::string> kUnaryFunctions = { "relu", "tanh", "sigmoid", "exp", "log", "neg", "abs" };

    // Tensor methods and their torch.<name>(tensor, ...) spellings; `self` is lowered already.
    Operand tensorMethod(Emitter &em, const Expr &call, const std::string &name, const Operand &self, std::size_t first)
    {
        const std::string &function = name;
        auto done = [&](const std::string &kind, const std::vector<Operand> &args) {
            em.setPosition(call.line, call.column);
            if (kind != "prim::ListConstruct")
                hint(em, first == 1 ? "call_method" : "call_function", first == 1 ? name : "torch." + name);
            return em.op(kind, args);
        };
        if (kUnaryFunctions.count(name)) {
            bindArgs(call, function, {}, 0, first);
            return done("aten::" + name, { self });
        }
        if (name == "sum" || name == "mean") {
            auto slots = bindArgs(call, function, { "dim", "keepdim" }, 0, first);
            if (!slots[0]) {
                if (slots[1])
                    fail(*slots[1], function + "(): keepdim needs dim");
                return done("aten::" + name, { self, none(em) });
            }
            Operand dims;
            if (slots[0]->kind == ExprKind::List || slots[0]->kind == ExprKind::Tuple) {
                dims = listLiteral(em, call, *slots[0], ValueKind::Int, function, "dim");
            } else {
                Operand d = expectKind(em, *slots[0], ValueKind::Int, function, "dim");
                dims = done("prim::ListConstruct", { d });
            }
            Operand keep = slots[1] ? expectKind(em, *slots[1], ValueKind::Bool, function, "keepdim")
                                    : em.constant(Value::boolean(false));
            return done("aten::" + name, { self, dims, keep, none(em) });
        }
        if (name == "max") {
            if (call.items.size() > first || !call.keywords.empty())
                fail(call, "max(dim) is not supported; max() returns the largest element");
            return done("aten::max", { self });
        }
        if (name == "item" || name == "t") {
            bindArgs(call, function, {}, 0, first);
            return done("aten::" + name, { self });
        }
        if (name == "view" || name == "reshape") {
            if (!call.keywords.empty())
                fail(call, function + "() takes no keyword arguments");
            Operand shape = intListArg(em, call, first, function);
            return done("aten::" + name, { self, shape });
        }
        if (name == "size") {
            auto slots = bindArgs(call, function, { "dim" }, 0, first);
            if (!slots[0])
                return done("aten::size", { self });
            Operand d = expectKind(em, *slots[0], ValueKind::Int, function, "dim");
            return done("aten::size", { self, d });
        }
        if (name == "softmax") {
            auto slots = bindArgs(call, function, { "dim" }, 1, first);
            Operand d = expectKind(em, *slots[0], ValueKind::Int, function, "dim");
            return done("aten::softmax", { self, d, none(em) });
        }
        fail(call, "'Tensor' object has no attribute or method '" + name + "'");
    }

    Operand torchFunction(Emitter &em, const Expr &call, const std::string &name)
    {
        const std::string function = "torch." + name;
        auto done = [&](const std::string &kind, const std::vector<Operand> &args) {
            em.setPosition(call.line, call.column);
            hint(em, "call_function", function);
            return em.op(kind, args);
        };
        if (name == "zeros" || name == "ones") {
            if (!call.keywords.empty())
                fail(call, function + "() keyword arguments are not supported");
            Operand size = intListArg(em, call, 1, function);
            return done("aten::" + name, { size, none(em), none(em), none(em), none(em) });
        }
        if (name == "zeros_like" || name == "ones_like") {
            auto slots = bindArgs(call, function, { "input" }, 1);
            Operand x = expectKind(em, *slots[0], ValueKind::Tensor, function, "input");
            return done("aten::" + name, { x, none(em), none(em), none(em), none(em), none(em) });
        }
        if (name == "matmul") {
            auto slots = bindArgs(call, function, { "input", "other" }, 2);
            Operand a = expectKind(em, *slots[0], ValueKind::Tensor, function, "input");
            Operand b = expectKind(em, *slots[1], ValueKind::Tensor, function, "other");
            return done("aten::matmul", { a, b });
        }
        if (name == "cat") {
            auto slots = bindArgs(call, function, { "tensors", "dim" }, 1);
            Operand list;
            if (slots[0]->kind == ExprKind::List || slots[0]->kind == ExprKind::Tuple) {
                list = listLiteral(em, call, *slots[0], ValueKind::Tensor, function, "tensors");
            } else {
                list = lowerExpr(em, *slots[0]);
                if (list.kind != ValueKind::List)
                    fail(*slots[0], function + "(): expected a list of Tensors");
            }
            Operand dim = slots[1] ? expectKind(em, *slots[1], ValueKind::Int, function, "dim")
                                   : em.constant(Value::integer(0));
            return done("aten::cat", { list, dim });
        }
        static const std::set<std::string> methods = { "relu", "tanh", "sigmoid", "exp", "log", "neg", "abs", "sum",
            "mean", "max", "t", "reshape", "softmax" };
        if (methods.count(name)) {
            if (call.items.size() < 2)
                fail(call, function + "() missing required argument 'input'");
            Operand self = expectKind(em, *call.items[1], ValueKind::Tensor, function, "input");
            return tensorMethod(em, call, name, self, 2);
        }
        fail(call, "unknown function '" + function + "'");
    }

    Operand convert(Emitter &em, const Expr &call, const std::string &name)
    {
        auto slots = bindArgs(call, name, { "x" }, 1);
        Operand v = lowerExpr(em, *slots[0]);
        const ValueKind target = name == "float" ? ValueKind::Float : name == "int" ? ValueKind::Int : ValueKind::Bool;
        const bool scalar = v.ir && v.ir->type.kind == IrType::Kind::Scalar; // item() result when scripting
        if (v.kind == target && !scalar)
            return v;
        if (v.kind != ValueKind::Tensor && !isNumberKind(v.kind))
            fail(*slots[0], name + "() argument must be a Tensor or a number, not '" + kindName(v.kind) + "'");
        em.setPosition(call.line, call.column);
        hint(em, "call_function", "builtins." + name);
        const std::string kind = name == "float" ? "aten::Float" : name == "int" ? "aten::Int" : "aten::Bool";
        return em.op(kind, { v });
    }

    Operand lowerCall(Emitter &em, const Expr &call)
    {
        const Expr &callee = *call.items[0];
        if (callee.kind == ExprKind::Attribute) {
            const Expr &object = *callee.items[0];
            if (object.kind == ExprKind::Name && object.text == "torch" && !em.isCallable("torch"))
                return torchFunction(em, call, callee.text);
            if (object.kind == ExprKind::Attribute && object.items[0]->kind == ExprKind::Name
                && object.items[0]->text == "torch" && object.text == "_dynamo" && callee.text == "graph_break") {
                bindArgs(call, "torch._dynamo.graph_break", {}, 0);
                em.setPosition(call.line, call.column);
                return em.graphBreak(call);
            }
            if (object.kind == ExprKind::Attribute && object.items[0]->kind == ExprKind::Name
                && object.items[0]->text == "torch")
                fail(callee, "unknown function 'torch." + object.text + "." + callee.text + "'");
            Operand self = lowerExpr(em, object);
            if (self.kind != ValueKind::Tensor)
                fail(callee,
                    std::string("'") + kindName(self.kind) + "' object has no attribute or method '" + callee.text
                        + "'");
            return tensorMethod(em, call, callee.text, self, 1);
        }
        if (callee.kind != ExprKind::Name)
            fail(callee, "only named functions, torch functions and tensor methods can be called");
        const std::string &name = callee.text;
        if (em.isCallable(name)) {
            if (!call.keywords.empty())
                fail(call, "keyword arguments to user functions are not supported");
            std::vector<Operand> args;
            for (std::size_t k = 1; k < call.items.size(); ++k)
                args.push_back(lowerExpr(em, *call.items[k]));
            em.setPosition(call.line, call.column);
            return em.callUser(call, name, args);
        }
        if (name == "len") {
            auto slots = bindArgs(call, name, { "obj" }, 1);
            Operand v = lowerExpr(em, *slots[0]);
            if (v.kind != ValueKind::Tensor && v.kind != ValueKind::List && v.kind != ValueKind::Tuple)
                fail(*slots[0], std::string("object of type '") + kindName(v.kind) + "' has no len()");
            em.setPosition(call.line, call.column);
            return em.op("aten::len", { v });
        }
        if (name == "float" || name == "int" || name == "bool")
            return convert(em, call, name);
        if (name == "print") {
            if (!call.keywords.empty())
                fail(call, "print() keyword arguments are not supported");
            std::vector<Operand> args;
            for (std::size_t k = 1; k < call.items.size(); ++k)
                args.push_back(lowerExpr(em, *call.items[k]));
            em.setPosition(call.line, call.column);
            em.print(args);
            return none(em);
        }
        if (name == "range")
            fail(call, "range() is only supported as the iterable of a for loop");
        fail(callee, "unknown function '" + name + "'");
    }

} // namespace

Operand lowerExpr(Emitter &em, const Expr &e)
{
    switch (e.kind) {
    case ExprKind::Int:
        return em.literal(Value::integer(e.intValue));
    case ExprKind::Float:
        return em.literal(Value::real(e.floatValue));
    case ExprKind::Bool:
        return em.constant(Value::boolean(e.intValue != 0));
    case ExprKind::None:
        return none(em);
    case ExprKind::Str:
        return em.constant(Value::string(e.text));
    case ExprKind::Name:
        em.setPosition(e.line, e.column);
        return em.lookup(e);
    case ExprKind::Binary:
    case ExprKind::Compare: {
        Operand a = lowerExpr(em, *e.items[0]);
        Operand b = lowerExpr(em, *e.items[1]);
        return binary(em, kBinaryOps.at(e.text), a, b, e);
    }
    case ExprKind::Unary: {
        // A negative literal is a constant. TorchScript gets there by emitting neg(literal) and
        // folding it (the folded constant sits where the neg was, which the constant pool's order shows).
        if (em.scripting() && e.text == "-"
            && (e.items[0]->kind == ExprKind::Int || e.items[0]->kind == ExprKind::Float)) {
            Operand positive = lowerExpr(em, *e.items[0]);
            em.setPosition(e.line, e.column);
            return em.op("aten::neg", { positive });
        }
        if (e.text == "-" && e.items[0]->kind == ExprKind::Int && e.items[0]->intValue != INT64_MIN)
            return em.literal(Value::integer(-e.items[0]->intValue));
        if (e.text == "-" && e.items[0]->kind == ExprKind::Float)
            return em.literal(Value::real(-e.items[0]->floatValue));
        Operand a = lowerExpr(em, *e.items[0]);
        em.setPosition(e.line, e.column);
        if (e.text == "not") {
            Operand c = lowerCondition(em, a, *e.items[0]);
            em.setPosition(e.line, e.column);
            return em.op("aten::__not__", { c });
        }
        if (a.kind != ValueKind::Tensor && !isNumberKind(a.kind))
            fail(e, "bad operand type for unary " + e.text + ": '" + kindName(a.kind) + "'");
        if (e.text == "+")
            return a;
        hint(em, "call_function", "operator.neg", { a.value });
        return em.op("aten::neg", { a });
    }
    case ExprKind::BoolOp:
        return em.boolOp(e);
    case ExprKind::Call:
        return lowerCall(em, e);
    case ExprKind::Attribute: {
        if (e.items[0]->kind == ExprKind::Name && e.items[0]->text == "torch")
            fail(e, "torch." + e.text + " can only be called");
        Operand self = lowerExpr(em, *e.items[0]);
        if (self.kind == ValueKind::Tensor && e.text == "shape") {
            em.setPosition(e.line, e.column);
            return em.op("aten::size", { self });
        }
        fail(e, std::string("'") + kindName(self.kind) + "' object has no attribute '" + e.text + "'");
    }
    case ExprKind::Subscript: {
        Operand object = lowerExpr(em, *e.items[0]);
        const Expr &indexExpr = *e.items[1];
        if (object.kind == ValueKind::Tuple) {
            // Tuple elements may differ in type: the index must be a literal.
            std::int64_t k = 0;
            if (indexExpr.kind == ExprKind::Int)
                k = indexExpr.intValue;
            else if (indexExpr.kind == ExprKind::Unary && indexExpr.text == "-"
                && indexExpr.items[0]->kind == ExprKind::Int)
                k = -indexExpr.items[0]->intValue;
            else
                fail(indexExpr, "tuple indices must be integer literals");
            em.setPosition(e.line, e.column);
            return em.op("prim::TupleIndex", { object, em.constant(Value::integer(k)) });
        }
        Operand index = expectKind(em, indexExpr, ValueKind::Int, "subscript", "index");
        em.setPosition(e.line, e.column);
        if (object.kind == ValueKind::Tensor) {
            hint(em, "call_function", "operator.getitem", { object.value, index.value });
            return em.op("aten::select", { object, em.constant(Value::integer(0)), index });
        }
        if (object.kind == ValueKind::List)
            return em.op("aten::__getitem__", { object, index });
        fail(e, std::string("'") + kindName(object.kind) + "' object is not subscriptable");
    }
    case ExprKind::Tuple:
    case ExprKind::List: {
        std::vector<Operand> items;
        for (const auto &item : e.items)
            items.push_back(lowerExpr(em, *item));
        em.setPosition(e.line, e.column);
        return em.op(e.kind == ExprKind::Tuple ? "prim::TupleConstruct" : "prim::ListConstruct", items);
    }
    case ExprKind::Lambda:
        return em.lambda(e);
    }
    fail(e, "unsupported expression");
}

Operand lowerCondition(Emitter &em, const Operand &value, const Expr &where)
{
    if (value.kind == ValueKind::Bool)
        return value;
    if (value.kind == ValueKind::Tensor || value.kind == ValueKind::Int || value.kind == ValueKind::Float) {
        em.setPosition(where.line, where.column);
        return em.op("aten::Bool", { value });
    }
    fail(where, std::string("a condition must be a bool, a number or a Tensor, not '") + kindName(value.kind) + "'");
}

Operand lowerAugmented(
    Emitter &em, const std::string &op, const Operand &target, const Operand &value, int line, int column)
{
    Expr where;
    where.line = line;
    where.column = column;
    static const std::map<std::string, std::string> inplace
        = { { "+", "add_" }, { "-", "sub_" }, { "*", "mul_" }, { "/", "div_" } };
    em.setPosition(where.line, where.column);
    if (target.kind == ValueKind::Tensor && inplace.count(op)) {
        if (value.kind != ValueKind::Tensor && !isNumberKind(value.kind))
            fail(where, "unsupported operand type(s) for " + op + "=: 'Tensor' and '" + kindName(value.kind) + "'");
        const std::string kind = "aten::" + inplace.at(op);
        static const std::map<std::string, std::string> names
            = { { "+", "iadd" }, { "-", "isub" }, { "*", "imul" }, { "/", "itruediv" } };
        hint(em, "call_function", "operator." + names.at(op), { target.value, value.value });
        if (op == "+" || op == "-")
            return em.op(kind, { target, value, em.constant(Value::integer(1)) });
        return em.op(kind, { target, value });
    }
    where.text = op + "=";
    return binary(em, kBinaryOps.at(op), target, value, where);
}

RangeArgs lowerRange(Emitter &em, const Expr &iterable)
{
    if (iterable.kind != ExprKind::Call || iterable.items[0]->kind != ExprKind::Name
        || iterable.items[0]->text != "range" || em.isCallable("range"))
        fail(iterable, "for loops are only supported over range(...)");
    if (!iterable.keywords.empty())
        fail(iterable, "range() takes no keyword arguments");
    const std::size_t n = iterable.items.size() - 1;
    if (n < 1 || n > 3)
        fail(iterable, "range expected 1 to 3 arguments, got " + std::to_string(n));
    std::vector<Operand> args;
    for (std::size_t k = 1; k <= n; ++k)
        args.push_back(expectKind(em, *iterable.items[k], ValueKind::Int, "range", "arg " + std::to_string(k)));
    RangeArgs r;
    r.simple = n == 1;
    if (n == 1) {
        r.start = em.constant(Value::integer(0));
        r.stop = args[0];
        r.step = em.constant(Value::integer(1));
    } else {
        r.start = args[0];
        r.stop = args[1];
        r.step = n == 3 ? args[2] : em.constant(Value::integer(1));
    }
    return r;
}

} // namespace conceptlab::graphcapture
