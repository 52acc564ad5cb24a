// Redex search for each strategy, contraction, and the step explanations.
#include "reducer.h"

#include "text.h"

#include <algorithm>
#include <set>

namespace conceptlab::lambda {

const char *strategyKey(Strategy s)
{
    switch (s) {
    case Strategy::Normal:
        return "normal";
    case Strategy::Applicative:
        return "applicative";
    case Strategy::CallByName:
        return "cbn";
    case Strategy::CallByValue:
        return "cbv";
    case Strategy::CallByNeed:
        return "need";
    }
    return "normal";
}

bool strategyFromKey(const std::string &key, Strategy &out)
{
    for (Strategy s : kAllStrategies) {
        if (key == strategyKey(s)) {
            out = s;
            return true;
        }
    }
    return false;
}

bool isWeak(Strategy s)
{
    return s == Strategy::CallByName || s == Strategy::CallByValue || s == Strategy::CallByNeed;
}

Reducer::Reducer(Graph &graph, NodeId root, Strategy strategy)
    : m_g(graph)
    , m_root(root)
    , m_strategy(strategy)
{
    m_peakNodes = m_g.nodeCount();
}

NodeId Reducer::findRedex()
{
    m_path.clear();
    NodeId cur = m_root;
    for (;;) {
        const Node &n = m_g.node(cur);
        if (n.kind == Kind::Ref) {
            cur = n.a;
            continue;
        }
        switch (m_strategy) {
        case Strategy::Normal:
        case Strategy::Applicative:
        case Strategy::CallByValue: {
            // Down to the first side that is not yet in the strategy's final form; normal
            // order contracts an application of an abstraction before looking inside.
            const bool weak = m_strategy == Strategy::CallByValue;
            const std::uint8_t done = weak ? kWeakNormal : kNormal;
            if (n.flags & done)
                return kNoNode;
            if (n.kind == Kind::Lam && !weak) {
                m_path.emplace_back(cur, 0);
                cur = n.a;
                break;
            }
            if (n.kind != Kind::App)
                return kNoNode;
            if (m_strategy == Strategy::Normal && m_g.isLamLike(n.a))
                return cur;
            if (!(m_g.node(n.a).flags & done)) {
                m_path.emplace_back(cur, 0);
                cur = n.a;
            } else if (m_strategy == Strategy::Normal || !(m_g.node(n.b).flags & done)) {
                m_path.emplace_back(cur, 1);
                cur = n.b;
            } else {
                return cur; // both sides final, yet the application is not: a redex
            }
            break;
        }
        case Strategy::CallByName:
        case Strategy::CallByNeed:
            if (n.kind != Kind::App)
                return kNoNode;
            if (m_g.isLamLike(n.a))
                return cur;
            m_path.emplace_back(cur, 0);
            cur = n.a;
            break;
        }
    }
}

namespace {

    // The abstraction a call-by-need head stands for, looking through names and evaluated cells.
    NodeId needHead(const Graph &g, NodeId id)
    {
        for (;;) {
            const Node &n = g.node(id);
            if (n.kind == Kind::Ref)
                id = n.a;
            else if (n.kind == Kind::Cell)
                id = g.cellContent(n.a);
            else
                return id;
        }
    }

