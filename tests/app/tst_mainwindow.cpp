// The window offscreen: the gallery, opening every module found, playback, screenshots.
#include "conceptmodule.h"
#include "exportdialog.h"
#include "gallerywidget.h"
#include "mainwindow.h"
#include "moduleregistry.h"
#include "parameterpanel.h"
#include "playbackbar.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {

const QString kOutputDir = QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR);

void grab(QWidget *widget, const QString &name)
{
    QDir().mkpath(kOutputDir);
    const QString path = QDir(kOutputDir).filePath(name + QStringLiteral(".png"));
    // Charts lay out on the next pass of the event loop: draw what the user would see.
    QCoreApplication::processEvents();
    ASSERT_TRUE(widget->grab().save(path)) << path.toStdString();
}

QStringList searchPathsWithFixtures()
{
    return { QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR), QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) };
}

} // namespace

TEST(MainWindow, ShowsTheGalleryFromMetadata)
{
    QSettings().clear();
    ModuleRegistry registry;
    registry.scan(searchPathsWithFixtures());
    MainWindow window(registry);
    window.resize(1280, 800);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    const auto cards = window.findChildren<ConceptCard *>();
    EXPECT_EQ(cards.size(), registry.modules().size());
    grab(&window, QStringLiteral("gallery"));
}

TEST(MainWindow, OpensEveryModuleAndSteps)
{
    ModuleRegistry registry;
    registry.scan(searchPathsWithFixtures());
    MainWindow window(registry);
    window.resize(1280, 800);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    for (const ModuleInfo &info : registry.modules()) {
        if (info.id == QLatin1String("fixturemissing"))
            continue;
        ASSERT_TRUE(window.openModule(info.id, true)) << info.id.toStdString();
        ConceptView *view = window.currentView();
        ASSERT_NE(view, nullptr);
        // The panel's debounced parameters reach the view, which builds its session.
        QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), 60000);
        EXPECT_TRUE(view->inputError().isEmpty()) << info.id.toStdString() << ": " << view->inputError().toStdString();
        EXPECT_EQ(view->currentStep(), 0);
        QSignalSpy changed(view, &ConceptView::stateChanged);
        for (int i = 1; i <= 3 && !view->atEnd(); ++i) {
            view->stepForward();
            EXPECT_EQ(view->currentStep(), i) << info.id.toStdString();
        }
        EXPECT_GE(changed.count(), std::min(3, view->currentStep()));
        if (view->currentStep() > 0) {
            const int reached = view->currentStep();
            view->stepBackward();
            EXPECT_EQ(view->currentStep(), reached - 1) << info.id.toStdString();
            view->stepForward();
        }
        QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 60000);
        grab(&window, QStringLiteral("module-") + info.id);
        window.showGallery();
        EXPECT_EQ(window.currentView(), nullptr);
    }
}

