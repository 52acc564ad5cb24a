// The lambda view offscreen: the session is built off the GUI thread and drawn, playback,
// rewind, editing the term, parse errors, highlights, the headless run's keys and errors,
// and a comparison run in the background. State changes are awaited with signal spies.
#include "core/reductionsession.h"
#include "view/lambdamodule.h"
#include "view/lambdaview.h"
#include "view/termwidgets.h"

#include "codeeditor.h"

#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace conceptlab;
using namespace conceptlab::lambda;

namespace {

constexpr int kTimeoutMs = 20000;

// A view of `term`, once its session has arrived.
std::unique_ptr<ConceptView> viewOf(LambdaModule &module, const QString &term)
{
    std::unique_ptr<ConceptView> view(module.createView(nullptr));
    ParameterValues values = module.parameters().defaults();
    values["term"] = term;
    view->setParameters(values);
    return view;
}

QString labelsText(const ConceptView &view)
{
    QString all;
    for (QLabel *label : view.findChildren<QLabel *>())
        all += label->text() + " | ";
    return all;
}

} // namespace

TEST(lambdaView, StepsRewindsAndEnds)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("S K K"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    EXPECT_EQ(view->currentStep(), 0);
    EXPECT_FALSE(view->canStepBackward());
    EXPECT_FALSE(view->atEnd());
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    for (int i = 0; i < 4; ++i)
        view->stepForward();
    EXPECT_EQ(changed.count(), 4);
    EXPECT_EQ(view->currentStep(), 4);
    EXPECT_TRUE(view->atEnd());
    EXPECT_TRUE(view->canStepBackward());
    EXPECT_TRUE(view->statusText().startsWith(QStringLiteral("normal order · "))); // no "step 4": the bar shows it
    EXPECT_TRUE(view->statusText().contains(QStringLiteral("≡ I")));
    EXPECT_EQ(view->currentTable().rows.size(), 4);
    view->stepForward(); // at the end: nothing happens
    EXPECT_EQ(changed.count(), 4);
    view->stepBackward();
    EXPECT_EQ(view->currentStep(), 3);
    EXPECT_FALSE(view->atEnd());
    view->stepForward();
    EXPECT_TRUE(view->atEnd());
    view->reset();
    EXPECT_EQ(view->currentStep(), 0);
    EXPECT_EQ(changed.count(), 7);
}

TEST(lambdaView, DrawsTheCurrentTermAndRewindsFromTheHistory)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("S K K"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr, kTimeoutMs);
    view->stepForward();
    view->stepForward();
    const auto editors = view->findChildren<CodeEditor *>();
    ASSERT_EQ(editors.size(), 3); // the input, the current term, the term beside it
    CodeEditor *current = nullptr;
    for (CodeEditor *editor : editors)
        if (editor->isReadOnly() && editor->objectName() != QStringLiteral("sideTerm"))
            current = editor;
    ASSERT_NE(current, nullptr);
    EXPECT_EQ(current->toPlainText(), QStringLiteral("λz.K z (K z)"));
    auto *history = view->findChild<QListWidget *>();
    ASSERT_NE(history, nullptr);
    EXPECT_EQ(history->count(), 3);
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    history->setCurrentRow(1);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(view->currentStep(), 1);
    EXPECT_EQ(current->toPlainText(), QStringLiteral("(λy.λz.K z (y z)) K"));
    // Highlight targets are offered by the session; setting one redraws without a step.
    EXPECT_EQ(view->session()->highlightTargets(), std::vector<std::string>({ "redex", "binder:y", "binder:z" }));
    view->resize(1200, 800);
    const QImage plain = view->grab().toImage();
    view->setHighlight(QStringLiteral("binder:z"));
    const QImage binder = view->grab().toImage();
    view->setHighlight(QStringLiteral("redex"));
    const QImage redex = view->grab().toImage();
    EXPECT_NE(plain, binder);
    EXPECT_NE(plain, redex);
    EXPECT_NE(binder, redex);
    view->setHighlight(QString());
    EXPECT_EQ(view->grab().toImage(), plain);
    EXPECT_EQ(view->currentStep(), 1);
}

