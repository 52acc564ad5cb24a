// File > Export Animation: the dialog's limits, and the window's export run, which draws frames
// between turns of the event loop, reports progress, cancels, and writes nothing on cancel.
#include "animationexport.h"
#include "conceptmodule.h"
#include "exportanimationdialog.h"
#include "mainwindow.h"
#include "moduleregistry.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QImageReader>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {

ConceptModule *counterModule(ModuleRegistry &registry)
{
    registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    return registry.load(QStringLiteral("fixturegood"));
}

struct Finished {
    bool ended = false;
    ExportResult result;
    int eventLoopTurns = 0; // a 0 ms timer's ticks while the export ran
};

/// Runs an export from the window to its end, counting progress and turns of the event loop.
Finished runExport(ConceptModule *module, const AnimationOptions &options, int cancelAfterFrames = -1)
{
    Finished finished;
    QWidget window;
    ParameterValues values = module->parameters().defaults();
    values.insert(QStringLiteral("count"), 40);
    AnimationExportRun *run = AnimationExportRun::start(module, values, options, &window);
    QEventLoop loop;
    QTimer ticker;
    QObject::connect(&ticker, &QTimer::timeout, [&] { ++finished.eventLoopTurns; });
    ticker.start(0);
    QObject::connect(run, &AnimationExportRun::finished, &loop, [&](const ExportResult &result) {
        finished.ended = true;
        finished.result = result;
        loop.quit();
    });
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    // Cancel with the progress dialog's button, as the user would.
    auto *progress = window.findChild<QProgressDialog *>();
    bool grabbed = false; // for a look: build/<preset>/tests/output/export-animation-progress.png
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        if (!grabbed && progress && progress->isVisible() && progress->value() >= 5) {
            grabbed = true;
            QDir().mkpath(QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR));
            progress->grab().save(QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR "/export-animation-progress.png"));
        }
        if (cancelAfterFrames >= 0 && progress && progress->value() >= cancelAfterFrames && !finished.ended) {
            cancelAfterFrames = -1;
            if (auto *button = progress->findChild<QPushButton *>())
                button->click();
        }
    });
    loop.exec();
    return finished;
}

} // namespace

TEST(AnimationWindow, DialogRefusesOptionsPastTheLimits)
{
    ExportAnimationDialog dialog(5, QSize(800, 600));
    const AnimationOptions start = dialog.options();
    EXPECT_EQ(start.firstStep, 5);
    EXPECT_EQ(start.lastStep, 34);
    EXPECT_EQ(start.size, QSize(800, 600));
    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    EXPECT_TRUE(ok->isEnabled());
    const QList<QSpinBox *> boxes = dialog.findChildren<QSpinBox *>();
    ASSERT_EQ(boxes.size(), 5);
    boxes.at(1)->setValue(2000); // last step: 1996 frames
    EXPECT_FALSE(ok->isEnabled());
    boxes.at(1)->setValue(3); // before the first
    EXPECT_FALSE(ok->isEnabled());
    boxes.at(1)->setValue(10);
    EXPECT_TRUE(ok->isEnabled());
    // For a look at the dialog: build/<preset>/tests/output/export-animation-dialog.png.
    QDir().mkpath(QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR));
    dialog.show();
    QCoreApplication::processEvents();
    EXPECT_TRUE(dialog.grab().save(QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR "/export-animation-dialog.png")));
}

TEST(AnimationWindow, ExportRunWritesBetweenTurnsOfTheEventLoop)
{
    ModuleRegistry registry;
    ConceptModule *module = counterModule(registry);
    ASSERT_TRUE(module);
    QTemporaryDir dir;
    AnimationOptions options;
    options.firstStep = 2;
    options.lastStep = 21;
    options.fps = 20;
    options.size = QSize(320, 200);
    options.format = AnimationFormat::Gif;
    options.path = dir.filePath(QStringLiteral("window.gif"));
    const Finished finished = runExport(module, options);
    ASSERT_TRUE(finished.ended);
    EXPECT_EQ(finished.result.outcome, ExportOutcome::Written) << finished.result.message.toStdString();
    // The event loop turned between the frames, not once at the end.
    EXPECT_GE(finished.eventLoopTurns, options.frameCount());
    QImageReader reader(options.path);
    EXPECT_EQ(reader.imageCount(), 20);
    EXPECT_EQ(reader.size(), QSize(320, 200));
}

TEST(AnimationWindow, CancelWritesNothing)
{
    ModuleRegistry registry;
    ConceptModule *module = counterModule(registry);
    ASSERT_TRUE(module);
    QTemporaryDir dir;
    AnimationOptions options;
    options.firstStep = 0;
    options.lastStep = 39;
    options.size = QSize(640, 400);
    options.format = AnimationFormat::WebP;
    options.path = dir.filePath(QStringLiteral("cancelled.webp"));
    const Finished finished = runExport(module, options, 3);
    ASSERT_TRUE(finished.ended);
    EXPECT_EQ(finished.result.outcome, ExportOutcome::Cancelled);
    EXPECT_FALSE(QFile::exists(options.path));
}

TEST(AnimationWindow, PastTheEndIsReportedAndWritesNothing)
{
    ModuleRegistry registry;
    ConceptModule *module = counterModule(registry);
    ASSERT_TRUE(module);
    QTemporaryDir dir;
    AnimationOptions options;
    options.firstStep = 38;
    options.lastStep = 45; // the counter ends at 40
    options.size = QSize(64, 64);
    options.path = dir.filePath(QStringLiteral("past.gif"));
    const Finished finished = runExport(module, options);
    ASSERT_TRUE(finished.ended);
    EXPECT_EQ(finished.result.outcome, ExportOutcome::BadInput);
    EXPECT_EQ(finished.result.message, QStringLiteral("step 45 is past the end: the simulation ends at step 40"));
    EXPECT_FALSE(QFile::exists(options.path));
}

TEST(AnimationWindow, FileMenuOffersExportAnimationForAnOpenModule)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    MainWindow window(registry);
    const auto exportAnimation = [&window]() -> QAction * {
        for (QAction *action : window.actions()) // the window holds every menu's actions
            if (action->text() == QStringLiteral("Export &Animation…"))
                return action;
        return nullptr;
    };
    ASSERT_TRUE(exportAnimation());
    EXPECT_FALSE(exportAnimation()->isEnabled()); // the gallery: nothing to animate
    ASSERT_TRUE(window.openModule(QStringLiteral("fixturegood"), true));
    EXPECT_TRUE(exportAnimation()->isEnabled());
}