TEST(MainWindow, ExportsTheFigureAtAChosenSizeAndStep)
{
    ModuleRegistry registry;
    registry.scan(searchPathsWithFixtures());
    MainWindow window(registry);
    window.resize(1280, 800);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    ASSERT_TRUE(window.openModule(QStringLiteral("fixturegood"), true));
    ConceptView *view = window.currentView();
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), 60000);
    view->stepForward();
    QTemporaryDir dir;
    const QString current = dir.filePath(QStringLiteral("current.png"));
    window.exportFigure(current, QSize(640, 360), ExportDialog::StepChoice::Current, 0);
    EXPECT_EQ(QImage(current).size(), QSize(640, 360));

    // The end and a step past it are the same figure; the window stays at its step.
    const QString end = dir.filePath(QStringLiteral("end.svg"));
    const QString past = dir.filePath(QStringLiteral("past.svg"));
    const QString pdf = dir.filePath(QStringLiteral("end.pdf"));
    window.exportFigure(end, QSize(1280, 720), ExportDialog::StepChoice::End, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isExporting(), 60000);
    window.exportFigure(past, QSize(1280, 720), ExportDialog::StepChoice::Number, 1000);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isExporting(), 60000);
    window.exportFigure(pdf, QSize(1920, 1080), ExportDialog::StepChoice::End, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isExporting(), 60000);
    QFile endFile(end);
    QFile pastFile(past);
    QFile pdfFile(pdf);
    ASSERT_TRUE(endFile.open(QIODevice::ReadOnly));
    ASSERT_TRUE(pastFile.open(QIODevice::ReadOnly));
    ASSERT_TRUE(pdfFile.open(QIODevice::ReadOnly));
    const QByteArray endSvg = endFile.readAll();
    EXPECT_EQ(endSvg, pastFile.readAll());
    const QRegularExpressionMatch stepLine
        = QRegularExpression(QStringLiteral("step (\\d+) of (\\d+)")).match(QString::fromUtf8(endSvg));
    ASSERT_TRUE(stepLine.hasMatch());
    EXPECT_EQ(stepLine.captured(1), stepLine.captured(2)) << "the end is the last step";
    EXPECT_TRUE(pdfFile.readAll().contains("/MediaBox [0 0 1440.000000 810.000000]"));
    EXPECT_EQ(view->currentStep(), 1);

    ExportDialog dialog(4, QSize(1000, 700));
    EXPECT_EQ(dialog.figureSize(), QSize(1920, 1080));
    EXPECT_EQ(dialog.stepChoice(), ExportDialog::StepChoice::Current);
}

TEST(MainWindow, AModuleThatFailsToLoadLeavesTheWindowUsable)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    MainWindow window(registry);
    EXPECT_FALSE(window.openModule(QStringLiteral("fixturemissing"), true));
    EXPECT_TRUE(window.currentModuleId().isEmpty());
    EXPECT_TRUE(window.openModule(QStringLiteral("fixturegood"), true));
}

TEST(MainWindow, KeyboardDrivesPlayback)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    MainWindow window(registry);
    window.show();
    QApplication::setActiveWindow(&window); // shortcuts apply to the active window
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    ASSERT_TRUE(window.openModule(QStringLiteral("fixturegood"), true));
    ConceptView *view = window.currentView();
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr, 10000); // the panel's debounced parameters
    view->reset();
    ASSERT_FALSE(view->atEnd());
    ASSERT_TRUE(window.isActiveWindow());
    QTest::keyClick(window.windowHandle(), Qt::Key_Right);
    QTest::keyClick(window.windowHandle(), Qt::Key_Right);
    EXPECT_EQ(view->currentStep(), 2);
    QTest::keyClick(window.windowHandle(), Qt::Key_Left);
    EXPECT_EQ(view->currentStep(), 1);
    QTest::keyClick(window.windowHandle(), Qt::Key_R);
    EXPECT_EQ(view->currentStep(), 0);
    QTest::keyClick(window.windowHandle(), Qt::Key_Space);
    EXPECT_TRUE(window.findChild<PlaybackBar *>()->isPlaying());
    QTRY_VERIFY_WITH_TIMEOUT(view->atEnd(), 10000);
}

namespace {

// A window with the modules this build made, active (shortcuts apply to the active window),
// showing module `id` with its first session ready at step 0.
struct ActiveWindow {
    ModuleRegistry registry;
    std::unique_ptr<MainWindow> window;

    explicit ActiveWindow(const QString &id, const QStringList &paths = { QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) })
    {
        registry.scan(paths);
        window = std::make_unique<MainWindow>(registry);
        window->resize(1280, 800);
        window->show();
        QApplication::setActiveWindow(window.get());
        EXPECT_TRUE(QTest::qWaitForWindowActive(window.get()));
        EXPECT_TRUE(window->openModule(id, true));
        QTRY_VERIFY_WITH_TIMEOUT(window->currentView()->session() != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->currentView()->isBusy(), 20000);
        window->currentView()->reset();
    }
    ~ActiveWindow() { window->close(); }
    void press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(window->windowHandle(), key, modifiers);
    }
    bool presenting() const { return window->menuBar()->isHidden(); }
};

} // namespace

