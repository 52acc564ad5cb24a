// The node arena, substitution with de Bruijn shifting, garbage collection, and the
// printers (named syntax with capture-avoiding names, and de Bruijn form).
#include "term.h"

#include "text.h"

#include <algorithm>
#include <functional>
#include <set>
#include <unordered_set>

namespace conceptlab::lambda {

namespace {

    std::uint64_t mix(std::uint64_t tag, std::uint64_t a, std::uint64_t b = 0)
    {
        std::uint64_t h = tag * 0x9E3779B97F4A7C15ull ^ a;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= b + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        h ^= h >> 33;
        return h;
    }

    std::uint64_t saturatingAdd(std::uint64_t a, std::uint64_t b)
    {
        const std::uint64_t sum = a + b;
        return sum < a ? ~std::uint64_t { 0 } : sum;
    }

} // namespace

Graph::Graph()
{
    m_nodes.reserve(1024);
}

NodeId Graph::push(const Node &n)
{
    m_nodes.push_back(n);
    return static_cast<NodeId>(m_nodes.size() - 1);
}

NodeId Graph::var(std::uint32_t index)
{
    Node n;
    n.kind = Kind::Var;
    n.flags = kNormal | kWeakNormal;
    n.a = index;
    n.maxFree = index + 1;
    n.hash = mix(1, index);
    return push(n);
}

NodeId Graph::freeVar(std::uint32_t nameId)
{
    Node n;
    n.kind = Kind::Free;
    n.flags = kNormal | kWeakNormal;
    n.a = nameId;
    n.hash = mix(2, std::hash<std::string> {}(m_names[nameId]));
    return push(n);
}

NodeId Graph::lam(std::uint32_t nameId, NodeId body)
{
    const Node &bn = m_nodes[body];
    Node n;
    n.kind = Kind::Lam;
    n.flags = static_cast<std::uint8_t>((bn.flags & kNormal) | kWeakNormal | kLamLike);
    n.a = body;
    n.b = nameId;
    n.maxFree = bn.maxFree > 0 ? bn.maxFree - 1 : 0;
    n.height = bn.height + 1;
    n.size = saturatingAdd(bn.size, 1);
    n.hash = mix(3, bn.hash);
    return push(n);
}

NodeId Graph::app(NodeId function, NodeId argument)
{
    const Node &f = m_nodes[function];
    const Node &x = m_nodes[argument];
    const bool lamLike = (f.flags & kLamLike) != 0;
    Node n;
    n.kind = Kind::App;
    std::uint8_t flags = 0;
    if (!lamLike && (f.flags & kNormal) && (x.flags & kNormal))
        flags |= kNormal;
    if (!lamLike && (f.flags & kWeakNormal) && (x.flags & kWeakNormal))
        flags |= kWeakNormal;
    n.flags = flags;
    n.a = function;
    n.b = argument;
    n.maxFree = std::max(f.maxFree, x.maxFree);
    n.height = std::max(f.height, x.height) + 1;
    n.size = saturatingAdd(saturatingAdd(f.size, x.size), 1);
    n.hash = mix(4, f.hash, x.hash);
    return push(n);
}

NodeId Graph::ref(std::uint32_t definition)
{
    const NodeId root = m_definitions[definition].root;
    Node n = m_nodes[root];
    n.kind = Kind::Ref;
    n.a = root;
    n.b = definition;
    n.maxFree = 0;
    return push(n);
}

NodeId Graph::cell(NodeId content)
{
    const Node &c = m_nodes[content];
    Node n;
    n.kind = Kind::Cell;
    n.flags = 0;
    n.a = static_cast<std::uint32_t>(m_cells.size());
    n.size = c.size;
    n.height = c.height;
    n.hash = mix(6, m_cells.size());
    m_cells.push_back(content);
    return push(n);
}

std::uint32_t Graph::intern(std::string_view name)
{
    const std::string key(name);
    if (const auto it = m_nameIds.find(key); it != m_nameIds.end())
        return it->second;
    const auto id = static_cast<std::uint32_t>(m_names.size());
    m_names.push_back(key);
    m_nameIds.emplace(key, id);
    return id;
}

std::uint32_t Graph::addDefinition(Definition definition)
{
    const auto id = static_cast<std::uint32_t>(m_definitions.size());
    m_definitionIds[definition.name] = id;
    m_definitions.push_back(std::move(definition));
    return id;
}

int Graph::findDefinition(std::string_view name) const
{
    const auto it = m_definitionIds.find(std::string(name));
    return it == m_definitionIds.end() ? -1 : static_cast<int>(it->second);
}

NodeId Graph::resolve(NodeId id, bool throughCells) const
{
    for (;;) {
        const Node &n = m_nodes[id];
        if (n.kind == Kind::Ref)
            id = n.a;
        else if (throughCells && n.kind == Kind::Cell)
            id = m_cells[n.a];
        else
            return id;
    }
}

NodeId Graph::shift(NodeId term, std::uint32_t by, std::uint32_t cutoff)
{
    const Node n = m_nodes[term];
    if (by == 0 || n.maxFree <= cutoff)
        return term;
    switch (n.kind) {
    case Kind::Var:
        return var(n.a + by);
    case Kind::Lam:
        return lam(n.b, shift(n.a, by, cutoff + 1));
    case Kind::App: {
        const NodeId f = shift(n.a, by, cutoff);
        const NodeId x = shift(n.b, by, cutoff);
        return app(f, x);
    }
    default:
        return term;
    }
}

NodeId Graph::substituteAt(NodeId term, std::uint32_t depth, NodeId argument)
{
    const Node n = m_nodes[term];
    if (n.maxFree <= depth)
        return term;
    switch (n.kind) {
    case Kind::Var:
        return n.a == depth ? shift(argument, depth, 0) : var(n.a - 1);
    case Kind::Lam:
        return lam(n.b, substituteAt(n.a, depth + 1, argument));
    case Kind::App: {
        const NodeId f = substituteAt(n.a, depth, argument);
        const NodeId x = substituteAt(n.b, depth, argument);
        return app(f, x);
    }
    default:
        return term;
    }
}

NodeId Graph::substitute(NodeId body, NodeId argument)
{
    return substituteAt(body, 0, argument);
}

NodeId Graph::copyInto(std::vector<Node> &target, NodeId id)
{
    if (m_forward[id] != kNoNode)
        return m_forward[id];
    Node n = m_nodes[id];
    switch (n.kind) {
    case Kind::Lam:
    case Kind::Ref:
        n.a = copyInto(target, n.a);
        break;
    case Kind::App:
        n.a = copyInto(target, n.a);
        n.b = copyInto(target, n.b);
        break;
    default:
        break;
    }
    target.push_back(n);
    const auto copied = static_cast<NodeId>(target.size() - 1);
    m_forward[id] = copied;
    return copied;
}

void Graph::collect(const std::vector<NodeId *> &roots)
{
    m_spare.clear();
    m_forward.assign(m_nodes.size(), kNoNode);
    for (Definition &d : m_definitions)
        d.root = copyInto(m_spare, d.root);
    for (NodeId &c : m_cells)
        c = copyInto(m_spare, c);
    for (NodeId *r : roots)
        *r = copyInto(m_spare, *r);
    m_nodes.swap(m_spare);
}

std::pair<std::uint64_t, std::uint32_t> Graph::treeExtent(NodeId root) const
{
    if (m_cells.empty())
        return { m_nodes[root].size, m_nodes[root].height };
    std::unordered_map<NodeId, std::pair<std::uint64_t, std::uint32_t>> memo;
    using Extent = std::pair<std::uint64_t, std::uint32_t>;
    std::function<Extent(NodeId, std::uint32_t)> walk = [&](NodeId id, std::uint32_t depth) -> Extent {
        const Node &n = m_nodes[id];
        if (depth > kMaxHeight)
            return { ~std::uint64_t { 0 }, kMaxHeight + 1 };
        if (n.kind == Kind::Var || n.kind == Kind::Free || n.kind == Kind::Ref)
            return std::pair<std::uint64_t, std::uint32_t> { n.size, n.height };
        if (const auto it = memo.find(id); it != memo.end())
            return it->second;
        std::pair<std::uint64_t, std::uint32_t> result { 1, 1 };
        if (n.kind == Kind::Cell) {
            result = walk(m_cells[n.a], depth + 1);
        } else if (n.kind == Kind::Lam) {
            const auto body = walk(n.a, depth + 1);
            result = { saturatingAdd(body.first, 1), body.second + 1 };
        } else {
            const auto f = walk(n.a, depth + 1);
            const auto x = walk(n.b, depth + 1);
            result = { saturatingAdd(saturatingAdd(f.first, x.first), 1), std::max(f.second, x.second) + 1 };
        }
        memo.emplace(id, result);
        return result;
    };
    return walk(root, 0);
}

NodeId Graph::churchNumeral(std::uint64_t n)
{
    const std::uint32_t f = intern("f");
    const std::uint32_t x = intern("x");
    NodeId body = var(0);
    const NodeId fv = var(1);
    for (std::uint64_t i = 0; i < n; ++i)
        body = app(fv, body);
    return lam(f, lam(x, body));
}

// ---------------------------------------------------------------------------------------
// Printing

namespace {

