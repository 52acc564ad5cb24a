// The live view as a newcomer meets it: choosing an example updates the parameter panel,
// half-typed input JSON keeps the last good graphs and names the field, a refused program is
// labelled not scriptable, the traced graph's text stays readable at 1280x800, the freeze is
// drawn, and source lines and nodes light each other.
#include "conceptmodule.h"
#include "graphcapturemoduletest.h"
#include "graphview.h"
#include "parameterpanel.h"
#include "viewfonts.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFontInfo>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QLabel>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QTest>
#include <QTextBrowser>
#include <gtest/gtest.h>

using namespace conceptlab;

using namespace conceptlab::testing;

namespace {
QString exampleFile(const QString &name)
{
    QFile file(QStringLiteral(GRAPHCAPTURE_EXAMPLES_DIR "/%1.py").arg(name));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name.toStdString();
    return QString::fromUtf8(file.readAll());
}

// A view shown at 1280x800 (offscreen), its session built for `values`.
std::unique_ptr<ConceptView> shownView(const ParameterValues &values)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->resize(1280, 800);
    view->show();
    view->setParameters(values);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !view->isBusy() && view->session() != nullptr; }, 20000));
    return view;
}

template<typename T> T *child(const ConceptView &view, const char *name)
{
    auto *found = view.findChild<T *>(QLatin1String(name));
    EXPECT_NE(found, nullptr) << name;
    return found;
}
} // namespace

TEST(graphcapture_View, ChoosingAnExampleUpdatesThePanel)
{
    const QString own = QStringLiteral("def f(x):\n    return x + 1\n");
    auto view = shownView(with({ { "example", QStringLiteral("custom") }, { "program", own },
        { "inputs", QStringLiteral(R"({"x": [1.0]})") } }));
    // The panel as the shell wires it: every value the view edits is shown there.
    ParameterPanel panel(plugin().parameters());
    panel.setValues(with({ { "example", QStringLiteral("custom") }, { "program", own },
        { "inputs", QStringLiteral(R"({"x": [1.0]})") } }));
    QObject::connect(view.get(), &ConceptView::parameterEdited, &panel, &ParameterPanel::setValue);

    auto *examples = child<QComboBox>(*view, "examples");
    ASSERT_NE(examples, nullptr);
    const int index = examples->findData(QStringLiteral("range_loop"));
    ASSERT_GT(index, 0);
    examples->setCurrentIndex(index);
    emit examples->activated(index);

    const ParameterValues values = panel.values();
    EXPECT_EQ(values.value(QStringLiteral("example")).toString(), QStringLiteral("range_loop"));
    EXPECT_EQ(values.value(QStringLiteral("program")).toString(), exampleFile(QStringLiteral("range_loop")));
    EXPECT_EQ(values.value(QStringLiteral("inputs")).toString(), QString());
    // The menu keeps showing the example chosen.
    EXPECT_EQ(examples->currentData().toString(), QStringLiteral("range_loop"));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->isBusy() && view->session() != nullptr; }, 20000));
    // range_loop's trace has 6 ops (three multiplications, three additions).
    EXPECT_EQ(child<QLabel>(*view, "traceTitle")->text(), QStringLiteral("Traced graph — 0 of 6 ops"));

    // Editing the program makes it custom again; the menu says so.
    auto *editor = view->findChild<QPlainTextEdit *>();
    ASSERT_NE(editor, nullptr);
    editor->setPlainText(own);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return panel.values().value(QStringLiteral("example")) == QStringLiteral("custom"); }, 5000));
    EXPECT_EQ(panel.values().value(QStringLiteral("program")).toString(), own);
    EXPECT_EQ(examples->currentIndex(), 0);

    // An example named by the panel (or a scenario) sets the program too: the panel never shows
    // an earlier program beside the example's name.
    view->setParameters(with({ { "example", QStringLiteral("refused") }, { "program", own } }));
    EXPECT_EQ(panel.values().value(QStringLiteral("program")).toString(), exampleFile(QStringLiteral("refused")));
    EXPECT_EQ(examples->currentData().toString(), QStringLiteral("refused"));
}

