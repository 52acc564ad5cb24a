// The plugin's headless run (result keys, CSV table, parameter errors), its sessions and
// the live view driving them.
#include "../../support/loadedmodule.h"
#include "conceptmodule.h"

#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QPluginLoader>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

using namespace conceptlab;

namespace {
QApplication &application()
{
    static int argc = 1;
    static char name[] = "tst_hashring_module";
    static char *argv[] = { name, nullptr };
    // Never destroyed: tearing Qt down from exit handlers, after the plugin's statics, crashes.
    static auto *app = new QApplication(argc, argv);
    return *app;
}

bool waitIdle(ConceptView *view)
{
    return QTest::qWaitFor([view] { return !view->isBusy(); }, 20000);
}

ConceptModule &plugin()
{
    return conceptlab::testing::loadedModule(HASHRING_PLUGIN_PATH);
}

ParameterValues with(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    return conceptlab::testing::withDefaults(plugin(), values);
}
} // namespace

TEST(HashringModule, ResultKeysAndTable)
{
    ConceptModule &module = plugin();
    const auto result = module.run(with({ { "strategy", QStringLiteral("ring") }, { "hash", QStringLiteral("md5") },
                                       { "vnodes", qint64(10) }, { "nodes", qint64(4) }, { "keys", qint64(1000) } }),
        WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const auto &d = result.data;
    for (const char *key :
        { "counts", "moved", "moved_fraction", "ideal_fraction", "modulo_moved_fraction", "max_over_mean", "stddev" })
        EXPECT_TRUE(d.contains(QString::fromUtf8(key))) << key;
    EXPECT_EQ(d.value("moved").toInteger(), 196);
    EXPECT_DOUBLE_EQ(d.value("ideal_fraction").toDouble(), 0.2);
    EXPECT_DOUBLE_EQ(d.value("modulo_moved_fraction").toDouble(), 0.804);
    EXPECT_EQ(d.value("counts").toObject().value("before").toObject().value("node1").toInteger(), 335);
    EXPECT_EQ(d.value("counts").toObject().value("after").toObject().value("node4").toInteger(), 196);
    EXPECT_EQ(d.value("event_node").toString(), QStringLiteral("node4"));
    EXPECT_EQ(result.table.header, (QStringList { "key", "owner_before", "owner_after" }));
    ASSERT_EQ(result.table.rows.size(), 1000);
    EXPECT_EQ(result.table.rows[0][0], QStringLiteral("key0"));
    int moved = 0;
    for (const auto &row : result.table.rows)
        moved += row[1] != row[2];
    EXPECT_EQ(moved, 196);
}

TEST(HashringModule, KetamaPublishedServers)
{
    ConceptModule &module = plugin();
    const auto result = module.run(
        with({ { "strategy", QStringLiteral("ketama") },
            { "node_names", QStringLiteral("127.0.0.1:11211,127.0.0.1:11212") },
            { "weights", QStringLiteral("600,400") }, { "event", QStringLiteral("none") }, { "keys", qint64(10) } }),
        WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    EXPECT_EQ(result.data.value("ring_points_before").toInteger(), 320);
}

TEST(HashringModule, BadValuesNameTheParameter)
{
    ConceptModule &module = plugin();
    auto result = module.run(with({ { "node_names", QStringLiteral("a,b,a") } }), WorkControl());
    EXPECT_TRUE(result.error.startsWith("node_names")) << result.error.toStdString();
    result = module.run(with({ { "weights", QStringLiteral("1,-1,1,1,1") } }), WorkControl());
    EXPECT_TRUE(result.error.startsWith("weights")) << result.error.toStdString();
    result = module.run(
        with({ { "event", QStringLiteral("remove") }, { "event_node", QStringLiteral("nope") } }), WorkControl());
    EXPECT_TRUE(result.error.startsWith("event_node")) << result.error.toStdString();
    result = module.run(with({ { "nodes", qint64(0) } }), WorkControl());
    EXPECT_TRUE(result.error.contains("nodes")) << result.error.toStdString();
    result
        = module.run(with({ { "strategy", QStringLiteral("maglev") }, { "table_size", qint64(1000) } }), WorkControl());
    EXPECT_TRUE(result.error.startsWith("table_size")) << result.error.toStdString();
}

TEST(HashringView, StepsThroughTheScriptAndBack)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "strategy", QStringLiteral("ring") }, { "hash", QStringLiteral("md5") },
        { "vnodes", qint64(10) }, { "nodes", qint64(4) }, { "keys", qint64(1000) } }));
    view->reset();
    ASSERT_TRUE(waitIdle(view.get()));
    ASSERT_NE(view->session(), nullptr);
    EXPECT_EQ(view->currentStep(), 0);
    EXPECT_FALSE(view->canStepBackward());
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    view->stepForward();
    EXPECT_EQ(changed.count(), 1); // a step is immediate: the session holds every state
    EXPECT_EQ(view->currentStep(), 1);
    // Step 1 is the parameters' event: the same keys move as in the headless run.
    const ResultTable table = view->currentTable();
    ASSERT_EQ(table.rows.size(), 1000);
    int moved = 0;
    for (const auto &row : table.rows)
        moved += row[1] != row[2];
    EXPECT_EQ(moved, 196);
    EXPECT_TRUE(view->statusText().contains(QStringLiteral("196"))) << view->statusText().toStdString();
    int steps = 1;
    while (!view->atEnd() && steps < 20) {
        view->stepForward();
        ASSERT_TRUE(waitIdle(view.get()));
        ++steps;
    }
    EXPECT_EQ(view->currentStep(), steps);
    EXPECT_GE(steps, 5);
    view->stepBackward();
    EXPECT_EQ(view->currentStep(), steps - 1);
    view->reset();
    EXPECT_EQ(view->currentStep(), 0);
}

