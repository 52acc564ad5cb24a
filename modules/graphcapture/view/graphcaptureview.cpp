// GraphCaptureView: analysis on a worker thread, playback of the trace, both graphs drawn
// with the SDK's GraphView.
#include "graphcaptureview.h"

#include "codeeditor.h"
#include "core/analysis.h"
#include "graphcapturemodule.h"
#include "graphview.h"
#include "pythonhighlighter.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <map>

namespace conceptlab::graphcapture {

namespace {

    QString shortType(const IrType &t)
    {
        if (t.kind == IrType::Kind::Tensor && t.concrete) {
            QStringList dims;
            for (auto d : t.shape)
                dims << QString::number(d);
            return QString::fromStdString(t.scalarName) + QLatin1Char('(') + dims.join(QStringLiteral(", "))
                + QLatin1Char(')');
        }
        return QString::fromStdString(t.str());
    }

    QString nodeText(const IrNode &node)
    {
        QString text = QString::fromStdString(node.kind);
        QStringList outs;
        for (const auto *v : node.outputs)
            outs << QString::fromStdString(v->display()) + QStringLiteral(" : ") + shortType(v->type);
        if (!outs.isEmpty())
            text += QLatin1Char('\n') + outs.join(QStringLiteral(", "));
        return text;
    }

    // IR to view nodes and edges; prim::If/Loop become containers with one container per block.
    // Nodes with order > maxOrder are left out (playback); constants are left out (clutter).
    struct GraphBuilder {
        QList<GraphViewNode> nodes;
        QList<GraphViewEdge> edges;
        std::map<const IrValue *, int> producerOf;
        std::map<const IrNode *, int> indexOf;
        int maxOrder = 1 << 30;
        bool withReturn = true;

        void build(const Graph &g)
        {
            for (const auto *p : g.top.params) {
                GraphViewNode n;
                n.text = QString::fromStdString(p->display()) + QLatin1Char('\n') + shortType(p->type);
                n.fill = QColor(0xdc, 0xea, 0xfb);
                n.border = QColor(0x2f, 0x6d, 0xb5);
                producerOf[p] = static_cast<int>(nodes.size());
                nodes.append(n);
            }
            block(g.top, -1);
            if (withReturn && !g.top.returns.empty()) {
                GraphViewNode ret;
                ret.text = QStringLiteral("return");
                ret.fill = QColor(0xe3, 0xf4, 0xe1);
                ret.border = QColor(0x3c, 0x8d, 0x40);
                const int r = static_cast<int>(nodes.size());
                nodes.append(ret);
                for (const auto *v : g.top.returns)
                    link(v, r);
            }
        }

        void link(const IrValue *v, int to)
        {
            auto it = producerOf.find(v);
            if (it != producerOf.end() && it->second != to)
                edges.append({ it->second, to, QString() });
        }

