// The plugin's headless run (result keys, CSV table, parameter errors) and the live view,
// loaded through QPluginLoader as the shell loads it.
#include "../../support/loadedmodule.h"
#include "conceptmodule.h"

#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>
#include <gtest/gtest.h>

#include <cmath>

using namespace conceptlab;

namespace {
QApplication &application()
{
    static int argc = 1;
    static char name[] = "tst_unrolling_module";
    static char *argv[] = { name, nullptr };
    static auto *app = new QApplication(argc, argv); // never destroyed (see tst_underflow_module)
    return *app;
}

ConceptModule &plugin()
{
    return conceptlab::testing::loadedModule(UNROLLING_PLUGIN_PATH);
}

ParameterValues with(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    ParameterValues all = conceptlab::testing::withDefaults(plugin(), values);
    all.insert(QStringLiteral("measure"), false);
    all.insert(QStringLiteral("llvm_mca"), false);
    return all;
}
} // namespace

TEST(UnrollingModule, ResultKeysForASumWithOneAccumulator)
{
    const auto result = plugin().run(with({ { "kernel", QStringLiteral("sum") }, { "type", QStringLiteral("float") },
                                         { "unroll", 4 }, { "accumulators", 1 } }),
        WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const QJsonObject d = result.data;
    EXPECT_EQ(d.value(QStringLiteral("elements_per_iteration")).toInt(), 4);
    EXPECT_NEAR(d.value(QStringLiteral("cycles_per_element")).toDouble(), 4.0, 0.01); // addss latency 4
    EXPECT_NEAR(d.value(QStringLiteral("cycles_per_iteration")).toDouble(), 16.0, 0.04);
    EXPECT_TRUE(
        d.value(QStringLiteral("bottleneck")).toString().startsWith(QStringLiteral("loop-carried dependency: addss")));
    EXPECT_GT(d.value(QStringLiteral("loop_bytes")).toInt(), 0);
    EXPECT_GT(d.value(QStringLiteral("remainder_bytes")).toInt(), 0);
    EXPECT_GE(d.value(QStringLiteral("loop_instructions")).toInt(), 7);
    EXPECT_TRUE(d.value(QStringLiteral("llvm_mca_cycles_per_element")).isNull());
    const QJsonObject measured = d.value(QStringLiteral("measured")).toObject();
    EXPECT_TRUE(measured.value(QStringLiteral("ns_per_element")).isNull());
    EXPECT_TRUE(measured.value(QStringLiteral("cycles_per_element")).isNull());
    EXPECT_TRUE(measured.value(QStringLiteral("clock_ghz")).isNull());
    const QJsonArray sweep = d.value(QStringLiteral("sweep")).toArray();
    ASSERT_EQ(sweep.size(), 20);
    // unroll 16 with 8 accumulators: 2 adds per chain per iteration, 16 loads on 2 ports: 0.5
    EXPECT_NEAR(sweep.at(19).toObject().value(QStringLiteral("cycles_per_element")).toDouble(), 0.5, 0.03);
    EXPECT_EQ(result.table.rows.size(), 20);
    EXPECT_EQ(result.table.header.first(), QStringLiteral("unroll"));
}

TEST(UnrollingModule, BadValuesNameTheParameter)
{
    EXPECT_TRUE(plugin().run(with({ { "unroll", 3 } }), WorkControl()).error.startsWith(QStringLiteral("unroll:")));
    EXPECT_TRUE(
        plugin().run(with({ { "accumulators", 5 } }), WorkControl()).error.startsWith(QStringLiteral("accumulators:")));
    EXPECT_TRUE(plugin()
                    .run(with({ { "overrides", QStringLiteral("dispatch_width=zero") } }), WorkControl())
                    .error.startsWith(QStringLiteral("overrides:")));
    EXPECT_TRUE(plugin().run(with({ { "unroll", 32 } }), WorkControl()).error.contains(QStringLiteral("'unroll'")));
}

TEST(UnrollingView, StepsCyclesAndDraws)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "kernel", QStringLiteral("dot") }, { "unroll", 4 }, { "accumulators", 2 } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->session() != nullptr, 60000);
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    for (int k = 0; k < 12; ++k)
        view->stepForward();
    EXPECT_EQ(view->currentStep(), 12);
    view->stepBackward();
    EXPECT_EQ(view->currentStep(), 11);
    EXPECT_EQ(view->currentTable().rows.size(), 20);
    view->setHighlight(QStringLiteral("chain"));
    for (const QSize size : { QSize(1280, 800), QSize(1920, 1080) }) {
        view->resize(size);
        view->show();
        QApplication::processEvents();
        const QImage image = view->grab().toImage();
        EXPECT_EQ(image.size(), size);
        image.save(QStringLiteral("/tmp/tst_unrolling_view_%1.png").arg(size.width()));
    }
    auto *accumulators = view->findChild<QComboBox *>(QStringLiteral("accumulators"));
    ASSERT_NE(accumulators, nullptr);
    QSignalSpy edited(view.get(), &ConceptView::parameterEdited);
    accumulators->activated(2);
    ASSERT_EQ(edited.count(), 1);
    EXPECT_EQ(edited.at(0).at(0).toString(), QStringLiteral("accumulators"));
    EXPECT_EQ(edited.at(0).at(1).toInt(), 4);
}

TEST(UnrollingView, BadParametersShowAnError)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "overrides", QStringLiteral("ports.addss=p42") } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && !view->inputError().isEmpty(), 60000);
    EXPECT_TRUE(view->inputError().startsWith(QStringLiteral("overrides:")));
}

TEST(UnrollingView, ChartAxesTickOnRoundNumbers)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    // 4 accumulators: cycles per element about 1, bytes up to about 150: neither a round top.
    view->setParameters(with({ { "kernel", QStringLiteral("dot") }, { "accumulators", 4 } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->session() != nullptr, 60000);
    int axes = 0;
    for (const QChartView *chartView : view->findChildren<QChartView *>()) {
        for (QAbstractAxis *abstractAxis : chartView->chart()->axes(Qt::Vertical)) {
            const auto *axis = qobject_cast<QValueAxis *>(abstractAxis);
            ASSERT_NE(axis, nullptr);
            ++axes;
            const double step = (axis->max() - axis->min()) / (axis->tickCount() - 1);
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
            EXPECT_TRUE(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9)
                << axis->titleText().toStdString() << ": tick step " << step;
            EXPECT_EQ(axis->min(), 0.0);
            EXPECT_NEAR(std::fmod(axis->max() / step, 1.0), 0.0, 1e-9) << axis->titleText().toStdString();
        }
    }
    EXPECT_EQ(axes, 2);
}
