// Comparing side by side: a second live view with its own parameters, both on one playback
// bar and one step axis.
#include "conceptmodule.h"
#include "mainwindow.h"
#include "moduleregistry.h"
#include "parameterpanel.h"
#include "playbackbar.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QSettings>
#include <QTest>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {

const QString kOutputDir = QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR);

struct CompareWindow {
    ModuleRegistry registry;
    std::unique_ptr<MainWindow> window;

    explicit CompareWindow(const QString &id)
    {
        QSettings().clear();
        registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
        window = std::make_unique<MainWindow>(registry);
        window->resize(1600, 900);
        window->show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        EXPECT_TRUE(window->openModule(id, true));
        QTRY_VERIFY_WITH_TIMEOUT(window->currentView()->session() != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->currentView()->isBusy(), 20000);
        window->setComparing(true);
        EXPECT_TRUE(window->isComparing());
        ConceptView *b = window->compareView();
        QTRY_VERIFY_WITH_TIMEOUT(b->session() != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!b->isBusy() && !window->currentView()->isBusy(), 20000);
    }
    ~CompareWindow() { window->close(); }
};

QString headingText(MainWindow &window, const QString &side)
{
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (label->text().startsWith(QStringLiteral("<b>") + side + QStringLiteral(" · ")))
            return label->text();
    }
    return {};
}

} // namespace

TEST(Compare, BatchingShowsStaticBesideContinuousOnOneStepAxis)
{
    CompareWindow compare(QStringLiteral("batching"));
    MainWindow &window = *compare.window;
    ConceptView *a = window.currentView();
    ConceptView *b = window.compareView();
    ASSERT_NE(b, nullptr);
    ASSERT_NE(a, b);
    // The module's suggested contrast: the default continuous batching against static.
    EXPECT_TRUE(headingText(window, QStringLiteral("A")).contains(QStringLiteral("policy = continuous")))
        << headingText(window, QStringLiteral("A")).toStdString();
    EXPECT_TRUE(headingText(window, QStringLiteral("B")).contains(QStringLiteral("policy = static")))
        << headingText(window, QStringLiteral("B")).toStdString();
    // One bar drives both: three presses are three steps on each side.
    auto *bar = window.findChild<PlaybackBar *>();
    ASSERT_NE(bar, nullptr);
    EXPECT_EQ(a->currentStep(), 0);
    EXPECT_EQ(b->currentStep(), 0);
    for (int i = 0; i < 3; ++i)
        bar->stepForward();
    QTRY_VERIFY_WITH_TIMEOUT(!a->isBusy() && !b->isBusy(), 20000);
    EXPECT_EQ(a->currentStep(), 3);
    EXPECT_EQ(b->currentStep(), 3);
    bar->reset();
    EXPECT_EQ(a->currentStep(), 0);
    EXPECT_EQ(b->currentStep(), 0);
    QDir().mkpath(kOutputDir);
    window.grab().save(QDir(kOutputDir).filePath(QStringLiteral("compare-batching.png")));
}

TEST(Compare, TheShorterRunWaitsAtItsEndWhileTheOtherGoesOn)
{
    // (λx.I) (PLUS 2 3): normal order discards the argument and ends in 1 step; applicative
    // order first reduces PLUS 2 3 to 5 (6 steps), then applies (7 in all). Stepping on, A
    // stays at its end while B goes on, and Back steps only the side at the newest step.
    CompareWindow compare(QStringLiteral("lambda"));
    MainWindow &window = *compare.window;
    auto *panel = window.findChild<QDockWidget *>(QStringLiteral("parameterDock"))->findChild<ParameterPanel *>();
    ASSERT_NE(panel, nullptr);
    ParameterValues values = panel->values();
    values.insert(QStringLiteral("term"), QStringLiteral("(\\x.I) (PLUS 2 3)"));
    values.insert(QStringLiteral("max_steps"), QVariant::fromValue<qint64>(50));
    panel->setValues(values);
    Q_EMIT panel->valuesChanged(panel->values());
    auto *panelB = window.findChild<QDockWidget *>(QStringLiteral("compareDock"))->findChild<ParameterPanel *>();
    ASSERT_NE(panelB, nullptr);
    ParameterValues valuesB = panelB->values();
    valuesB.insert(QStringLiteral("term"), QStringLiteral("(\\x.I) (PLUS 2 3)"));
    valuesB.insert(QStringLiteral("max_steps"), QVariant::fromValue<qint64>(50));
    panelB->setValues(valuesB);
    Q_EMIT panelB->valuesChanged(panelB->values());
    ConceptView *a = window.currentView();
    ConceptView *b = window.compareView();
    QTRY_VERIFY_WITH_TIMEOUT(a->session() != nullptr && b->session() != nullptr && !a->isBusy() && !b->isBusy(), 20000);
    EXPECT_TRUE(headingText(window, QStringLiteral("B")).contains(QStringLiteral("strategy = applicative")));
    auto *bar = window.findChild<PlaybackBar *>();
    for (int i = 0; i < 5; ++i) {
        bar->stepForward();
        QTRY_VERIFY_WITH_TIMEOUT(!a->isBusy() && !b->isBusy(), 20000);
    }
    EXPECT_TRUE(a->atEnd());
    EXPECT_EQ(a->currentStep(), 1);
    EXPECT_FALSE(b->atEnd());
    EXPECT_EQ(b->currentStep(), 5);
    bar->stepBackward();
    QTRY_VERIFY_WITH_TIMEOUT(!a->isBusy() && !b->isBusy(), 20000);
    EXPECT_EQ(a->currentStep(), 1);
    EXPECT_EQ(b->currentStep(), 4);
    for (int i = 0; i < 4; ++i) {
        bar->stepForward();
        QTRY_VERIFY_WITH_TIMEOUT(!a->isBusy() && !b->isBusy(), 20000);
    }
    EXPECT_TRUE(b->atEnd());
    EXPECT_EQ(b->currentStep(), 7);
}

TEST(Compare, LeavingKeepsViewAAndItsState)
{
    CompareWindow compare(QStringLiteral("hashring"));
    MainWindow &window = *compare.window;
    ConceptView *a = window.currentView();
    window.findChild<PlaybackBar *>()->stepForward();
    QTRY_VERIFY_WITH_TIMEOUT(!a->isBusy(), 20000);
    window.setComparing(false);
    EXPECT_FALSE(window.isComparing());
    EXPECT_EQ(window.compareView(), nullptr);
    EXPECT_EQ(window.currentView(), a);
    EXPECT_TRUE(a->isVisible());
    EXPECT_EQ(a->currentStep(), 1);
    EXPECT_EQ(window.findChild<QDockWidget *>(QStringLiteral("compareDock")), nullptr);
    // One view again: the bar steps it alone.
    window.findChild<PlaybackBar *>()->stepForward();
    QTRY_VERIFY_WITH_TIMEOUT(!a->isBusy(), 20000);
    EXPECT_EQ(a->currentStep(), 2);
}