    // True when the spine of `t` (looking into cells) has a redex.
    bool needHasRedex(const Graph &g, NodeId t)
    {
        NodeId cur = t;
        for (;;) {
            const Node &n = g.node(cur);
            if (n.kind == Kind::Ref)
                cur = n.a;
            else if (n.kind == Kind::Cell)
                cur = g.cellContent(n.a);
            else if (n.kind == Kind::App) {
                if (g.node(needHead(g, n.a)).kind == Kind::Lam)
                    return true;
                cur = n.a;
            } else
                return false;
        }
    }

} // namespace

NodeId Reducer::findNeedRedex()
{
    m_path.clear();
    m_frameCell = -1;
    NodeId cur = m_root;
    for (;;) {
        const Node &n = m_g.node(cur);
        switch (n.kind) {
        case Kind::Ref:
            cur = n.a;
            break;
        case Kind::Cell: {
            const NodeId content = m_g.cellContent(n.a);
            if (needHasRedex(m_g, content)) {
                // Evaluate inside the shared argument: every use sees the result.
                m_frameCell = static_cast<int>(n.a);
                m_path.clear();
            }
            cur = content;
            break;
        }
        case Kind::App:
            if (m_g.node(needHead(m_g, n.a)).kind == Kind::Lam)
                return cur;
            m_path.emplace_back(cur, 0);
            cur = n.a;
            break;
        default:
            return kNoNode;
        }
    }
}

bool Reducer::hasRedex()
{
    return (m_strategy == Strategy::CallByNeed ? findNeedRedex() : findRedex()) != kNoNode;
}

bool Reducer::nextRedex(std::vector<std::uint8_t> &path, bool &inCell)
{
    const NodeId redex = m_strategy == Strategy::CallByNeed ? findNeedRedex() : findRedex();
    path.clear();
    inCell = m_strategy == Strategy::CallByNeed && m_frameCell >= 0;
    if (redex == kNoNode)
        return false;
    for (const auto &p : m_path)
        path.push_back(p.second);
    return true;
}

bool Reducer::step(StepInfo *info, bool explain)
{
    const NodeId redex = m_strategy == Strategy::CallByNeed ? findNeedRedex() : findRedex();
    if (redex == kNoNode)
        return false;
    if (info) {
        *info = StepInfo {};
        info->path.reserve(m_path.size());
        for (const auto &p : m_path)
            info->path.push_back(p.second);
        info->inCell = m_frameCell >= 0;
        info->cell = m_frameCell >= 0 ? static_cast<std::uint32_t>(m_frameCell) : 0;
    }
    // The argument actually substituted (call-by-need may wrap it in a shared cell).
    const Node rn = m_g.node(redex);
    NodeId argument = rn.b;
    if (m_strategy == Strategy::CallByNeed) {
        const Node &an = m_g.node(m_g.resolve(argument));
        if (m_g.node(argument).kind != Kind::Cell && an.kind == Kind::App) {
            argument = m_g.cell(argument);
            if (info) {
                info->newCell = true;
                info->newCellIndex = m_g.node(argument).a;
            }
        }
    }
    if (info && explain)
        describe(redex, argument, *info);

    const NodeId function = m_strategy == Strategy::CallByNeed ? needHead(m_g, rn.a) : m_g.resolve(rn.a);
    NodeId child = m_g.substitute(m_g.node(function).a, argument);
    for (auto it = m_path.rbegin(); it != m_path.rend(); ++it) {
        const Node p = m_g.node(it->first);
        if (p.kind == Kind::Lam)
            child = m_g.lam(p.b, child);
        else if (it->second == 0)
            child = m_g.app(child, p.b);
        else
            child = m_g.app(p.a, child);
    }
    if (m_strategy == Strategy::CallByNeed && m_frameCell >= 0)
        m_g.setCellContent(static_cast<std::uint32_t>(m_frameCell), child);
    else
        m_root = child;
    ++m_steps;
    maybeCollect();
    return true;
}

void Reducer::maybeCollect()
{
    m_peakNodes = std::max(m_peakNodes, m_g.nodeCount());
    if (m_g.nodeCount() < m_gcThreshold)
        return;
    m_g.collect({ &m_root });
    m_gcThreshold = std::max<std::size_t>(kMinCollect, m_g.nodeCount() * 4);
}

namespace {

    // Printed names free in `t` (seen `depth` binders below `context`), names of definitions included.
    void freeNamesOf(const Graph &g, NodeId t, std::uint32_t depth, const std::vector<std::string> &context,
        std::set<std::string> &out)
    {
        const Node &n = g.node(t);
        switch (n.kind) {
        case Kind::Var:
            if (n.a >= depth && n.a - depth < context.size())
                out.insert(context[context.size() - 1 - (n.a - depth)]);
            break;
        case Kind::Free:
            out.insert(g.name(n.a));
            break;
        case Kind::Ref:
            out.insert(g.definitions()[n.b].name);
            break;
        case Kind::Cell:
            freeNamesOf(g, g.cellContent(n.a), depth, context, out);
            break;
        case Kind::Lam:
            freeNamesOf(g, n.a, depth + 1, context, out);
            break;
        case Kind::App:
            freeNamesOf(g, n.a, depth, context, out);
            freeNamesOf(g, n.b, depth, context, out);
            break;
        }
    }

