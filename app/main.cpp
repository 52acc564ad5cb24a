// conceptlab: the window, or a headless command (list, sim, export, check) when one is named.
#include "commandline.h"
#include "mainwindow.h"
#include "moduleregistry.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <utility>

namespace {

/// Qt warns on every offscreen start without XDG_RUNTIME_DIR; give it a private folder.
void ensureRuntimeDirectory()
{
    if (qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"))
        return;
    const QString path = QDir::temp().filePath(
        QStringLiteral("conceptlab-runtime-%1").arg(qEnvironmentVariable("USER", QStringLiteral("user"))));
    QDir().mkpath(path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", path.toLocal8Bit());
}

/// The offscreen platform warns on every top-level widget shown; headless export shows its
/// view offscreen on purpose, so that one message is noise there.
QtMessageHandler &standardMessageHandler()
{
    static QtMessageHandler handler = nullptr;
    return handler;
}

void quietOffscreenMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message != QLatin1String("This plugin does not support propagateSizeHints()"))
        standardMessageHandler()(type, context, message);
}

/// Runs an action once the watched window has painted for the first time.
class FirstPaintHook : public QObject {
public:
    explicit FirstPaintHook(std::function<void()> action)
        : m_action(std::move(action))
    {
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_action) {
            // The paint event is being handled now; act once it has been delivered.
            QTimer::singleShot(0, qApp, std::exchange(m_action, nullptr));
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_action;
};

/// Saves a picture of the window to `path`, then quits. The picture shows the finished view:
/// it waits (up to a minute) for the view's session and other background work, then lets it
/// finish its layout.
void saveScreenshotWhenReady(conceptlab::MainWindow &window, const QString &path)
{
    auto *poll = new QTimer(&window);
    QElapsedTimer waited;
    waited.start();
    QObject::connect(poll, &QTimer::timeout, &window, [&window, path, poll, waited] {
        const conceptlab::ConceptView *view = window.currentView();
        if (view != nullptr && view->isBusy() && waited.elapsed() < 60000)
            return;
        poll->stop();
        QTimer::singleShot(300, qApp, [&window, path] {
            if (!window.grab().save(path))
                std::fprintf(stderr, "conceptlab: cannot write '%s'\n", qPrintable(path));
            QCoreApplication::quit();
        });
    });
    poll->start(50);
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer clock;
    clock.start();
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    QCoreApplication::setOrganizationName(QStringLiteral("ConceptLab"));
    QCoreApplication::setApplicationName(QStringLiteral("ConceptLab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONCEPTLAB_VERSION));

    if (conceptlab::isHeadlessCommand(arguments)) {
        if (arguments.first() == QLatin1String("export")) {
            // Pictures are drawn offscreen, identically with or without a display.
            qputenv("QT_QPA_PLATFORM", "offscreen");
            ensureRuntimeDirectory();
            standardMessageHandler() = qInstallMessageHandler(quietOffscreenMessages);
            QApplication app(argc, argv);
            return conceptlab::runHeadless(arguments);
        }
        QCoreApplication app(argc, argv);
        return conceptlab::runHeadless(arguments);
    }

    if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen"))
        ensureRuntimeDirectory();
    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/conceptlab/conceptlab.svg")));
    QApplication::setDesktopFileName(QStringLiteral("org.conceptlab.ConceptLab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ConceptLab: live simulations of ML-systems concepts"));
    const QCommandLineOption moduleOption(
        QStringLiteral("module"), QStringLiteral("Open a module at start."), QStringLiteral("id"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once painted, then quit."), QStringLiteral("file.png"));
    const QCommandLineOption sizeOption(
        QStringLiteral("window-size"), QStringLiteral("Window size."), QStringLiteral("WxH"));
    const QCommandLineOption startupOption(
        QStringLiteral("benchmark-startup"), QStringLiteral("Print the time to the first painted window, then quit."));
    parser.addOptions({ moduleOption, screenshotOption, sizeOption, startupOption });
    parser.addPositionalArgument(
        QStringLiteral("open"), QStringLiteral("open FILE: a scenario or lesson"), QStringLiteral("[open FILE]"));
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "conceptlab: %s\n", qPrintable(parser.errorText()));
        return 2;
    }

    conceptlab::ModuleRegistry registry;
    registry.scan();
    conceptlab::MainWindow window(registry);
    if (parser.isSet(sizeOption)) {
        const QStringList parts = parser.value(sizeOption).split(QLatin1Char('x'));
        window.resize(parts.value(0).toInt(), parts.value(1).toInt());
    }
    if (parser.isSet(moduleOption) && !window.openModule(parser.value(moduleOption), true)) {
        std::fprintf(stderr, "conceptlab: cannot open module '%s'\n", qPrintable(parser.value(moduleOption)));
        return 2;
    }
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty()) {
        if (positional.first() != QLatin1String("open") || positional.size() != 2) {
            std::fprintf(stderr, "conceptlab: usage: conceptlab open FILE\n");
            return 2;
        }
        QString error;
        if (!window.openFile(positional.at(1), &error)) {
            std::fprintf(stderr, "conceptlab: %s\n", qPrintable(error));
            return 2;
        }
    }

    FirstPaintHook hook([&] {
        if (parser.isSet(startupOption)) {
            std::printf("first_paint_ms %.1f\n", static_cast<double>(clock.nsecsElapsed()) / 1e6);
            std::fflush(stdout);
        }
        if (parser.isSet(screenshotOption)) {
            saveScreenshotWhenReady(window, parser.value(screenshotOption));
            return;
        }
        QCoreApplication::quit();
    });
    if (parser.isSet(startupOption) || parser.isSet(screenshotOption))
        window.installEventFilter(&hook);
    window.show();
    return QApplication::exec();
}
