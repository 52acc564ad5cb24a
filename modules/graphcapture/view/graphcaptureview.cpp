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
#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
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
#include <set>

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

    // What a block of a control-flow node is, in words: PyTorch numbers them (block0, block1).
    QString blockTitle(const IrNode &node, std::size_t block)
    {
        if (node.kind == "prim::If")
            return block == 0 ? GraphCaptureView::tr("if true (block0)") : GraphCaptureView::tr("else (block1)");
        if (node.kind == "prim::Loop")
            return GraphCaptureView::tr("loop body (block%1)").arg(block);
        return QStringLiteral("block%1").arg(block);
    }

    const QColor kFrozenFill(0xd9, 0xf2, 0xfb);
    const QColor kFrozenBorder(0x1f, 0x7a, 0xa8);
    const QColor kGhostFill(0xf6, 0xf6, 0xf6);
    const QColor kGhostBorder(0xa0, 0xa4, 0xaa);
    const QColor kIterationFill(0xee, 0xf4, 0xe8);
    const QColor kIterationBorder(0x7b, 0x95, 0x5f);

    // One source line where tensor data decided the control flow (or became a number): what
    // the trace froze, and, for a branch, the side it never recorded (from the scripted graph).
    struct FrozenLine {
        int line = 0;
        QString text; ///< the marker's text
        QStringList ghostKinds; ///< the dropped branch's ops (empty: none known)
        QList<int> ghostLines;
        QString ghostTitle;
    };

    QString valueText(const Decision &d)
    {
        if (d.conversion == "bool" || d.conversion == "boolean")
            return d.value != 0 ? QStringLiteral("True") : QStringLiteral("False");
        if (d.conversion == "int" || d.conversion == "len")
            return QString::number(static_cast<qint64>(d.value));
        return QString::number(d.value, 'g', 6); // QString::number is locale-free
    }

    void collectNodes(const IrBlock &b, QStringList &kinds, QList<int> &lines)
    {
        for (const auto &n : b.nodes) {
            if (n->kind == "prim::Constant")
                continue;
            kinds << QString::fromStdString(n->kind);
            lines << n->line;
            for (const auto &inner : n->blocks)
                collectNodes(*inner, kinds, lines);
        }
    }

    const IrNode *scriptIfAt(const IrBlock &b, int line)
    {
        for (const auto &n : b.nodes) {
            if (n->kind == "prim::If" && n->line == line)
                return n.get();
            for (const auto &inner : n->blocks)
                if (const IrNode *found = scriptIfAt(*inner, line))
                    return found;
        }
        return nullptr;
    }

    std::vector<FrozenLine> frozenLines(const Analysis &a)
    {
        std::map<int, std::vector<const Decision *>> byLine;
        for (const auto &d : a.eager.decisions)
            byLine[d.line].push_back(&d);
        std::vector<FrozenLine> out;
        for (const auto &[line, decisions] : byLine) {
            FrozenLine f;
            f.line = line;
            const Decision &first = *decisions.front();
            // Python's name for the conversion the tracer warned about.
            const QString conversion = first.conversion == "boolean" ? QStringLiteral("bool")
                : first.conversion == "number"                       ? QStringLiteral(".item")
                                                                     : QString::fromStdString(first.conversion);
            bool same = true;
            for (const Decision *d : decisions)
                same = same && d->value == first.value;
            if (first.construct == "branch" && same) {
                const bool taken = first.value != 0;
                f.text = GraphCaptureView::tr("frozen · line %1\nif: %2(…) = %3")
                             .arg(line)
                             .arg(conversion, valueText(first));
                const IrNode *branch = a.script.graph ? scriptIfAt(a.script.graph->top, line) : nullptr;
                if (branch && branch->blocks.size() == 2) {
                    collectNodes(*branch->blocks[taken ? 1 : 0], f.ghostKinds, f.ghostLines);
                    f.ghostTitle = taken ? GraphCaptureView::tr("not traced: else branch")
                                         : GraphCaptureView::tr("not traced: if branch");
                    if (f.ghostKinds.isEmpty()) {
                        f.ghostKinds << GraphCaptureView::tr("(no ops)");
                        f.ghostLines << line;
                    }
                }
            } else if (first.construct == "loop" || first.construct == "branch") {
                QStringList values;
                for (const Decision *d : decisions)
                    values << valueText(*d);
                if (values.size() > 6)
                    values = values.mid(0, 5) << QStringLiteral("… (%1 in all)").arg(decisions.size());
                f.text = GraphCaptureView::tr("frozen · line %1\n%2(…) = %3")
                             .arg(line)
                             .arg(conversion, values.join(QStringLiteral(", ")));
            } else {
                f.text = GraphCaptureView::tr("frozen · line %1\n%2(…) = %3 (now a constant)")
                             .arg(line)
                             .arg(conversion, valueText(first));
            }
            out.push_back(f);
        }
        return out;
    }

    // The traced nodes an unrolled loop made, per copy: a loop of the scripted graph covers a set
    // of source lines; a run of traced nodes from those lines that repeats the same ops is split
    // into its copies. "" for nodes outside any unrolled loop.
    std::map<const IrNode *, QString> unrolledCopies(const Analysis &a)
    {
        std::map<const IrNode *, QString> out;
        if (!a.eager.graph || !a.script.graph)
            return out;
        std::vector<std::pair<int, std::set<int>>> loops; // the loop's line, its lines
        for (const IrNode *n : a.script.graph->allNodes())
            if (n->kind == "prim::Loop" && !n->blocks.empty()) {
                QStringList kinds;
                QList<int> lines;
                collectNodes(*n->blocks[0], kinds, lines);
                std::set<int> set(lines.begin(), lines.end());
                set.insert(n->line);
                loops.emplace_back(n->line, set);
            }
        std::vector<const IrNode *> trace;
        for (const auto &n : a.eager.graph->top.nodes)
            if (n->kind != "prim::Constant")
                trace.push_back(n.get());
        for (const auto &[loopLine, lines] : loops) {
            std::size_t k = 0;
            while (k < trace.size()) {
                if (!lines.count(trace[k]->line) || out.count(trace[k])) {
                    ++k;
                    continue;
                }
                std::size_t end = k;
                while (end < trace.size() && lines.count(trace[end]->line))
                    ++end;
                const std::size_t length = end - k;
                // The shortest period whose copies repeat the same ops from the same lines.
                std::size_t period = length;
                for (std::size_t p = 1; p < length && period == length; ++p) {
                    if (length % p != 0)
                        continue;
                    bool repeats = true;
                    for (std::size_t i = k + p; i < end && repeats; ++i)
                        repeats = trace[i]->kind == trace[i - p]->kind && trace[i]->line == trace[i - p]->line;
                    if (repeats)
                        period = p;
                }
                const std::size_t copies = length / period;
                if (copies >= 2)
                    for (std::size_t i = k; i < end; ++i)
                        out[trace[i]] = GraphCaptureView::tr("loop line %1 · copy %2 of %3")
                                            .arg(loopLine)
                                            .arg((i - k) / period + 1)
                                            .arg(copies);
                k = end;
            }
        }
        return out;
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
        std::map<int, const IrNode *> nodeOf; ///< view node → IR node
        std::map<int, QString> notes; ///< view node without an IR node → what it means
        int maxOrder = 1 << 30;
        bool withReturn = true;
        std::map<const IrNode *, QString> copyOf; ///< traced node → its unrolled copy's frame title
        std::map<QString, int> copyFrames; ///< frame title → view node

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
                if (auto copy = copyOf.find(node.get()); copy != copyOf.end() && parent < 0) {
                    auto frame = copyFrames.find(copy->second);
                    if (frame == copyFrames.end()) {
                        GraphViewNode f;
                        f.container = true;
                        f.text = copy->second;
                        f.fill = kIterationFill;
                        f.border = kIterationBorder;
                        frame = copyFrames.emplace(copy->second, static_cast<int>(nodes.size())).first;
                        nodes.append(f);
                    }
                    n.parent = frame->second;
                }
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
                nodeOf[index] = node.get();
                lineOf[index] = node->line;
                for (const auto *out : node->outputs)
                    namesOf[index].push_back(QString::fromStdString(out->display().substr(1)));
                for (const auto *in : node->inputs)
                    link(in, index);
                for (std::size_t k = 0; k < node->blocks.size(); ++k) {
                    GraphViewNode frame;
                    frame.parent = index;
                    frame.container = true;
                    frame.text = blockTitle(*node, k);
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
    const QColor kLinkedColour(0x8f, 0xc3, 0xf5);
    const QColor kLinkedLineColour(0xd6, 0xe9, 0xfc);

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
    , m_fieldError(new QLabel(this))
    , m_compiledTabs(new QTabWidget(this))
    , m_compiledGraphs(new QTextBrowser(this))
    , m_calls(new QTableWidget(this))
    , m_kernels(new QTableWidget(this))
    , m_panels(new QTabWidget(this))
    , m_warnings(new QPlainTextEdit(this))
    , m_outputs(new QPlainTextEdit(this))
    , m_nodeInfo(new QTextBrowser(this))
{
    new PythonHighlighter(m_editor->document());
    nameParts();
    m_warnings->setReadOnly(true);
    m_outputs->setReadOnly(true);
    m_warnings->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_panels->addTab(m_outputs, tr("Outputs"));
    m_panels->addTab(m_warnings, tr("Warnings"));
    m_nodeInfo->setObjectName(QStringLiteral("nodeProperties"));
    m_nodeInfo->setPlainText(tr("Click a node of a graph to see its op, shapes, dtypes and input values here. "
                                "Pointing at a node lights its source line and the nodes of that line in the "
                                "other graph; pointing at a source line lights its nodes."));
    m_panels->addTab(m_nodeInfo, tr("Node"));

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
        // A long "not traceable: ..." wraps instead of widening the column.
        title->setWordWrap(true);
        l->addWidget(title);
        l->addWidget(view, 1);
        return w;
    };
    auto *graphs = new QSplitter(Qt::Horizontal, this);
    graphs->addWidget(titled(m_traceTitle, m_traceView));
    graphs->addWidget(titled(m_scriptTitle, m_scriptView));
    graphs->addWidget(compiledColumn());
    graphs->setStretchFactor(0, 1);
    graphs->setStretchFactor(1, 1);
    graphs->setStretchFactor(2, 1);
    // A malformed input field is named above the graphs, which keep the last good result.
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_fieldError);
    rightLayout->addWidget(graphs, 1);
    linkSourceAndGraphs();
    // Equal columns: a graph's size hint is its scene, which would starve the trace at step 0.
    graphs->setSizes({ 1000, 1000, 900 });
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(left);
    main->addWidget(right);
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
        if (name.isEmpty()) {
            showExampleChoice();
            return;
        }
        chooseExample(name);
    });
}

