// The plugin's headless run (the compile.* keys, the calls parameter, the CSV rows) and the
// live view with its torch.compile column, loaded through QPluginLoader as the shell loads it.
#include "conceptmodule.h"
#include "graphcapturemoduletest.h"

#include <QApplication>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QTabWidget>
#include <QTest>
#include <QTextBrowser>
#include <gtest/gtest.h>

using namespace conceptlab;

using namespace conceptlab::testing;

TEST(graphcapture_Module, CompileKeysForTheToyExample)
{
    const auto result = plugin().run(with({ { "example", QStringLiteral("print_break") } }), WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const QJsonObject c = result.data.value(QStringLiteral("compile")).toObject();
    EXPECT_EQ(c.value(QStringLiteral("graph_count")).toInt(), 3);
    EXPECT_EQ(c.value(QStringLiteral("graph_break_count")).toInt(), 2);
    EXPECT_EQ(c.value(QStringLiteral("op_count")).toInt(), 6);
    EXPECT_EQ(c.value(QStringLiteral("break_reasons")).toArray().size(), 2);
    EXPECT_EQ(c.value(QStringLiteral("calls")).toArray().size(), 2);
    EXPECT_TRUE(
        result.data.value(QStringLiteral("check")).toObject().value(QStringLiteral("compiled_matches")).toBool());
    EXPECT_TRUE(result.summary.contains(QStringLiteral("torch.compile: 3 graphs, 2 graph breaks, 6 ops")));
    int compileRows = 0;
    for (const auto &row : result.table.rows)
        compileRows += row.at(0) == QLatin1String("compile") ? 1 : 0;
    EXPECT_EQ(compileRows, 5); // torch.abs, operator.add, operator.truediv, operator.lt, operator.mul
}

TEST(graphcapture_Module, CallsParameterAddsCalls)
{
    const auto result = plugin().run(
        with({ { "example", QStringLiteral("custom") }, { "program", QStringLiteral("def f(x):\n    return x * 2\n") },
            { "inputs", QStringLiteral(R"({"x": [1.0]})") },
            { "calls", QStringLiteral(R"([{"x": [1.0, 2.0]}, {"x": [1.0, 2.0, 3.0]}])") } }),
        WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const QJsonArray calls
        = result.data.value(QStringLiteral("compile")).toObject().value(QStringLiteral("calls")).toArray();
    ASSERT_EQ(calls.size(), 3);
    // Size 1 then 2: recompile, dimension marked dynamic; size 3 hits the dynamic entry.
    EXPECT_EQ(calls.at(1).toObject().value(QStringLiteral("cache")).toString(), QStringLiteral("compile"));
    EXPECT_EQ(calls.at(1).toObject().value(QStringLiteral("reason")).toString(),
        QStringLiteral("tensor 'L['x']' size mismatch at index 0. expected 1, actual 2"));
    EXPECT_EQ(calls.at(2).toObject().value(QStringLiteral("cache")).toString(), QStringLiteral("hit"));
    EXPECT_TRUE(result.data.value(QStringLiteral("check")).toObject().value(QStringLiteral("compiled")).isNull());
    const auto bad = plugin().run(with({ { "calls", QStringLiteral("[1]") } }), WorkControl());
    EXPECT_TRUE(bad.error.startsWith(QStringLiteral("calls[0]:"))) << bad.error.toStdString();
}

TEST(graphcapture_View, CompiledColumnFollowsThePlayback)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "example", QStringLiteral("print_break") } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->session() != nullptr, 20000);
    view->resize(1280, 800);
    auto *graphs = view->findChild<QTextBrowser *>();
    ASSERT_NE(graphs, nullptr);
    EXPECT_FALSE(graphs->toPlainText().contains(QStringLiteral("graph break")));
    for (int k = 0; k < 3; ++k)
        view->stepForward();
    // After the division (the third traced op) the capture has reached the print.
    EXPECT_TRUE(graphs->toPlainText().contains(QStringLiteral("graph break · line 10")));
    EXPECT_FALSE(graphs->toPlainText().contains(QStringLiteral("generic_jump")));
    while (!view->atEnd())
        view->stepForward();
    EXPECT_TRUE(graphs->toPlainText().contains(QStringLiteral("generic_jump TensorVariable()")));
    EXPECT_TRUE(graphs->toPlainText().contains(QStringLiteral("cpp_fused_abs_add_div_0")));
    bool titled = false;
    for (auto *label : view->findChildren<QLabel *>())
        titled
            = titled || label->text() == QStringLiteral("Compiled (torch.compile) — 3 graphs, 2 graph breaks, 6 ops");
    EXPECT_TRUE(titled);
    const QImage image = view->grab().toImage();
    EXPECT_FALSE(image.isNull());
    image.save(QStringLiteral("/tmp/tst_graphcapture_view.png"));
}
