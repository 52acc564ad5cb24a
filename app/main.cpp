// conceptlab: the window, or a headless command (list, sim, export) when one is named.
#include "commandline.h"
#include "mainwindow.h"
#include "moduleregistry.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>

namespace {

/// Qt warns on every offscreen start without XDG_RUNTIME_DIR; give it a private folder.
void ensureRuntimeDirectory()
{
    if (qEnvironmentVariableIsSet("XDG_RUNTIME_DIR"))
        return;
    const QString path = QDir::temp().filePath(QStringLiteral("conceptlab-runtime-%1").arg(qEnvironmentVariable("USER", QStringLiteral("user"))));
    QDir().mkpath(path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", path.toLocal8Bit());
}

/// Reports the time from process start to the first painted main window, then quits.
class FirstPaintProbe : public QObject {
public:
    explicit FirstPaintProbe(const QElapsedTimer &clock) : m_clock(clock) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_reported) {
            m_reported = true;
            // The paint event is being handled now; report once it has been delivered.
            QTimer::singleShot(0, qApp, [this] {
                std::printf("first_paint_ms %.1f\n", static_cast<double>(m_clock.nsecsElapsed()) / 1e6);
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_clock;
    bool m_reported = false;
};

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
    conceptlab::ModuleRegistry registry;
    registry.scan();
    conceptlab::MainWindow window(registry);

    FirstPaintProbe probe(clock);
    if (arguments.contains(QLatin1String("--benchmark-startup")))
        window.installEventFilter(&probe);

    const qsizetype openIndex = arguments.indexOf(QLatin1String("open"));
    if (openIndex >= 0) {
        const QString path = arguments.value(openIndex + 1);
        if (path.isEmpty()) {
            std::fprintf(stderr, "conceptlab: open: missing FILE\n");
            return 2;
        }
        QString error;
        if (!window.openFile(path, &error)) {
            std::fprintf(stderr, "conceptlab: %s\n", qPrintable(error));
            return 2;
        }
    }
    window.show();
    return QApplication::exec();
}
