// Presenter mode on a 1920×1080 projector (the offscreen platform configured with one such
// screen, see CMakeLists.txt): what a student must read is large enough to read from the back
// of a classroom. The target: body text at least 1/48 of the screen's height (22.5 px), and
// nothing a view shows in a widget or chart below 20 px; code at least 20 px measured on the
// screenshot itself.
#include "annotationoverlay.h"
#include "codeeditor.h"
#include "conceptmodule.h"
#include "mainwindow.h"
#include "moduleregistry.h"
#include "playbackbar.h"

#include <QAbstractAxis>
#include <QAbstractItemView>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFontInfo>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QPlainTextEdit>
#include <QScreen>
#include <QSettings>
#include <QTest>
#include <QTextEdit>

#include <gtest/gtest.h>

#include <memory>

using namespace conceptlab;

namespace {

constexpr int kReadablePixels = 20;

const QString kOutputDir = QStringLiteral(CONCEPTLAB_TEST_OUTPUT_DIR);

int pixels(const QFont &font)
{
    return QFontInfo(font).pixelSize();
}

// The smallest text in the widgets a student reads in `root` (labels, editors, lists and
// tables, chart titles, axes and legends), with the widget that has it.
struct SmallestText {
    int pixels = 1000;
    QString where;

    void consider(int size, const QString &what)
    {
        if (size < pixels) {
            pixels = size;
            where = what;
        }
    }
};

SmallestText smallestText(QWidget *root)
{
    SmallestText smallest;
    for (QWidget *widget : root->findChildren<QWidget *>()) {
        if (!widget->isVisible())
            continue;
        const QString name = QString::fromLatin1(widget->metaObject()->className());
        if (const auto *label = qobject_cast<QLabel *>(widget); label != nullptr && !label->text().isEmpty())
            smallest.consider(pixels(label->font()), name + QStringLiteral(" '") + label->text().left(40) + "'");
        else if (qobject_cast<QPlainTextEdit *>(widget) != nullptr || qobject_cast<QTextEdit *>(widget) != nullptr
            || qobject_cast<QAbstractItemView *>(widget) != nullptr)
            smallest.consider(pixels(widget->font()), name);
        if (const auto *chartView = qobject_cast<QChartView *>(widget)) {
            QChart *chart = chartView->chart();
            if (!chart->title().isEmpty())
                smallest.consider(pixels(chart->titleFont()), QStringLiteral("chart title ") + chart->title());
            if (chart->legend()->isVisible())
                smallest.consider(pixels(chart->legend()->font()), QStringLiteral("legend of ") + chart->title());
            for (QAbstractAxis *axis : chart->axes()) {
                if (axis->isVisible() && axis->labelsVisible())
                    smallest.consider(pixels(axis->labelsFont()), QStringLiteral("axis of ") + chart->title());
            }
        }
    }
    return smallest;
}

// The height in pixels of the first line of text in `image`: the first band of rows that
// hold dark (text) pixels, from the top of the tallest glyph to the bottom of the lowest.
int firstLineInkHeight(const QImage &image)
{
    auto dark = [&](int y) {
        for (int x = 0; x < image.width(); ++x) {
            if (qGray(image.pixel(x, y)) < 110)
                return true;
        }
        return false;
    };
    int top = 0;
    while (top < image.height() && !dark(top))
        ++top;
    int bottom = top;
    while (bottom < image.height() && dark(bottom))
        ++bottom;
    return bottom - top;
}

struct PresenterWindow {
    ModuleRegistry registry;
    std::unique_ptr<MainWindow> window;