TEST(graphcapture_View, HalfTypedInputsKeepTheLastGraphsAndNameTheField)
{
    auto view = shownView(with({ { "example", QStringLiteral("branch") } }));
    auto *trace = child<GraphView>(*view, "traceGraph");
    auto *script = child<GraphView>(*view, "scriptGraph");
    auto *banner = child<QLabel>(*view, "fieldError");
    ASSERT_TRUE(trace && script && banner);
    view->stepForward();
    const int traceNodes = trace->nodeCount();
    const int scriptNodes = script->nodeCount();
    ASSERT_GT(traceNodes, 1);
    ASSERT_GT(scriptNodes, 1);
    EXPECT_TRUE(banner->isHidden());
    const QString scriptTitle = child<QLabel>(*view, "scriptTitle")->text();

    // {"x": [1.0,  trimmed is 11 bytes and ends inside the list: the error is at its end,
    // position 11, column 12.
    view->setParameters(
        with({ { "example", QStringLiteral("branch") }, { "inputs", QStringLiteral(R"({"x": [1.0, )") } }));
    EXPECT_FALSE(view->isBusy());
    EXPECT_EQ(trace->nodeCount(), traceNodes);
    EXPECT_EQ(script->nodeCount(), scriptNodes);
    EXPECT_EQ(view->currentStep(), 1);
    EXPECT_FALSE(banner->isHidden());
    EXPECT_TRUE(banner->text().contains(QStringLiteral("Example inputs (inputs)"))) << banner->text().toStdString();
    EXPECT_TRUE(banner->text().contains(QStringLiteral("line 1, column 12 (position 11)")))
        << banner->text().toStdString();
    EXPECT_TRUE(
        view->inputError().startsWith(QStringLiteral("inputs: malformed JSON at line 1, column 12 (position 11)")))
        << view->inputError().toStdString();
    EXPECT_EQ(child<QLabel>(*view, "scriptTitle")->text(), scriptTitle);
    view->grab().save(QStringLiteral("/tmp/tst_graphcapture_half_typed.png"));

    // Well-formed JSON that does not fit the function: the analysis refuses it; the graphs stay.
    view->setParameters(
        with({ { "example", QStringLiteral("branch") }, { "inputs", QStringLiteral(R"({"y": [1.0]})") } }));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->isBusy(); }, 20000));
    EXPECT_EQ(view->session(), nullptr);
    EXPECT_EQ(trace->nodeCount(), traceNodes);
    EXPECT_EQ(script->nodeCount(), scriptNodes);
    EXPECT_FALSE(banner->isHidden());
    EXPECT_TRUE(banner->text().contains(QStringLiteral("is not a parameter of f(x)"))) << banner->text().toStdString();

    // Valid again: a new session, the banner gone.
    view->setParameters(
        with({ { "example", QStringLiteral("branch") }, { "inputs", QStringLiteral(R"({"x": [4.0]})") } }));
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->isBusy() && view->session() != nullptr; }, 20000));
    EXPECT_TRUE(banner->isHidden());
    EXPECT_TRUE(view->inputError().isEmpty());
}

TEST(graphcapture_View, ARefusedProgramIsLabelledNotScriptable)
{
    auto view = shownView(with({ { "example", QStringLiteral("refused") } }));
    const QString title = child<QLabel>(*view, "scriptTitle")->text();
    EXPECT_EQ(title, QStringLiteral("Scripted graph — not scriptable (refused)"));
    const QString outputs = child<QPlainTextEdit>(*view, "outputs")->toPlainText();
    EXPECT_FALSE(outputs.contains(QStringLiteral("DIFFERS"))) << outputs.toStdString();
    EXPECT_TRUE(outputs.contains(QStringLiteral("check input: script (not scriptable: refused)")));
    // The refusal is wrapped to the graph's width, not cut.
    auto *script = child<GraphView>(*view, "scriptGraph");
    ASSERT_NE(script, nullptr);
    EXPECT_EQ(script->nodeCount(), 0);
    const QRectF text = script->scene()->itemsBoundingRect();
    EXPECT_TRUE(text.height() > 0);
    EXPECT_LE(text.width() * script->transform().m11(), script->viewport()->width());
}

TEST(graphcapture_View, TracedGraphTextIsReadableAt1280x800)
{
    // Every example's complete trace: the node text is drawn at 9 px or more (it scrolls instead).
    application();
    const double fontPx = QFontInfo(styledFont({ .fixedPitch = true })).pixelSize();
    for (const char *name : { "branch", "range_loop", "mlp", "softmax_attention", "while_norm", "data_trip" }) {
        auto view = shownView(with({ { "example", QString::fromLatin1(name) } }));
        while (!view->atEnd())
            view->stepForward();
        for (const char *graph : { "traceGraph", "scriptGraph" }) {
            auto *g = child<GraphView>(*view, graph);
            ASSERT_NE(g, nullptr);
            EXPECT_GE(fontPx * g->transform().m11(), 9.0) << name << " " << graph;
        }
    }
}

namespace {
// The boxes a graph draws (its nodes and frames) with their text.
QList<QPair<QGraphicsRectItem *, QString>> boxes(GraphView &graph)
{
    QList<QPair<QGraphicsRectItem *, QString>> out;
    for (QGraphicsItem *item : graph.scene()->items())
        if (auto *rect = qgraphicsitem_cast<QGraphicsRectItem *>(item))
            for (QGraphicsItem *child : rect->childItems())
                if (auto *text = qgraphicsitem_cast<QGraphicsSimpleTextItem *>(child))
                    out.append({ rect, text->text() });
    return out;
}

QGraphicsRectItem *boxStarting(GraphView &graph, const QString &prefix)
{
    for (const auto &[rect, text] : boxes(graph))
        if (text.startsWith(prefix))
            return rect;
    return nullptr;
}

bool hasBox(GraphView &graph, const QString &text)
{
    return boxStarting(graph, text) != nullptr;
}

void sendMouse(QWidget *viewport, QEvent::Type type, const QPoint &at)
{
    QMouseEvent event(type, QPointF(at), viewport->mapToGlobal(QPointF(at)),
        type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton,
        type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &event);
}

QPoint centreOf(GraphView &graph, QGraphicsRectItem *box)
{
    return graph.mapFromScene(box->rect().center());
}
} // namespace