        void block(const IrBlock &b, int parent)
        {
            for (const auto &node : b.nodes) {
                if (node->kind == "prim::Constant" || node->order > maxOrder)
                    continue;
                GraphViewNode n;
                n.parent = parent;
                n.text = nodeText(*node);
                n.toolTip = QStringLiteral("line %1").arg(node->line);
                const bool control = !node->blocks.empty();
                if (control) {
                    n.container = true;
                    n.fill = QColor(0xff, 0xf1, 0xd6);
                    n.border = QColor(0xc9, 0x82, 0x1e);
                }
                const int index = static_cast<int>(nodes.size());
                nodes.append(n);
                indexOf[node.get()] = index;
                for (const auto *in : node->inputs)
                    link(in, index);
                for (std::size_t k = 0; k < node->blocks.size(); ++k) {
                    GraphViewNode frame;
                    frame.parent = index;
                    frame.container = true;
                    frame.text = QStringLiteral("block%1").arg(k);
                    frame.fill = QColor(0xfa, 0xfa, 0xfa);
                    frame.border = QColor(0x9a, 0x9a, 0x9a);
                    const int f = static_cast<int>(nodes.size());
                    nodes.append(frame);
                    for (const auto *p : node->blocks[k]->params)
                        producerOf[p] = f;
                    block(*node->blocks[k], f);
                }
                for (const auto *out : node->outputs)
                    producerOf[out] = index;
            }
        }
    };

} // namespace

GraphCaptureView::GraphCaptureView(QWidget *parent)
    : ConceptView(parent)
    , m_editor(new CodeEditor(this))
    , m_examples(new QComboBox(this))
    , m_traceView(new GraphView(this))
    , m_scriptView(new GraphView(this))
    , m_traceTitle(new QLabel(this))
    , m_scriptTitle(new QLabel(this))
    , m_panels(new QTabWidget(this))
    , m_warnings(new QPlainTextEdit(this))
    , m_outputs(new QPlainTextEdit(this))
{
    new PythonHighlighter(m_editor->document());
    m_examples->addItem(tr("Examples…"));
    for (const auto &name : exampleNames())
        m_examples->addItem(name, name);
    m_warnings->setReadOnly(true);
    m_outputs->setReadOnly(true);
    m_warnings->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_panels->addTab(m_outputs, tr("Outputs"));
    m_panels->addTab(m_warnings, tr("Warnings"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_examples);
    leftLayout->addWidget(m_editor, 3);
    leftLayout->addWidget(m_panels, 2);

    auto titled = [this](QLabel *title, GraphView *view) {
        auto *w = new QWidget(this);
        auto *l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        QFont f = title->font();
        f.setBold(true);
        title->setFont(f);
        l->addWidget(title);
        l->addWidget(view, 1);
        return w;
    };
    auto *graphs = new QSplitter(Qt::Horizontal, this);
    graphs->addWidget(titled(m_traceTitle, m_traceView));
    graphs->addWidget(titled(m_scriptTitle, m_scriptView));
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(left);
    main->addWidget(graphs);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 5);
    m_editor->setMinimumWidth(360);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(main);

    m_traceTitle->setText(tr("Traced graph"));
    m_scriptTitle->setText(tr("Scripted graph"));

    m_editTimer.setSingleShot(true);
    m_editTimer.setInterval(600);
    connect(&m_editTimer, &QTimer::timeout, this, &GraphCaptureView::programEdited);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_settingText)
            m_editTimer.start();
    });
    connect(m_examples, &QComboBox::activated, this, [this](int index) {
        const QString name = m_examples->itemData(index).toString();
        if (name.isEmpty())
            return;
        m_values[QStringLiteral("example")] = QStringLiteral("custom");
        m_values[QStringLiteral("inputs")] = QString();
        m_values[QStringLiteral("check_inputs")] = QString();
        m_settingText = true;
        m_editor->setPlainText(exampleSource(name));
        m_settingText = false;
        m_examples->setCurrentIndex(0);
        programEdited();
    });
    connect(
        &m_watcher, &QFutureWatcher<std::shared_ptr<Analysis>>::finished, this, &GraphCaptureView::analysisFinished);
}

GraphCaptureView::~GraphCaptureView()
{
    m_watcher.waitForFinished();
}

void GraphCaptureView::programEdited()
{
    const QString text = m_editor->toPlainText();
    m_values[QStringLiteral("program")] = text;
    m_values[QStringLiteral("example")] = QStringLiteral("custom");
    emit parameterEdited(QStringLiteral("example"), QStringLiteral("custom"));
    emit parameterEdited(QStringLiteral("program"), text);
    analyse();
}

void GraphCaptureView::setParameters(const ParameterValues &values)
{
    m_values = values;
    const QString example = values.value(QStringLiteral("example")).toString();
    const QString program = (example.isEmpty() || example == QLatin1String("custom"))
        ? values.value(QStringLiteral("program")).toString()
        : exampleSource(example);
    if (program != m_editor->toPlainText()) {
        m_settingText = true;
        m_editor->setPlainText(program);
        m_settingText = false;
    }
    analyse();
}