    explicit PresenterWindow(const QString &id)
    {
        QSettings().clear();
        registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
        window = std::make_unique<MainWindow>(registry);
        window->resize(1280, 800);
        window->show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        EXPECT_TRUE(window->openModule(id, true));
        QTRY_VERIFY_WITH_TIMEOUT(window->currentView()->session() != nullptr, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!window->currentView()->isBusy(), 20000);
        window->setPresenting(true);
        // Fonts follow on the next pass of the event loop; charts and graphs lay out again.
        QTest::qWait(200);
        QTRY_VERIFY_WITH_TIMEOUT(!window->currentView()->isBusy(), 20000);
        QTest::qWait(100);
    }
    ~PresenterWindow()
    {
        window->setPresenting(false);
        window->close();
    }
};

} // namespace

TEST(Presenter, TheScreenIsAProjector)
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    ASSERT_NE(screen, nullptr);
    EXPECT_EQ(screen->geometry().size(), QSize(1920, 1080));
}

TEST(Presenter, EveryModulesTextIsReadableFromTheBackOfTheRoom)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
    ASSERT_GE(registry.modules().size(), 6);
    for (const auto &module : registry.modules()) {
        const QString id = module.id;
        SCOPED_TRACE(id.toStdString());
        PresenterWindow presenter(id);
        MainWindow &window = *presenter.window;
        EXPECT_EQ(window.size(), QSize(1920, 1080));
        // Body text: 1080 / 48 = 22.5 px, rounded by the font engine.
        EXPECT_GE(pixels(QApplication::font()), 22);
        const SmallestText smallest = smallestText(&window);
        EXPECT_GE(smallest.pixels, kReadablePixels) << smallest.where.toStdString();
        QDir().mkpath(kOutputDir);
        window.grab().save(QDir(kOutputDir).filePath(QStringLiteral("presenter-%1.png").arg(id)));
    }
}

TEST(Presenter, TheModuleTitleIsLargerThanItsDescription)
{
    PresenterWindow presenter(QStringLiteral("hashring"));
    const QList<QLabel *> labels = presenter.window->findChildren<QLabel *>();
    const QLabel *title = nullptr;
    const QLabel *description = nullptr;
    for (const QLabel *label : labels) {
        if (label->text() == QStringLiteral("Consistent hashing"))
            title = label;
        else if (label->text().startsWith(QStringLiteral("Add or remove a node")))
            description = label;
    }
    ASSERT_NE(title, nullptr);
    ASSERT_NE(description, nullptr);
    EXPECT_GT(pixels(title->font()), pixels(description->font()));
}

TEST(Presenter, CodeOnTheScreenshotIsAsTallAsBodyText)
{
    // Measured on pixels, not on font settings: the first line of graphcapture's program
    // ("# Branch on tensor data: tracing…", with ascenders and the descender of 'g').
    PresenterWindow presenter(QStringLiteral("graphcapture"));
    auto *editor = presenter.window->currentView()->findChild<CodeEditor *>();
    ASSERT_NE(editor, nullptr);
    const QImage shot = editor->viewport()->grab().toImage();
    ASSERT_FALSE(shot.isNull());
    // At 22 px the line's ink is about 20 px high; at the normal 12 px it is 13 px.
    EXPECT_GE(firstLineInkHeight(shot), 17);
}

TEST(Presenter, LeavingRestoresTheNormalSizes)
{
    QSettings().clear();
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
    MainWindow window(registry);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    ASSERT_TRUE(window.openModule(QStringLiteral("lambda"), true));
    auto *editor = window.currentView()->findChild<CodeEditor *>();
    ASSERT_NE(editor, nullptr);
    QTest::qWait(50);
    const int normalApplication = pixels(QApplication::font());
    const int normalCode = pixels(editor->font());
    window.setPresenting(true);
    QTest::qWait(100);
    EXPECT_GE(pixels(editor->font()), kReadablePixels);
    window.setPresenting(false);
    QTest::qWait(100);
    EXPECT_EQ(pixels(QApplication::font()), normalApplication);
    EXPECT_EQ(pixels(editor->font()), normalCode);
}

