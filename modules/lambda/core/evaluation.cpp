// Whole runs and interactive sessions: parsing with the prelude, limits, divergence
// detection, decoding and naming of results.
#include "evaluation.h"

#include "fastreducer.h"

#include <algorithm>
#include <unordered_map>

namespace conceptlab::lambda {

const char *statusKey(Status s)
{
    switch (s) {
    case Status::Running:
        return "running";
    case Status::NormalForm:
        return "normal_form";
    case Status::WeakHeadNormalForm:
        return "weak_head_normal_form";
    case Status::StepLimit:
        return "step_limit";
    case Status::SizeLimit:
        return "size_limit";
    case Status::Diverges:
        return "diverges";
    case Status::Cancelled:
        return "cancelled";
    }
    return "running";
}

namespace {

    // Parses the prelude (when on) and the program into g.
    ParsedProgram load(Graph &g, const Settings &settings)
    {
        if (settings.prelude) {
            ParseOptions options;
            options.requireTerm = false;
            options.prelude = true;
            ParsedProgram prelude = parseProgram(g, settings.preludeText, options);
            if (!prelude.ok) {
                prelude.error.message = "in the prelude: " + prelude.error.message;
                return prelude;
            }
        }
        ParseOptions options;
        options.numerals = settings.prelude;
        return parseProgram(g, settings.term, options);
    }

    std::vector<std::string> identifiers(const std::string &text)
    {
        std::vector<std::string> out;
        std::size_t i = 0;
        auto identStart = [](unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
        while (i < text.size()) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
                while (i < text.size() && text[i] != '\n')
                    ++i;
                continue;
            }
            const bool omega = c == 0xCE && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA9;
            if (identStart(c) || omega) {
                std::size_t j = omega ? i + 2 : i + 1;
                while (j < text.size()) {
                    const auto d = static_cast<unsigned char>(text[j]);
                    if (!(identStart(d) || (d >= '0' && d <= '9') || d == '\''))
                        break;
                    ++j;
                }
                out.push_back(text.substr(i, j - i));
                i = j;
            } else if (c >= '0' && c <= '9') {
                while (i < text.size() && text[i] >= '0' && text[i] <= '9')
                    ++i;
            } else {
                ++i;
            }
        }
        return out;
    }

    Status finalStatus(Strategy s)
    {
        return isWeak(s) ? Status::WeakHeadNormalForm : Status::NormalForm;
    }

    bool oversized(const Reducer &r, std::uint64_t maxSize)
    {
        const auto [size, height] = r.extent();
        return size > maxSize || height > kMaxHeight;
    }

    std::string joined(const std::vector<std::string> &items)
    {
        std::string s;
        for (std::size_t i = 0; i < items.size(); ++i)
            s += (i ? ", " : "") + items[i];
        return s;
    }

    constexpr std::size_t kMaxSeen = 2'000'000;
    constexpr std::uint64_t kFullPrintSize = 20000;

    std::string printForRecord(const Graph &g, NodeId t, std::uint64_t size)
    {
        if (size > kFullPrintSize)
            return "(" + std::to_string(size) + " nodes)";
        return print(g, t, NameMode::KeepNames);
    }

} // namespace

void definitionNormalForms(Graph &out, const Settings &settings, std::vector<std::pair<std::string, NodeId>> &forms)
{
    forms.clear();
    // A program that fails to parse still leaves the prelude's definitions.
    (void)load(out, settings);
    const std::size_t count = out.definitions().size();
    std::vector<std::pair<std::string, NodeId>> found;
    for (std::size_t i = 0; i < count; ++i) {
        const Definition d = out.definitions()[i];
        if (d.numeral)
            continue;
        Reducer r(out, d.root, Strategy::Normal);
        bool finished = false;
        for (int k = 0; k < 100; ++k) {
            if (!r.step()) {
                finished = true;
                break;
            }
            if (out.node(r.root()).size > 2000)
                break;
        }
        if (finished)
            found.emplace_back(d.name, r.root());
    }
    forms = std::move(found);
}