// Presenter mode hides the menu bar; Esc and F5 must still leave it, and the menu shortcuts
// (Ctrl+G here) must still work in it.
TEST(MainWindow, PresenterModeIsAlwaysLeftWithEscOrF5)
{
    ActiveWindow w(QStringLiteral("fixturegood"), { QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    w.press(Qt::Key_F5);
    EXPECT_TRUE(w.presenting());
    w.press(Qt::Key_Escape);
    EXPECT_FALSE(w.presenting());
    w.press(Qt::Key_F5);
    EXPECT_TRUE(w.presenting());
    w.press(Qt::Key_F5);
    EXPECT_FALSE(w.presenting());
    w.press(Qt::Key_F5);
    w.press(Qt::Key_G, Qt::ControlModifier);
    EXPECT_TRUE(w.window->findChild<GalleryWidget *>()->isVisible());
    w.press(Qt::Key_Escape);
    EXPECT_FALSE(w.presenting());
}

// A teacher clicks into the code to point at a line, then uses the clicker: the keys drive
// playback and the program is never edited.
TEST(MainWindow, PlaybackKeysNeverEditTheProgram)
{
    ActiveWindow w(QStringLiteral("graphcapture"));
    ConceptView *view = w.window->currentView();
    QPlainTextEdit *editor = nullptr;
    for (QPlainTextEdit *e : view->findChildren<QPlainTextEdit *>())
        if (!e->isReadOnly() && e->isVisible())
            editor = e;
    ASSERT_NE(editor, nullptr);
    const QString program = editor->toPlainText();
    editor->setFocus();
    ASSERT_TRUE(editor->hasFocus());
    // Page Down / Page Up turn the page from a text field too.
    w.press(Qt::Key_PageDown);
    w.press(Qt::Key_PageDown);
    EXPECT_EQ(view->currentStep(), 2);
    w.press(Qt::Key_PageUp);
    EXPECT_EQ(view->currentStep(), 1);
    EXPECT_EQ(editor->toPlainText(), program);
    EXPECT_TRUE(editor->hasFocus());
    // Esc hands the focus back, and Right steps again.
    w.press(Qt::Key_Escape);
    EXPECT_FALSE(editor->hasFocus());
    w.press(Qt::Key_Right);
    EXPECT_EQ(view->currentStep(), 2);
    // In presenter mode every playback key plays, whatever has the focus.
    w.press(Qt::Key_F5);
    ASSERT_TRUE(QTest::qWaitForWindowActive(w.window.get()));
    editor->setFocus();
    ASSERT_TRUE(editor->hasFocus());
    w.press(Qt::Key_R);
    EXPECT_EQ(view->currentStep(), 0);
    w.press(Qt::Key_Right);
    EXPECT_EQ(view->currentStep(), 1);
    w.press(Qt::Key_Left);
    EXPECT_EQ(view->currentStep(), 0);
    w.press(Qt::Key_PageDown);
    EXPECT_EQ(view->currentStep(), 1);
    w.press(Qt::Key_Space);
    EXPECT_TRUE(w.window->findChild<PlaybackBar *>()->isPlaying());
    w.press(Qt::Key_Space);
    EXPECT_FALSE(w.window->findChild<PlaybackBar *>()->isPlaying());
    EXPECT_EQ(editor->toPlainText(), program);
    w.press(Qt::Key_Escape);
    EXPECT_FALSE(w.presenting());
}

// Every press is a step, whatever the view is animating (lambda cross-fades its tree for
// 450 ms after each step).
TEST(MainWindow, EveryKeyPressIsAStepDuringAnimations)
{
    ActiveWindow w(QStringLiteral("lambda"));
    // A known term (other tests running at the same time may have saved another): PLUS 2 3
    // takes 6 steps in normal order.
    QString error;
    ASSERT_TRUE(
        w.window->openLink(QStringLiteral("conceptlab://lambda?term=PLUS%202%203&strategy=normal&step=0"), &error))
        << error.toStdString();
    ConceptView *view = w.window->currentView();
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), 20000);
    ASSERT_EQ(view->currentStep(), 0);
    for (int i = 0; i < 3; ++i) {
        w.press(Qt::Key_Right);
        QTest::qWait(100);
    }
    EXPECT_EQ(view->currentStep(), 3);
}

