// Value helpers: names, printing, deep copies and tolerant comparison.
#include "value.h"

#include <charconv>
#include <cmath>

namespace conceptlab::graphcapture {

const char *kindName(ValueKind kind)
{
    switch (kind) {
    case ValueKind::None:
        return "NoneType";
    case ValueKind::Bool:
        return "bool";
    case ValueKind::Int:
        return "int";
    case ValueKind::Float:
        return "float";
    case ValueKind::Str:
        return "str";
    case ValueKind::Tensor:
        return "Tensor";
    case ValueKind::List:
        return "list";
    case ValueKind::Tuple:
        return "tuple";
    case ValueKind::Function:
        return "function";
    }
    return "?";
}

std::string floatText(float v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    char buf[48];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

static std::string tensorText(const Tensor &t, std::size_t dim, std::size_t &offset)
{
    if (dim == t.shape.size()) {
        const float v = t.data[offset++];
        if (t.dtype == DType::Bool)
            return v != 0 ? "True" : "False";
        std::string s = floatText(v);
        if (s.find_first_of(".ena") == std::string::npos)
            s += ".";
        return s;
    }
    std::string s = "[";
    for (std::int64_t k = 0; k < t.shape[dim]; ++k)
        s += (k ? ", " : "") + tensorText(t, dim + 1, offset);
    return s + "]";
}

std::string valueText(const Value &v)
{
    switch (v.kind) {
    case ValueKind::None:
        return "None";
    case ValueKind::Bool:
        return v.b ? "True" : "False";
    case ValueKind::Int:
        return std::to_string(v.i);
    case ValueKind::Float: {
        char buf[48];
        const auto r = std::to_chars(buf, buf + sizeof buf, v.f);
        std::string s(buf, r.ptr);
        if (s.find_first_of(".ena") == std::string::npos)
            s += ".0";
        return s;
    }
    case ValueKind::Str:
        return v.s;
    case ValueKind::Tensor: {
        std::size_t offset = 0;
        return "tensor(" + tensorText(*v.t, 0, offset) + ")";
    }
    case ValueKind::List:
    case ValueKind::Tuple: {
        std::string s = v.kind == ValueKind::List ? "[" : "(";
        for (std::size_t k = 0; k < v.items->size(); ++k)
            s += (k ? ", " : "") + valueText((*v.items)[k]);
        if (v.kind == ValueKind::Tuple && v.items->size() == 1)
            s += ",";
        return s + (v.kind == ValueKind::List ? "]" : ")");
    }
    case ValueKind::Function:
        return "<lambda>";
    }
    return "?";
}

Value deepCopy(const Value &v)
{
    Value c = v;
    if (v.kind == ValueKind::Tensor)
        c.t = std::make_shared<Tensor>(*v.t);
    if (v.items) {
        ValueList items;
        for (const auto &item : *v.items)
            items.push_back(deepCopy(item));
        c.items = std::make_shared<ValueList>(std::move(items));
    }
    return c;
}

static bool close(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    if (a == b)
        return true;
    return std::fabs(a - b) <= 1e-6 + 1e-5 * std::fabs(b);
}

bool valuesClose(const Value &a, const Value &b)
{
    if (a.isNumber() && b.isNumber())
        return close(a.number(), b.number());
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case ValueKind::Tensor:
        if (a.t->shape != b.t->shape)
            return false;
        for (std::size_t k = 0; k < a.t->data.size(); ++k)
            if (!close(a.t->data[k], b.t->data[k]))
                return false;
        return true;
    case ValueKind::List:
    case ValueKind::Tuple:
        if (a.items->size() != b.items->size())
            return false;
        for (std::size_t k = 0; k < a.items->size(); ++k)
            if (!valuesClose((*a.items)[k], (*b.items)[k]))
                return false;
        return true;
    case ValueKind::Str:
        return a.s == b.s;
    case ValueKind::None:
        return true;
    default:
        return false;
    }
}

} // namespace conceptlab::graphcapture
