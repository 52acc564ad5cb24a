// Decoding of Church encodings.
#include "decode.h"

#include "text.h"

#include <array>

namespace conceptlab::lambda {

std::string Value::toString() const
{
    switch (kind) {
    case Kind::Number:
        return formatInteger(number);
    case Kind::Boolean:
        return boolean ? "TRUE" : "FALSE";
    case Kind::List: {
        std::string s = "[";
        for (std::size_t i = 0; i < items.size(); ++i)
            s += (i ? ", " : "") + items[i].toString();
        return s + "]";
    }
    case Kind::Pair:
        return "(" + items[0].toString() + ", " + items[1].toString() + ")";
    }
    return {};
}

namespace {

    const Node &at(const Graph &g, NodeId &id)
    {
        id = g.resolve(id, true);
        return g.node(id);
    }

    bool isNil(const Graph &g, NodeId t)
    {
        const Node &a = at(g, t);
        if (a.kind != Kind::Lam)
            return false;
        NodeId b = a.a;
        const Node &bn = at(g, b);
        if (bn.kind != Kind::Lam)
            return false;
        NodeId c = bn.a;
        const Node &cn = at(g, c);
        if (cn.kind != Kind::Lam)
            return false;
        NodeId d = cn.a;
        const Node &dn = at(g, d);
        return dn.kind == Kind::Var && dn.a == 1;
    }

    // λp.p A B with A and B not mentioning p.
    bool splitPair(const Graph &g, NodeId t, NodeId &first, NodeId &second)
    {
        const Node &l = at(g, t);
        if (l.kind != Kind::Lam)
            return false;
        NodeId body = l.a;
        const Node &outer = at(g, body);
        if (outer.kind != Kind::App)
            return false;
        NodeId inner = outer.a;
        const Node &in = at(g, inner);
        if (in.kind != Kind::App)
            return false;
        NodeId p = in.a;
        const Node &pn = at(g, p);
        if (pn.kind != Kind::Var || pn.a != 0)
            return false;
        if (g.node(in.b).maxFree != 0 || g.node(outer.b).maxFree != 0)
            return false;
        first = in.b;
        second = outer.b;
        return true;
    }

    std::optional<Value> decodeAt(const Graph &g, NodeId t, bool preferBoolean, int depth);

    std::optional<Value> decodeList(const Graph &g, NodeId t, int depth)
    {
        Value list;
        list.kind = Value::Kind::List;
        for (;;) {
            if (isNil(g, t))
                return list;
            NodeId head = kNoNode;
            NodeId tail = kNoNode;
            if (!splitPair(g, t, head, tail))
                return std::nullopt;
            auto element = decodeAt(g, head, false, depth + 1);
            if (!element)
                return std::nullopt;
            list.items.push_back(std::move(*element));
            t = tail;
        }
    }

    std::optional<Value> decodeAt(const Graph &g, NodeId t, bool preferBoolean, int depth)
    {
        if (depth > 64)
            return std::nullopt;
        if (preferBoolean) {
            if (auto b = decodeBoolean(g, t)) {
                Value v;
                v.kind = Value::Kind::Boolean;
                v.boolean = *b;
                return v;
            }
        }
        if (auto n = decodeNumeral(g, t)) {
            Value v;
            v.number = *n;
            return v;
        }
        if (auto b = decodeBoolean(g, t)) {
            Value v;
            v.kind = Value::Kind::Boolean;
            v.boolean = *b;
            return v;
        }
        if (auto l = decodeList(g, t, depth))
            return l;
        NodeId first = kNoNode;
        NodeId second = kNoNode;
        if (splitPair(g, t, first, second)) {
            auto a = decodeAt(g, first, false, depth + 1);
            auto b = decodeAt(g, second, false, depth + 1);
            if (a && b) {
                Value v;
                v.kind = Value::Kind::Pair;
                v.items = { std::move(*a), std::move(*b) };
                return v;
            }
        }
        return std::nullopt;
    }

} // namespace

std::optional<std::uint64_t> decodeNumeral(const Graph &g, NodeId t)
{
    const Node &f = at(g, t);
    if (f.kind != Kind::Lam)
        return std::nullopt;
    NodeId xId = f.a;
    const Node &x = at(g, xId);
    if (x.kind != Kind::Lam)
        return std::nullopt;
    NodeId cur = x.a;
    std::uint64_t count = 0;
    for (;;) {
        const Node &n = at(g, cur);
        if (n.kind == Kind::Var)
            return n.a == 0 ? std::optional<std::uint64_t>(count) : std::nullopt;
        if (n.kind != Kind::App)
            return std::nullopt;
        NodeId fn = n.a;
        const Node &fnNode = at(g, fn);
        if (fnNode.kind != Kind::Var || fnNode.a != 1)
            return std::nullopt;
        ++count;
        cur = n.b;
    }
}

std::optional<bool> decodeBoolean(const Graph &g, NodeId t)
{
    const Node &a = at(g, t);
    if (a.kind != Kind::Lam)
        return std::nullopt;
    NodeId b = a.a;
    const Node &bn = at(g, b);
    if (bn.kind != Kind::Lam)
        return std::nullopt;
    NodeId c = bn.a;
    const Node &cn = at(g, c);
    if (cn.kind != Kind::Var)
        return std::nullopt;
    return cn.a == 1;
}

std::optional<Value> decode(const Graph &g, NodeId t, bool preferBoolean)
{
    return decodeAt(g, t, preferBoolean, 0);
}

bool isBooleanOperator(const std::string &name)
{
    static const std::array<const char *, 9> names { "TRUE", "FALSE", "NOT", "AND", "OR", "ISZERO", "LEQ", "EQ",
        "ISNIL" };
    for (const char *n : names)
        if (name == n)
            return true;
    return false;
}

} // namespace conceptlab::lambda