TEST(lambdaView, EditingTheTermRebuildsTheSessionAndReportsTheParameter)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("S K K"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    view->stepForward();
    ASSERT_EQ(view->currentStep(), 1);
    QSignalSpy edited(view.get(), &ConceptView::parameterEdited);
    CodeEditor *editor = nullptr;
    for (CodeEditor *e : view->findChildren<CodeEditor *>())
        if (!e->isReadOnly())
            editor = e;
    ASSERT_NE(editor, nullptr);
    editor->setPlainText(QStringLiteral("PLUS 2 3"));
    QTRY_COMPARE_WITH_TIMEOUT(edited.count(), 1, kTimeoutMs);
    EXPECT_EQ(edited.at(0).at(0).toString(), QStringLiteral("term"));
    EXPECT_EQ(edited.at(0).at(1).toString(), QStringLiteral("PLUS 2 3"));
    QTRY_VERIFY_WITH_TIMEOUT(view->currentStep() == 0 && !view->isBusy(), kTimeoutMs);
    auto *session = dynamic_cast<ReductionSession *>(view->session());
    ASSERT_NE(session, nullptr);
    EXPECT_EQ(session->snapshot().term, "PLUS 2 3");

    // A term that does not parse: no session, the error with its position.
    editor->setPlainText(QStringLiteral("let A = \\x.x\nA )"));
    QTRY_VERIFY_WITH_TIMEOUT(!view->inputError().isEmpty(), kTimeoutMs);
    EXPECT_EQ(view->inputError(), QStringLiteral("line 2, column 3: unexpected ')'"));
    EXPECT_EQ(view->session(), nullptr);
    EXPECT_EQ(view->statusText(), view->inputError());
    EXPECT_EQ(edited.count(), 2);
}

TEST(lambdaView, RunGivesTheDocumentedKeys)
{
    LambdaModule module;
    ParameterValues values = module.parameters().defaults();
    values["term"] = QStringLiteral("PLUS 2 3");
    values["trace"] = true;
    const RunResult result = module.run(values, WorkControl());
    ASSERT_TRUE(result.error.isEmpty());
    EXPECT_EQ(result.data.value("value").toInt(), 5);
    EXPECT_EQ(result.data.value("status").toString(), QStringLiteral("normal_form"));
    EXPECT_EQ(result.data.value("steps").toInt(), 6);
    EXPECT_EQ(result.data.value("normal_form").toString(), QStringLiteral("λf.λx.f (f (f (f (f x))))"));
    EXPECT_EQ(result.data.value("trace").toArray().size(), 7);
    for (const char *key : { "input", "normal_form", "de_bruijn", "steps", "status", "value", "name" })
        EXPECT_TRUE(result.data.contains(QLatin1String(key))) << key;
    EXPECT_EQ(result.table.rows.size(), 6);
    EXPECT_EQ(result.table.header.first(), QStringLiteral("step"));

    values["term"] = QStringLiteral("let A = \\x.x\nA )");
    const RunResult bad = module.run(values, WorkControl());
    EXPECT_EQ(bad.error, QStringLiteral("term: line 2, column 3: unexpected ')'"));

    WorkControl cancelled;
    cancelled.cancel();
    values["term"] = QStringLiteral("FACT 3");
    EXPECT_TRUE(module.run(values, cancelled).cancelled);
}

TEST(lambdaView, CreateSessionSharesTheViewsSession)
{
    LambdaModule module;
    ParameterValues values = module.parameters().defaults();
    values["term"] = QStringLiteral("S K K");
    std::unique_ptr<Session> session = module.createSession(values, WorkControl());
    ASSERT_NE(session, nullptr);
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(session->stepForward());
    std::unique_ptr<ConceptView> view(module.createView(nullptr));
    view->showSession(std::move(session));
    EXPECT_EQ(view->currentStep(), 3);
    EXPECT_EQ(view->currentTable().rows.size(), 3);
    EXPECT_EQ(view->currentTable().rows.at(2).at(1), QStringLiteral("λz.(λy.z) (K z)"));

    // A session handed over whole shows its own term in the editor (headless export).
    values["term"] = QStringLiteral("PLUS 2 3");
    std::unique_ptr<ConceptView> other(module.createView(nullptr));
    other->showSession(module.createSession(values, WorkControl()));
    for (CodeEditor *editor : other->findChildren<CodeEditor *>()) {
        if (!editor->isReadOnly()) {
            EXPECT_EQ(editor->toPlainText(), QStringLiteral("PLUS 2 3"));
        }
    }

    values["term"] = QStringLiteral("(");
    EXPECT_THROW(module.createSession(values, WorkControl()), InputError);
}

