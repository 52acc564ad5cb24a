// Op implementations, dispatched by name.
#include "ops.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

namespace conceptlab::graphcapture {

namespace {

    [[noreturn]] void bad(const std::string &message)
    {
        throw TensorError { message };
    }

    void arity(const std::string &kind, const std::vector<Value> &args, std::size_t n)
    {
        if (args.size() != n)
            bad(kind + " expects " + std::to_string(n) + " arguments, got " + std::to_string(args.size()));
    }

    const Tensor &tensorArg(const std::string &kind, const Value &v)
    {
        if (v.kind != ValueKind::Tensor)
            bad(kind + ": expected a Tensor but found " + kindName(v.kind));
        return *v.t;
    }

    TensorPtr asTensor(const Value &v)
    {
        if (v.kind == ValueKind::Tensor)
            return v.t;
        if (v.isNumber())
            return makeTensor({}, { static_cast<float>(v.number()) });
        bad(std::string("expected a Tensor or a number but found ") + kindName(v.kind));
    }

    std::int64_t intArg(const std::string &kind, const Value &v)
    {
        if (v.kind == ValueKind::Int)
            return v.i;
        if (v.kind == ValueKind::Bool)
            return v.b;
        bad(kind + ": expected an int but found " + kindName(v.kind));
    }

    std::vector<std::int64_t> intList(const std::string &kind, const Value &v)
    {
        std::vector<std::int64_t> out;
        if (v.kind == ValueKind::Int)
            return { v.i };
        if (v.kind != ValueKind::List && v.kind != ValueKind::Tuple)
            bad(kind + ": expected a list of ints but found " + kindName(v.kind));
        for (const auto &item : *v.items)
            out.push_back(intArg(kind, item));
        return out;
    }

    float scalarOf(const std::string &kind, const Tensor &t, const char *what)
    {
        if (t.numel() != 1) {
            if (std::string(what) == "bool")
                bad("Boolean value of Tensor with more than one value is ambiguous");
            bad(kind + ": a Tensor with " + std::to_string(t.numel()) + " elements cannot be converted to Scalar");
        }
        return t.data[0];
    }

    // Integers are 64-bit, as in TorchScript: a result that does not fit is an error, never a
    // silent wrap (Python would grow the integer; the tensor ops it feeds could not take it).
    [[noreturn]] void overflow(const char *op, std::int64_t a, std::int64_t b)
    {
        bad("integer overflow: " + std::to_string(a) + " " + op + " " + std::to_string(b)
            + " does not fit in a 64-bit integer");
    }
    std::int64_t checkedAdd(std::int64_t a, std::int64_t b)
    {
        std::int64_t result = 0;
        if (__builtin_add_overflow(a, b, &result))
            overflow("+", a, b);
        return result;
    }
    std::int64_t checkedSub(std::int64_t a, std::int64_t b)
    {
        std::int64_t result = 0;
        if (__builtin_sub_overflow(a, b, &result))
            overflow("-", a, b);
        return result;
    }
    std::int64_t checkedMul(std::int64_t a, std::int64_t b)
    {
        std::int64_t result = 0;
        if (__builtin_mul_overflow(a, b, &result))
            overflow("*", a, b);
        return result;
    }

    std::int64_t floorDiv(std::int64_t a, std::int64_t b)
    {
        if (b == -1)
            return checkedSub(0, a);
        std::int64_t q = a / b;
        if ((a % b != 0) && ((a < 0) != (b < 0)))
            --q;
        return q;
    }

    float pyMod(float a, float b)
    {
        const float r = std::fmod(a, b);
        return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }

    Value scalarArith(const std::string &op, const Value &a, const Value &b)
    {
        const bool ints = a.kind != ValueKind::Float && b.kind != ValueKind::Float;
        if (!a.isNumber() || !b.isNumber())
            bad("unsupported operand types for " + op + ": '" + kindName(a.kind) + "' and '" + kindName(b.kind) + "'");
        const std::int64_t ia = a.kind == ValueKind::Bool ? a.b : a.i, ib = b.kind == ValueKind::Bool ? b.b : b.i;
        const double fa = a.number(), fb = b.number();
        if (op == "add")
            return ints ? Value::integer(checkedAdd(ia, ib)) : Value::real(fa + fb);
        if (op == "sub")
            return ints ? Value::integer(checkedSub(ia, ib)) : Value::real(fa - fb);
        if (op == "mul")
            return ints ? Value::integer(checkedMul(ia, ib)) : Value::real(fa * fb);
        if (op == "div") {
            if (fb == 0)
                bad("division by zero");
            return Value::real(fa / fb);
        }
        if (op == "floordiv") {
            if (fb == 0)
                bad("integer division or modulo by zero");
            return ints ? Value::integer(floorDiv(ia, ib)) : Value::real(std::floor(fa / fb));
        }
        if (op == "remainder") {
            if (fb == 0)
                bad("integer division or modulo by zero");
            if (ints)
                return Value::integer(checkedSub(ia, checkedMul(floorDiv(ia, ib), ib)));
            const double r = std::fmod(fa, fb);
            return Value::real((r != 0 && ((r < 0) != (fb < 0))) ? r + fb : r);
        }
        if (op == "pow") {
            if (ints && ib >= 0) {
                if (ia == 0 || ia == 1)
                    return Value::integer(ib == 0 ? 1 : ia);
                if (ia == -1)
                    return Value::integer(ib % 2 ? -1 : 1);
                std::int64_t result = 1;
                for (std::int64_t k = 0; k < ib; ++k) // |ia| >= 2: at most 63 rounds before overflow
                    if (__builtin_mul_overflow(result, ia, &result))
                        bad("integer overflow: " + std::to_string(ia) + " ** " + std::to_string(ib)
                            + " does not fit in a 64-bit integer");
                return Value::integer(result);
            }
            if (fa == 0 && fb < 0)
                bad("0.0 cannot be raised to a negative power");
            return Value::real(std::pow(fa, fb));
        }
        bad("unknown scalar op " + op);
    }

    bool scalarCompare(const std::string &op, const Value &a, const Value &b)
    {
        if (a.kind == ValueKind::None || b.kind == ValueKind::None) {
            const bool same = a.kind == b.kind;
            if (op == "eq")
                return same;
            if (op == "ne")
                return !same;
        }
        if (a.kind == ValueKind::Str && b.kind == ValueKind::Str) {
            if (op == "eq")
                return a.s == b.s;
            if (op == "ne")
                return a.s != b.s;
        }
        if (!a.isNumber() || !b.isNumber())
            bad("unsupported operand types for comparison: '" + std::string(kindName(a.kind)) + "' and '"
                + kindName(b.kind) + "'");
        const double x = a.number(), y = b.number();
        if (op == "lt")
            return x < y;
        if (op == "gt")
            return x > y;
        if (op == "le")
            return x <= y;
        if (op == "ge")
            return x >= y;
        if (op == "eq")
            return x == y;
        return x != y;
    }

    std::function<float(float, float)> arithKernel(const std::string &op)
    {
        if (op == "add")
            return [](float x, float y) { return x + y; };
        if (op == "sub")
            return [](float x, float y) { return x - y; };
        if (op == "mul")
            return [](float x, float y) { return x * y; };
        if (op == "div")
            return [](float x, float y) { return x / y; };
        if (op == "pow")
            return [](float x, float y) { return std::pow(x, y); };
        if (op == "remainder")
            return pyMod;
        if (op == "floor_divide")
            return [](float x, float y) { return std::floor(x / y); };
        if (op == "lt")
            return [](float x, float y) { return float(x < y); };
        if (op == "gt")
            return [](float x, float y) { return float(x > y); };
        if (op == "le")
            return [](float x, float y) { return float(x <= y); };
        if (op == "ge")
            return [](float x, float y) { return float(x >= y); };
        if (op == "eq")
            return [](float x, float y) { return float(x == y); };
        return [](float x, float y) { return float(x != y); };
    }

    const std::set<std::string> kArith = { "add", "sub", "mul", "div", "pow", "remainder", "floor_divide", "floordiv" };
    const std::set<std::string> kCompare = { "lt", "gt", "le", "ge", "eq", "ne" };
    const std::set<std::string> kUnary = { "relu", "tanh", "sigmoid", "exp", "log", "neg", "reciprocal", "abs" };

    float unary(const std::string &op, float x)
    {
        if (op == "relu")
            return std::isnan(x) ? x : x > 0 ? x : 0.0f;
        if (op == "tanh")
            return std::tanh(x);
        if (op == "sigmoid")
            return 1.0f / (1.0f + std::exp(-x));
        if (op == "exp")
            return std::exp(x);
        if (op == "log")
            return std::log(x);
        if (op == "neg")
            return -x;
        if (op == "abs")
            return std::fabs(x);
        return 1.0f / x;
    }