void GraphCaptureView::analyse()
{
    if (m_watcher.isRunning()) {
        m_pending = true;
        return;
    }
    m_pending = false;
    AnalysisRequest request;
    request.program = m_editor->toPlainText().toStdString();
    request.inputsJson = m_values.value(QStringLiteral("inputs")).toString().trimmed().toStdString();
    request.checkInputsJson = m_values.value(QStringLiteral("check_inputs")).toString().trimmed().toStdString();
    if (m_values.contains(QStringLiteral("step_limit")))
        request.stepLimit = m_values.value(QStringLiteral("step_limit")).toLongLong();
    m_watcher.setFuture(QtConcurrent::run([request] { return std::make_shared<Analysis>(analyze(request)); }));
    emit stateChanged();
}

void GraphCaptureView::analysisFinished()
{
    m_analysis = m_watcher.result();
    if (m_pending) {
        analyse();
        return;
    }
    m_step = 0;
    m_editor->clearError();
    m_editor->clearHighlights();
    const Analysis &a = *m_analysis;
    if (!a.error.empty() && a.errorAt)
        m_editor->setError(a.errorAt->line, a.errorAt->column, 1, QString::fromStdString(a.errorAt->message));
    else if (a.script.error)
        m_editor->setError(a.script.error->line, a.script.error->column, 1,
            tr("scripting: %1").arg(QString::fromStdString(a.script.error->message)));
    showScriptGraph();
    showPanels();
    showStep();
    emit stateChanged();
}

void GraphCaptureView::reset()
{
    m_step = 0;
    if (m_analysis)
        showStep();
    emit stateChanged();
}

QString GraphCaptureView::inputError() const
{
    // A program that does not parse or run, or malformed inputs; a construct scripting
    // refuses is a result to show, not an input error.
    if (!m_analysis || m_analysis->error.empty())
        return {};
    const Analysis &a = *m_analysis;
    if (a.errorAt)
        return tr("line %1, column %2: %3")
            .arg(a.errorAt->line)
            .arg(a.errorAt->column)
            .arg(QString::fromStdString(a.errorAt->message));
    return QString::fromStdString(a.error);
}

static std::vector<const IrNode *> traceSteps(const Analysis &a)
{
    std::vector<const IrNode *> steps;
    if (!a.eager.graph)
        return steps;
    for (const IrNode *n : a.eager.graph->allNodes())
        if (n->kind != "prim::Constant")
            steps.push_back(n);
    return steps;
}

bool GraphCaptureView::atEnd() const
{
    if (!m_analysis)
        return true;
    return m_step >= static_cast<int>(traceSteps(*m_analysis).size());
}

void GraphCaptureView::stepForward()
{
    if (atEnd())
        return;
    ++m_step;
    showStep();
    emit stateChanged();
}

void GraphCaptureView::stepBackward()
{
    if (m_step == 0)
        return;
    --m_step;
    showStep();
    emit stateChanged();
}

void GraphCaptureView::showStep()
{
    if (!m_analysis)
        return;
    const Analysis &a = *m_analysis;
    m_editor->clearHighlights();
    if (!a.eager.graph || !a.error.empty()) {
        m_traceView->setPlaceholder(
            a.error.empty() ? tr("no trace") : tr("The program did not run:\n%1").arg(QString::fromStdString(a.error)));
        m_traceView->clearGraph();
        m_traceTitle->setText(tr("Traced graph"));
        return;
    }
    const auto steps = traceSteps(a);
    GraphBuilder builder;
    builder.maxOrder = m_step == 0 ? -1 : steps[static_cast<std::size_t>(m_step - 1)]->order;
    builder.withReturn = m_step == static_cast<int>(steps.size());
    builder.build(*a.eager.graph);
    m_traceView->setGraph(builder.nodes, builder.edges, true);
    QString title = tr("Traced graph — %1 of %2 ops").arg(m_step).arg(steps.size());
    if (a.eager.traceError)
        title += tr(" (not traceable: %1)").arg(QString::fromStdString(a.eager.traceError->message));
    m_traceTitle->setText(title);
    if (m_step > 0) {
        const IrNode *current = steps[static_cast<std::size_t>(m_step - 1)];
        m_editor->highlightLine(current->line, QColor(0xff, 0xf0, 0xb3));
        auto it = builder.indexOf.find(current);
        if (it != builder.indexOf.end()) {
            m_traceView->setHighlighted({ it->second });
            m_traceView->ensureNodeVisible(it->second);
        }
    }
}

