// GraphCaptureView: builds the session off the GUI thread, draws its snapshot (the trace
// up to the current op, the script graph, the panels) with the SDK's GraphView.
#include "graphcaptureview.h"

#include "codeeditor.h"
#include "core/graphcapturesession.h"
#include "graphcapturemodule.h"
#include "graphview.h"
#include "pythonhighlighter.h"
#include "viewfonts.h"

#include <QAbstractTextDocumentLayout>
#include <QComboBox>
#include <QFontInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>
#include <iterator>
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
        std::map<int, int> lineOf; ///< view node → source line
        std::map<int, QStringList> namesOf; ///< view node → value names it produces
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
                lineOf[index] = node->line;
                for (const auto *out : node->outputs)
                    namesOf[index].push_back(QString::fromStdString(out->display().substr(1)));
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

    // The view nodes a lesson highlight target names: "line:<n>" or "node:<name>".
    QList<int> targetNodes(
        const QString &target, const std::map<int, int> &lineOf, const std::map<int, QStringList> &namesOf)
    {
        QList<int> out;
        if (target.startsWith(QLatin1String("line:"))) {
            bool ok = false;
            const int line = target.mid(5).toInt(&ok);
            for (const auto &[index, nodeLine] : lineOf)
                if (ok && nodeLine == line)
                    out.append(index);
        } else if (target.startsWith(QLatin1String("node:"))) {
            const QString name = target.mid(5);
            for (const auto &[index, names] : namesOf)
                if (names.contains(name))
                    out.append(index);
        }
        return out;
    }

    // Fused kernels: one colour each (a graph's kernels cycle through them); extern kernels grey.
    const QColor kKernelColours[] = { QColor(0xd7, 0xec, 0xd9), QColor(0xdb, 0xe4, 0xf7), QColor(0xfb, 0xe3, 0xc9),
        QColor(0xea, 0xdc, 0xf5), QColor(0xd4, 0xf1, 0xf1), QColor(0xf7, 0xd9, 0xe0) };
    const QColor kExternColour(0xe4, 0xe4, 0xe4);

    QColor kernelColour(const CompiledGraph &g, int node)
    {
        for (std::size_t k = 0; k < g.kernels.size(); ++k) {
            const Kernel &kernel = g.kernels[k];
            if (std::find(kernel.nodes.begin(), kernel.nodes.end(), node) != kernel.nodes.end())
                return kernel.kind == "extern" ? kExternColour : kKernelColours[k % std::size(kKernelColours)];
        }
        return QColor(Qt::white);
    }

    QString esc(const std::string &text)
    {
        return QString::fromStdString(text).toHtmlEscaped();
    }

    const QColor kCurrentColour(0xff, 0xc8, 0x57);
    const QColor kCurrentLineColour(0xff, 0xf0, 0xb3);
    const QColor kLessonColour(0xd9, 0x46, 0xef);
    const QColor kLessonLineColour(0xf3, 0xd0, 0xfb);

} // namespace