    void checkNone(const std::string &kind, const std::vector<Value> &args, std::size_t from)
    {
        for (std::size_t k = from; k < args.size(); ++k)
            if (args[k].kind != ValueKind::None)
                bad(kind + ": argument " + std::to_string(k + 1) + " must be None");
    }

    Value elementOf(const std::string &kind, const Value &seq, const Value &index)
    {
        const auto n = static_cast<std::int64_t>(seq.items->size());
        auto k = intArg(kind, index);
        if (k < -n || k >= n)
            bad(std::string(seq.kind == ValueKind::List ? "list" : "tuple") + " index out of range");
        if (k < 0)
            k += n;
        return (*seq.items)[static_cast<std::size_t>(k)];
    }

} // namespace

bool isKnownOp(const std::string &kind)
{
    static const std::set<std::string> known = [] {
        std::set<std::string> s;
        for (const auto &op : kArith)
            s.insert("aten::" + op);
        for (const auto &op : kCompare)
            s.insert("aten::" + op);
        for (const auto &op : kUnary)
            s.insert("aten::" + op);
        for (const char *op :
            { "aten::add_", "aten::sub_", "aten::mul_", "aten::div_", "aten::rsub", "aten::matmul", "aten::Bool",
                "aten::Int", "aten::Float", "aten::IntImplicit", "aten::FloatImplicit", "aten::item", "aten::__not__",
                "aten::softmax", "aten::sum", "aten::mean", "aten::max", "aten::t", "aten::view", "aten::reshape",
                "aten::zeros", "aten::ones", "aten::zeros_like", "aten::ones_like", "aten::cat", "aten::size",
                "aten::len", "aten::__getitem__", "aten::select", "aten::__range_length", "aten::__derive_index",
                "prim::TupleIndex", "prim::ListConstruct", "prim::TupleConstruct", "aten::str", "prim::NumToTensor" })
            s.insert(op);
        return s;
    }();
    return known.count(kind) > 0;
}

namespace {

    // Arithmetic, comparisons (in-place forms too), unary functions and matmul; nullopt when `op` is not one of them.
    std::optional<Value> elementwiseOp(const std::string &kind, const std::string &op, const std::vector<Value> &args)
    {
        const bool inplace = op.size() > 1 && op.back() == '_' && op.rfind("__", 0) != 0;
        const std::string base = inplace ? op.substr(0, op.size() - 1) : op;
        if (kArith.count(base) || kCompare.count(base)) {
            const std::size_t expected = (base == "add" || base == "sub") && (args.size() == 3 || inplace) ? 3 : 2;
            arity(kind, args, expected);
            if (expected == 3 && intArg(kind, args[2]) != 1 && args[0].kind == ValueKind::Tensor)
                bad(kind + ": only alpha=1 is supported");
            const bool tensors = args[0].kind == ValueKind::Tensor || args[1].kind == ValueKind::Tensor;
            if (!tensors) {
                if (kCompare.count(base))
                    return Value::boolean(scalarCompare(base, args[0], args[1]));
                return scalarArith(base == "floor_divide" ? "floordiv" : base, args[0], args[1]);
            }
            const auto a = asTensor(args[0]), b = asTensor(args[1]);
            if (base == "floordiv")
                bad("floor division of tensors: use torch.floor_divide");
            const DType type = kCompare.count(base) ? DType::Bool : DType::Float;
            auto result = elementwise(*a, *b, type, arithKernel(base));
            if (inplace) {
                if (args[0].kind != ValueKind::Tensor)
                    bad(kind + ": in-place operation needs a Tensor");
                if (result->shape != a->shape)
                    bad("output with shape " + shapeText(a->shape) + " doesn't match the broadcast shape "
                        + shapeText(result->shape));
                args[0].t->data = result->data;
                args[0].t->dtype = DType::Float;
                return args[0];
            }
            return Value::tensor(result);
        }
        if (op == "rsub") {
            arity(kind, args, 3);
            const auto a = asTensor(args[0]), b = asTensor(args[1]);
            return Value::tensor(elementwise(*b, *a, DType::Float, arithKernel("sub")));
        }
        if (kUnary.count(op)) {
            arity(kind, args, 1);
            if (op == "neg" && args[0].isNumber())
                return args[0].kind == ValueKind::Float
                    ? Value::real(-args[0].f)
                    : Value::integer(checkedSub(0, args[0].kind == ValueKind::Bool ? args[0].b : args[0].i));
            const auto &t = tensorArg(kind, args[0]);
            return Value::tensor(mapTensor(t, [&](float x) { return unary(op, x); }));
        }
        if (op == "matmul") {
            arity(kind, args, 2);
            return Value::tensor(matmul(tensorArg(kind, args[0]), tensorArg(kind, args[1])));
        }
        return std::nullopt;
    }