TEST(MainWindow, ScenarioErrorsKeepWhatIsOpen)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    MainWindow window(registry);
    ASSERT_TRUE(window.openModule(QStringLiteral("fixturegood"), true));
    QString error;
    EXPECT_FALSE(window.openScenario(QStringLiteral("/nonexistent.conceptlab.json"), &error));
    EXPECT_TRUE(error.contains(QStringLiteral("cannot read")));
    EXPECT_EQ(window.currentModuleId(), QStringLiteral("fixturegood"));
}

TEST(MainWindow, LessonStepsFollowPageDownAndPageUp)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("counting.lesson.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"title": "Counting", "version": 1, "steps": [
        {"module": "fixturegood", "params": {"count": 5}, "step": 2, "title": "Two", "text": "Two steps of five."},
        {"module": "fixturegood", "params": {"count": 9}, "step": 4, "title": "Four", "text": "Four steps of nine.",
         "highlight": "step:4"}]})");
    file.close();
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    MainWindow window(registry);
    window.show();
    QApplication::setActiveWindow(&window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    QString error;
    ASSERT_TRUE(window.openFile(path, &error)) << error.toStdString();
    EXPECT_EQ(window.lessonStepIndex(), 0);
    EXPECT_EQ(window.currentView()->currentStep(), 2);
    EXPECT_EQ(window.currentView()->statusText(), QStringLiteral("2 of 5"));
    QTest::keyClick(window.windowHandle(), Qt::Key_PageDown);
    EXPECT_EQ(window.lessonStepIndex(), 1);
    EXPECT_EQ(window.currentView()->statusText(), QStringLiteral("4 of 9"));
    // The fixture view shows its highlight target as text under the counter.
    const QList<QLabel *> labels = window.currentView()->findChildren<QLabel *>();
    EXPECT_TRUE(
        std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text() == QLatin1String("step:4"); }));
    grab(&window, QStringLiteral("lesson"));
    // The overview lists every step's title and checks the one shown; choosing one goes there.
    auto *overview = window.findChild<QToolButton *>(QStringLiteral("lessonSteps"));
    ASSERT_NE(overview, nullptr);
    const QList<QAction *> entries = overview->menu()->actions();
    ASSERT_EQ(entries.size(), 2);
    EXPECT_EQ(entries.at(0)->text(), QStringLiteral("1. Two"));
    EXPECT_EQ(entries.at(1)->text(), QStringLiteral("2. Four"));
    EXPECT_FALSE(entries.at(0)->isChecked());
    EXPECT_TRUE(entries.at(1)->isChecked());
    const QList<QLabel *> headings = window.findChildren<QLabel *>();
    EXPECT_TRUE(std::any_of(headings.begin(), headings.end(),
        [](QLabel *l) { return l->text() == QStringLiteral("Counting — Step 2 of 2 · Four"); }));
    entries.at(0)->trigger();
    EXPECT_EQ(window.lessonStepIndex(), 0);
    EXPECT_EQ(window.currentView()->statusText(), QStringLiteral("2 of 5"));
    EXPECT_TRUE(overview->menu()->actions().at(0)->isChecked());
    QTest::keyClick(window.windowHandle(), Qt::Key_PageDown);
    EXPECT_EQ(window.lessonStepIndex(), 1);
    QTest::keyClick(window.windowHandle(), Qt::Key_PageUp);
    EXPECT_EQ(window.lessonStepIndex(), 0);
    window.showGallery();
    EXPECT_EQ(window.lessonStepIndex(), -1);
}