void GraphCaptureView::nameParts()
{
    // Names for tests and style sheets.
    m_traceView->setObjectName(QStringLiteral("traceGraph"));
    m_scriptView->setObjectName(QStringLiteral("scriptGraph"));
    m_traceTitle->setObjectName(QStringLiteral("traceTitle"));
    m_scriptTitle->setObjectName(QStringLiteral("scriptTitle"));
    m_outputs->setObjectName(QStringLiteral("outputs"));
    m_examples->setObjectName(QStringLiteral("examples"));
    // The menu shows the example the parameters name; its first entry stands for an own program.
    m_examples->addItem(tr("custom program"));
    for (const auto &name : exampleNames())
        m_examples->addItem(tr("example: %1").arg(name), name);
    m_examples->setToolTip(tr("A built-in example program (sets the example and program parameters)"));
    m_fieldError->setObjectName(QStringLiteral("fieldError"));
    m_fieldError->setWordWrap(true);
    m_fieldError->setTextFormat(Qt::RichText);
    m_fieldError->setStyleSheet(
        QStringLiteral("QLabel { background: #f8d7da; color: #58151c; border: 1px solid #e4a0a7; padding: 4px; }"));
    m_fieldError->hide();
}

QWidget *GraphCaptureView::compiledColumn()
{
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
    return compiled;
}

