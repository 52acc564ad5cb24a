// Links to a state in the window (offscreen) and on the command line: opening one changes
// module, values and step; a refused one leaves everything as it was; Copy Link gives the
// state's link.
#include "conceptmodule.h"
#include "mainwindow.h"
#include "moduleregistry.h"
#include "parameterpanel.h"
#include "statelink.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

#include <gtest/gtest.h>

using namespace conceptlab;

// Failure messages show strings as text, not as UTF-16 code units.
void PrintTo(const QString &text, std::ostream *out)
{
    *out << '"' << text.toStdString() << '"';
}

namespace {

// "conceptlab://fixturegood?count=5&rate=0.75&mode=beta&flag=true&label=a%20b&program=" then
// the program `x = 2\ny = "λ"  # a&b=c%d+e`, percent-encoded by Python's
// urllib.parse.quote(program, safe=",:/@"), then "&step=3".
const QString kFixtureLink
    = QStringLiteral("conceptlab://fixturegood?count=5&rate=0.75&mode=beta&flag=true&label=a%20b"
                     "&program=x%20%3D%202%0Ay%20%3D%20%22%CE%BB%22%20%20%23%20a%26b%3Dc%25d%2Be&step=3");
const QString kFixtureProgram = QStringLiteral("x = 2\ny = \"λ\"  # a&b=c%d+e");

// A two-line λ-term: a comment, then K applied to `a` and to a redex. Normal order reduces
// it in two β-steps: (λy.a) ((λz.z) b), then a.
const QString kLambdaLink
    = QStringLiteral("conceptlab://lambda?term=--%20K,%20then%20an%20identity:%20%CE%BB%0A%28%CE%BBx.%CE%BBy.x%29"
                     "%20a%20%28%28%CE%BBz.z%29%20b%29&step=2");
const QString kLambdaTerm = QStringLiteral("-- K, then an identity: λ\n(λx.λy.x) a ((λz.z) b)");

struct LinkWindow {
    ModuleRegistry registry;
    std::unique_ptr<MainWindow> window;