TEST(MainWindow, BundledLessonsReachEveryStep)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
    const QDir lessons(QStringLiteral(CONCEPTLAB_SOURCE_DIR "/resources/lessons"));
    const QStringList files = lessons.entryList({ QStringLiteral("*.lesson.json") }, QDir::Files);
    ASSERT_FALSE(files.isEmpty());
    for (const QString &name : files) {
        MainWindow window(registry);
        window.resize(1280, 800);
        window.show();
        QString error;
        const bool opened = window.openLesson(lessons.filePath(name), &error);
        if (!opened && error.contains(QStringLiteral("unknown module")))
            continue; // a module not built in this configuration
        ASSERT_TRUE(opened) << name.toStdString() << ": " << error.toStdString();
        // Every highlight a step names must be one its module offers at that step.
        QFile file(lessons.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        const QJsonArray steps
            = QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("steps")).toArray();
        for (int i = 0; i < window.lessonStepCount(); ++i) {
            if (i > 0) {
                EXPECT_TRUE(window.showLessonStep(i, &error))
                    << name.toStdString() << " step " << i << ": " << error.toStdString();
            }
            const QString highlight = steps.at(i).toObject().value(QLatin1String("highlight")).toString();
            if (highlight.isEmpty() || !window.currentView()->session())
                continue;
            const std::vector<std::string> offered = window.currentView()->session()->highlightTargets();
            EXPECT_NE(std::find(offered.begin(), offered.end(), highlight.toStdString()), offered.end())
                << name.toStdString() << " step " << i << ": highlight " << highlight.toStdString();
        }
        grab(&window, QStringLiteral("lesson-") + QFileInfo(name).baseName());
    }
}

TEST(MainWindow, ResetParametersPutsEveryValueBackToItsDefault)
{
    ActiveWindow w(QStringLiteral("fixturegood"), { QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    auto *panel = w.window->findChild<ParameterPanel *>();
    ASSERT_NE(panel, nullptr);
    const ParameterValues defaults = w.registry.load(QStringLiteral("fixturegood"))->parameters().defaults();
    ParameterValues changed = panel->values();
    changed.insert(QStringLiteral("count"), QVariant::fromValue<qint64>(3));
    panel->setValues(changed);
    Q_EMIT panel->valuesChanged(panel->values());
    QTRY_VERIFY_WITH_TIMEOUT(
        w.window->currentView()->session() != nullptr && !w.window->currentView()->isBusy(), 10000);
    ASSERT_NE(panel->values(), defaults);
    w.window->resetParameters();
    EXPECT_EQ(panel->values(), defaults);
}

TEST(MainWindow, PlayAndPauseKeepTheBarStill)
{
    ActiveWindow w(QStringLiteral("fixturegood"), { QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR) });
    auto *bar = w.window->findChild<PlaybackBar *>();
    ASSERT_NE(bar, nullptr);
    const QToolButton *stepButton = nullptr;
    for (const QToolButton *button : bar->findChildren<QToolButton *>()) {
        if (button->defaultAction() && button->defaultAction()->text() == QStringLiteral("Step"))
            stepButton = button;
    }
    ASSERT_NE(stepButton, nullptr);
    QCoreApplication::processEvents();
    const int stepX = stepButton->x();
    bar->setStepsPerSecond(0.25); // slow: the bar stays in "Pause" while measured
    bar->togglePlay();
    ASSERT_TRUE(bar->isPlaying());
    QCoreApplication::processEvents();
    EXPECT_EQ(stepButton->x(), stepX); // "Pause" is wider than "Play": the button kept one width
    bar->pause();
}