TEST(HashringView, MovedKeysStayMarkedAfterTheAnimation)
{
    application();
    for (const char *strategy : { "ring", "jump" }) {
        std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
        view->resize(1000, 700);
        view->show(); // visible: steps animate
        view->setParameters(with({ { "strategy", QString::fromUtf8(strategy) }, { "hash", QStringLiteral("md5") },
            { "vnodes", qint64(10) }, { "nodes", qint64(4) }, { "keys", qint64(1000) } }));
        ASSERT_TRUE(waitIdle(view.get()));
        QWidget *drawing = view->findChild<QWidget *>(QStringLiteral("hashringDrawing"));
        ASSERT_NE(drawing, nullptr);
        EXPECT_EQ(drawing->property("markedKeys").toInt(), 0) << strategy; // step 0: nothing moved yet
        for (int step = 1; step <= 2; ++step) {
            view->stepForward();
            const auto moved = plugin().stepResults(*view->session()).value("moved").toInteger();
            ASSERT_GT(moved, 0) << strategy;
            if (step == 1 && QLatin1String(strategy) == QLatin1String("ring")) {
                EXPECT_EQ(moved, 196); // the reference script's join
            }
            // While they fly the moved keys are drawn by the animation, not marked in place.
            EXPECT_TRUE(drawing->property("animating").toBool()) << strategy;
            EXPECT_EQ(drawing->property("markedKeys").toInt(), 0) << strategy;
            ASSERT_TRUE(QTest::qWaitFor([&] { return !drawing->property("animating").toBool(); }, 5000));
            QTest::qWait(50);
            // After it they stay marked, every one of them, until the next step.
            EXPECT_EQ(drawing->property("markedKeys").toInt(), moved) << strategy << " step " << step;
        }
        view->stepBackward(); // back at step 1: its own moved keys are marked
        ASSERT_TRUE(QTest::qWaitFor([&] { return !drawing->property("animating").toBool(); }, 5000));
        EXPECT_EQ(
            drawing->property("markedKeys").toInt(), plugin().stepResults(*view->session()).value("moved").toInteger())
            << strategy;
        view->reset(); // step 0: no event, no marks
        EXPECT_EQ(drawing->property("markedKeys").toInt(), 0) << strategy;
    }
}