    // Every name a term mentions, each distinct node visited once: free variables, and names
    // of definitions when they are kept (with ExpandNames, definitions are looked into).
    template<class OnName> void forEachName(const Graph &g, NodeId root, NameMode mode, OnName onName)
    {
        std::unordered_set<NodeId> seen;
        std::vector<NodeId> stack { root };
        while (!stack.empty()) {
            const NodeId id = stack.back();
            stack.pop_back();
            if (!seen.insert(id).second)
                continue;
            const Node &n = g.node(id);
            switch (n.kind) {
            case Kind::Free:
                onName(g.name(n.a));
                break;
            case Kind::Lam:
                stack.push_back(n.a);
                break;
            case Kind::App:
                stack.push_back(n.a);
                stack.push_back(n.b);
                break;
            case Kind::Ref:
                if (mode == NameMode::KeepNames)
                    onName(g.definitions()[n.b].name);
                else
                    stack.push_back(n.a);
                break;
            case Kind::Cell:
                stack.push_back(g.cellContent(n.a));
                break;
            case Kind::Var:
                break;
            }
        }
    }

    int codePoints(const std::string &s)
    {
        int count = 0;
        for (const char c : s)
            if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
                ++count;
        return count;
    }

    class Printer {
    public:
        Printer(const Graph &g, NameMode mode, const std::vector<std::string> &context,
            const std::vector<std::uint8_t> *path, std::size_t limitBytes = std::string::npos)
            : m_g(g)
            , m_mode(mode)
            , m_ctx(context)
            , m_path(path)
            , m_limit(limitBytes)
        {
        }
        bool truncated() const { return m_out.size() > m_limit; }