GraphCaptureView::GraphCaptureView(QWidget *parent)
    : ConceptView(parent)
    , m_editor(new CodeEditor(this))
    , m_examples(new QComboBox(this))
    , m_traceView(new GraphView(this))
    , m_scriptView(new GraphView(this))
    , m_traceTitle(new QLabel(this))
    , m_scriptTitle(new QLabel(this))
    , m_compiledTitle(new QLabel(this))
    , m_compiledTabs(new QTabWidget(this))
    , m_compiledGraphs(new QTextBrowser(this))
    , m_calls(new QTableWidget(this))
    , m_kernels(new QTableWidget(this))
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
    // The third column: torch.compile's graphs as FX node lists (kernels as colours, graph breaks
    // between them), the calls against the cache and the kernels. Scrolls instead of shrinking.
    auto *compiled = new QWidget(this);
    auto *compiledLayout = new QVBoxLayout(compiled);
    compiledLayout->setContentsMargins(0, 0, 0, 0);
    QFont bold = m_compiledTitle->font();
    bold.setBold(true);
    m_compiledTitle->setFont(bold);
    m_compiledTitle->setWordWrap(true);
    compiledLayout->addWidget(m_compiledTitle);
    compiledLayout->addWidget(m_compiledTabs, 1);
    m_compiledGraphs->setOpenLinks(false);
    m_compiledTabs->addTab(m_compiledGraphs, tr("Graphs"));
    m_compiledTabs->addTab(m_calls, tr("Calls"));
    m_compiledTabs->addTab(m_kernels, tr("Kernels"));
    for (QTableWidget *table : { m_calls, m_kernels }) {
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->verticalHeader()->setVisible(false);
        table->horizontalHeader()->setStretchLastSection(true);
        table->setWordWrap(true);
    }
    graphs->addWidget(compiled);
    graphs->setStretchFactor(0, 1);
    graphs->setStretchFactor(1, 1);
    graphs->setStretchFactor(2, 1);
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(left);
    main->addWidget(graphs);
    main->setStretchFactor(0, 2);
    main->setStretchFactor(1, 5);
    // Wide enough for 36 columns of code at any size of the application font (presenter mode).
    onApplicationFontChange(m_editor, [this] {
        const QFontMetrics metrics(styledFont({ .fixedPitch = true }));
        m_editor->setMinimumWidth(m_editor->lineNumberAreaWidth() + metrics.horizontalAdvance(QLatin1Char('x')) * 36);
    });
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(main);

    m_traceTitle->setText(tr("Traced graph"));
    m_scriptTitle->setText(tr("Scripted graph"));
    m_compiledTitle->setText(tr("Compiled (torch.compile)"));

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
        m_values[QStringLiteral("inputs")] = QString();
        m_values[QStringLiteral("check_inputs")] = QString();
        emit parameterEdited(QStringLiteral("inputs"), QString());
        emit parameterEdited(QStringLiteral("check_inputs"), QString());
        m_settingText = true;
        m_editor->setPlainText(exampleSource(name));
        m_settingText = false;
        m_examples->setCurrentIndex(0);
        programEdited();
    });
}

void GraphCaptureView::programEdited()
{
    m_editTimer.stop();
    const QString text = m_editor->toPlainText();
    m_values[QStringLiteral("program")] = text;
    m_values[QStringLiteral("example")] = QStringLiteral("custom");
    emit parameterEdited(QStringLiteral("example"), QStringLiteral("custom"));
    emit parameterEdited(QStringLiteral("program"), text);
    rebuild();
}

void GraphCaptureView::setParameters(const ParameterValues &values)
{
    m_values = values;
    const QString program = QString::fromStdString(analysisRequest(values).program);
    if (program != m_editor->toPlainText()) {
        m_settingText = true;
        m_editor->setPlainText(program);
        m_settingText = false;
    }
    rebuild();
}

void GraphCaptureView::rebuild()
{
    const AnalysisRequest request = analysisRequest(m_values);
    buildSession([request](const WorkControl &control) -> std::unique_ptr<Session> {
        return createGraphCaptureSession(request, control);
    });
    emit stateChanged();
}

void GraphCaptureView::showSnapshot()
{
    m_editor->clearError();
    const auto *session = dynamic_cast<const GraphCaptureSession *>(this->session());
    if (!session) {
        showError();
        applyHighlight();
        return;
    }
    const Analysis &a = session->analysis();
    // A session handed over whole (headless export) or rebuilt: show its program, unless
    // the user is typing a newer one.
    const QString program = QString::fromStdString(a.program);
    if (!m_editTimer.isActive() && program != m_editor->toPlainText()) {
        m_settingText = true;
        m_editor->setPlainText(program);
        m_settingText = false;
    }
    if (a.script.error)
        m_editor->setError(a.script.error->line, a.script.error->column, 1,
            tr("scripting: %1").arg(QString::fromStdString(a.script.error->message)));
    const GraphCaptureSnapshot snapshot = session->snapshot();
    showTrace(snapshot);
    showScriptGraph(a);
    showCompiled(snapshot);
    showPanels(a);
    applyHighlight();
}