    LinkWindow()
    {
        QSettings().clear();
        registry.scan({ QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR), QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
        window = std::make_unique<MainWindow>(registry);
        window->resize(1280, 800);
        window->show();
    }

    ParameterValues panelValues() const { return window->findChild<ParameterPanel *>()->values(); }
    int step() const { return window->currentView() ? window->currentView()->currentStep() : -1; }
};

QAction *actionNamed(QWidget *window, const QString &text)
{
    for (QAction *action : window->findChildren<QAction *>()) {
        if (action->text() == text)
            return action;
    }
    return nullptr;
}

} // namespace

TEST(LinkWindow, OpeningALinkSetsModuleValuesAndStep)
{
    LinkWindow w;
    QString error;
    ASSERT_TRUE(w.window->openLink(kFixtureLink, &error)) << error.toStdString();
    EXPECT_EQ(w.window->currentModuleId(), QStringLiteral("fixturegood"));
    EXPECT_EQ(w.step(), 3);
    const ParameterValues values = w.panelValues();
    EXPECT_EQ(values.value(QStringLiteral("count")).toLongLong(), 5);
    EXPECT_EQ(values.value(QStringLiteral("rate")).toDouble(), 0.75);
    EXPECT_EQ(values.value(QStringLiteral("mode")).toString(), QStringLiteral("beta"));
    EXPECT_EQ(values.value(QStringLiteral("flag")).toBool(), true);
    EXPECT_EQ(values.value(QStringLiteral("label")).toString(), QStringLiteral("a b"));
    EXPECT_EQ(values.value(QStringLiteral("program")).toString(), kFixtureProgram);
    // The counter view draws its session: step 3 of the 5 the link asked for.
    bool drawn = false;
    for (const QLabel *label : w.window->currentView()->findChildren<QLabel *>())
        drawn = drawn || label->text() == QStringLiteral("Step 3 of 5");
    EXPECT_TRUE(drawn);
    // The link the window writes for this state is the one it opened.
    EXPECT_EQ(w.window->currentLink(), kFixtureLink);

    // Another module: the window switches to it.
    ASSERT_TRUE(w.window->openLink(kLambdaLink, &error)) << error.toStdString();
    EXPECT_EQ(w.window->currentModuleId(), QStringLiteral("lambda"));
    EXPECT_EQ(w.step(), 2);
    EXPECT_EQ(w.panelValues().value(QStringLiteral("term")).toString(), kLambdaTerm);
    EXPECT_EQ(w.window->currentLink(), kLambdaLink);
}

TEST(LinkWindow, EveryModulesLinkOpensAndIsWrittenBackTheSame)
{
    LinkWindow w;
    int opened = 0;
    for (const ModuleInfo &info : w.registry.modules()) {
        if (info.id.startsWith(QLatin1String("fixture")))
            continue;
        QString error;
        ConceptModule *module = w.registry.load(info.id, &error);
        ASSERT_NE(module, nullptr) << error.toStdString();
        const ParameterSchema schema = module->parameters();
        const QString link = formatLink(info.id, schema, schema.defaults(), 1);
        ASSERT_TRUE(w.window->openLink(link, &error)) << link.toStdString() << ": " << error.toStdString();
        EXPECT_EQ(w.window->currentModuleId(), info.id);
        EXPECT_EQ(w.step(), 1) << info.id.toStdString();
        EXPECT_EQ(w.panelValues(), schema.defaults()) << info.id.toStdString();
        // Copy Link writes the same link back: the window changed nothing on the way.
        EXPECT_EQ(w.window->currentLink(), link);
        ++opened;
    }
    EXPECT_EQ(opened, 6);
}

TEST(LinkWindow, ARefusedLinkLeavesTheWindowAsItWas)
{
    LinkWindow w;
    QString error;
    ASSERT_TRUE(w.window->openLink(kFixtureLink, &error)) << error.toStdString();
    w.window->currentView()->stepForward(); // the user moved on: step 4
    const QString before = w.window->currentLink();
    ASSERT_TRUE(before.endsWith(QStringLiteral("&step=4"))) << before.toStdString();
    const ParameterValues valuesBefore = w.panelValues();

    struct Case {
        QString link;
        QString error;
    };
    const QList<Case> cases = {
        { QStringLiteral("conceptlab://fixturegood?count=5&step=6"),
            QStringLiteral("link, character 39: step 6 is past the end: the simulation ends at step 5") },
        { QStringLiteral("conceptlab://fixturegood?program=error"),
            QStringLiteral("link: line 1, column 1: the program says error") },
        { QStringLiteral("conceptlab://fixturegood?count=101&step=1"),
            QStringLiteral(
                "link, character 32: parameter 'count': 101 is out of range; expected an integer in [0, 100] steps") },
        { QStringLiteral("conceptlab://lambda?term=x&term=y"),
            QStringLiteral("link, character 28: 'term' is given twice (first at character 21)") },
        { QStringLiteral("conceptlab://nosuch?step=1"), QStringLiteral("link, character 14: unknown module 'nosuch'") },
        { QStringLiteral("https://example.org/"),
            QStringLiteral("link: the scheme 'https' is not conceptlab; expected "
                           "conceptlab://<module>?key=value&…&step=N") },
    };
    for (const Case &c : cases) {
        QString refused;
        EXPECT_FALSE(w.window->openLink(c.link, &refused)) << c.link.toStdString();
        EXPECT_EQ(refused, c.error);
        EXPECT_EQ(w.window->currentModuleId(), QStringLiteral("fixturegood"));
        EXPECT_EQ(w.step(), 4);
        EXPECT_EQ(w.panelValues(), valuesBefore);
        EXPECT_EQ(w.window->currentLink(), before);
    }
    // A module that is found but cannot be loaded: refused with the loader's reason.
    QString refused;
    EXPECT_FALSE(w.window->openLink(QStringLiteral("conceptlab://fixturemissing?step=0"), &refused));
    EXPECT_TRUE(refused.startsWith(QStringLiteral("link: "))) << refused.toStdString();
    EXPECT_EQ(w.window->currentLink(), before);
}

TEST(LinkWindow, CopyLinkPutsTheStatesLinkOnTheClipboard)
{
    LinkWindow w;
    QAction *copy = actionNamed(w.window.get(), QStringLiteral("&Copy Link to This State"));
    ASSERT_NE(copy, nullptr);
    EXPECT_FALSE(copy->isEnabled()); // the gallery has no state to link to
    EXPECT_EQ(copy->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+C")));
    QString error;
    ASSERT_TRUE(w.window->openLink(kLambdaLink, &error)) << error.toStdString();
    EXPECT_TRUE(copy->isEnabled());
    QGuiApplication::clipboard()->clear();
    copy->trigger();
    EXPECT_EQ(QGuiApplication::clipboard()->text(), kLambdaLink);
}

TEST(LinkWindow, OpenLinkOffersTheLinkOnTheClipboard)
{
    LinkWindow w;
    QAction *open = actionNamed(w.window.get(), QStringLiteral("Open &Link…"));
    ASSERT_NE(open, nullptr);
    EXPECT_EQ(open->shortcut(), QKeySequence(QStringLiteral("Ctrl+L")));
    QGuiApplication::clipboard()->setText(QStringLiteral("  ") + kFixtureLink + QStringLiteral("\n"));
    QString offered;
    QTimer::singleShot(0, [&offered] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        offered = dialog->textValue();
        dialog->accept();
    });
    open->trigger();
    EXPECT_EQ(offered, kFixtureLink);
    EXPECT_EQ(w.window->currentModuleId(), QStringLiteral("fixturegood"));
    EXPECT_EQ(w.step(), 3);
}

TEST(LinkWindow, ShortcutsAreUnique)
{
    LinkWindow w;
    QMap<QString, QString> owners;
    for (const QAction *action : w.window->findChildren<QAction *>()) {
        for (const QKeySequence &key : action->shortcuts()) {
            const QString text = key.toString();
            const QString owner = owners.value(text);
            EXPECT_TRUE(owner.isEmpty() || owner == action->text())
                << text.toStdString() << ": " << owner.toStdString() << " and " << action->text().toStdString();
            owners.insert(text, action->text());
        }
    }
    EXPECT_TRUE(owners.contains(QStringLiteral("Ctrl+Shift+C")));
    EXPECT_TRUE(owners.contains(QStringLiteral("Ctrl+L")));
}

namespace {

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome run(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CONCEPTLAB_PLUGIN_PATH"), QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CONCEPTLAB_BINARY), arguments);
    process.waitForFinished(120000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

} // namespace

TEST(LinkCommandLine, MalformedLinksExitTwoWithOneLine)
{
    struct Case {
        QStringList arguments;
        QString error;
    };
    const QList<Case> cases = {
        { { QStringLiteral("open"), QStringLiteral("conceptlab://fixturegood?count=101") },
            QStringLiteral("conceptlab: link, character 32: parameter 'count': 101 is out of range; expected an "
                           "integer in [0, 100] steps\n") },
        { { QStringLiteral("conceptlab://nosuch?step=1") },
            QStringLiteral("conceptlab: link, character 14: unknown module 'nosuch'\n") },
        { { QStringLiteral("conceptlab://fixturegood?count=5&step=6") },
            QStringLiteral("conceptlab: link, character 39: step 6 is past the end: the simulation ends at step 5\n") },
        { { QStringLiteral("CONCEPTLAB://fixturegood?label=%") },
            QStringLiteral("conceptlab: link, character 32: '%' must start an escape of two hexadecimal digits; "
                           "write '%' as %25\n") },
        { { QStringLiteral("open"), QStringLiteral("https://example.org/fixturegood") },
            QStringLiteral("conceptlab: link: the scheme 'https' is not conceptlab; expected "
                           "conceptlab://<module>?key=value&…&step=N\n") },
        { { QStringLiteral("open"), QStringLiteral("conceptlab://fixturegood"), QStringLiteral("extra") },
            QStringLiteral("conceptlab: usage: conceptlab open FILE|LINK\n") },
    };
    for (const Case &c : cases) {
        const Outcome outcome = run(c.arguments);
        EXPECT_EQ(outcome.exitCode, 2) << c.arguments.join(QLatin1Char(' ')).toStdString();
        EXPECT_EQ(outcome.err, c.error);
    }
}

TEST(LinkCommandLine, ALinkOpensTheWindow)
{
    // --benchmark-startup quits once the window has painted: the link was accepted first.
    for (const QStringList &arguments : { QStringList { QStringLiteral("conceptlab://fixturegood?count=5&step=5"),
                                              QStringLiteral("--benchmark-startup") },
             QStringList { QStringLiteral("open"), QStringLiteral("conceptlab://fixturegood?mode=beta"),
                 QStringLiteral("--benchmark-startup") } }) {
        const Outcome outcome = run(arguments);
        EXPECT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
        EXPECT_TRUE(outcome.out.startsWith(QStringLiteral("first_paint_ms "))) << outcome.out.toStdString();
    }
}

TEST(LinkCommandLine, AFileAloneOpensTheWindowAsTheDesktopEntryPassesIt)
{
    // Exec=conceptlab %u passes a path or a file URL alone.
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("counter.conceptlab.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"module": "fixturegood", "version": 1, "params": {"count": 4}, "step": 2})");
    file.close();
    for (const QString &argument : { path, QUrl::fromLocalFile(path).toString() }) {
        const Outcome outcome = run({ argument, QStringLiteral("--benchmark-startup") });
        EXPECT_EQ(outcome.exitCode, 0) << argument.toStdString() << ": " << outcome.err.toStdString();
        EXPECT_TRUE(outcome.out.startsWith(QStringLiteral("first_paint_ms "))) << outcome.out.toStdString();
    }
    const Outcome missing = run({ folder.filePath(QStringLiteral("missing.conceptlab.json")) });
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_TRUE(missing.err.startsWith(QStringLiteral("conceptlab: "))) << missing.err.toStdString();
    EXPECT_EQ(missing.err.count(QLatin1Char('\n')), 1) << missing.err.toStdString();
    // A word that is neither a command, a link nor an absolute path is still an unknown command.
    EXPECT_EQ(run({ QStringLiteral("https://example.org") }).exitCode, 2);
}