        PrintResult run(NodeId t)
        {
            collectGlobals(t);
            for (const std::string &c : m_ctx)
                m_bound.insert(c);
            emit(t, 0, m_path ? 0 : -1);
            return { std::move(m_out), m_function, m_argument };
        }

    private:
        void write(const std::string &s)
        {
            m_out += s;
            m_column += codePoints(s);
        }
        void write(char c)
        {
            m_out += c;
            ++m_column;
        }

        void collectGlobals(NodeId root)
        {
            forEachName(m_g, root, m_mode, [this](const std::string &name) { m_globals.insert(name); });
        }

        // Printed names of the free variables of `id` seen at `depth` binders below the context.
        void freeNames(
            NodeId id, std::uint32_t depth, std::set<std::string> &out, std::unordered_set<NodeId> &closedSeen) const
        {
            const Node &n = m_g.node(id);
            if (n.maxFree == 0 && !closedSeen.insert(id).second)
                return;
            switch (n.kind) {
            case Kind::Var:
                if (n.a >= depth) {
                    const std::size_t k = n.a - depth;
                    if (k < m_ctx.size())
                        out.insert(m_ctx[m_ctx.size() - 1 - k]);
                }
                break;
            case Kind::Free:
                out.insert(m_g.name(n.a));
                break;
            case Kind::Lam:
                freeNames(n.a, depth + 1, out, closedSeen);
                break;
            case Kind::App:
                freeNames(n.a, depth, out, closedSeen);
                freeNames(n.b, depth, out, closedSeen);
                break;
            case Kind::Ref:
                if (m_mode == NameMode::KeepNames)
                    out.insert(m_g.definitions()[n.b].name);
                else
                    freeNames(n.a, depth, out, closedSeen);
                break;
            case Kind::Cell:
                freeNames(m_g.cellContent(n.a), depth, out, closedSeen);
                break;
            }
        }

        std::string binderName(const Node &lamNode)
        {
            const std::string &hint = m_g.name(lamNode.b);
            if (!m_globals.count(hint) && !m_bound.count(hint))
                return hint;
            std::set<std::string> used;
            std::unordered_set<NodeId> closedSeen;
            freeNames(lamNode.a, 1, used, closedSeen);
            std::string candidate = hint;
            while (used.count(candidate))
                candidate += '\'';
            return candidate;
        }

        int next(int pathPos, std::uint8_t direction) const
        {
            if (pathPos < 0 || static_cast<std::size_t>(pathPos) >= m_path->size())
                return -1;
            return (*m_path)[static_cast<std::size_t>(pathPos)] == direction ? pathPos + 1 : -1;
        }