TEST(HashringModule, DefaultsAreAFirstLook)
{
    // Few keys and few virtual nodes, so single keys and arcs can be followed.
    const ParameterValues defaults = plugin().parameters().defaults();
    EXPECT_EQ(defaults.value("keys").toLongLong(), 200);
    EXPECT_EQ(defaults.value("vnodes").toLongLong(), 10);
    EXPECT_EQ(defaults.value("nodes").toLongLong(), 5);
    const auto result = plugin().run(defaults, WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    EXPECT_EQ(result.data.value("keys").toInteger(), 200);
    EXPECT_EQ(result.data.value("ring_points_after").toInteger(), 60); // 6 nodes × 10
    EXPECT_EQ(result.table.rows.size(), 200);
    EXPECT_GT(result.data.value("max_over_mean").toDouble(), 1.0); // the statistics are still there

    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    ASSERT_TRUE(waitIdle(view.get()));
    EXPECT_EQ(view->statusText(), QStringLiteral("5 nodes, 200 keys"));
}

TEST(HashringView, ExamplesOpenTheirScenario)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    ASSERT_TRUE(waitIdle(view.get()));
    auto *examples = view->findChild<QComboBox *>(QStringLiteral("hashringExamples"));
    ASSERT_NE(examples, nullptr);
    const int index = examples->findData(QStringLiteral("ten-thousand-keys"));
    ASSERT_GT(index, 0);
    QSignalSpy edited(view.get(), &ConceptView::parameterEdited);
    examples->setCurrentIndex(index);
    ASSERT_TRUE(waitIdle(view.get()));
    EXPECT_EQ(examples->currentIndex(), 0); // the prompt again
    // The scenario file: 10 000 keys on a 160-point ring, opened at step 1 (node5 joins).
    QVariantMap values;
    for (const QList<QVariant> &arguments : edited)
        values.insert(arguments.at(0).toString(), arguments.at(1));
    EXPECT_EQ(values.size(), plugin().parameters().specs().size()); // every parameter, for the panel
    EXPECT_EQ(values.value("keys").toLongLong(), 10000);
    EXPECT_EQ(values.value("vnodes").toLongLong(), 160);
    EXPECT_EQ(values.value("strategy").toString(), QStringLiteral("ring"));
    EXPECT_EQ(view->currentStep(), 1);
    EXPECT_EQ(view->currentTable().rows.size(), 10000);
    EXPECT_TRUE(view->statusText().startsWith(QStringLiteral("+node5"))) << view->statusText().toStdString();
}

TEST(HashringView, ChartTicksFallOnRoundNumbers)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->resize(1280, 800);
    view->setParameters(with({ { "strategy", QStringLiteral("ring") }, { "hash", QStringLiteral("md5") },
        { "vnodes", qint64(10) }, { "nodes", qint64(4) }, { "keys", qint64(1000) } }));
    ASSERT_TRUE(waitIdle(view.get()));
    view->stepForward();
    const auto charts = view->findChildren<QChartView *>();
    ASSERT_EQ(charts.size(), 3);
    int checked = 0;
    for (QChartView *chartView : charts) {
        for (QAbstractAxis *axis : chartView->chart()->axes(Qt::Vertical)) {
            auto *values = qobject_cast<QValueAxis *>(axis);
            ASSERT_NE(values, nullptr);
            const std::string title = chartView->chart()->title().toStdString();
            EXPECT_EQ(values->min(), 0.0) << title;
            ASSERT_GE(values->tickCount(), 2) << title;
            // The step between ticks is 1, 2 or 5 times a power of ten.
            const double step = values->max() / (values->tickCount() - 1);
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9)
                << title << ": step " << step;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 3);
    // Keys per node at step 1: the largest count is node1's 335 before the join, so the axis
    // runs to 400 in steps of 100 (not 375.2 in steps of 93.8).
    QValueAxis *keys = nullptr;
    for (QChartView *chartView : charts)
        if (chartView->chart()->title() == QStringLiteral("Keys per node"))
            keys = qobject_cast<QValueAxis *>(chartView->chart()->axes(Qt::Vertical).value(0));
    ASSERT_NE(keys, nullptr);
    EXPECT_EQ(keys->max(), 400.0);
    EXPECT_EQ(keys->tickCount(), 5);
}