namespace {

// Whether `image` has a pixel of the annotation ink (a saturated red) within `radius` of `at`.
bool inkNear(const QImage &image, QPoint at, int radius)
{
    for (int y = at.y() - radius; y <= at.y() + radius; ++y) {
        for (int x = at.x() - radius; x <= at.x() + radius; ++x) {
            if (!image.rect().contains(x, y))
                continue;
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 180 && c.green() < 90 && c.blue() < 90)
                return true;
        }
    }
    return false;
}

} // namespace

TEST(Presenter, ThePenDrawsUntilTheNextStepAndCtrlZTakesAStrokeBack)
{
    PresenterWindow presenter(QStringLiteral("lambda"));
    MainWindow &window = *presenter.window;
    QApplication::setActiveWindow(&window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    auto *overlay = window.findChild<AnnotationOverlay *>();
    ASSERT_NE(overlay, nullptr);
    ConceptView *view = window.currentView();
    view->reset();
    // P picks the pen even with the focus in the term editor (it must not type a 'p').
    auto *editor = view->findChild<CodeEditor *>();
    ASSERT_NE(editor, nullptr);
    editor->setFocus();
    const QString term = editor->toPlainText();
    QTest::keyClick(window.windowHandle(), Qt::Key_P);
    EXPECT_EQ(overlay->tool(), AnnotationOverlay::Tool::Pen);
    EXPECT_EQ(editor->toPlainText(), term);

    const QPoint from(400, 500);
    const QPoint to(700, 520);
    QTest::mousePress(overlay, Qt::LeftButton, {}, from);
    for (int i = 1; i <= 10; ++i)
        QTest::mouseMove(overlay, from + (to - from) * i / 10);
    QTest::mouseRelease(overlay, Qt::LeftButton, {}, to);
    EXPECT_EQ(overlay->strokeCount(), 1);
    EXPECT_TRUE(inkNear(overlay->grab().toImage(), (from + to) / 2, 4));

    QTest::mouseClick(overlay, Qt::LeftButton, {}, QPoint(900, 300));
    EXPECT_EQ(overlay->strokeCount(), 2);
    QTest::keyClick(window.windowHandle(), Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(overlay->strokeCount(), 1);

    // The next step clears the drawing.
    QTest::keyClick(window.windowHandle(), Qt::Key_Right);
    QTRY_COMPARE(view->currentStep(), 1);
    EXPECT_EQ(overlay->strokeCount(), 0);
    EXPECT_FALSE(inkNear(overlay->grab().toImage(), (from + to) / 2, 4));

    // Leaving presenter mode puts the pen down: clicks reach the view again.
    window.setPresenting(false);
    EXPECT_EQ(overlay->tool(), AnnotationOverlay::Tool::None);
    EXPECT_TRUE(overlay->testAttribute(Qt::WA_TransparentForMouseEvents));
}

TEST(Presenter, TheLaserPointerShowsADotWhereTheMouseIs)
{
    PresenterWindow presenter(QStringLiteral("hashring"));
    MainWindow &window = *presenter.window;
    QApplication::setActiveWindow(&window);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    auto *overlay = window.findChild<AnnotationOverlay *>();
    ASSERT_NE(overlay, nullptr);
    QTest::keyClick(window.windowHandle(), Qt::Key_L);
    ASSERT_EQ(overlay->tool(), AnnotationOverlay::Tool::Laser);
    const QPoint at(600, 400);
    QTest::mouseMove(overlay, at - QPoint(40, 0));
    QTest::mouseMove(overlay, at);
    EXPECT_TRUE(inkNear(overlay->grab().toImage(), at, 3));
    EXPECT_FALSE(inkNear(overlay->grab().toImage(), at + QPoint(200, 200), 3));
    EXPECT_EQ(overlay->strokeCount(), 0); // a pointer, not a pen
    // L again puts it away.
    QTest::keyClick(window.windowHandle(), Qt::Key_L);
    EXPECT_EQ(overlay->tool(), AnnotationOverlay::Tool::None);
}