void GraphCaptureView::showError()
{
    // A program that does not parse or run, or malformed inputs: the error in the editor
    // (when it has a position), the trace's placeholder and the outputs panel.
    const QString error = inputError();
    static const QRegularExpression position(
        QStringLiteral("^line (\\d+), column (\\d+): (.*)$"), QRegularExpression::DotMatchesEverythingOption);
    const auto match = position.match(error);
    if (match.hasMatch())
        m_editor->setError(match.captured(1).toInt(), match.captured(2).toInt(), 1, match.captured(3));
    m_traceView->setPlaceholder(error.isEmpty() ? tr("no trace") : tr("The program did not run:\n%1").arg(error));
    m_traceView->clearGraph();
    m_traceTitle->setText(tr("Traced graph"));
    m_scriptView->setPlaceholder(tr("Not scripted"));
    m_scriptView->clearGraph();
    m_scriptTitle->setText(tr("Scripted graph"));
    m_traceIndex = {};
    m_scriptIndex = {};
    m_compiledTitle->setText(tr("Compiled (torch.compile)"));
    m_compiledGraphs->setPlainText(tr("Not compiled."));
    m_calls->clear();
    m_kernels->clear();
    m_compileShown = -1;
    m_outputs->setPlainText(error);
    m_warnings->setPlainText(tr("No warnings."));
    m_panels->setTabText(1, tr("Warnings (0)"));
}

void GraphCaptureView::showTrace(const GraphCaptureSnapshot &snapshot)
{
    const Analysis &a = *snapshot.analysis;
    m_current = -1;
    if (!a.eager.graph) {
        m_traceView->setPlaceholder(tr("no trace"));
        m_traceView->clearGraph();
        m_traceTitle->setText(tr("Traced graph"));
        m_traceIndex = {};
        return;
    }
    GraphBuilder builder;
    builder.maxOrder = snapshot.maxOrder;
    builder.withReturn = snapshot.complete;
    builder.build(*a.eager.graph);
    m_traceView->setGraph(builder.nodes, builder.edges, true);
    QString title = tr("Traced graph — %1 of %2 ops").arg(snapshot.step).arg(snapshot.stepCount);
    if (a.eager.traceError)
        title += tr(" (not traceable: %1)").arg(QString::fromStdString(a.eager.traceError->message));
    m_traceTitle->setText(title);
    m_currentLine = snapshot.current ? snapshot.current->line : 0;
    if (snapshot.current) {
        auto it = builder.indexOf.find(snapshot.current);
        if (it != builder.indexOf.end()) {
            m_current = it->second;
            m_traceView->ensureNodeVisible(it->second);
        }
    }
    m_traceIndex = { std::move(builder.lineOf), std::move(builder.namesOf) };
}

void GraphCaptureView::showScriptGraph(const Analysis &a)
{
    if (!a.script.graph) {
        QString why = a.script.error ? tr("Not scriptable (line %1, column %2):\n%3")
                                           .arg(a.script.error->line)
                                           .arg(a.script.error->column)
                                           .arg(QString::fromStdString(a.script.error->message))
                                     : tr("Not scripted");
        m_scriptView->setPlaceholder(why);
        m_scriptView->clearGraph();
        m_scriptTitle->setText(tr("Scripted graph — refused"));
        m_scriptIndex = {};
        return;
    }
    const Graph &shown
        = a.scriptGraphForm == ScriptGraphForm::Calls && a.script.callGraph ? *a.script.callGraph : *a.script.graph;
    GraphBuilder builder;
    builder.build(shown);
    m_scriptView->setGraph(builder.nodes, builder.edges, true);
    int ops = 0;
    for (const auto &[kind, count] : shown.opCounts())
        ops += count;
    m_scriptTitle->setText(tr("Scripted graph — %1 ops, control flow kept").arg(ops));
    m_scriptIndex = { std::move(builder.lineOf), std::move(builder.namesOf) };
}