TEST(lambdaView, ComparesTwoStrategiesInTheBackground)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("K I Ω"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    QPushButton *compare = nullptr;
    for (QPushButton *b : view->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Compare"))
            compare = b;
    ASSERT_NE(compare, nullptr);
    QSignalSpy changed(view.get(), &ConceptView::stateChanged);
    compare->click();
    EXPECT_TRUE(view->isBusy());
    EXPECT_FALSE(compare->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), kTimeoutMs);
    EXPECT_GE(changed.count(), 2); // started, finished
    EXPECT_TRUE(compare->isEnabled());
    const QString text = labelsText(*view);
    EXPECT_TRUE(text.contains(QStringLiteral("<b>normal order</b>: 2 steps, normal form"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QStringLiteral("<b>applicative order</b>: 2 steps, diverges (cycle of 1)")))
        << text.toStdString();
}

TEST(lambdaView, EveryStrategyControlUsesTheCoresNames)
{
    LambdaModule module;
    const QStringList keys { "normal", "applicative", "cbn", "cbv", "need" };
    const QStringList titles { "normal order", "applicative order", "call-by-name", "call-by-value", "call-by-need" };
    EXPECT_EQ(module.parameters().find(QStringLiteral("strategy"))->choices, keys);
    auto view = viewOf(module, QStringLiteral("S K K"));
    int strategyBoxes = 0;
    for (QComboBox *box : view->findChildren<QComboBox *>()) {
        if (box->findData(QStringLiteral("cbn")) < 0)
            continue; // the examples menu
        ++strategyBoxes;
        QStringList texts;
        QStringList data;
        for (int i = 0; i < box->count(); ++i) {
            texts << box->itemText(i);
            data << box->itemData(i).toString();
        }
        EXPECT_EQ(texts, titles);
        EXPECT_EQ(data, keys);
    }
    EXPECT_GE(strategyBoxes, 2);
}

TEST(lambdaView, RunToEndShowsTheLastStep)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("PLUS 2 3"));
    view->resize(1280, 800);
    view->show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    QPushButton *run = nullptr;
    for (QPushButton *b : view->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Run to end"))
            run = b;
    ASSERT_NE(run, nullptr);
    run->click();
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy() && view->currentStep() > 0, kTimeoutMs);
    // 6 normal-order steps: m := 2, n := 3, then 2's f and x, then 3's f and x.
    EXPECT_EQ(view->currentStep(), 6);
    EXPECT_TRUE(view->atEnd());
    auto *history = view->findChild<QListWidget *>(QStringLiteral("history"));
    ASSERT_NE(history, nullptr);
    EXPECT_EQ(history->count(), 7);
    EXPECT_EQ(history->currentRow(), 6);
    // The last row is scrolled into view.
    EXPECT_TRUE(history->viewport()->rect().intersects(history->visualItemRect(history->item(6))));
    auto *value = view->findChild<QLabel *>(QStringLiteral("decodedValue"));
    ASSERT_NE(value, nullptr);
    EXPECT_EQ(value->text(), QStringLiteral("= 5     ≡ 5"));
}

TEST(lambdaView, TheDecodedValueIsQuietAtStepZero)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("I 2"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    auto *value = view->findChild<QLabel *>(QStringLiteral("decodedValue"));
    ASSERT_NE(value, nullptr);
    const int body = QApplication::font().pointSize();
    EXPECT_EQ(value->text(), QStringLiteral("decoded value: none yet (step 0 is the input)"));
    EXPECT_LT(value->font().pointSizeF(), body);
    EXPECT_FALSE(value->font().bold());
    EXPECT_TRUE(value->styleSheet().contains(QStringLiteral("#808080")));
    view->stepForward(); // I 2 → 2, the end
    ASSERT_TRUE(view->atEnd());
    EXPECT_EQ(value->text(), QStringLiteral("= 2     ≡ 2"));
    EXPECT_GT(value->font().pointSizeF(), body);
    EXPECT_TRUE(value->font().bold());
}

