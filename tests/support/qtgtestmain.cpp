// main() for GoogleTest suites that need a QApplication (widgets, offscreen).
#include <QApplication>
#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    // Test discovery runs the binary outside ctest's environment: default to offscreen there too.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) {
        const QByteArray runtime = QDir::temp().filePath(QStringLiteral("conceptlab-tests-runtime")).toLocal8Bit();
        QDir().mkpath(QString::fromLocal8Bit(runtime));
        QFile::setPermissions(
            QString::fromLocal8Bit(runtime), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", runtime);
    }
#ifdef CONCEPTLAB_TEST_SCREEN
    // A suite that needs a particular screen (e.g. a 1920x1080 projector) configures the
    // offscreen platform with one, through its JSON configuration file.
    if (qEnvironmentVariable("QT_QPA_PLATFORM") == QLatin1String("offscreen")) {
        const QStringList size = QStringLiteral(CONCEPTLAB_TEST_SCREEN).split(QLatin1Char('x'));
        const QString config = QDir::temp().filePath(
            QStringLiteral("conceptlab-test-screen-%1.json").arg(QStringLiteral(CONCEPTLAB_TEST_SCREEN)));
        QFile file(config);
        if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            file.write(QStringLiteral("{\"screens\": [{\"name\": \"Projector\", \"x\": 0, \"y\": 0, \"width\": %1, "
                                      "\"height\": %2, \"logicalDpi\": 96, \"logicalBaseDpi\": 96, \"dpr\": 1}]}")
                           .arg(size.value(0), size.value(1))
                           .toUtf8());
            file.close();
            qputenv("QT_QPA_PLATFORM", QStringLiteral("offscreen:configfile=%1").arg(config).toLocal8Bit());
        }
    }
#endif
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("ConceptLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("ConceptLabTests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