void GraphCaptureView::linkSourceAndGraphs()
{
    m_scriptView->installEventFilter(this); // re-wraps a refusal to the new width
    // Source <-> graph: the pointer over a node or a source line lights both (see eventFilter).
    for (GraphView *graph : { m_traceView, m_scriptView }) {
        graph->viewport()->setMouseTracking(true);
        graph->viewport()->installEventFilter(this);
    }
    m_editor->viewport()->setMouseTracking(true);
    m_editor->viewport()->installEventFilter(this);
    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        if (m_settingText)
            return;
        m_selectedLine = m_editor->textCursor().blockNumber() + 1;
        applyHighlight();
    });
}

void GraphCaptureView::chooseExample(const QString &name)
{
    m_editTimer.stop();
    const QString source = exampleSource(name);
    // The example's own "# inputs:" comments apply: the input fields are emptied. The panel
    // is told every value, so it shows the example, not the program edited before.
    for (const char *key : { "inputs", "check_inputs", "calls" }) {
        m_values[QLatin1String(key)] = QString();
        emit parameterEdited(QLatin1String(key), QString());
    }
    m_values[QStringLiteral("example")] = name;
    m_values[QStringLiteral("program")] = source;
    emit parameterEdited(QStringLiteral("example"), name);
    emit parameterEdited(QStringLiteral("program"), source);
    m_settingText = true;
    m_editor->setPlainText(source);
    m_settingText = false;
    showExampleChoice();
    m_syntaxError.clear();
    rebuild();
}