        void emit(NodeId id, int prec, int pathPos)
        {
            if (m_out.size() > m_limit)
                return;
            const Node &n = m_g.node(id);
            switch (n.kind) {
            case Kind::Var: {
                const std::size_t k = n.a;
                if (k < m_ctx.size())
                    write(m_ctx[m_ctx.size() - 1 - k]);
                else
                    write("_" + formatInteger(k));
                return;
            }
            case Kind::Free:
                write(m_g.name(n.a));
                return;
            case Kind::Ref:
                if (m_mode == NameMode::KeepNames) {
                    const int begin = m_column;
                    write(m_g.definitions()[n.b].name);
                    if (pathPos >= 0 && !m_function.valid())
                        m_function = { begin, m_column };
                    return;
                }
                emit(n.a, prec, pathPos);
                return;
            case Kind::Cell:
                emit(m_g.cellContent(n.a), prec, pathPos);
                return;
            case Kind::Lam: {
                if (prec > 0)
                    write('(');
                const std::string name = binderName(n);
                write("λ");
                write(name);
                write('.');
                m_ctx.push_back(name);
                const bool wasBound = m_bound.count(name) > 0;
                m_bound.insert(name);
                emit(n.a, 0, next(pathPos, 0));
                m_ctx.pop_back();
                if (!wasBound && std::find(m_ctx.begin(), m_ctx.end(), name) == m_ctx.end())
                    m_bound.erase(name);
                if (prec > 0)
                    write(')');
                return;
            }
            case Kind::App: {
                const bool isRedex = pathPos >= 0 && static_cast<std::size_t>(pathPos) == m_path->size();
                if (prec == 2)
                    write('(');
                const int fBegin = m_column;
                emit(n.a, 1, next(pathPos, 0));
                const int fEnd = m_column;
                write(' ');
                const int xBegin = m_column;
                emit(n.b, 2, next(pathPos, 1));
                if (isRedex) {
                    m_function = { fBegin, fEnd };
                    m_argument = { xBegin, m_column };
                }
                if (prec == 2)
                    write(')');
                return;
            }
            }
        }

        const Graph &m_g;
        NameMode m_mode;
        std::vector<std::string> m_ctx;
        const std::vector<std::uint8_t> *m_path;
        std::size_t m_limit;
        std::unordered_set<std::string> m_globals;
        std::unordered_set<std::string> m_bound;
        std::string m_out;
        int m_column = 0;
        Span m_function;
        Span m_argument;
    };

    void deBruijn(const Graph &g, NodeId id, int prec, std::string &out)
    {
        const Node &n = g.node(id);
        switch (n.kind) {
        case Kind::Var:
            out += formatInteger(n.a + 1);
            return;
        case Kind::Free:
            out += g.name(n.a);
            return;
        case Kind::Ref:
            deBruijn(g, n.a, prec, out);
            return;
        case Kind::Cell:
            deBruijn(g, g.cellContent(n.a), prec, out);
            return;
        case Kind::Lam:
            if (prec > 0)
                out += '(';
            out += "λ ";
            deBruijn(g, n.a, 0, out);
            if (prec > 0)
                out += ')';
            return;
        case Kind::App:
            if (prec == 2)
                out += '(';
            deBruijn(g, n.a, 1, out);
            out += ' ';
            deBruijn(g, n.b, 2, out);
            if (prec == 2)
                out += ')';
            return;
        }
    }

} // namespace

PrintResult printTerm(const Graph &g, NodeId t, NameMode mode, const std::vector<std::string> &context,
    const std::vector<std::uint8_t> *redexPath)
{
    return Printer(g, mode, context, redexPath).run(t);
}

std::string print(const Graph &g, NodeId t, NameMode mode, const std::vector<std::string> &context)
{
    return Printer(g, mode, context, nullptr).run(t).text;
}

std::string printShort(
    const Graph &g, NodeId t, std::size_t maxChars, NameMode mode, const std::vector<std::string> &context)
{
    Printer printer(g, mode, context, nullptr, maxChars * 4);
    std::string text = printer.run(t).text;
    return ellipsize(text, maxChars);
}

std::string printDeBruijn(const Graph &g, NodeId t)
{
    std::string out;
    deBruijn(g, t, 0, out);
    return out;
}

bool alphaEqual(const Graph &ga, NodeId a, const Graph &gb, NodeId b)
{
    a = ga.resolve(a, true);
    b = gb.resolve(b, true);
    const Node &na = ga.node(a);
    const Node &nb = gb.node(b);
    if (&ga == &gb && (a == b))
        return true;
    if (&ga == &gb && na.hash != nb.hash)
        return false;
    if (na.kind != nb.kind || na.size != nb.size)
        return false;
    switch (na.kind) {
    case Kind::Var:
        return na.a == nb.a;
    case Kind::Free:
        return ga.name(na.a) == gb.name(nb.a);
    case Kind::Lam:
        return alphaEqual(ga, na.a, gb, nb.a);
    case Kind::App:
        return alphaEqual(ga, na.a, gb, nb.a) && alphaEqual(ga, na.b, gb, nb.b);
    default:
        return false;
    }
}

std::vector<std::string> freeVariables(const Graph &g, NodeId t)
{
    std::set<std::string> names;
    forEachName(g, t, NameMode::ExpandNames, [&names](const std::string &name) { names.insert(name); });
    return { names.begin(), names.end() };
}

std::string ellipsize(const std::string &text, std::size_t maxChars)
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (count == maxChars)
                return text.substr(0, i) + "…";
            ++count;
        }
    }
    return text;
}

} // namespace conceptlab::lambda
