// The plugin's headless run (result keys, CSV table, parameter errors), its sessions and the
// live view driving them, loaded through QPluginLoader as the shell loads it.
#include "../../support/loadedmodule.h"
#include "conceptmodule.h"

#include <QApplication>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPluginLoader>
#include <QSignalSpy>
#include <QTest>
#include <gtest/gtest.h>

#include <cmath>

using namespace conceptlab;

namespace {
QApplication &application()
{
    static int argc = 1;
    static char name[] = "tst_underflow_module";
    static char *argv[] = { name, nullptr };
    // Never destroyed: tearing Qt down from exit handlers, after the plugin's statics, crashes.
    static auto *app = new QApplication(argc, argv);
    return *app;
}

ConceptModule &plugin()
{
    return conceptlab::testing::loadedModule(UNDERFLOW_PLUGIN_PATH);
}

ParameterValues with(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    return conceptlab::testing::withDefaults(plugin(), values);
}
} // namespace

TEST(UnderflowModule, ResultKeysForHalving)
{
    const auto result = plugin().run(with({ { "p", 0.5 }, { "steps", qint64(2000) } }), WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const QJsonObject formats = result.data.value(QStringLiteral("formats")).toObject();
    ASSERT_EQ(formats.size(), 6);
    const QJsonObject half = formats.value(QStringLiteral("float16")).toObject();
    EXPECT_EQ(half.value(QStringLiteral("first_subnormal_step")).toInteger(), 15);
    EXPECT_EQ(half.value(QStringLiteral("first_zero_step")).toInteger(), 25);
    EXPECT_TRUE(half.value(QStringLiteral("stuck_from_step")).isNull());
    EXPECT_TRUE(half.value(QStringLiteral("stuck_value")).isNull());
    EXPECT_EQ(half.value(QStringLiteral("final_value")).toDouble(), 0.0);
    EXPECT_EQ(half.value(QStringLiteral("final_bits")).toString(), QStringLiteral("0x0000"));
    // 2000 · log(0.5) in float16: −0.6934 (log 0.5 rounded) summed; the sum passes 1024 where
    // float16's spacing is 1, so it drifts: the error is large but finite.
    EXPECT_TRUE(half.value(QStringLiteral("log_sum")).isDouble());
    EXPECT_EQ(
        formats.value(QStringLiteral("float64")).toObject().value(QStringLiteral("first_zero_step")).toInteger(), 1075);
    EXPECT_EQ(formats.value(QStringLiteral("float64")).toObject().value(QStringLiteral("log_sum")).toDouble(),
        -1386.2943611198225); // 2000 float64 additions of ln 0.5 (Python: s += math.log(0.5))
    EXPECT_NEAR(
        formats.value(QStringLiteral("float64")).toObject().value(QStringLiteral("log_sum_abs_error")).toDouble(),
        6.82e-11, 1e-13); // against 2000 · ln 2 = 1386.29436111989061883...
    EXPECT_NEAR(result.data.value(QStringLiteral("exact")).toObject().value(QStringLiteral("log_product")).toDouble(),
        -1386.2943611198906, 1e-12);
    const QJsonObject lse = result.data.value(QStringLiteral("logsumexp")).toObject();
    EXPECT_EQ(lse.value(QStringLiteral("naive")).toObject().value(QStringLiteral("float64")).toString(),
        QStringLiteral("-inf")); // exp(−1386) underflows to 0
    EXPECT_NEAR(lse.value(QStringLiteral("stable")).toObject().value(QStringLiteral("float64")).toDouble(),
        -1386.2943611198906 + 0.40760596444438, 1e-9);
    const QJsonObject softmax = result.data.value(QStringLiteral("softmax")).toObject();
    EXPECT_EQ(softmax.value(QStringLiteral("naive")).toObject().value(QStringLiteral("float32")).toArray().at(0),
        QJsonValue(QStringLiteral("nan")));
    EXPECT_EQ(result.table.rows.size(), 2000);
    EXPECT_EQ(result.table.header.size(), 2 + 2 * 6);
}

TEST(UnderflowModule, TableShowsTheChosenFormats)
{
    const auto result = plugin().run(
        with({ { "steps", qint64(10) }, { "formats", QStringLiteral("float8_e4m3fn, float16") } }), WorkControl());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    EXPECT_EQ(result.table.header,
        QStringList({ QStringLiteral("step"), QStringLiteral("p"), QStringLiteral("float16"),
            QStringLiteral("float16_bits"), QStringLiteral("float8_e4m3fn"), QStringLiteral("float8_e4m3fn_bits") }));
    ASSERT_EQ(result.table.rows.size(), 10);
    EXPECT_EQ(result.table.rows[9],
        QStringList({ QStringLiteral("10"), QStringLiteral("0.5"), QStringLiteral("0.0009765625"),
            QStringLiteral("0x1400"), QStringLiteral("0"), QStringLiteral("0x00") })); // 2^-10; e4m3fn's tie
    EXPECT_EQ(result.data.value(QStringLiteral("formats")).toObject().size(), 6); // JSON keeps every format
}

TEST(UnderflowModule, BadValuesNameTheParameter)
{
    EXPECT_TRUE(plugin().run(with({ { "p", 0.0 } }), WorkControl()).error.contains(QStringLiteral("'p'")));
    EXPECT_TRUE(plugin()
                    .run(with({ { "logits", QStringLiteral("1, zwei") } }), WorkControl())
                    .error.startsWith(QStringLiteral("logits:")));
    EXPECT_TRUE(plugin()
                    .run(with({ { "source", QStringLiteral("file") }, { "file", QStringLiteral("/nonexistent") } }),
                        WorkControl())
                    .error.startsWith(QStringLiteral("file:")));
}

TEST(UnderflowView, StepsForwardAndBackAndDraws)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "p", 0.5 }, { "steps", qint64(40) } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->session() != nullptr, 20000);
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    for (int k = 0; k < 25; ++k)
        view->stepForward();
    EXPECT_EQ(view->currentStep(), 25);
    EXPECT_GE(changed.count(), 25);
    EXPECT_EQ(view->currentTable().rows.size(), 25);
    view->stepBackward();
    EXPECT_EQ(view->currentStep(), 24);
    view->setHighlight(QStringLiteral("bit:float16:0"));
    view->resize(1280, 800);
    const QImage image = view->grab().toImage();
    EXPECT_FALSE(image.isNull());
    image.save(QStringLiteral("/tmp/tst_underflow_view.png"));
    // The value field shows its whole hint at 1280 pixels.
    const auto *input = view->findChild<QLineEdit *>(QStringLiteral("exploreValue"));
    ASSERT_NE(input, nullptr);
    EXPECT_GE(input->width(), input->fontMetrics().horizontalAdvance(input->placeholderText()));
}