namespace {

// Pixels of exactly `colour` in `image`.
int pixelsOf(const QImage &image, const QColor &colour)
{
    int n = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            n += rgb.pixelColor(x, y) == colour ? 1 : 0;
    return n;
}

} // namespace

TEST(lambdaView, TheDiagramShadesTheRedexInTheTermsColoursAndHasALegend)
{
    LambdaModule module;
    // (λx.x) (λy.y): the redex is the whole term; function and argument are one column each
    // and two rows each (a λ bar and a variable line), so both shaded areas are the same size.
    auto view = viewOf(module, QStringLiteral("(\\x.x) (\\y.y)"));
    view->resize(1280, 800);
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    auto *diagram = view->findChild<DiagramWidget *>();
    ASSERT_NE(diagram, nullptr);
    const QImage before = diagram->grab().toImage();
    const int amber = pixelsOf(before, redexFunctionColor());
    const int sky = pixelsOf(before, redexArgumentColor());
    EXPECT_GT(amber, 100);
    EXPECT_NEAR(amber, sky, amber / 10);
    view->stepForward(); // λy.y: no redex left, nothing shaded
    const QImage after = diagram->grab().toImage();
    EXPECT_EQ(pixelsOf(after, redexFunctionColor()), 0);
    EXPECT_EQ(pixelsOf(after, redexArgumentColor()), 0);
    auto *legend = view->findChild<DiagramLegend *>();
    ASSERT_NE(legend, nullptr);
    EXPECT_GT(legend->height(), 0);
}

TEST(lambdaView, OmegaSaysWhichStepItRepeats)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("(\\x.x x) (\\x.x x)"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    EXPECT_FALSE(view->atEnd());
    view->stepForward();
    EXPECT_EQ(view->currentStep(), 1);
    EXPECT_TRUE(view->atEnd());
    EXPECT_TRUE(labelsText(*view).contains(
        QStringLiteral("Step 1 equals step 0: this term loops forever (a cycle of 1 step).")))
        << labelsText(*view).toStdString();
    auto *history = view->findChild<QListWidget *>(QStringLiteral("history"));
    ASSERT_NE(history, nullptr);
    ASSERT_EQ(history->count(), 2);
    EXPECT_TRUE(history->item(1)->text().startsWith(QStringLiteral("1 ↻ = step 0   ")))
        << history->item(1)->text().toStdString();
    EXPECT_EQ(history->item(0)->background().color(), cycleColor());
    EXPECT_EQ(history->item(1)->background().color(), cycleColor());
}

TEST(lambdaView, ALargeTreeScrollsAtAReadableSizeAndShowsItsRedex)
{
    LambdaModule module;
    auto view = viewOf(module, QStringLiteral("FACT 3"));
    view->resize(1280, 800);
    view->show();
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    for (int i = 0; i < 12; ++i)
        view->stepForward();
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), kTimeoutMs);
    QApplication::processEvents();
    auto *tree = view->findChild<TreeWidget *>();
    ASSERT_NE(tree, nullptr);
    ASSERT_FALSE(tree->tree().truncated);
    ASSERT_GE(tree->tree().root, 0);
    // Never below the readable size: larger than the room it has, so it scrolls.
    const QSize readable = tree->readableSize(tree->tree());
    EXPECT_GE(tree->width(), readable.width());
    EXPECT_GE(tree->height(), readable.height());
    auto *area = qobject_cast<QScrollArea *>(tree->parentWidget()->parentWidget());
    ASSERT_NE(area, nullptr);
    EXPECT_GT(area->horizontalScrollBar()->maximum() + area->verticalScrollBar()->maximum(), 0);
    // Scrolled to the redex.
    const QPoint redex = tree->redexCentre();
    ASSERT_GE(redex.x(), 0);
    EXPECT_TRUE(area->viewport()->rect().contains(tree->mapTo(area->viewport(), redex)));
    auto *diagram = view->findChild<DiagramWidget *>();
    ASSERT_NE(diagram, nullptr);
    EXPECT_GE(diagram->minimumWidth(), 100);
}