TEST(HashringView, BadParametersShowAnError)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "node_names", QStringLiteral("a,a") } }));
    ASSERT_TRUE(waitIdle(view.get()));
    EXPECT_TRUE(view->atEnd());
    EXPECT_EQ(view->session(), nullptr);
    EXPECT_TRUE(view->inputError().startsWith(QStringLiteral("node_names"))) << view->inputError().toStdString();
    EXPECT_TRUE(view->statusText().startsWith(QStringLiteral("node_names"))) << view->statusText().toStdString();
    view->stepForward(); // must not crash
}

TEST(HashringView, EveryStrategyRendersAllSteps)
{
    application();
    for (const char *strategy : { "modulo", "ring", "ketama", "jump", "rendezvous", "maglev", "bounded" }) {
        std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
        view->resize(1000, 700);
        view->show(); // visible: steps animate (on the offscreen platform)
        view->setParameters(with(
            { { "strategy", QString::fromUtf8(strategy) }, { "keys", qint64(3000) }, { "table_size", qint64(1009) } }));
        ASSERT_TRUE(waitIdle(view.get())) << strategy;
        while (!view->atEnd()) {
            view->stepForward();
            ASSERT_TRUE(waitIdle(view.get())) << strategy;
            for (int frame = 0; frame < 3; ++frame) {
                QTest::qWait(30); // let the animation advance a few frames
                QImage image(view->size(), QImage::Format_ARGB32);
                view->render(&image);
            }
        }
        EXPECT_GE(view->currentStep(), 5) << strategy;
    }
}

TEST(HashringView, HighlightMarksTheDrawing)
{
    application();
    for (const char *strategy : { "ring", "jump" }) {
        std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
        view->resize(1000, 700);
        view->setParameters(with({ { "strategy", QString::fromUtf8(strategy) }, { "keys", qint64(2000) } }));
        ASSERT_TRUE(waitIdle(view.get()));
        ASSERT_NE(view->session(), nullptr);
        const auto grab = [&] {
            QImage image(view->size(), QImage::Format_ARGB32);
            view->render(&image);
            return image;
        };
        const QImage plain = grab();
        view->setHighlight(QStringLiteral("node:node2"));
        const QImage node = grab();
        EXPECT_NE(node, plain) << strategy;
        view->setHighlight(QStringLiteral("key:key7"));
        const QImage key = grab();
        EXPECT_NE(key, plain) << strategy;
        EXPECT_NE(key, node) << strategy;
        view->setHighlight(QString());
        EXPECT_EQ(grab(), plain) << strategy;
        view->setHighlight(QStringLiteral("node:nope")); // not a node now: nothing marked
        EXPECT_EQ(grab(), plain) << strategy;
    }
}

TEST(HashringView, AddingANodeBranchesTheSession)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "keys", qint64(1000) } }));
    ASSERT_TRUE(waitIdle(view.get()));
    view->stepForward();
    ASSERT_EQ(view->currentStep(), 1);
    auto *add = view->findChild<QPushButton *>();
    ASSERT_NE(add, nullptr);
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    add->click();
    ASSERT_TRUE(QTest::qWaitFor([&] { return !view->isBusy() && view->currentStep() == 2; }, 20000));
    EXPECT_GE(changed.count(), 1);
    EXPECT_TRUE(view->atEnd()); // the user's event replaced the rest of the script
    const auto targets = view->session()->highlightTargets();
    // 5 nodes + node5 (the parameters' join) + the user's joiner, the next free name.
    EXPECT_NE(std::find(targets.begin(), targets.end(), "node:node6"), targets.end());
    EXPECT_EQ(std::find(targets.begin(), targets.end(), "node:node9"), targets.end());
    EXPECT_TRUE(view->statusText().startsWith(QStringLiteral("+node6"))) << view->statusText().toStdString();
    view->stepBackward();
    EXPECT_EQ(view->currentStep(), 1);
}
