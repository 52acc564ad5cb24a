// conceptlab: the window (with a file or link to open), or a headless command (list, sim,
// export, check) when one is named.
#include "commandline.h"
#include "mainwindow.h"
#include "moduleregistry.h"
#include "statelink.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QTimer>
#include <QUrl>

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

/// The window's command-line options, added to `parser`.
struct WindowOptions {
    QCommandLineOption module { QStringLiteral("module"), QStringLiteral("Open a module at start."),
        QStringLiteral("id") };
    QCommandLineOption presenter { QStringLiteral("presenter"),
        QStringLiteral("Start in presenter mode (full screen, larger type; Esc or F5 leaves it).") };
    QCommandLineOption screenshot { QStringLiteral("screenshot"),
        QStringLiteral("Save a picture of the window once painted, then quit."), QStringLiteral("file.png") };
    QCommandLineOption size { QStringLiteral("window-size"), QStringLiteral("Window size."), QStringLiteral("WxH") };
    QCommandLineOption startup { QStringLiteral("benchmark-startup"),
        QStringLiteral("Print the time to the first painted window, then quit.") };

    explicit WindowOptions(QCommandLineParser &parser)
    {
        parser.setApplicationDescription(QStringLiteral("ConceptLab: live simulations of ML-systems concepts"));
        parser.addOptions({ module, presenter, screenshot, size, startup });
        parser.addPositionalArgument(QStringLiteral("open"),
            QStringLiteral("open FILE|LINK: a scenario, a lesson or a conceptlab:// link"),
            QStringLiteral("[open FILE|LINK]"));
    }
};

/// Opens what the command line names: `open FILE|LINK`, or what a desktop entry's %u passes
/// alone (a link, a path or a file URL). False, with the reason on stderr, if it cannot.
bool openPositional(conceptlab::MainWindow &window, const QStringList &positional)
{
    if (positional.isEmpty())
        return true;
    const bool withOpen = positional.first() == QLatin1String("open");
    if (positional.size() != (withOpen ? 2 : 1)) {
        std::fprintf(stderr, "conceptlab: usage: conceptlab open FILE|LINK\n");
        return false;
    }
    const QString &target = positional.last();
    QString error;
    // Another scheme (https://...) is a link too, refused as such, not a file name.
    const bool isFileUrl = target.startsWith(QLatin1String("file:"));
    const bool isLink = conceptlab::isStateLink(target) || (target.contains(QLatin1String("://")) && !isFileUrl);
    const bool opened = isLink ? window.openLink(target, &error)
        : isFileUrl            ? window.openFile(QUrl(target).toLocalFile(), &error)
                               : window.openFile(target, &error);
    if (!opened)
        std::fprintf(stderr, "conceptlab: %s\n", qPrintable(error.replace(QLatin1Char('\n'), QLatin1String(" | "))));
    return opened;
}

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
    const WindowOptions options(parser);
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "conceptlab: %s\n", qPrintable(parser.errorText()));
        return 2;
    }

    conceptlab::ModuleRegistry registry;
    registry.scan();
    conceptlab::MainWindow window(registry);
    if (parser.isSet(options.size)) {
        const QStringList parts = parser.value(options.size).split(QLatin1Char('x'));
        window.resize(parts.value(0).toInt(), parts.value(1).toInt());
    }
    if (parser.isSet(options.module) && !window.openModule(parser.value(options.module), true)) {
        std::fprintf(stderr, "conceptlab: cannot open module '%s'\n", qPrintable(parser.value(options.module)));
        return 2;
    }
    if (!openPositional(window, parser.positionalArguments()))
        return 2;

    FirstPaintHook hook([&] {
        if (parser.isSet(options.startup)) {
            std::printf("first_paint_ms %.1f\n", static_cast<double>(clock.nsecsElapsed()) / 1e6);
            std::fflush(stdout);
        }
        if (parser.isSet(options.screenshot)) {
            saveScreenshotWhenReady(window, parser.value(options.screenshot));
            return;
        }
        QCoreApplication::quit();
    });
    if (parser.isSet(options.startup) || parser.isSet(options.screenshot))
        window.installEventFilter(&hook);
    window.show();
    if (parser.isSet(options.presenter))
        window.setPresenting(true);
    return QApplication::exec();
}