TEST(lambdaView, AnotherStrategyStepsBesideTheSession)
{
    LambdaModule module;
    // K I Ω: normal order reaches I in 2 steps; applicative order (beside it by default) takes
    // K I first too, then reduces Ω inside (λy.I) Ω and is back at step 1.
    auto view = viewOf(module, QStringLiteral("K I Ω"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    auto *side = view->findChild<CodeEditor *>(QStringLiteral("sideTerm"));
    auto *state = view->findChild<QLabel *>(QStringLiteral("sideState"));
    ASSERT_NE(side, nullptr);
    ASSERT_NE(state, nullptr);
    EXPECT_EQ(side->toPlainText(), QStringLiteral("K I Ω"));
    EXPECT_EQ(state->text(), QStringLiteral("Step 0 under applicative order: the same input."));
    view->stepForward();
    EXPECT_EQ(side->toPlainText(), QStringLiteral("(λy.I) Ω"));
    view->stepForward();
    EXPECT_TRUE(view->atEnd());
    // Ω's definition expanded and contracted to itself: the same term as step 1.
    EXPECT_EQ(side->toPlainText(), QStringLiteral("(λy.I) ((λx.x x) (λx.x x))"));
    EXPECT_TRUE(
        state->text().contains(QStringLiteral("Step 2 equals step 1: this term loops forever (a cycle of 1 step).")))
        << state->text().toStdString();
    view->stepBackward();
    EXPECT_TRUE(state->text().startsWith(QStringLiteral("Step 1 under applicative order")))
        << state->text().toStdString();
}

TEST(lambdaView, TheStrategyBesideItStopsWhereItEnds)
{
    LambdaModule module;
    // S K K: normal order takes 4 steps to λz.z; call-by-name stops at λz.K z (K z) after 2.
    auto view = viewOf(module, QStringLiteral("S K K"));
    QTRY_VERIFY_WITH_TIMEOUT(view->session() != nullptr && !view->isBusy(), kTimeoutMs);
    QComboBox *beside = nullptr;
    for (QComboBox *box : view->findChildren<QComboBox *>())
        if (box->findData(QStringLiteral("cbn")) >= 0 && box->currentData().toString() != QStringLiteral("normal"))
            beside = box;
    ASSERT_NE(beside, nullptr);
    beside->setCurrentIndex(beside->findData(QStringLiteral("cbn")));
    emit beside->activated(beside->currentIndex());
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), kTimeoutMs);
    for (int i = 0; i < 4; ++i)
        view->stepForward();
    ASSERT_TRUE(view->atEnd());
    auto *side = view->findChild<CodeEditor *>(QStringLiteral("sideTerm"));
    auto *state = view->findChild<QLabel *>(QStringLiteral("sideState"));
    ASSERT_NE(side, nullptr);
    EXPECT_EQ(side->toPlainText(), QStringLiteral("λz.K z (K z)"));
    EXPECT_EQ(state->text(), QStringLiteral("call-by-name ended at step 2: weak head normal form."));
}

TEST(lambdaView, ASessionHandedOverWholeGetsItsOwnTermBesideIt)
{
    LambdaModule module;
    ParameterValues values = module.parameters().defaults(); // S K K in the view at first
    values["term"] = QStringLiteral("K I Ω");
    std::unique_ptr<ConceptView> view(module.createView(nullptr));
    view->showSession(module.createSession(values, WorkControl()));
    auto *side = view->findChild<CodeEditor *>(QStringLiteral("sideTerm"));
    ASSERT_NE(side, nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(side->toPlainText(), QStringLiteral("K I Ω"), kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!view->isBusy(), kTimeoutMs);
    EXPECT_EQ(side->toPlainText(), QStringLiteral("K I Ω"));
}