    bool refersTo(const Graph &g, NodeId t, std::uint32_t index)
    {
        const Node &n = g.node(t);
        if (n.maxFree <= index)
            return false;
        switch (n.kind) {
        case Kind::Var:
            return n.a == index;
        case Kind::Lam:
            return refersTo(g, n.a, index + 1);
        case Kind::App:
            return refersTo(g, n.a, index) || refersTo(g, n.b, index);
        default:
            return false;
        }
    }

    // Binders of `body` (x = index `depth`) whose names are free in the argument and whose
    // scope holds an occurrence of x: substituting there would capture, so they are renamed.
    void captures(const Graph &g, NodeId body, std::uint32_t depth, const std::set<std::string> &argumentNames,
        std::vector<std::string> &renamed)
    {
        const Node &n = g.node(body);
        if (n.maxFree <= depth)
            return;
        if (n.kind == Kind::Lam) {
            const std::string &name = g.name(n.b);
            if (argumentNames.count(name) && refersTo(g, n.a, depth + 1)) {
                std::string fresh = name + "'";
                while (argumentNames.count(fresh))
                    fresh += '\'';
                const std::string entry = name + " → " + fresh;
                if (std::find(renamed.begin(), renamed.end(), entry) == renamed.end())
                    renamed.push_back(entry);
            }
            captures(g, n.a, depth + 1, argumentNames, renamed);
        } else if (n.kind == Kind::App) {
            captures(g, n.a, depth, argumentNames, renamed);
            captures(g, n.b, depth, argumentNames, renamed);
        }
    }

    bool atomic(const std::string &text)
    {
        return text.find(' ') == std::string::npos && text.rfind("λ", 0) != 0;
    }

    std::string wrapped(const std::string &text)
    {
        return atomic(text) ? text : "(" + text + ")";
    }

    constexpr std::size_t kExplainChars = 60;

} // namespace

void Reducer::describe(NodeId redex, NodeId argumentUsed, StepInfo &info)
{
    // Names of the binders around the redex, outermost first.
    std::vector<std::string> context;
    for (const auto &p : m_path)
        if (m_g.node(p.first).kind == Kind::Lam)
            context.push_back(m_g.name(m_g.node(p.first).b));
    const Node rn = m_g.node(redex);
    info.redex = printShort(m_g, redex, 200, NameMode::KeepNames, context);

    const NodeId fnNode = rn.a;
    const NodeId function = m_strategy == Strategy::CallByNeed ? needHead(m_g, fnNode) : m_g.resolve(fnNode);
    const Node fn = m_g.node(function);
    const std::string binder = m_g.name(fn.b);

    std::string prefix;
    if (m_g.node(fnNode).kind == Kind::Ref)
        prefix = "expand " + m_g.definitions()[m_g.node(fnNode).b].name + ", then ";
    if (info.inCell)
        prefix = "inside shared argument #" + formatInteger(info.cell + 1) + ": " + prefix;

    std::set<std::string> argumentNames;
    freeNamesOf(m_g, rn.b, 0, context, argumentNames);
    captures(m_g, fn.a, 0, argumentNames, info.renames);

    const std::string argumentText = printShort(m_g, rn.b, kExplainChars, NameMode::KeepNames, context);
    std::vector<std::string> inner = context;
    inner.push_back(binder);
    const std::string bodyText = printShort(m_g, fn.a, kExplainChars, NameMode::KeepNames, inner);

    std::string text = prefix + "substitute " + wrapped(argumentText) + " for " + binder + " in " + bodyText;
    if (!refersTo(m_g, fn.a, 0))
        text += " (" + binder + " is unused: the argument is discarded)";
    if (info.newCell)
        text += "; the argument is shared as #" + formatInteger(info.newCellIndex + 1);
    else if (m_g.node(argumentUsed).kind == Kind::Cell)
        text += "; the argument is shared #" + formatInteger(m_g.node(argumentUsed).a + 1);
    if (!info.renames.empty()) {
        text += "; rename ";
        for (std::size_t i = 0; i < info.renames.size(); ++i)
            text += (i ? ", " : "") + info.renames[i];
        text += " to avoid capture";
    }
    info.explanation = text;
}

} // namespace conceptlab::lambda