    // Tensor and number conversions: Bool, Int, Float, item, __not__; nullopt when `op` is not one of them.
    std::optional<Value> conversionOp(const std::string &kind, const std::string &op, const std::vector<Value> &args)
    {
        if (op == "IntImplicit" || op == "FloatImplicit") {
            // TorchScript's implicit Tensor-to-number conversion of a reassigned variable.
            arity(kind, args, 1);
            if (args[0].kind != ValueKind::Tensor)
                bad(kind + ": expected a tensor");
            if (!args[0].t->shape.empty())
                bad("Cannot input a tensor of dimension other than 0 as a scalar argument");
            const double x = args[0].t->data[0];
            if (op == "IntImplicit")
                return Value::integer(static_cast<std::int64_t>(x));
            return Value::real(x);
        }
        if (op == "Bool" || op == "Int" || op == "Float" || op == "item") {
            arity(kind, args, 1);
            const Value &v = args[0];
            double x = 0;
            bool isBoolTensor = false;
            if (v.kind == ValueKind::Tensor) {
                x = scalarOf(kind, *v.t, op == "Bool" ? "bool" : "number");
                isBoolTensor = v.t->dtype == DType::Bool;
            } else if (v.isNumber()) {
                x = v.number();
            } else {
                bad(kind + ": cannot convert " + kindName(v.kind));
            }
            if (op == "Bool")
                return Value::boolean(x != 0);
            if (op == "Int") {
                if (!std::isfinite(x) || std::fabs(x) > 9.2e18)
                    bad("cannot convert float " + valueText(Value::real(x)) + " to integer");
                return Value::integer(static_cast<std::int64_t>(x));
            }
            if (op == "item" && isBoolTensor)
                return Value::boolean(x != 0);
            return Value::real(x);
        }
        if (op == "__not__") {
            arity(kind, args, 1);
            if (args[0].kind != ValueKind::Bool)
                bad(kind + ": expected a bool");
            return Value::boolean(!args[0].b);
        }
        return std::nullopt;
    }

    // Reductions, shape changes, constructors and concatenation of tensors; nullopt when `op` is not one of them.
    std::optional<Value> shapeOp(const std::string &kind, const std::string &op, const std::vector<Value> &args)
    {
        if (op == "softmax") {
            arity(kind, args, 3);
            return Value::tensor(softmax(tensorArg(kind, args[0]), intArg(kind, args[1])));
        }
        if (op == "sum" || op == "mean") {
            const auto &t = tensorArg(kind, args[0]);
            if (args.size() == 2) {
                checkNone(kind, args, 1);
                return Value::tensor(reduceSum(t, {}, false, op == "mean"));
            }
            arity(kind, args, 4);
            checkNone(kind, args, 3);
            auto dims = intList(kind, args[1]);
            if (args[2].kind != ValueKind::Bool)
                bad(kind + ": keepdim must be a bool");
            if (dims.empty())
                bad(kind + ": dim list must not be empty");
            return Value::tensor(reduceSum(t, dims, args[2].b, op == "mean"));
        }
        if (op == "max") {
            arity(kind, args, 1);
            return Value::tensor(reduceMax(tensorArg(kind, args[0])));
        }
        if (op == "t") {
            arity(kind, args, 1);
            return Value::tensor(transpose2d(tensorArg(kind, args[0])));
        }
        if (op == "view" || op == "reshape") {
            arity(kind, args, 2);
            return Value::tensor(reshape(tensorArg(kind, args[0]), intList(kind, args[1]), op == "view"));
        }
        if (op == "zeros" || op == "ones") {
            arity(kind, args, 5); // the options: None when scripted, the resolved ones when traced
            return Value::tensor(filledTensor(intList(kind, args[0]), op == "ones" ? 1.0f : 0.0f));
        }
        if (op == "zeros_like" || op == "ones_like") {
            arity(kind, args, 6);
            return Value::tensor(filledTensor(tensorArg(kind, args[0]).shape, op == "ones_like" ? 1.0f : 0.0f));
        }
        if (op == "cat") {
            arity(kind, args, 2);
            if (args[0].kind != ValueKind::List && args[0].kind != ValueKind::Tuple)
                bad(kind + ": expected a list of Tensors");
            std::vector<TensorPtr> parts;
            for (const auto &item : *args[0].items)
                parts.push_back(std::make_shared<Tensor>(tensorArg(kind, item)));
            return Value::tensor(concatenate(parts, intArg(kind, args[1])));
        }
        return std::nullopt;
    }