void GraphCaptureView::showExampleChoice()
{
    const int index = m_examples->findData(m_values.value(QStringLiteral("example")).toString());
    m_examples->setCurrentIndex(std::max(index, 0));
}

void GraphCaptureView::programEdited()
{
    m_editTimer.stop();
    const QString text = m_editor->toPlainText();
    m_values[QStringLiteral("program")] = text;
    m_values[QStringLiteral("example")] = QStringLiteral("custom");
    emit parameterEdited(QStringLiteral("example"), QStringLiteral("custom"));
    emit parameterEdited(QStringLiteral("program"), text);
    showExampleChoice();
    rebuild();
}

namespace {

    // The first input field whose JSON does not parse: "<key>: malformed JSON at line L, column
    // C (position P): why", as the analysis would report it; "" when all parse.
    QString malformedInputField(const ParameterValues &values)
    {
        for (const char *key : { "inputs", "check_inputs", "calls" }) {
            const std::string error
                = jsonSyntaxError(values.value(QLatin1String(key)).toString().trimmed().toStdString());
            if (!error.empty())
                return QLatin1String(key) + QStringLiteral(": ") + QString::fromStdString(error);
        }
        return {};
    }

    // The input field an analysis error is about ("inputs", "check_inputs", "calls"), or "".
    QString inputFieldOf(const QString &error)
    {
        static const QRegularExpression field(QStringLiteral("^(inputs|check_inputs|calls)[.:\\[]"));
        const auto match = field.match(error);
        return match.hasMatch() ? match.captured(1) : QString();
    }

    QString fieldLabel(const QString &key)
    {
        if (key == QLatin1String("inputs"))
            return GraphCaptureView::tr("Example inputs");
        if (key == QLatin1String("check_inputs"))
            return GraphCaptureView::tr("Check inputs");
        return GraphCaptureView::tr("Further calls");
    }

    // Breaks `text` at spaces into lines of at most `columns` characters (longer words stay whole).
    QString wrapped(const QString &text, int columns)
    {
        QStringList lines;
        for (const QString &paragraph : text.split(QLatin1Char('\n'))) {
            QString line;
            for (const QString &word : paragraph.split(QLatin1Char(' '))) {
                if (!line.isEmpty() && line.size() + 1 + word.size() > columns) {
                    lines << line;
                    line.clear();
                }
                line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
            }
            lines << line;
        }
        return lines.join(QLatin1Char('\n'));
    }

} // namespace

void GraphCaptureView::setParameters(const ParameterValues &values)
{
    m_values = values;
    // An example runs its own source: the program parameter is set to it, so that the panel
    // never shows an earlier program beside the example's name.
    const QString example = values.value(QStringLiteral("example")).toString();
    if (!example.isEmpty() && example != QLatin1String("custom")) {
        const QString source = exampleSource(example);
        if (values.value(QStringLiteral("program")).toString() != source) {
            m_values[QStringLiteral("program")] = source;
            emit parameterEdited(QStringLiteral("program"), source);
        }
    }
    const QString program = QString::fromStdString(analysisRequest(values).program);
    if (program != m_editor->toPlainText()) {
        m_settingText = true;
        m_editor->setPlainText(program);
        m_settingText = false;
    }
    showExampleChoice();
    // Half-typed JSON in an input field: the last good result stays and the field is named,
    // instead of a rebuild that blanks every graph on each keystroke.
    m_syntaxError = malformedInputField(values);
    if (!m_syntaxError.isEmpty() && session()) {
        setInputError(m_syntaxError);
        showFieldError(m_syntaxError);
        return;
    }
    rebuild();
}

