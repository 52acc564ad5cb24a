// ReductionSession: one contraction per step with a snapshot of every state reached, cycle
// detection, limits, decoding and naming of each state; binder lookup for highlights.
#include "reductionsession.h"

#include "text.h"

#include <algorithm>

namespace conceptlab::lambda {

namespace {

    std::string count(std::uint64_t n)
    {
        return formatInteger(static_cast<std::int64_t>(n));
    }

    bool identifierByte(unsigned char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '\'';
    }

    // Every binder of a printed term as (name, span in code points), in order.
    std::vector<std::pair<std::string, Span>> binders(std::string_view term)
    {
        std::vector<std::pair<std::string, Span>> out;
        const std::string_view lambda = "λ";
        int codePoint = 0;
        std::size_t i = 0;
        while (i < term.size()) {
            if (term.substr(i, lambda.size()) == lambda) {
                i += lambda.size();
                ++codePoint;
                const int begin = codePoint;
                const std::size_t start = i;
                // A binder name ends at the '.' (or a space between binders).
                while (i < term.size() && identifierByte(static_cast<unsigned char>(term[i]))) {
                    ++codePoint;
                    ++i;
                }
                if (i > start)
                    out.emplace_back(std::string(term.substr(start, i - start)), Span { begin, codePoint });
                continue;
            }
            if ((static_cast<unsigned char>(term[i]) & 0xC0) != 0x80)
                ++codePoint;
            ++i;
        }
        return out;
    }

    // Equal up to renaming of bound variables: the de Bruijn forms (nameless, names expanded)
    // are the same text. Terms too large to print are compared by size and structural hash,
    // which the caller has already matched.
    bool sameTerm(const Snapshot &a, const Snapshot &b)
    {
        if (a.size != b.size)
            return false;
        if (!a.deBruijn.empty() || !b.deBruijn.empty())
            return a.deBruijn == b.deBruijn;
        return true;
    }

} // namespace

std::string strategyTitle(Strategy s)
{
    switch (s) {
    case Strategy::Normal:
        return "normal order";
    case Strategy::Applicative:
        return "applicative order";
    case Strategy::CallByName:
        return "call-by-name";
    case Strategy::CallByValue:
        return "call-by-value";
    case Strategy::CallByNeed:
        return "call-by-need";
    }
    return {};
}

std::string strategyRule(Strategy s)
{
    switch (s) {
    case Strategy::Normal:
        return "leftmost-outermost, to normal form";
    case Strategy::Applicative:
        return "leftmost-innermost, to normal form";
    case Strategy::CallByName:
        return "head redex only, to weak head normal form";
    case Strategy::CallByValue:
        return "arguments first, never under λ";
    case Strategy::CallByNeed:
        return "call-by-name with shared arguments";
    }
    return {};
}

std::string statusTitle(Status s)
{
    switch (s) {
    case Status::Running:
        return "running";
    case Status::NormalForm:
        return "normal form";
    case Status::WeakHeadNormalForm:
        return "weak head normal form";
    case Status::StepLimit:
        return "step limit reached";
    case Status::SizeLimit:
        return "size limit reached";
    case Status::Diverges:
        return "diverges";
    }
    return {};
}

std::vector<std::string> binderNames(std::string_view term)
{
    std::vector<std::string> names;
    for (const auto &[name, span] : binders(term))
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    return names;
}

std::vector<Span> binderSpans(std::string_view term, std::string_view name)
{
    std::vector<Span> spans;
    for (const auto &[binder, span] : binders(term))
        if (binder == name)
            spans.push_back(span);
    return spans;
}

ReductionSession::ReductionSession(Settings settings, const WorkControl &control)
    : m_settings(std::move(settings))
    , m_graph(std::make_unique<Graph>())
{
    const ParsedProgram program = loadProgram(*m_graph, m_settings);
    if (!program.ok)
        throw InputError(program.error.toString());
    control.checkpoint();
    m_head = program.head;
    m_inputNames = identifiers(m_settings.term);
    m_names = std::make_unique<Graph>();
    definitionNormalForms(*m_names, m_settings, m_nameForms);
    control.checkpoint();
    m_reducer = std::make_unique<Reducer>(*m_graph, program.term, m_settings.strategy);
    m_seen.emplace_back(m_graph->node(program.term).hash, 0);
    if (oversized(*m_reducer, m_settings.maxSize))
        m_status = Status::SizeLimit;
    m_history.push_back(takeSnapshot(nullptr));
    checkEnd();
}

void ReductionSession::reset()
{
    m_cursor = 0;
}

bool ReductionSession::stepForward()
{
    if (m_cursor + 1 < static_cast<int>(m_history.size())) {
        ++m_cursor;
        return true;
    }
    if (!advance())
        return false;
    m_cursor = static_cast<int>(m_history.size()) - 1;
    return true;
}

bool ReductionSession::stepBackward()
{
    if (m_cursor == 0)
        return false;
    --m_cursor;
    return true;
}

bool ReductionSession::seek(int step)
{
    if (step < 0 || step >= static_cast<int>(m_history.size()) || step == m_cursor)
        return false;
    m_cursor = step;
    return true;
}

int ReductionSession::runToEnd(const WorkControl &control, int lastStep)
{
    const double total = static_cast<double>(
        std::max<std::uint64_t>(1, std::min(static_cast<std::uint64_t>(std::max(lastStep, 1)), m_settings.maxSteps)));
    while (m_cursor < lastStep && stepForward()) {
        if (m_cursor % 16 == 0) {
            control.checkpoint();
            control.report(std::min(1.0, m_cursor / total));
        }
    }
    control.checkpoint();
    control.report(1.0);
    return m_cursor;
}

bool ReductionSession::atEnd() const
{
    return m_cursor + 1 >= static_cast<int>(m_history.size()) && m_status != Status::Running;
}

std::string ReductionSession::statusText() const
{
    const Snapshot &s = snapshot();
    std::string text = strategyTitle(m_settings.strategy);
    if (atEnd())
        text += " · " + statusTitle(m_status);
    if (!s.value.empty())
        text += " · = " + s.value;
    if (!s.name.empty())
        text += " · ≡ " + s.name;
    return text;
}

Table ReductionSession::currentTable() const
{
    Table table;
    table.header = { "step", "term", "redex", "explanation", "renames", "size" };
    for (std::size_t i = 1; i <= static_cast<std::size_t>(m_cursor); ++i) {
        const Snapshot &s = m_history[i];
        table.rows.push_back({ count(s.step), s.term, s.nextRedex, s.explanation, s.renames, count(s.size) });
    }
    return table;
}

std::vector<std::string> ReductionSession::highlightTargets() const
{
    std::vector<std::string> targets;
    const Snapshot &s = snapshot();
    if (s.redexFunction.valid())
        targets.emplace_back("redex");
    for (const std::string &name : binderNames(s.term))
        targets.push_back("binder:" + name);
    return targets;
}

Snapshot ReductionSession::takeSnapshot(const StepInfo *info)
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
        s.term = "(" + count(s.size) + " nodes: too large to show)";
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
        const bool evaluated = g.node(g.resolve(content, true)).kind == Kind::Lam;
        s.shared.push_back("#" + count(c + 1) + " = " + printShort(g, content, 60)
            + (evaluated ? "  (evaluated: every use sees this)" : ""));
    }
    return s;
}