    // Sizes, lengths, indexing, range arithmetic, lists, tuples and str; nullopt when `op` is not one of them.
    std::optional<Value> sequenceOp(const std::string &kind, const std::string &op, const std::vector<Value> &args)
    {
        if (op == "size") {
            const auto &t = tensorArg(kind, args[0]);
            if (args.size() == 1) {
                ValueList dims;
                for (auto d : t.shape)
                    dims.push_back(Value::integer(d));
                return Value::sequence(ValueKind::List, std::move(dims));
            }
            arity(kind, args, 2);
            if (t.shape.empty())
                bad("Dimension specified as " + std::to_string(intArg(kind, args[1]))
                    + " but tensor has no dimensions");
            return Value::integer(
                t.shape[static_cast<std::size_t>(normalizeDim(intArg(kind, args[1]), t.shape.size()))]);
        }
        if (op == "len") {
            arity(kind, args, 1);
            if (args[0].kind == ValueKind::Tensor) {
                if (args[0].t->shape.empty())
                    bad("len() of a 0-d tensor");
                return Value::integer(args[0].t->shape[0]);
            }
            if (args[0].kind == ValueKind::List || args[0].kind == ValueKind::Tuple)
                return Value::integer(static_cast<std::int64_t>(args[0].items->size()));
            bad(std::string("object of type '") + kindName(args[0].kind) + "' has no len()");
        }
        if (op == "__getitem__" || op == "TupleIndex") {
            arity(kind, args, 2);
            if (args[0].kind != ValueKind::List && args[0].kind != ValueKind::Tuple)
                bad(std::string("'") + kindName(args[0].kind) + "' object is not subscriptable");
            return elementOf(kind, args[0], args[1]);
        }
        if (op == "select") {
            arity(kind, args, 3);
            return Value::tensor(selectIndex(tensorArg(kind, args[0]), intArg(kind, args[1]), intArg(kind, args[2])));
        }
        if (op == "__range_length") {
            arity(kind, args, 3);
            const auto lo = intArg(kind, args[0]), hi = intArg(kind, args[1]), step = intArg(kind, args[2]);
            if (step == 0)
                bad("range() arg 3 must not be zero");
            if (step > 0)
                return Value::integer(lo < hi ? (hi - lo - 1) / step + 1 : 0);
            return Value::integer(lo > hi ? (lo - hi - 1) / (-step) + 1 : 0);
        }
        if (op == "__derive_index") {
            arity(kind, args, 3);
            return Value::integer(
                checkedAdd(intArg(kind, args[1]), checkedMul(intArg(kind, args[0]), intArg(kind, args[2]))));
        }
        if (op == "NumToTensor") {
            arity(kind, args, 1);
            if (!args[0].isNumber())
                bad(kind + ": expected a number");
            return Value::tensor(makeTensor({}, { static_cast<float>(args[0].number()) }));
        }
        if (op == "ListConstruct")
            return Value::sequence(ValueKind::List, args);
        if (op == "TupleConstruct")
            return Value::sequence(ValueKind::Tuple, args);
        if (op == "str") {
            arity(kind, args, 1);
            return Value::string(valueText(args[0]));
        }
        return std::nullopt;
    }

} // namespace

Value callOp(const std::string &kind, const std::vector<Value> &args)
{
    if (kind.rfind("aten::", 0) != 0 && kind.rfind("prim::", 0) != 0)
        bad("unknown op " + kind);
    const std::string op = kind.substr(6);
    for (auto family : { elementwiseOp, conversionOp, shapeOp, sequenceOp })
        if (auto result = family(kind, op, args))
            return *std::move(result);
    bad("unknown op " + kind);
}

namespace {

