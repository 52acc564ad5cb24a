// The lambda view offscreen: playback, rewind, the headless run's keys and errors.
#include "view/lambdamodule.h"
#include "view/lambdaview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <gtest/gtest.h>

using namespace conceptlab;
using namespace conceptlab::lambda;

namespace {

QApplication &app()
{
    static int argc = 1;
    static char name[] = "tst_lambdaview";
    static char *argv[] = { name, nullptr };
    static QApplication application(argc, argv);
    return application;
}

} // namespace

TEST(lambdaView, StepsRewindsAndEnds)
{
    app();
    LambdaModule module;
    std::unique_ptr<ConceptView> view(module.createView(nullptr));
    ParameterValues values = module.parameters().defaults();
    values["term"] = QStringLiteral("S K K");
    view->setParameters(values);
    EXPECT_EQ(view->currentStep(), 0);
    EXPECT_FALSE(view->canStepBackward());
    EXPECT_FALSE(view->atEnd());
    for (int i = 0; i < 4; ++i)
        view->stepForward();
    EXPECT_EQ(view->currentStep(), 4);
    EXPECT_TRUE(view->atEnd());
    EXPECT_TRUE(view->canStepBackward());
    EXPECT_TRUE(view->statusText().contains(QStringLiteral("≡ I")));
    EXPECT_EQ(view->currentTable().rows.size(), 4);
    view->stepBackward();
    EXPECT_EQ(view->currentStep(), 3);
    EXPECT_FALSE(view->atEnd());
    view->stepForward();
    EXPECT_TRUE(view->atEnd());
    view->reset();
    EXPECT_EQ(view->currentStep(), 0);
}

TEST(lambdaView, RunGivesTheDocumentedKeys)
{
    app();
    LambdaModule module;
    ParameterValues values = module.parameters().defaults();
    values["term"] = QStringLiteral("PLUS 2 3");
    values["trace"] = true;
    const RunResult result = module.run(values, Progress());
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
    const RunResult bad = module.run(values, Progress());
    EXPECT_EQ(bad.error, QStringLiteral("term: line 2, column 3: unexpected ')'"));
}

TEST(lambdaView, ComparesTwoStrategiesInTheBackground)
{
    app();
    LambdaModule module;
    std::unique_ptr<ConceptView> view(module.createView(nullptr));
    ParameterValues values = module.parameters().defaults();
    values["term"] = QStringLiteral("K I Ω");
    view->setParameters(values);
    QPushButton *compare = nullptr;
    for (QPushButton *b : view->findChildren<QPushButton *>())
        if (b->text() == QStringLiteral("Compare"))
            compare = b;
    ASSERT_NE(compare, nullptr);
    compare->click();
    QElapsedTimer timer;
    timer.start();
    while (view->isBusy() && timer.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    ASSERT_FALSE(view->isBusy());
    bool found = false;
    for (QLabel *label : view->findChildren<QLabel *>())
        if (label->text().contains(QStringLiteral("normal order"))
            && label->text().contains(QStringLiteral("diverges")))
            found = true;
    EXPECT_TRUE(found) << [&] {
        QString all;
        for (QLabel *l : view->findChildren<QLabel *>())
            all += l->text() + " | ";
        return all.toStdString();
    }();
}
