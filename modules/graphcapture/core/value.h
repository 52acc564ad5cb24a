// Runtime values of the Python subset: None, bool, int, float, str, tensors, lists,
// tuples and lambdas. Tensors are shared (aliasing as in Python); in-place ops mutate them.
#pragma once

#include "tensor.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

struct Expr;

enum class ValueKind { None, Bool, Int, Float, Str, Tensor, List, Tuple, Function };

struct Value;
using ValueList = std::vector<Value>;

/// A lambda: its parameters, its body and the variables it captured.
struct Closure;

struct Value {
    ValueKind kind = ValueKind::None;
    bool b = false;
    std::int64_t i = 0;
    double f = 0;
    std::string s;
    TensorPtr t;
    std::shared_ptr<ValueList> items;
    std::shared_ptr<Closure> fn;
    /// Tracing only: the graph value (a 0-dim tensor) a size-derived number stands for,
    /// as PyTorch's tracer hands out sizes as tensors. Null for ordinary numbers.
    const void *traced = nullptr;

    static Value none() { return {}; }
    static Value boolean(bool v) { return with(ValueKind::Bool, &Value::b, v); }
    static Value integer(std::int64_t v) { return with(ValueKind::Int, &Value::i, v); }
    static Value real(double v) { return with(ValueKind::Float, &Value::f, v); }
    static Value string(std::string v) { return with(ValueKind::Str, &Value::s, std::move(v)); }
    static Value tensor(TensorPtr v) { return with(ValueKind::Tensor, &Value::t, std::move(v)); }
    static Value sequence(ValueKind kind, ValueList v)
    {
        return with(kind, &Value::items, std::make_shared<ValueList>(std::move(v)));
    }

    bool isNumber() const { return kind == ValueKind::Int || kind == ValueKind::Float || kind == ValueKind::Bool; }
    double number() const { return kind == ValueKind::Float ? f : kind == ValueKind::Int ? static_cast<double>(i) : b; }

private:
    // A value of `kind` with one member set.
    template<class T> static Value with(ValueKind kind, T Value::*member, T v)
    {
        Value x;
        x.kind = kind;
        x.*member = std::move(v);
        return x;
    }
};

/// "Tensor", "int", "float", "bool", "NoneType", "str", "list", "tuple", "function".
const char *kindName(ValueKind kind);
/// Python-like text of a value, for print().
std::string valueText(const Value &v);
/// Deep copy (tensors copied), so in-place ops on one run never touch another's inputs.
Value deepCopy(const Value &v);
/// Same structure and shapes, numbers within tolerance (relative 1e-5, absolute 1e-6).
bool valuesClose(const Value &a, const Value &b);
/// Shortest decimal text that reads back as the same float32 ("0.1", "-2", "1e-07").
std::string floatText(float v);

} // namespace conceptlab::graphcapture