TEST(graphcapture_View, TheFreezeIsDrawn)
{
    // branch.py: x.sum() > 0 is True for the example; the trace keeps relu and drops `y = -x`.
    auto view = shownView(with({ { "example", QStringLiteral("branch") } }));
    while (!view->atEnd())
        view->stepForward();
    auto *trace = child<GraphView>(*view, "traceGraph");
    auto *script = child<GraphView>(*view, "scriptGraph");
    ASSERT_TRUE(trace && script);
    EXPECT_TRUE(hasBox(*trace, QStringLiteral("frozen · line 8\nif: bool(…) = True")));
    EXPECT_TRUE(hasBox(*trace, QStringLiteral("not traced: else branch")));
    // The dropped branch's op, drawn as a ghost (grey text) inside that frame.
    QGraphicsRectItem *ghost = boxStarting(*trace, QStringLiteral("aten::neg"));
    ASSERT_NE(ghost, nullptr);
    EXPECT_EQ(ghost->pen().style(), Qt::DashLine);
    EXPECT_TRUE(hasBox(*script, QStringLiteral("if true (block0)")));
    EXPECT_TRUE(hasBox(*script, QStringLiteral("else (block1)")));
    EXPECT_FALSE(hasBox(*script, QStringLiteral("block0")));

    // data_trip.py: range(int(n)) with n = 3 unrolls tanh + add three times, one frame per copy.
    auto loop = shownView(with({ { "example", QStringLiteral("data_trip") } }));
    while (!loop->atEnd())
        loop->stepForward();
    auto *loopTrace = child<GraphView>(*loop, "traceGraph");
    ASSERT_NE(loopTrace, nullptr);
    for (int copy = 1; copy <= 3; ++copy)
        EXPECT_TRUE(hasBox(*loopTrace, QStringLiteral("loop line 9 · copy %1 of 3").arg(copy))) << copy;
    EXPECT_FALSE(hasBox(*loopTrace, QStringLiteral("loop line 9 · copy 4")));
    EXPECT_TRUE(hasBox(*loopTrace, QStringLiteral("frozen · line 9\n")));
}

TEST(graphcapture_View, PointingAtANodeLightsItsLineAndClickingShowsItsProperties)
{
    auto view = shownView(with({ { "example", QStringLiteral("branch") } }));
    while (!view->atEnd())
        view->stepForward();
    auto *trace = child<GraphView>(*view, "traceGraph");
    auto *script = child<GraphView>(*view, "scriptGraph");
    ASSERT_TRUE(trace && script);
    QGraphicsRectItem *tracedRelu = boxStarting(*trace, QStringLiteral("aten::relu"));
    QGraphicsRectItem *scriptedRelu = boxStarting(*script, QStringLiteral("aten::relu"));
    QGraphicsRectItem *scriptedNeg = boxStarting(*script, QStringLiteral("aten::neg"));
    ASSERT_TRUE(tracedRelu && scriptedRelu && scriptedNeg);
    trace->centerOn(tracedRelu);
    const QPoint at = centreOf(*trace, tracedRelu);
    ASSERT_EQ(trace->nodeAt(at) >= 0, true);

    // Pointing at the traced relu (line 9) lights the scripted relu, also from line 9, not neg.
    const QColor before = scriptedRelu->brush().color();
    sendMouse(trace->viewport(), QEvent::MouseMove, at);
    EXPECT_EQ(scriptedRelu->brush().color(), QColor(0x8f, 0xc3, 0xf5));
    EXPECT_NE(scriptedNeg->brush().color(), QColor(0x8f, 0xc3, 0xf5));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(trace->viewport(), &leave);
    EXPECT_EQ(scriptedRelu->brush().color(), before);

    // A click: the Node tab shows the op, its line and its tensors' shape and dtype.
    sendMouse(trace->viewport(), QEvent::MouseButtonPress, at);
    sendMouse(trace->viewport(), QEvent::MouseButtonRelease, at);
    const QString properties = child<QTextBrowser>(*view, "nodeProperties")->toPlainText();
    EXPECT_TRUE(properties.contains(QStringLiteral("aten::relu · traced graph · line 9"))) << properties.toStdString();
    EXPECT_TRUE(properties.contains(QStringLiteral("Tensor · shape [1, 3] · dtype float32")))
        << properties.toStdString();
    // Its input is the graph input x, with the example's value.
    EXPECT_TRUE(properties.contains(QStringLiteral("= [[1.0,-2.0,3.0]] (example input)"))) << properties.toStdString();
    // The clicked line stays lit in the other graph.
    EXPECT_EQ(scriptedRelu->brush().color(), QColor(0x8f, 0xc3, 0xf5));
}