    std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
    {
        std::int64_t sum = 0;
        return __builtin_add_overflow(a, b, &sum) ? std::numeric_limits<std::int64_t>::max() : sum;
    }

    std::int64_t saturatingMul(std::int64_t a, std::int64_t b)
    {
        std::int64_t product = 0;
        return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<std::int64_t>::max() : product;
    }

    std::int64_t elementsOf(const std::vector<std::int64_t> &shape)
    {
        std::int64_t n = 1;
        for (const std::int64_t d : shape)
            n = saturatingMul(n, std::max<std::int64_t>(d, 0));
        return n;
    }

    void checkResultSize(const std::string &kind, const std::vector<std::int64_t> &shape, std::int64_t elements)
    {
        if (elements > kMaxTensorElements)
            bad(kind + ": the result " + (shape.empty() ? std::string() : "of shape " + shapeText(shape) + " ")
                + "would hold "
                + (elements == std::numeric_limits<std::int64_t>::max() ? "more than 2^63" : std::to_string(elements))
                + " elements; a tensor holds at most " + std::to_string(kMaxTensorElements));
    }

    // The batch dimensions of a matmul operand: all but the last two (or the last one for a vector).
    std::vector<std::int64_t> batchDims(const Tensor &t)
    {
        if (t.shape.size() <= 2)
            return {};
        return { t.shape.begin(), t.shape.end() - 2 };
    }

} // namespace

std::int64_t opWork(const std::string &kind, const std::vector<Value> &args)
{
    if (kind.rfind("prim::", 0) == 0)
        return 0; // building lists and tuples moves no elements
    std::vector<const Tensor *> tensors;
    for (const Value &arg : args) {
        if (arg.kind == ValueKind::Tensor)
            tensors.push_back(arg.t.get());
        else if ((arg.kind == ValueKind::List || arg.kind == ValueKind::Tuple) && arg.items)
            for (const Value &item : *arg.items)
                if (item.kind == ValueKind::Tensor)
                    tensors.push_back(item.t.get());
    }
    std::int64_t read = 0;
    std::int64_t largest = 0;
    for (const Tensor *t : tensors) {
        read = saturatingAdd(read, static_cast<std::int64_t>(t->data.size()));
        largest = std::max(largest, static_cast<std::int64_t>(t->data.size()));
    }
    if (kind == "aten::matmul" && tensors.size() == 2 && !tensors[0]->shape.empty() && !tensors[1]->shape.empty()) {
        const Tensor &a = *tensors[0];
        const Tensor &b = *tensors[1];
        const std::int64_t m = a.shape.size() >= 2 ? a.shape[a.shape.size() - 2] : 1;
        const std::int64_t k = a.shape.back();
        const std::int64_t n = b.shape.size() >= 2 ? b.shape.back() : 1;
        std::vector<std::int64_t> shape;
        try {
            shape = broadcastShapes(batchDims(a), batchDims(b));
        } catch (const TensorError &) {
            return read; // the op reports the mismatch itself
        }
        shape.push_back(m);
        shape.push_back(n);
        const std::int64_t written = elementsOf(shape);
        checkResultSize(kind, shape, written);
        return saturatingAdd(saturatingAdd(read, written), saturatingMul(written, k));
    }
    std::int64_t written = largest;
    if (kind == "aten::cat") {
        written = read;
        checkResultSize(kind, {}, written);
    } else if (tensors.size() >= 2) {
        std::vector<std::int64_t> shape = tensors[0]->shape;
        try {
            for (std::size_t i = 1; i < tensors.size(); ++i)
                shape = broadcastShapes(shape, tensors[i]->shape);
        } catch (const TensorError &) {
            return read; // the op reports the mismatch itself
        }
        written = std::max(written, elementsOf(shape));
        checkResultSize(kind, shape, written);
    }
    return saturatingAdd(read, written);
}

void WorkMeter::charge(const std::string &kind, const std::vector<Value> &args)
{
    m_spent = saturatingAdd(m_spent, opWork(kind, args));
    if (m_spent > kMaxRunWork)
        bad("tensor work limit: this run needs more than " + std::to_string(kMaxRunWork)
            + " element operations (a matmul of m×k by k×n costs m·n·k); use smaller tensors");
}

} // namespace conceptlab::graphcapture