void ReductionSession::checkEnd()
{
    if (m_status != Status::Running)
        return;
    if (!m_reducer->hasRedex())
        m_status = finalStatus(m_settings.strategy);
    else if (m_reducer->steps() >= m_settings.maxSteps)
        m_status = Status::StepLimit;
}

bool ReductionSession::advance()
{
    if (m_status != Status::Running)
        return false;
    StepInfo info;
    if (!m_reducer->step(&info, true)) {
        m_status = finalStatus(m_settings.strategy);
        return false;
    }
    const std::uint64_t hash = m_graph->node(m_reducer->root()).hash;
    if (oversized(*m_reducer, m_settings.maxSize))
        m_status = Status::SizeLimit;
    // Shared cells change under call-by-need without a step of the printed term: no cycles there.
    const bool watchCycles
        = m_status == Status::Running && (m_settings.strategy != Strategy::CallByNeed || m_graph->cellCount() == 0);
    // Snapshot while still running, so a repeated state keeps its redex marked: the step it
    // would take is the one that went round the cycle before.
    Snapshot snapshot = takeSnapshot(&info);
    if (watchCycles) {
        for (const auto &[seenHash, step] : m_seen) {
            if (seenHash == hash && sameTerm(m_history[static_cast<std::size_t>(step)], snapshot)) {
                m_cycleLength = m_reducer->steps() - step;
                m_cycleStart = static_cast<int>(step);
                snapshot.repeatsStep = m_cycleStart;
                m_status = Status::Diverges;
                break;
            }
        }
        m_seen.emplace_back(hash, m_reducer->steps());
    }
    checkEnd();
    if (m_status != Status::Running && m_status != Status::Diverges) {
        // The end came with this step (a limit, or no redex left): nothing is next.
        snapshot.redexFunction = {};
        snapshot.redexArgument = {};
        snapshot.redexPath.clear();
        snapshot.redexMarked = false;
    }
    m_history.push_back(std::move(snapshot));
    return true;
}

bool ReductionSession::onCycle(int step) const
{
    return m_cycleStart >= 0 && step >= m_cycleStart && step < static_cast<int>(m_history.size());
}

std::string ReductionSession::cycleText() const
{
    if (m_cycleStart < 0)
        return {};
    const std::uint64_t last = m_history.back().step;
    return "step " + count(last) + " equals step " + count(static_cast<std::uint64_t>(m_cycleStart))
        + ": this term loops forever (a cycle of " + count(m_cycleLength) + (m_cycleLength == 1 ? " step)" : " steps)");
}

} // namespace conceptlab::lambda
