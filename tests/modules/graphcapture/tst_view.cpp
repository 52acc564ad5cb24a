// The live view as a newcomer meets it: choosing an example updates the parameter panel,
// half-typed input JSON keeps the last good graphs and names the field, a refused program is
// labelled not scriptable, and the traced graph's text stays readable at 1280x800.
#include "../../support/loadedmodule.h"
#include "conceptmodule.h"
#include "graphview.h"
#include "parameterpanel.h"
#include "viewfonts.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFontInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTest>
#include <gtest/gtest.h>

using namespace conceptlab;

namespace {
QApplication &application()
{
    static int argc = 1;
    static char name[] = "tst_graphcapture_view";
    static char *argv[] = { name, nullptr };
    // One per process (the view tests share it); never destroyed: tearing Qt down from exit
    // handlers, after the plugin's statics, crashes.
    if (auto *existing = qobject_cast<QApplication *>(QCoreApplication::instance()))
        return *existing;
    static auto *app = new QApplication(argc, argv);
    return *app;
}

ConceptModule &plugin()
{
    return conceptlab::testing::loadedModule(GRAPHCAPTURE_PLUGIN_PATH);
}

ParameterValues with(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    return conceptlab::testing::withDefaults(plugin(), values);
}

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