std::string nameFor(const Graph &g, NodeId t, const std::optional<Value> &value, const Graph &names,
    const std::vector<std::pair<std::string, NodeId>> &forms, const std::vector<std::string> &inputNames, bool prelude)
{
    std::vector<std::string> matches;
    for (const auto &[name, form] : forms)
        if (g.node(g.resolve(t, true)).size == names.node(names.resolve(form, true)).size
            && alphaEqual(g, t, names, form))
            matches.push_back(name);
    for (const std::string &m : matches)
        if (std::find(inputNames.begin(), inputNames.end(), m) != inputNames.end())
            return m;
    if (value && value->kind == Value::Kind::Boolean) {
        const std::string b = value->boolean ? "TRUE" : "FALSE";
        if (std::find(matches.begin(), matches.end(), b) != matches.end())
            return b;
    }
    if (value && value->kind == Value::Kind::Number && prelude)
        return std::to_string(value->number);
    return matches.empty() ? std::string() : matches.front();
}

Outcome evaluate(const Settings &settings)
{
    Outcome out;
    Graph g;
    const ParsedProgram program = load(g, settings);
    if (!program.ok) {
        out.error = program.error;
        return out;
    }
    out.ok = true;
    Reducer r(g, program.term, settings.strategy);
    out.input = print(g, program.term, NameMode::KeepNames);
    if (settings.trace)
        out.trace.push_back(out.input);

    std::unordered_map<std::uint64_t, std::uint64_t> seen; // term hash -> step it appeared at
    seen.emplace(g.node(r.root()).hash, 0);

    if (oversized(r, settings.maxSize)) {
        out.status = Status::SizeLimit;
    }
    // Step by step (with records and cycle detection) for a while, then the fast engine.
    const bool records = settings.table || settings.trace;
    const std::uint64_t stepwiseSteps = settings.strategy == Strategy::CallByNeed ? settings.maxSteps
        : records                                                                 ? kMaxRecords
                                                                                  : 1000;
    StepInfo info;
    bool handedOver = false;
    while (out.status == Status::Running) {
        if (settings.cancelled && (r.steps() & 255) == 0 && settings.cancelled(r.steps())) {
            out.status = Status::Cancelled;
            break;
        }
        if (r.steps() >= settings.maxSteps) {
            out.status = r.hasRedex() ? Status::StepLimit : finalStatus(settings.strategy);
            break;
        }
        if (r.steps() >= stepwiseSteps) {
            handedOver = true;
            break;
        }
        const bool record = settings.table && out.table.size() < kMaxRecords;
        if (!r.step(record ? &info : nullptr, record)) {
            out.status = finalStatus(settings.strategy);
            break;
        }
        const Node &n = g.node(r.root());
        const std::uint64_t size = r.extent().first;
        if (settings.trace) {
            if (out.trace.size() <= kMaxRecords)
                out.trace.push_back(printForRecord(g, r.root(), size));
            else
                out.truncated = true;
        }
        if (record) {
            StepRecord row;
            row.step = r.steps();
            row.term = printForRecord(g, r.root(), size);
            row.redex = info.redex;
            row.explanation = info.explanation;
            row.renames = joined(info.renames);
            row.size = size;
            out.table.push_back(std::move(row));
        }
        if (oversized(r, settings.maxSize)) {
            out.status = Status::SizeLimit;
            break;
        }
        if (settings.strategy != Strategy::CallByNeed || g.cellCount() == 0) {
            if (seen.size() < kMaxSeen) {
                const auto [it, inserted] = seen.emplace(n.hash, r.steps());
                if (!inserted) {
                    out.cycleLength = r.steps() - it->second;
                    out.status = Status::Diverges;
                    break;
                }
            }
        }
    }
    out.steps = r.steps();
    out.peakNodes = r.peakNodes();
    NodeId root = r.root();
    if (handedOver) {
        out.truncated = records;
        FastReducer fast(g, root, settings.strategy);
        const auto cancelled = settings.cancelled
            ? std::function<bool(std::uint64_t)>([&](std::uint64_t k) { return settings.cancelled(out.steps + k); })
            : std::function<bool(std::uint64_t)>();
        const FastReducer::End end = fast.run(settings.maxSteps - out.steps, settings.maxSize, cancelled);
        out.steps += fast.steps();
        out.peakNodes = std::max(out.peakNodes, fast.peakNodes());
        switch (end) {
        case FastReducer::End::Final:
            out.status = finalStatus(settings.strategy);
            break;
        case FastReducer::End::StepLimit:
            out.status = Status::StepLimit;
            break;
        case FastReducer::End::SizeLimit:
            out.status = Status::SizeLimit;
            break;
        case FastReducer::End::Cancelled:
            out.status = Status::Cancelled;
            break;
        }
        if (end == FastReducer::End::Final) {
            const NodeId back = fast.readBack(g);
            if (back == kNoNode)
                out.status = Status::SizeLimit; // deeper than kMaxHeight
            else
                root = back;
        }
        out.finalSize = fast.size();
    } else {
        out.finalSize = g.treeExtent(root).first;
    }

    switch (out.status) {
    case Status::NormalForm:
    case Status::WeakHeadNormalForm: {
        out.normalForm = print(g, root, NameMode::ExpandNames);
        out.deBruijn = printDeBruijn(g, root);
        out.value = decode(g, root, isBooleanOperator(program.head));
        Graph names;
        std::vector<std::pair<std::string, NodeId>> forms;
        definitionNormalForms(names, settings, forms);
        const std::string name
            = nameFor(g, root, out.value, names, forms, identifiers(settings.term), settings.prelude);
        if (!name.empty())
            out.name = name;
        out.message = std::string(out.status == Status::NormalForm ? "normal form" : "weak head normal form")
            + " after " + std::to_string(out.steps) + (out.steps == 1 ? " step" : " steps");
        break;
    }
    case Status::StepLimit:
        out.message = "stopped at max_steps = " + std::to_string(settings.maxSteps)
            + " with a redex left (the term has " + std::to_string(out.finalSize) + " nodes)";
        break;
    case Status::SizeLimit:
        out.message = out.finalSize <= settings.maxSize
            ? "the term grew deeper than " + std::to_string(kMaxHeight) + " levels at step " + std::to_string(out.steps)
            : "the term grew past max_size = " + std::to_string(settings.maxSize) + " nodes (to "
                + std::to_string(out.finalSize) + ") at step " + std::to_string(out.steps);
        break;
    case Status::Diverges:
        out.message = "diverges: the term after step " + std::to_string(out.steps) + " repeats the one after step "
            + std::to_string(out.steps - out.cycleLength) + " (cycle of " + std::to_string(out.cycleLength)
            + (out.cycleLength == 1 ? " step)" : " steps)");
        break;
    case Status::Cancelled:
        out.message = "cancelled after " + std::to_string(out.steps) + " steps";
        break;
    case Status::Running:
        break;
    }

    if (settings.strategy == Strategy::CallByNeed && out.status == Status::WeakHeadNormalForm) {
        Settings byName = settings;
        byName.strategy = Strategy::CallByName;
        byName.trace = false;
        byName.table = false;
        const Outcome cbn = evaluate(byName);
        if (cbn.status == Status::WeakHeadNormalForm && cbn.steps >= out.steps)
            out.stepsSaved = cbn.steps - out.steps;
    }
    return out;
}