namespace {

    QString graphHeaderHtml(const CompiledGraph &g)
    {
        QString html = GraphCaptureView::tr("<p style='margin-top:8px;margin-bottom:2px'><b>Graph %1</b> · %2</p>")
                           .arg(g.id + 1)
                           .arg(esc(g.frame));
        html += QStringLiteral("<table cellspacing='0' cellpadding='2' width='100%'>");
        for (const auto &node : g.nodes)
            if (node.op == "placeholder")
                html += QStringLiteral("<tr><td style='color:#2f6db5'><code>%1</code> <i>input</i></td></tr>")
                            .arg(esc(node.name));
        return html;
    }

    // The graph's return, its kernels in their colours and its guards.
    QString graphFooterHtml(const CompiledGraph &g)
    {
        QString html;
        const std::string &code = g.code;
        const auto ret = code.rfind("return");
        if (ret != std::string::npos)
            html += GraphCaptureView::tr("<p style='margin:0'>Graph %1: <code>%2</code></p>")
                        .arg(g.id + 1)
                        .arg(esc(code.substr(ret, code.size() - ret - 1)));
        QStringList kernels;
        for (std::size_t k = 0; k < g.kernels.size(); ++k) {
            const Kernel &kernel = g.kernels[k];
            const QColor colour
                = kernel.kind == "extern" ? kExternColour : kKernelColours[k % std::size(kKernelColours)];
            kernels << QStringLiteral("<span style='background:%1'>&nbsp;%2&nbsp;</span>")
                           .arg(colour.name(), esc(kernel.name));
        }
        if (!kernels.isEmpty())
            html += GraphCaptureView::tr("<p style='margin:2px 0'>kernels: %1</p>")
                        .arg(kernels.join(QStringLiteral(" ")));
        QString guards;
        for (const auto &guard : g.guards)
            guards += esc(guard) + QStringLiteral("<br>");
        html
            += GraphCaptureView::tr("<p style='margin:2px 0;color:#555555'>guards:<br><code>%1</code></p>").arg(guards);
        return html;
    }

    QString nodeHtml(const CompiledGraph &g, int index, bool current, int highlightLine)
    {
        const FxNode &node = g.nodes[static_cast<std::size_t>(index)];
        QString style = QStringLiteral("background:%1").arg(kernelColour(g, index).name());
        if (current)
            style += QStringLiteral(";border:2px solid %1").arg(kCurrentColour.name());
        if (highlightLine > 0 && node.line == highlightLine)
            style += QStringLiteral(";color:%1").arg(kLessonColour.name());
        return QStringLiteral("<tr><td style='%1'><code>%2</code> <span style='color:#777777'>(line %3)</span>"
                              "</td></tr>")
            .arg(style, esc(node.text))
            .arg(node.line);
    }

    QString breakHtml(const CaptureEvent &e)
    {
        const bool isBreak = e.kind == CaptureEvent::Kind::Break;
        return QStringLiteral("<p style='background:%1;margin:6px 0;padding:3px'><b>%2 · line %3</b><br>%4</p>")
            .arg(isBreak ? QStringLiteral("#f8d7da") : QStringLiteral("#ffe8c2"),
                isBreak ? GraphCaptureView::tr("graph break") : GraphCaptureView::tr("frame skipped"))
            .arg(e.line)
            .arg(esc(e.text));
    }