void GraphCaptureView::showFieldError(const QString &message)
{
    const QString key = inputFieldOf(message);
    if (message.isEmpty() || key.isEmpty()) {
        m_fieldError->hide();
        m_fieldError->clear();
        return;
    }
    const QString source = m_values.value(key).toString().trimmed().isEmpty()
        ? tr("the program's '# %1:' comment").arg(key)
        : tr("%1 (%2)").arg(fieldLabel(key), key);
    m_fieldError->setText(
        tr("<b>%1</b>: %2<br>The graphs still show the last result that ran.")
            .arg(source.toHtmlEscaped(), message.mid(message.indexOf(QLatin1Char(':')) + 2).toHtmlEscaped()));
    m_fieldError->show();
}

bool GraphCaptureView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_scriptView && event->type() == QEvent::Resize && !m_scriptRefusal.isEmpty())
        showScriptRefusal();
    GraphView *graph = watched == m_traceView->viewport() ? m_traceView
        : watched == m_scriptView->viewport()             ? m_scriptView
                                                          : nullptr;
    const bool overEditor = watched == m_editor->viewport();
    int hover = m_hoverLine;
    switch (event->type()) {
    case QEvent::MouseMove: {
        const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint();
        if (graph)
            hover = lineAt(graph, pos);
        else if (overEditor)
            hover = m_editor->cursorForPosition(pos).blockNumber() + 1;
        break;
    }
    case QEvent::Leave:
        if (graph || overEditor)
            hover = 0;
        break;
    case QEvent::MouseButtonPress:
        if (graph)
            m_pressAt = static_cast<QMouseEvent *>(event)->position().toPoint();
        break;
    case QEvent::MouseButtonRelease:
        if (graph) {
            const QPoint pos = static_cast<QMouseEvent *>(event)->position().toPoint();
            if ((pos - m_pressAt).manhattanLength() < 4) { // a click, not the end of a drag
                m_selectedLine = lineAt(graph, pos);
                showNodeProperties(graph, pos);
                applyHighlight();
            }
        }
        break;
    default:
        break;
    }
    if (hover != m_hoverLine) {
        m_hoverLine = hover;
        applyHighlight();
    }
    return ConceptView::eventFilter(watched, event);
}

int GraphCaptureView::lineAt(const GraphView *graph, const QPoint &pos) const
{
    const NodeIndex &index = graph == m_traceView ? m_traceIndex : m_scriptIndex;
    const auto it = index.lineOf.find(graph->nodeAt(pos));
    return it == index.lineOf.end() ? 0 : it->second;
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
        const QString error = inputError();
        if (!inputFieldOf(error).isEmpty() && m_lastGood) {
            // An input that parses but does not fit (a missing parameter, a ragged list): the
            // last good result, at the step it was shown at, under the field's error.
            GraphCaptureSession last(m_lastGood);
            for (int k = 0; k < m_lastGoodStep && last.stepForward(); ++k) { }
            showFieldError(error);
            drawSnapshot(last.snapshot());
            return;
        }
        showFieldError({});
        showError();
        applyHighlight();
        return;
    }
    m_lastGood = session->sharedAnalysis();
    m_lastGoodStep = session->currentStep();
    showFieldError(m_syntaxError);
    const Analysis &a = session->analysis();
    // A session handed over whole (headless export) or rebuilt: show its program, unless
    // the user is typing a newer one.
    const QString program = QString::fromStdString(a.program);
    if (!m_editTimer.isActive() && program != m_editor->toPlainText()) {
        m_settingText = true;
        m_editor->setPlainText(program);
        m_settingText = false;
    }
    drawSnapshot(session->snapshot());
}