TEST(UnderflowView, FloatToyExplorationLeavesTheRunAlone)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "p", 0.5 }, { "steps", qint64(40) } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->session() != nullptr, 20000);
    view->resize(1280, 800);
    view->show();
    for (int k = 0; k < 3; ++k)
        view->stepForward();
    auto *input = view->findChild<QLineEdit *>(QStringLiteral("exploreValue"));
    auto *caption = view->findChild<QLabel *>(QStringLiteral("bitCaption"));
    auto *rows = view->findChild<QWidget *>(QStringLiteral("bitRows"));
    ASSERT_TRUE(input && caption && rows);
    EXPECT_TRUE(caption->text().contains(QStringLiteral("step 3")));
    input->setText(QStringLiteral("1e-5"));
    QTest::keyClick(input, Qt::Key_Return);
    EXPECT_TRUE(caption->text().contains(QStringLiteral("Exploring 1e-05"))) << caption->text().toStdString();
    // The first row is float64; its sign bit is the first box after the 104-pixel label.
    QTest::mouseClick(rows, Qt::LeftButton, {}, QPoint(106, 10));
    EXPECT_TRUE(caption->text().contains(QStringLiteral("Exploring -1e-05"))) << caption->text().toStdString();
    EXPECT_EQ(view->currentStep(), 3); // exploration is not the simulation
    view->stepForward();
    EXPECT_TRUE(caption->text().contains(QStringLiteral("step 4")));
}

TEST(UnderflowView, BadParametersShowAnError)
{
    application();
    std::unique_ptr<ConceptView> view(plugin().createView(nullptr));
    view->setParameters(with({ { "formats", QStringLiteral("float99") } }));
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && !view->inputError().isEmpty(), 20000);
    EXPECT_TRUE(view->inputError().startsWith(QStringLiteral("formats:")));
    EXPECT_EQ(view->session(), nullptr);
}
