// GraphCaptureSession: playback of the traced graph over a finished analysis.
#include "graphcapturesession.h"

#include "text.h"

#include <set>

namespace conceptlab::graphcapture {

std::vector<const IrNode *> traceSteps(const Analysis &analysis)
{
    std::vector<const IrNode *> steps;
    if (!analysis.eager.graph)
        return steps;
    for (const IrNode *node : analysis.eager.graph->allNodes())
        if (node->kind != "prim::Constant")
            steps.push_back(node);
    return steps;
}

std::string analysisErrorText(const Analysis &analysis)
{
    if (analysis.errorAt)
        return "line " + formatInteger(analysis.errorAt->line) + ", column " + formatInteger(analysis.errorAt->column)
            + ": " + analysis.errorAt->message;
    return analysis.error;
}

std::unique_ptr<GraphCaptureSession> createGraphCaptureSession(
    const AnalysisRequest &request, const WorkControl &control)
{
    auto analysis = std::make_shared<Analysis>(analyze(request, control));
    if (!analysis->error.empty())
        throw InputError(analysisErrorText(*analysis));
    return std::make_unique<GraphCaptureSession>(std::move(analysis));
}

GraphCaptureSession::GraphCaptureSession(std::shared_ptr<const Analysis> analysis)
    : m_analysis(std::move(analysis))
    , m_steps(traceSteps(*m_analysis))
{
}

std::string GraphCaptureSession::statusText() const
{
    const CompileResult &c = m_analysis->compiled;
    const auto counted = [](std::int64_t n, const char *one, const char *many) {
        return formatInteger(n) + " " + (n == 1 ? one : many);
    };
    return counted(static_cast<std::int64_t>(m_analysis->eager.warnings.size()), "tracer warning", "tracer warnings")
        + " · script " + (m_analysis->script.error ? "refused" : "ok") + " · compiled "
        + counted(c.graphCount, "graph", "graphs") + ", " + counted(c.graphBreakCount, "break", "breaks");
}

Table GraphCaptureSession::currentTable() const
{
    Table table;
    table.header = { "step", "op", "line" };
    for (int k = 0; k < currentStep(); ++k) {
        const IrNode &node = *m_steps[static_cast<std::size_t>(k)];
        table.rows.push_back({ formatInteger(k + 1), node.kind, formatInteger(node.line) });
    }
    return table;
}

GraphCaptureSnapshot GraphCaptureSession::snapshot() const
{
    GraphCaptureSnapshot snapshot;
    snapshot.analysis = m_analysis.get();
    snapshot.step = currentStep();
    snapshot.stepCount = static_cast<int>(m_steps.size());
    if (currentStep() > 0) {
        snapshot.current = m_steps[static_cast<std::size_t>(currentStep() - 1)];
        snapshot.maxOrder = snapshot.current->order;
    }
    snapshot.complete = atEnd();
    const auto &events = m_analysis->compiled.events;
    if (snapshot.complete) {
        snapshot.compileShown = static_cast<int>(events.size());
    } else {
        const long tick = snapshot.current ? snapshot.current->tick : 0;
        while (snapshot.compileShown < static_cast<int>(events.size())
            && events[static_cast<std::size_t>(snapshot.compileShown)].tick <= tick)
            ++snapshot.compileShown;
    }
    return snapshot;
}

std::vector<std::string> GraphCaptureSession::highlightTargets() const
{
    std::set<int> lines;
    std::set<std::string> names;
    auto note = [&](const IrNode &node) {
        if (node.line > 0)
            lines.insert(node.line);
        for (const IrValue *out : node.outputs)
            names.insert(out->display().substr(1));
    };
    for (int k = 0; k < currentStep(); ++k)
        note(*m_steps[static_cast<std::size_t>(k)]);
    if (m_analysis->script.graph)
        for (const IrNode *node : m_analysis->script.graph->allNodes())
            if (node->kind != "prim::Constant")
                note(*node);
    std::vector<std::string> targets;
    targets.reserve(lines.size() + names.size());
    for (int line : lines)
        targets.push_back("line:" + formatInteger(line));
    for (const std::string &name : names)
        targets.push_back("node:" + name);
    return targets;
}

} // namespace conceptlab::graphcapture