void GraphCaptureView::drawSnapshot(const GraphCaptureSnapshot &snapshot)
{
    const Analysis &a = *snapshot.analysis;
    if (a.script.error)
        m_editor->setError(a.script.error->line, a.script.error->column, 1,
            tr("scripting: %1").arg(QString::fromStdString(a.script.error->message)));
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
    m_scriptRefusal.clear();
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

namespace {

    // What the trace froze, drawn into it: a marker per line where tensor data decided (linked
    // from the last traced op of that line), and the branch it never recorded as a ghost.
    void addFrozenMarks(const Analysis &a, const GraphCaptureSnapshot &snapshot, GraphBuilder &builder)
    {
        int lastLineShown = 0;
        std::map<int, const IrNode *> lastOfLine; // source line → its last traced node shown
        for (const auto &[node, index] : builder.indexOf) {
            lastLineShown = std::max(lastLineShown, node->line);
            const IrNode *&last = lastOfLine[node->line];
            if (!last || node->order > last->order)
                last = node;
        }
        for (const FrozenLine &f : frozenLines(a)) {
            if (!snapshot.complete && lastLineShown <= f.line)
                continue; // the run has not passed the decision yet
            GraphViewNode marker;
            marker.text = f.text;
            marker.fill = kFrozenFill;
            marker.border = kFrozenBorder;
            marker.toolTip = GraphCaptureView::tr("The example input decided line %1; the trace kept that outcome as a "
                                                  "constant and will replay it for every input.")
                                 .arg(f.line);
            const int m = static_cast<int>(builder.nodes.size());
            builder.nodes.append(marker);
            builder.lineOf[m] = f.line;
            builder.notes[m] = marker.text + QStringLiteral("\n\n") + marker.toolTip;
            if (auto from = lastOfLine.find(f.line); from != lastOfLine.end())
                builder.edges.append({ builder.indexOf.at(from->second), m, QString() });
            if (f.ghostKinds.isEmpty())
                continue;
            GraphViewNode frame;
            frame.container = true;
            frame.text = f.ghostTitle;
            frame.fill = kGhostFill;
            frame.border = kGhostBorder;
            const int g = static_cast<int>(builder.nodes.size());
            builder.nodes.append(frame);
            builder.edges.append({ m, g, QString() });
            int previous = -1;
            for (qsizetype k = 0; k < f.ghostKinds.size(); ++k) {
                GraphViewNode ghost;
                ghost.parent = g;
                ghost.ghost = true;
                ghost.text = f.ghostKinds[k];
                ghost.fill = kGhostFill;
                ghost.border = kGhostBorder;
                ghost.toolTip = GraphCaptureView::tr("line %1: not recorded by the trace").arg(f.ghostLines[k]);
                const int index = static_cast<int>(builder.nodes.size());
                builder.nodes.append(ghost);
                builder.lineOf[index] = f.ghostLines[k];
                builder.notes[index] = ghost.text + QStringLiteral("\n\n") + ghost.toolTip
                    + GraphCaptureView::tr(": the example input took the other side, so the trace never ran it.");
                if (previous >= 0)
                    builder.edges.append({ previous, index, QString() });
                previous = index;
            }
        }
    }

} // namespace

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
    builder.copyOf = unrolledCopies(a);
    builder.build(*a.eager.graph);
    addFrozenMarks(a, snapshot, builder);
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
    m_traceIndex = { std::move(builder.lineOf), std::move(builder.namesOf), std::move(builder.nodeOf),
        std::move(builder.notes) };
}

void GraphCaptureView::showScriptGraph(const Analysis &a)
{
    if (!a.script.graph) {
        m_scriptRefusal = a.script.error ? tr("Not scriptable: torch.jit.script refused it (line %1, column %2):\n%3")
                                               .arg(a.script.error->line)
                                               .arg(a.script.error->column)
                                               .arg(QString::fromStdString(a.script.error->message))
                                         : tr("Not scripted");
        showScriptRefusal();
        m_scriptTitle->setText(tr("Scripted graph — not scriptable (refused)"));
        m_scriptIndex = {};
        return;
    }
    m_scriptRefusal.clear();
    const Graph &shown
        = a.scriptGraphForm == ScriptGraphForm::Calls && a.script.callGraph ? *a.script.callGraph : *a.script.graph;
    GraphBuilder builder;
    builder.build(shown);
    m_scriptView->setGraph(builder.nodes, builder.edges, true);
    int ops = 0;
    for (const auto &[kind, count] : shown.opCounts())
        ops += count;
    m_scriptTitle->setText(tr("Scripted graph — %1 ops, control flow kept").arg(ops));
    m_scriptIndex = { std::move(builder.lineOf), std::move(builder.namesOf), std::move(builder.nodeOf),
        std::move(builder.notes) };
}