// ---------------------------------------------------------------------------------------

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

bool Session::load(const Settings &settings, ParseError *error)
{
    m_settings = settings;
    m_graph = std::make_unique<Graph>();
    m_reducer.reset();
    m_history.clear();
    m_seen.clear();
    m_status = Status::Running;
    m_cycleLength = 0;
    const ParsedProgram program = lambda::load(*m_graph, settings);
    if (!program.ok) {
        if (error)
            *error = program.error;
        return false;
    }
    m_head = program.head;
    m_inputNames = identifiers(settings.term);
    m_names = std::make_unique<Graph>();
    definitionNormalForms(*m_names, settings, m_nameForms);
    m_reducer = std::make_unique<Reducer>(*m_graph, program.term, settings.strategy);
    m_seen.emplace_back(m_graph->node(program.term).hash, 0);
    if (oversized(*m_reducer, settings.maxSize))
        m_status = Status::SizeLimit;
    m_history.push_back(snapshot(nullptr));
    checkEnd();
    return true;
}

Snapshot Session::snapshot(const StepInfo *info)
{
    const Graph &g = *m_graph;
    const NodeId root = m_reducer->root();
    Snapshot s;
    s.step = m_reducer->steps();
    s.size = m_reducer->extent().first;
    std::vector<std::uint8_t> path;
    bool inCell = false;
    const bool more = m_status == Status::Running && m_reducer->nextRedex(path, inCell);
    const bool mark = more && !inCell;
    if (s.size <= kFullPrintSize) {
        const PrintResult printed = printTerm(g, root, NameMode::KeepNames, {}, mark ? &path : nullptr);
        s.term = printed.text;
        s.redexFunction = printed.function;
        s.redexArgument = printed.argument;
        s.expanded = print(g, root, NameMode::ExpandNames);
        s.deBruijn = printDeBruijn(g, root);
    } else {
        s.term = "(" + std::to_string(s.size) + " nodes: too large to show)";
    }
    if (mark) {
        s.redexPath = path;
        s.redexMarked = true;
    }
    if (info) {
        s.explanation = info->explanation;
        s.renames = joined(info->renames);
        s.nextRedex = info->redex;
    }
    const auto value = decode(g, root, isBooleanOperator(m_head));
    if (value)
        s.value = value->toString();
    if (s.size <= kFullPrintSize)
        s.name = nameFor(g, root, value, *m_names, m_nameForms, m_inputNames, m_settings.prelude);
    s.sharedCells = static_cast<int>(g.cellCount());
    for (std::uint32_t c = 0; c < g.cellCount() && c < 20; ++c) {
        const NodeId content = g.cellContent(c);
        const Node &head = g.node(g.resolve(content, true));
        const bool value = head.kind == Kind::Lam;
        s.shared.push_back("#" + std::to_string(c + 1) + " = " + printShort(g, content, 60)
            + (value ? "  (evaluated: every use sees this)" : ""));
    }
    return s;
}

void Session::checkEnd()
{
    if (m_status != Status::Running)
        return;
    if (!m_reducer->hasRedex())
        m_status = finalStatus(m_settings.strategy);
    else if (m_reducer->steps() >= m_settings.maxSteps)
        m_status = Status::StepLimit;
}

bool Session::advance()
{
    if (!m_reducer || m_status != Status::Running)
        return false;
    StepInfo info;
    if (!m_reducer->step(&info, true)) {
        m_status = finalStatus(m_settings.strategy);
        return false;
    }
    const Node &n = m_graph->node(m_reducer->root());
    if (oversized(*m_reducer, m_settings.maxSize))
        m_status = Status::SizeLimit;
    if (m_status == Status::Running && (m_settings.strategy != Strategy::CallByNeed || m_graph->cellCount() == 0)) {
        for (const auto &[hash, step] : m_seen) {
            if (hash == n.hash) {
                m_cycleLength = m_reducer->steps() - step;
                m_status = Status::Diverges;
                break;
            }
        }
        m_seen.emplace_back(n.hash, m_reducer->steps());
    }
    checkEnd();
    m_history.push_back(snapshot(&info));
    return true;
}

} // namespace conceptlab::lambda