    // The first `shown` capture events: graphs as node lists, breaks between them.
    QString eventsHtml(const CompileResult &c, int shown, bool complete, int highlightLine)
    {
        QString html;
        int openGraph = -1;
        auto closeTable = [&] {
            if (openGraph >= 0)
                html += QStringLiteral("</table>");
            openGraph = -1;
        };
        for (int k = 0; k < shown; ++k) {
            const CaptureEvent &e = c.events[static_cast<std::size_t>(k)];
            if (e.kind == CaptureEvent::Kind::Node) {
                const CompiledGraph &g = c.graphs[static_cast<std::size_t>(e.graph)];
                if (openGraph != e.graph) {
                    closeTable();
                    html += graphHeaderHtml(g);
                    openGraph = e.graph;
                }
                html += nodeHtml(g, e.node, k + 1 == shown && !complete, highlightLine);
            } else if (e.kind == CaptureEvent::Kind::GraphEnd) {
                closeTable();
                html += graphFooterHtml(c.graphs[static_cast<std::size_t>(e.graph)]);
            } else {
                closeTable();
                html += breakHtml(e);
            }
        }
        closeTable();
        return html;
    }

} // namespace

void GraphCaptureView::showCompiled(const GraphCaptureSnapshot &snapshot)
{
    const Analysis &a = *snapshot.analysis;
    const CompileResult &c = a.compiled;
    m_compiledTitle->setText(tr("Compiled (torch.compile) — %1 graphs, %2 graph breaks, %3 ops")
                                 .arg(c.graphCount)
                                 .arg(c.graphBreakCount)
                                 .arg(c.opCount));
    const int highlightLine = m_highlight.startsWith(QLatin1String("line:")) ? m_highlight.mid(5).toInt() : 0;
    const int shown = std::min<int>(snapshot.compileShown, static_cast<int>(c.events.size()));
    QString html = QStringLiteral("<html><body style='font-size:small'>");
    html += eventsHtml(c, shown, snapshot.complete, highlightLine);
    if (c.events.empty())
        html += tr("<p>No graph: the function ran eagerly.</p>");
    if (snapshot.complete)
        for (const auto &g : c.graphs) {
            if (g.call == 0)
                continue;
            html += tr("<p style='margin-top:10px'><b>Graph %1</b> · %2 · compiled by call %3 (%4)</p>")
                        .arg(g.id + 1)
                        .arg(esc(g.frame))
                        .arg(g.call + 1)
                        .arg(esc(c.calls[static_cast<std::size_t>(g.call)].inputs));
            html += QStringLiteral("<pre style='margin:0'>%1</pre>").arg(esc(g.code));
            html += graphFooterHtml(g);
        }
    for (const auto &w : c.warnings)
        html += QStringLiteral("<p style='background:#fff3cd'>%1</p>")
                    .arg(esc(w).replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    html += QStringLiteral("</body></html>");
    const int scroll = m_compiledGraphs->verticalScrollBar()->value();
    m_compiledGraphs->setHtml(html);
    if (shown == m_compileShown)
        m_compiledGraphs->verticalScrollBar()->setValue(scroll);
    else if (!snapshot.complete)
        m_compiledGraphs->verticalScrollBar()->setValue(m_compiledGraphs->verticalScrollBar()->maximum());
    m_compileShown = shown;
    showCompiledTables(a);
}

void GraphCaptureView::showCompiledTables(const Analysis &a)
{
    const CompileResult &c = a.compiled;
    m_calls->clear();
    m_calls->setColumnCount(4);
    m_calls->setHorizontalHeaderLabels({ tr("call"), tr("cache"), tr("graphs"), tr("reason") });
    m_calls->setRowCount(static_cast<int>(c.calls.size()));
    for (int r = 0; r < static_cast<int>(c.calls.size()); ++r) {
        const CallRecord &call = c.calls[static_cast<std::size_t>(r)];
        QStringList graphs;
        for (int g : call.graphs)
            graphs << QString::number(g + 1);
        QString reason = QString::fromStdString(call.error ? call.error->message : call.reason);
        if (!call.error && !call.matchesEager)
            reason += tr(" (differs from eager!)");
        const QStringList cells { QString::fromStdString(call.inputs), QString::fromStdString(call.cache),
            graphs.join(QStringLiteral(", ")), reason };
        for (int col = 0; col < cells.size(); ++col)
            m_calls->setItem(r, col, new QTableWidgetItem(cells[col]));
    }
    m_calls->resizeColumnsToContents();
    m_calls->resizeRowsToContents();
    m_compiledTabs->setTabText(1, tr("Calls (%1 recompiles)").arg(c.recompiles));

    m_kernels->clear();
    m_kernels->setColumnCount(4);
    m_kernels->setHorizontalHeaderLabels({ tr("graph"), tr("kernel"), tr("read"), tr("written") });
    int rows = 0;
    std::int64_t unfused = 0, fused = 0;
    for (const auto &g : c.graphs)
        if (g.call == 0) {
            rows += static_cast<int>(g.kernels.size());
            unfused += g.bytesUnfused;
            fused += g.bytesFused;
        }
    m_kernels->setRowCount(rows + 1);
    int r = 0;
    for (const auto &g : c.graphs) {
        if (g.call != 0)
            continue;
        for (std::size_t k = 0; k < g.kernels.size(); ++k, ++r) {
            const Kernel &kernel = g.kernels[k];
            const QStringList cells { QString::number(g.id + 1), QString::fromStdString(kernel.name),
                tr("%1 B").arg(kernel.bytesRead), tr("%1 B").arg(kernel.bytesWritten) };
            for (int col = 0; col < cells.size(); ++col) {
                auto *item = new QTableWidgetItem(cells[col]);
                item->setBackground(
                    kernel.kind == "extern" ? kExternColour : kKernelColours[k % std::size(kKernelColours)]);
                m_kernels->setItem(r, col, item);
            }
        }
    }
    m_kernels->setItem(rows, 1, new QTableWidgetItem(tr("bytes moved: unfused → fused")));
    m_kernels->setItem(rows, 2, new QTableWidgetItem(tr("%1 B").arg(unfused)));
    m_kernels->setItem(rows, 3, new QTableWidgetItem(tr("%1 B").arg(fused)));
    m_kernels->resizeColumnsToContents();
}

void GraphCaptureView::showPanels(const Analysis &a)
{
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
    m_outputs->setPlainText(QString::fromStdString(outputsText(a)));
}

void GraphCaptureView::setHighlight(const QString &target)
{
    m_highlight = target;
    applyHighlight();
}

void GraphCaptureView::applyHighlight()
{
    m_editor->clearHighlights();
    if (m_currentLine > 0)
        m_editor->highlightLine(m_currentLine, kCurrentLineColour);
    const QList<int> traced = targetNodes(m_highlight, m_traceIndex.lineOf, m_traceIndex.namesOf);
    const QList<int> scripted = targetNodes(m_highlight, m_scriptIndex.lineOf, m_scriptIndex.namesOf);
    if (m_highlight.startsWith(QLatin1String("line:")))
        m_editor->highlightLine(m_highlight.mid(5).toInt(), kLessonLineColour);
    if (!traced.isEmpty())
        m_traceView->setHighlighted(traced, kLessonColour);
    else if (m_current >= 0)
        m_traceView->setHighlighted({ m_current }, kCurrentColour);
    else
        m_traceView->setHighlighted({});
    m_scriptView->setHighlighted(scripted, kLessonColour);
}

QString GraphCaptureView::figureSubtitle() const
{
    const auto *session = dynamic_cast<const GraphCaptureSession *>(this->session());
    if (!session)
        return inputError().section(QLatin1Char('\n'), 0, 0);
    const std::string &program = session->analysis().program;
    QString signature;
    for (const QString &line : QString::fromStdString(program).split(QLatin1Char('\n')))
        if (line.trimmed().startsWith(QLatin1String("def "))) {
            signature = line.trimmed();
            if (signature.endsWith(QLatin1Char(':')))
                signature.chop(1);
            break;
        }
    const QString inputs = QString::fromStdString(headerValue(program, "inputs"));
    return inputs.isEmpty() ? signature : tr("%1 · inputs %2").arg(signature, inputs);
}

void GraphCaptureView::paintFigureBody(QPainter &painter, const QRectF &rect, const FigureStyle &style)
{
    const QList<LegendEntry> legend { { QColor(0xdc, 0xea, 0xfb), tr("input") }, { kCurrentColour, tr("current op") },
        { QColor(0xff, 0xf1, 0xd6), tr("If / Loop (scripted)") }, { QColor(0xe3, 0xf4, 0xe1), tr("return") },
        { kKernelColours[0], tr("fused kernel") }, { QColor(0xf8, 0xd7, 0xda), tr("graph break") } };
    const double legendHeight = figure::legendHeight(rect.width(), legend, style);
    figure::drawLegend(
        painter, QRectF(rect.left(), rect.bottom() - legendHeight, rect.width(), legendHeight), legend, style);
    const QRectF area = rect.adjusted(0, 0, 0, -legendHeight - style.gap);
    const double leftWidth = area.width() * 0.32;
    const QRectF left(area.left(), area.top(), leftWidth, area.height());
    const QRectF right(
        left.right() + style.gap * 1.5, area.top(), area.right() - left.right() - style.gap * 1.5, area.height());

    // The program, the op being recorded marked, and its outputs under it.
    const double outputsHeight = left.height() * 0.3;
    QRectF code = figure::drawHeading(painter,
        QRectF(left.left(), left.top(), left.width(), left.height() - outputsHeight - style.gap), tr("Program"), style);
    figure::drawCode(painter, code, *m_editor->document(), style, m_editor->figureMarks());
    const QRectF outputs = figure::drawHeading(
        painter, QRectF(left.left(), left.bottom() - outputsHeight, left.width(), outputsHeight), tr("Outputs"), style);
    figure::drawMonoText(painter, outputs, m_outputs->toPlainText(), style, style.ink);

    // The traced and scripted graphs side by side, the compiled graphs under them.
    const double graphsHeight = right.height() * 0.6;
    const double half = (right.width() - style.gap) / 2;
    const QRectF trace = figure::drawHeading(
        painter, QRectF(right.left(), right.top(), half, graphsHeight), m_traceTitle->text(), style);
    m_traceView->paintFigure(painter, trace, style);
    const QRectF script = figure::drawHeading(
        painter, QRectF(right.right() - half, right.top(), half, graphsHeight), m_scriptTitle->text(), style);
    m_scriptView->paintFigure(painter, script, style);
    paintCompiledFigure(painter,
        QRectF(right.left(), right.top() + graphsHeight + style.gap, right.width(),
            right.height() - graphsHeight - style.gap),
        style);
}

void GraphCaptureView::paintCompiledFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    const QRectF body = figure::drawHeading(painter, rect, m_compiledTitle->text(), style);
    // The compiled graphs as the panel shows them, magnified to the figure's small text and cut
    // to the blocks that fit (an SVG cannot clip).
    std::unique_ptr<QTextDocument> document(m_compiledGraphs->document()->clone());
    const double scale = std::clamp(
        style.small.pixelSize() / static_cast<double>(std::max(6, QFontInfo(document->defaultFont()).pixelSize())), 0.5,
        4.0);
    document->setDocumentMargin(0);
    document->setTextWidth(body.width() / scale);
    const double capacity = body.height() / scale;
    for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
        const QRectF box = document->documentLayout()->blockBoundingRect(block);
        if (box.bottom() > capacity - QFontInfo(document->defaultFont()).pixelSize() * 1.5) {
            QTextCursor cut(document.get());
            cut.setPosition(block.position());
            cut.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
            cut.removeSelectedText();
            cut.insertText(QStringLiteral("…"));
            break;
        }
    }
    painter.save();
    painter.translate(body.topLeft());
    painter.scale(scale, scale);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, style.ink);
    document->documentLayout()->draw(&painter, context);
    painter.restore();
}

QString GraphCaptureView::statusText() const
{
    if (isBusy())
        return tr("analysing…");
    if (!inputError().isEmpty())
        return tr("error: %1").arg(inputError().section(QLatin1Char('\n'), 0, 0));
    return ConceptView::statusText();
}

} // namespace conceptlab::graphcapture