void GraphCaptureView::showScriptRefusal()
{
    // The placeholder is one text item: wrapped here to the graph's width, never cut.
    const QFontMetricsF metrics(styledFont({ .scale = 1.25 }));
    const int columns
        = std::max(24, static_cast<int>((m_scriptView->viewport()->width() - 24) / metrics.averageCharWidth()));
    m_scriptView->setPlaceholder(wrapped(m_scriptRefusal, columns));
    m_scriptView->clearGraph();
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
    // The line pointed at (else the one clicked) in the editor and in both graphs, as Compiler
    // Explorer maps source to assembly; a lesson's highlight and the current op come first.
    const int linked = m_hoverLine > 0 ? m_hoverLine : m_selectedLine;
    const QString linkTarget = linked > 0 ? QStringLiteral("line:%1").arg(linked) : QString();
    if (linked > 0)
        m_editor->highlightLine(linked, kLinkedLineColour);
    const QList<int> traced = targetNodes(m_highlight, m_traceIndex.lineOf, m_traceIndex.namesOf);
    const QList<int> scripted = targetNodes(m_highlight, m_scriptIndex.lineOf, m_scriptIndex.namesOf);
    const QList<int> tracedLinked = targetNodes(linkTarget, m_traceIndex.lineOf, m_traceIndex.namesOf);
    const QList<int> scriptedLinked = targetNodes(linkTarget, m_scriptIndex.lineOf, m_scriptIndex.namesOf);
    if (m_highlight.startsWith(QLatin1String("line:")))
        m_editor->highlightLine(m_highlight.mid(5).toInt(), kLessonLineColour);
    if (!traced.isEmpty())
        m_traceView->setHighlighted(traced, kLessonColour);
    else if (!tracedLinked.isEmpty())
        m_traceView->setHighlighted(tracedLinked, kLinkedColour);
    else if (m_current >= 0)
        m_traceView->setHighlighted({ m_current }, kCurrentColour);
    else
        m_traceView->setHighlighted({});
    if (!scripted.isEmpty())
        m_scriptView->setHighlighted(scripted, kLessonColour);
    else
        m_scriptView->setHighlighted(scriptedLinked, kLinkedColour);
}

namespace {

    QString dtypeName(const std::string &scalarName)
    {
        if (scalarName == "Float")
            return QStringLiteral("float32");
        if (scalarName == "Double")
            return QStringLiteral("float64");
        if (scalarName == "Long")
            return QStringLiteral("int64");
        if (scalarName == "Bool")
            return QStringLiteral("bool");
        return QString::fromStdString(scalarName);
    }

    // One value of a node, Netron style: its name, type, shape and dtype, and the value when the
    // graph knows it (a constant, or a graph input's example value).
    QString valueRow(const IrValue &v, const Analysis &a)
    {
        QString type = QString::fromStdString(v.type.str()).toHtmlEscaped();
        if (v.type.kind == IrType::Kind::Tensor && v.type.concrete) {
            QStringList dims;
            for (auto d : v.type.shape)
                dims << QString::number(d);
            type = GraphCaptureView::tr("Tensor · shape [%1] · dtype %2")
                       .arg(dims.join(QStringLiteral(", ")), dtypeName(v.type.scalarName));
        }
        QString value;
        if (v.producer && v.producer->kind == "prim::Constant")
            value = GraphCaptureView::tr(" = %1 (constant)").arg(esc(constantText(v.producer->constant)));
        else if (!v.producer) {
            const std::string base = v.name.substr(0, v.name.find('.'));
            for (const auto &[name, input] : a.inputs)
                if (name == base) {
                    QString text = QString::fromStdString(valueToJson(input).dump());
                    if (text.size() > 120)
                        text = text.left(117) + QStringLiteral("…");
                    value = GraphCaptureView::tr(" = %1 (example input)").arg(text.toHtmlEscaped());
                }
        }
        return QStringLiteral("<tr><td><code>%1</code></td><td>%2%3</td></tr>")
            .arg(QString::fromStdString(v.display()).toHtmlEscaped(), type, value);
    }

} // namespace

