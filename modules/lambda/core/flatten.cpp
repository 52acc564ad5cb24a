// Flattening terms for drawing: a walk that keeps binder names and marks the redex.
#include "flatten.h"

#include "parser.h"

namespace conceptlab::lambda {

namespace {

    class Flattener {
    public:
        Flattener(const Graph &g, NameMode mode, std::size_t maxNodes, const std::vector<std::uint8_t> *path)
            : m_g(g)
            , m_mode(mode)
            , m_max(maxNodes)
            , m_path(path)
        {
        }

        FlatTerm run(NodeId t)
        {
            FlatTerm out;
            if (m_g.node(t).size > m_max) {
                out.truncated = true;
                return out;
            }
            out.root = visit(t, m_path ? 0 : -1, 0);
            out.nodes = std::move(m_nodes);
            return out;
        }

    private:
        int next(int pathPos, std::uint8_t direction) const
        {
            if (pathPos < 0 || static_cast<std::size_t>(pathPos) >= m_path->size())
                return -1;
            return (*m_path)[static_cast<std::size_t>(pathPos)] == direction ? pathPos + 1 : -1;
        }

        int visit(NodeId id, int pathPos, int role)
        {
            const Node &n = m_g.node(id);
            FlatNode f;
            f.role = role;
            switch (n.kind) {
            case Kind::Var:
                f.kind = Kind::Var;
                f.index = static_cast<int>(n.a);
                f.label = n.a < m_ctx.size() ? m_ctx[m_ctx.size() - 1 - n.a] : "?";
                break;
            case Kind::Free:
                f.kind = Kind::Free;
                f.label = m_g.name(n.a);
                if (pathPos >= 0 && role == 0)
                    f.role = 2; // the redex lies inside a definition shown by name
                break;
            case Kind::Ref:
                if (m_mode == NameMode::ExpandNames)
                    return visit(n.a, pathPos, role);
                f.kind = Kind::Free;
                f.label = m_g.definitions()[n.b].name;
                if (pathPos >= 0 && role == 0)
                    f.role = 2;
                break;
            case Kind::Cell:
                return visit(m_g.cellContent(n.a), pathPos, role);
            case Kind::Lam: {
                f.kind = Kind::Lam;
                f.label = m_g.name(n.b);
                m_ctx.push_back(f.label);
                const int body = visit(n.a, next(pathPos, 0), 0);
                m_ctx.pop_back();
                f.first = body;
                break;
            }
            case Kind::App: {
                f.kind = Kind::App;
                const bool isRedex = pathPos >= 0 && static_cast<std::size_t>(pathPos) == m_path->size();
                if (isRedex)
                    f.role = 1;
                f.first = visit(n.a, next(pathPos, 0), isRedex ? 2 : 0);
                f.second = visit(n.b, next(pathPos, 1), isRedex ? 3 : 0);
                break;
            }
            }
            m_nodes.push_back(std::move(f));
            return static_cast<int>(m_nodes.size() - 1);
        }

        const Graph &m_g;
        NameMode m_mode;
        std::size_t m_max;
        const std::vector<std::uint8_t> *m_path;
        std::vector<std::string> m_ctx;
        std::vector<FlatNode> m_nodes;
    };

} // namespace

FlatTerm flatten(
    const Graph &g, NodeId t, NameMode mode, std::size_t maxNodes, const std::vector<std::uint8_t> *redexPath)
{
    return Flattener(g, mode, maxNodes, redexPath).run(t);
}

FlatTerm flattenText(
    const std::string &text, NameMode mode, std::size_t maxNodes, const std::vector<std::uint8_t> *redexPath)
{
    Graph g;
    ParseOptions options;
    options.numerals = true;
    const ParsedProgram p = parseProgram(g, text, options);
    if (!p.ok) {
        FlatTerm none;
        none.truncated = true;
        return none;
    }
    return flatten(g, p.term, mode, maxNodes, redexPath);
}

} // namespace conceptlab::lambda