void GraphCaptureView::showScriptGraph()
{
    const Analysis &a = *m_analysis;
    if (!a.script.graph) {
        QString why = a.script.error ? tr("Not scriptable (line %1, column %2):\n%3")
                                           .arg(a.script.error->line)
                                           .arg(a.script.error->column)
                                           .arg(QString::fromStdString(a.script.error->message))
                                     : tr("Not scripted");
        m_scriptView->setPlaceholder(why);
        m_scriptView->clearGraph();
        m_scriptTitle->setText(tr("Scripted graph — refused"));
        return;
    }
    GraphBuilder builder;
    builder.build(*a.script.graph);
    m_scriptView->setGraph(builder.nodes, builder.edges, true);
    int ops = 0;
    for (const auto &[kind, count] : a.script.graph->opCounts())
        ops += count;
    m_scriptTitle->setText(tr("Scripted graph — %1 ops, control flow kept").arg(ops));
}

void GraphCaptureView::showPanels()
{
    const Analysis &a = *m_analysis;
    QString warnings;
    for (const auto &w : a.eager.warnings)
        warnings += tr("line %1: TracerWarning: %2\n\n").arg(w.line).arg(QString::fromStdString(w.message));
    if (a.script.error)
        warnings += tr("line %1, column %2: scripting refused: %3\n")
                        .arg(a.script.error->line)
                        .arg(a.script.error->column)
                        .arg(QString::fromStdString(a.script.error->message));
    m_warnings->setPlainText(warnings.isEmpty() ? tr("No warnings.") : warnings);
    m_panels->setTabText(1, tr("Warnings (%1)").arg(a.eager.warnings.size() + (a.script.error ? 1 : 0)));
    if (!a.error.empty()) {
        m_outputs->setPlainText(QString::fromStdString(a.error));
        return;
    }
    auto section = [&](const char *title, const Json *j) {
        return QString::fromLatin1(title) + QLatin1Char('\n')
            + (j ? QString::fromStdString(j->dump(-1)) : QStringLiteral("—")) + QStringLiteral("\n\n");
    };
    QString text = section("eager outputs (example input)", a.data.find("eager")->find("outputs"));
    const Json &check = *a.data.find("check");
    if (!check.find("eager")->isNull()) {
        text += section("check input: eager", check.find("eager"));
        text += section(
            check.find("trace_matches")->asBool() ? "check input: trace (matches)" : "check input: trace (DIFFERS)",
            check.find("trace"));
        text += section(
            check.find("script_matches")->asBool() ? "check input: script (matches)" : "check input: script (DIFFERS)",
            check.find("script"));
        if (const Json *cause = check.find("cause"); cause && !cause->isNull())
            text += tr("why: %1\n").arg(QString::fromStdString(cause->find("message")->asString()));
    }
    m_outputs->setPlainText(text);
}

QString GraphCaptureView::statusText() const
{
    if (isBusy())
        return tr("analysing…");
    if (!m_analysis)
        return {};
    if (!m_analysis->error.empty())
        return tr("error: %1").arg(QString::fromStdString(m_analysis->error).section(QLatin1Char('\n'), 0, 0));
    return tr("step %1 · %2 tracer warnings · script %3")
        .arg(m_step)
        .arg(m_analysis->eager.warnings.size())
        .arg(m_analysis->script.error ? tr("refused") : tr("ok"));
}

ResultTable GraphCaptureView::currentTable() const
{
    ResultTable table;
    table.header = { QStringLiteral("step"), QStringLiteral("op"), QStringLiteral("line") };
    if (!m_analysis)
        return table;
    const auto steps = traceSteps(*m_analysis);
    for (int k = 0; k < m_step && k < static_cast<int>(steps.size()); ++k)
        table.rows.append({ QString::number(k + 1), QString::fromStdString(steps[static_cast<std::size_t>(k)]->kind),
            QString::number(steps[static_cast<std::size_t>(k)]->line) });
    return table;
}

} // namespace conceptlab::graphcapture