void GraphCaptureView::showNodeProperties(const GraphView *graph, const QPoint &pos)
{
    const NodeIndex &index = graph == m_traceView ? m_traceIndex : m_scriptIndex;
    const int node = graph->nodeAt(pos);
    const QString which = graph == m_traceView ? tr("traced graph") : tr("scripted graph");
    const auto *session = dynamic_cast<const GraphCaptureSession *>(this->session());
    const Analysis *analysis = session ? &session->analysis() : m_lastGood.get();
    if (node < 0 || !analysis)
        return;
    if (auto note = index.notes.find(node); note != index.notes.end()) {
        m_nodeInfo->setPlainText(which + QStringLiteral("\n\n") + note->second);
        m_panels->setCurrentWidget(m_nodeInfo);
        return;
    }
    const auto it = index.nodeOf.find(node);
    if (it == index.nodeOf.end())
        return;
    const IrNode &n = *it->second;
    const QStringList source = QString::fromStdString(analysis->program).split(QLatin1Char('\n'));
    const QString line = n.line > 0 && n.line <= source.size() ? source[n.line - 1] : QString();
    QString html = tr("<p><b>%1</b> · %2 · line %3, column %4</p>").arg(esc(n.kind), which).arg(n.line).arg(n.column);
    html += QStringLiteral("<pre style='margin:2px 0'>%1</pre>").arg(line.toHtmlEscaped());
    html += tr("<p style='margin:4px 0'><b>inputs</b></p>") + QStringLiteral("<table cellpadding='2'>");
    for (const IrValue *v : n.inputs)
        html += valueRow(*v, *analysis);
    html += QStringLiteral("</table>");
    html += tr("<p style='margin:4px 0'><b>outputs</b></p>") + QStringLiteral("<table cellpadding='2'>");
    for (const IrValue *v : n.outputs)
        html += valueRow(*v, *analysis);
    html += QStringLiteral("</table>");
    if (!n.blocks.empty())
        html += tr("<p>%1 blocks (nested frames in the graph)</p>").arg(n.blocks.size());
    m_nodeInfo->setHtml(html);
    m_panels->setCurrentWidget(m_nodeInfo);
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
        { kKernelColours[0], tr("fused kernel") }, { QColor(0xf8, 0xd7, 0xda), tr("graph break") },
        { kFrozenFill, tr("frozen by the trace") }, { kGhostBorder, tr("branch not traced") },
        { kIterationFill, tr("unrolled loop copy") } };
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
    paintGraphFigure(painter, *m_traceView, trace, style, m_current);
    const QRectF script = figure::drawHeading(
        painter, QRectF(right.right() - half, right.top(), half, graphsHeight), m_scriptTitle->text(), style);
    paintGraphFigure(painter, *m_scriptView, script, style, -1);
    paintCompiledFigure(painter,
        QRectF(right.left(), right.top() + graphsHeight + style.gap, right.width(),
            right.height() - graphsHeight - style.gap),
        style);
}

double GraphCaptureView::minimumGraphTextPx(const FigureStyle &style)
{
    // 9 px is the floor of readable text; a large figure (a slide) asks a little more.
    return std::max(9.0, style.textPx * 0.45);
}

void GraphCaptureView::paintGraphFigure(
    QPainter &painter, const GraphView &graph, const QRectF &rect, const FigureStyle &style, int focus)
{
    if (graph.nodeCount() == 0 || !graph.scene()) {
        graph.paintFigure(painter, rect, style);
        return;
    }
    // Fitted like the SDK's figure, but never below a readable text size: a larger graph is cut
    // to the part around `focus` (the op being recorded; else its top), with a note that it goes on.
    const QRectF whole = graph.scene()->itemsBoundingRect().adjusted(-4, -4, 4, 4);
    const double scenePx = QFontInfo(styledFont({ .fixedPitch = true })).pixelSize();
    const double least = minimumGraphTextPx(style) / scenePx;
    const double most = style.textPx / scenePx;
    const double fit = std::min(rect.width() / whole.width(), rect.height() / whole.height());
    const double scale = std::clamp(fit, least, std::max(least, most));
    QRectF source = whole;
    const bool cut = source.width() * scale > rect.width() + 0.5 || source.height() * scale > rect.height() + 0.5;
    const double noteHeight = cut ? QFontMetricsF(style.small).height() * 1.2 : 0;
    const QSizeF room(rect.width() / scale, (rect.height() - noteHeight) / scale);
    if (cut) {
        const QRectF at = graph.nodeRect(focus);
        const QPointF centre
            = at.isEmpty() ? QPointF(whole.center().x(), whole.top() + room.height() / 2) : at.center();
        const double x = std::clamp(
            centre.x() - room.width() / 2, whole.left(), std::max(whole.left(), whole.right() - room.width()));
        const double y = std::clamp(
            centre.y() - room.height() / 2, whole.top(), std::max(whole.top(), whole.bottom() - room.height()));
        source = QRectF(QPointF(x, y), room).intersected(whole);
    }
    const QSizeF size = source.size() * scale;
    const QRectF target(rect.left() + (rect.width() - size.width()) / 2, rect.top(), size.width(), size.height());
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    graph.scene()->render(&painter, target, source, Qt::KeepAspectRatio);
    painter.restore();
    if (cut)
        figure::drawText(painter, QRectF(rect.left(), rect.bottom() - noteHeight, rect.width(), noteHeight),
            tr("… cut to stay readable"), style.small, style.muted, Qt::AlignRight | Qt::AlignVCenter);
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
