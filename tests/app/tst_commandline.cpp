// The conceptlab binary's headless commands: exit codes, messages, outputs.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome run(const QStringList &arguments, bool withFixtures = true)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (withFixtures)
        environment.insert(QStringLiteral("CONCEPTLAB_PLUGIN_PATH"), QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR));
    else
        environment.remove(QStringLiteral("CONCEPTLAB_PLUGIN_PATH"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CONCEPTLAB_BINARY), arguments);
    process.waitForFinished(120000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

QJsonObject jsonOf(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

TEST(CommandLine, VersionAndHelp)
{
    const Outcome version = run({ QStringLiteral("--version") });
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.out.startsWith(QStringLiteral("conceptlab "))) << version.out.toStdString();
    const Outcome help = run({ QStringLiteral("--help") });
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains(QStringLiteral("conceptlab sim <id>")));
    // The window's own options are listed too.
    for (const char *option : { "--module ID", "--presenter", "--window-size WxH", "--screenshot FILE.png" })
        EXPECT_TRUE(help.out.contains(QLatin1String(option))) << option;
}

TEST(CommandLine, UnknownModuleExitsTwoWithOneLine)
{
    const Outcome outcome = run({ QStringLiteral("sim"), QStringLiteral("nosuchmodule") });
    EXPECT_EQ(outcome.exitCode, 2);
    // The fixtures come first (CONCEPTLAB_PLUGIN_PATH); modules built beside the binary follow.
    EXPECT_TRUE(outcome.err.startsWith(
        QStringLiteral("conceptlab: unknown module 'nosuchmodule'; available modules: fixturegood, fixturemissing")))
        << outcome.err.toStdString();
    EXPECT_EQ(outcome.err.count(QLatin1Char('\n')), 1);
    EXPECT_TRUE(outcome.out.isEmpty());
}

TEST(CommandLine, UnknownCommandExitsTwo)
{
    const Outcome outcome = run({ QStringLiteral("simulate") });
    EXPECT_EQ(outcome.exitCode, 2);
    EXPECT_TRUE(outcome.err.contains(QStringLiteral("unknown command 'simulate'")));
}

TEST(CommandLine, BadParameterValuesExitTwoNamingTheParameter)
{
    struct Case {
        QString assignment;
        QString message;
    };
    const QList<Case> cases = {
        { QStringLiteral("colour=red"),
            QStringLiteral("unknown parameter 'colour'; known parameters: count, rate, mode, flag, label, program") },
        { QStringLiteral("count=101"),
            QStringLiteral("parameter 'count': 101 is out of range; expected an integer in [0, 100] steps") },
        { QStringLiteral("count=ten"),
            QStringLiteral("parameter 'count': 'ten' is not an integer; expected an integer in [0, 100] steps") },
        { QStringLiteral("rate=0.25"),
            QStringLiteral("parameter 'rate': 0.25 is out of range; expected a real number in [0.5, 2]") },
        { QStringLiteral("mode=gamma"),
            QStringLiteral("parameter 'mode': 'gamma' is not a choice; expected one of: alpha, beta") },
        { QStringLiteral("flag=perhaps"),
            QStringLiteral("parameter 'flag': 'perhaps' is not a boolean; expected true or false") },
        { QStringLiteral("novalue"), QStringLiteral("--set 'novalue': expected key=value") },
    };
    for (const Case &c : cases) {
        const Outcome outcome
            = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"), c.assignment });
        EXPECT_EQ(outcome.exitCode, 2) << c.assignment.toStdString();
        const QString expected = c.assignment == QLatin1String("novalue")
            ? QStringLiteral("conceptlab: %1\n").arg(c.message)
            : QStringLiteral("conceptlab: module 'fixturegood': %1\n").arg(c.message);
        EXPECT_EQ(outcome.err, expected);
    }
}

TEST(CommandLine, SimPrintsTheRunAsJson)
{
    const Outcome outcome = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
        QStringLiteral("count=4"), QStringLiteral("--set"), QStringLiteral("rate=0.75"), QStringLiteral("--set"),
        QStringLiteral("mode=beta"), QStringLiteral("--json") });
    ASSERT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
    const QJsonObject result = jsonOf(outcome.out);
    EXPECT_EQ(result.value(QStringLiteral("product")).toDouble(), 3.0);
    EXPECT_EQ(result.value(QStringLiteral("mode")).toString(), QStringLiteral("beta"));
    EXPECT_EQ(result.value(QStringLiteral("flag")).toBool(), false);
    const Outcome summary = run(
        { QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"), QStringLiteral("count=4") });
    EXPECT_EQ(summary.out, QStringLiteral("product = 6\n"));
}

TEST(CommandLine, CodeParameterReadsANamedFile)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("program.py"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("def f(x):\n    return x\n");
    file.close();
    const Outcome outcome = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
        QStringLiteral("program=") + path, QStringLiteral("--json") });
    ASSERT_EQ(outcome.exitCode, 0);
    EXPECT_EQ(jsonOf(outcome.out).value(QStringLiteral("program_length")).toInt(), 23); // 10 + 13 characters
}

TEST(CommandLine, RunErrorsExitTwo)
{
    const Outcome outcome = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
        QStringLiteral("program=error here") });
    EXPECT_EQ(outcome.exitCode, 2);
    EXPECT_EQ(outcome.err, QStringLiteral("conceptlab: fixturegood: line 1, column 1: the program says error\n"));
}

TEST(CommandLine, ScenarioThenSetOverrides)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("s.conceptlab.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"module": "fixturegood", "version": 1, "params": {"count": 8, "rate": 2.0, "label": "from file"}})");
    file.close();
    const Outcome outcome = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--scenario"),
        path, QStringLiteral("--set"), QStringLiteral("rate=0.5"), QStringLiteral("--json") });
    ASSERT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
    const QJsonObject result = jsonOf(outcome.out);
    EXPECT_EQ(result.value(QStringLiteral("product")).toDouble(), 4.0);
    EXPECT_EQ(result.value(QStringLiteral("label")).toString(), QStringLiteral("from file"));

    QFile bad(dir.filePath(QStringLiteral("bad.conceptlab.json")));
    ASSERT_TRUE(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"module": "fixturegood", "version": 1, "params": {"count": "eight"}})");
    bad.close();
    const Outcome refused
        = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--scenario"), bad.fileName() });
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_TRUE(refused.err.contains(QStringLiteral("$.params.count: parameter 'count': not a number")))
        << refused.err.toStdString();

    QFile other(dir.filePath(QStringLiteral("other.conceptlab.json")));
    ASSERT_TRUE(other.open(QIODevice::WriteOnly));
    other.write(R"({"module": "hashring", "version": 1})");
    other.close();
    const Outcome mismatch
        = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--scenario"), other.fileName() });
    EXPECT_EQ(mismatch.exitCode, 2);
    EXPECT_EQ(mismatch.err,
        QStringLiteral("conceptlab: %1: $.module: the scenario is for module 'hashring', not 'fixturegood'\n")
            .arg(other.fileName()));
}

TEST(CommandLine, ExportWritesCsvJsonPngAndSvg)
{
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("out.csv"));
    ASSERT_EQ(run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
                      QStringLiteral("count=2"), QStringLiteral("--set"), QStringLiteral("label=a,b"),
                      QStringLiteral("--out"), csv })
                  .exitCode,
        0);
    QFile csvFile(csv);
    ASSERT_TRUE(csvFile.open(QIODevice::ReadOnly));
    EXPECT_EQ(csvFile.readAll(), QByteArray("i,label\n0,\"a,b\"\n1,\"a,b\"\n"));

    const QString json = dir.filePath(QStringLiteral("out.json"));
    ASSERT_EQ(
        run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--out"), json }).exitCode, 0);
    QFile jsonFile(json);
    ASSERT_TRUE(jsonFile.open(QIODevice::ReadOnly));
    EXPECT_EQ(jsonOf(QString::fromUtf8(jsonFile.readAll())).value(QStringLiteral("product")).toDouble(), 15.0);

    const QString png = dir.filePath(QStringLiteral("out.png"));
    const Outcome picture = run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--step"),
        QStringLiteral("3"), QStringLiteral("--size"), QStringLiteral("640x360"), QStringLiteral("--out"), png });
    ASSERT_EQ(picture.exitCode, 0) << picture.err.toStdString();
    const QImage image(png);
    EXPECT_EQ(image.size(), QSize(640, 360));

    const QString svg = dir.filePath(QStringLiteral("out.svg"));
    ASSERT_EQ(
        run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--out"), svg }).exitCode, 0);
    QFile svgFile(svg);
    ASSERT_TRUE(svgFile.open(QIODevice::ReadOnly));
    EXPECT_TRUE(svgFile.readAll().contains("<svg"));
}

TEST(CommandLine, ExportRefusesBadArguments)
{
    EXPECT_EQ(run({ QStringLiteral("export"), QStringLiteral("fixturegood") }).err,
        QStringLiteral("conceptlab: export: --out FILE.{png,svg,pdf,csv,json} is required\n"));
    EXPECT_EQ(run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--out"),
                      QStringLiteral("x.gif") })
                  .exitCode,
        2);
    EXPECT_EQ(run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--size"),
                      QStringLiteral("big"), QStringLiteral("--out"), QStringLiteral("x.png") })
                  .err,
        QStringLiteral("conceptlab: export: --size 'big': expected WIDTHxHEIGHT, e.g. 1280x720\n"));
    for (const QString &step :
        { QStringLiteral("-1"), QStringLiteral("1000001"), QStringLiteral("ende"), QStringLiteral("1.5"), QString() }) {
        const Outcome bad = run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--step"),
            step, QStringLiteral("--out"), QStringLiteral("x.png") });
        EXPECT_EQ(bad.exitCode, 2) << step.toStdString();
        EXPECT_EQ(bad.err,
            QStringLiteral("conceptlab: export: --step '%1': expected 'end' or an integer in [0, 1000000]\n")
                .arg(step));
    }
    // A long bad value is cut in the message, which stays one short line.
    const Outcome longStep = run({ QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--step"),
        QString(100000, QLatin1Char('9')), QStringLiteral("--out"), QStringLiteral("x.png") });
    EXPECT_EQ(longStep.exitCode, 2);
    EXPECT_EQ(longStep.err,
        QStringLiteral(
            "conceptlab: export: --step '%1…' (100000 bytes): expected 'end' or an integer in [0, 1000000]\n")
            .arg(QString(60, QLatin1Char('9'))));
}

TEST(CommandLine, StepPastTheEndShowsTheEnd)
{
    QTemporaryDir dir;
    auto exportAt = [&](const QString &step, const QString &name) {
        const QString png = dir.filePath(name);
        QStringList arguments { QStringLiteral("export"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
            QStringLiteral("count=2"), QStringLiteral("--size"), QStringLiteral("320x180"), QStringLiteral("--out"),
            png };
        if (!step.isEmpty())
            arguments << QStringLiteral("--step") << step;
        const Outcome outcome = run(arguments);
        EXPECT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
        QFile file(png);
        EXPECT_TRUE(file.open(QIODevice::ReadOnly));
        return std::make_pair(outcome.err, file.readAll());
    };
    const auto [pastErr, past] = exportAt(QStringLiteral("5"), QStringLiteral("past.png"));
    EXPECT_EQ(pastErr, QStringLiteral("conceptlab: export: step 5 is past the end; showing the last step, 2\n"));
    const auto [endErr, end] = exportAt(QStringLiteral("end"), QStringLiteral("end.png"));
    EXPECT_TRUE(endErr.isEmpty()) << endErr.toStdString();
    const auto [lastErr, last] = exportAt(QStringLiteral("2"), QStringLiteral("last.png"));
    const auto [defaultErr, byDefault] = exportAt(QString(), QStringLiteral("default.png"));
    const auto [firstErr, first] = exportAt(QStringLiteral("1"), QStringLiteral("first.png"));
    EXPECT_FALSE(past.isEmpty());
    EXPECT_EQ(past, end);
    EXPECT_EQ(end, last);
    EXPECT_EQ(byDefault, end) << "without --step and scenario, export shows the end";
    EXPECT_NE(first, end);
}

TEST(CommandLine, ListShowsModulesAndFailures)
{
    const Outcome outcome = run({ QStringLiteral("list"), QStringLiteral("--json") });
    ASSERT_EQ(outcome.exitCode, 0);
    const QJsonObject list = jsonOf(outcome.out);
    const QJsonArray modules = list.value(QStringLiteral("modules")).toArray();
    ASSERT_GE(modules.size(), 2);
    EXPECT_EQ(modules.at(0).toObject().value(QStringLiteral("id")).toString(), QStringLiteral("fixturegood"));
    EXPECT_EQ(list.value(QStringLiteral("failed")).toArray().size(), 3);
}

TEST(CommandLine, FixturesAreNotFoundWithoutThePluginPath)
{
    const Outcome outcome = run({ QStringLiteral("list"), QStringLiteral("--json") }, false);
    ASSERT_EQ(outcome.exitCode, 0);
    EXPECT_FALSE(outcome.out.contains(QStringLiteral("fixture")));
    EXPECT_EQ(jsonOf(outcome.out).value(QStringLiteral("failed")).toArray().size(), 0);
}

TEST(CommandLine, ExportRefusesToDrawBadInput)
{
    const Outcome list = run({ QStringLiteral("list") }, false);
    if (!list.out.contains(QStringLiteral("lambda")))
        GTEST_SKIP() << "the lambda module is not built";
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("bad.png"));
    const Outcome outcome = run({ QStringLiteral("export"), QStringLiteral("lambda"), QStringLiteral("--set"),
                                    QStringLiteral("term=(\\x. x"), QStringLiteral("--out"), png },
        false);
    EXPECT_EQ(outcome.exitCode, 2);
    EXPECT_TRUE(outcome.err.startsWith(QStringLiteral("conceptlab: export: line 1, column")))
        << outcome.err.toStdString();
    EXPECT_FALSE(QFile::exists(png));
}

TEST(CommandLine, CodeParameterThatLooksLikeAMissingFileIsRefused)
{
    const Outcome missing = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
        QStringLiteral("program=/nonexistent/x.py") });
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_EQ(missing.err,
        QStringLiteral("conceptlab: module 'fixturegood': parameter 'program': '/nonexistent/x.py' looks like a file "
                       "path, but there is no such file\n"));
    const Outcome device = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--set"),
        QStringLiteral("program=/dev/zero") });
    EXPECT_EQ(device.exitCode, 2);
    EXPECT_EQ(device.err,
        QStringLiteral("conceptlab: module 'fixturegood': parameter 'program': '/dev/zero' is not a regular file\n"));
}

TEST(CommandLine, EndlessFilesAreRefusedNotReadForever)
{
    // /dev/zero has size 0 to the file system and never ends: the reader counts what it reads.
    const Outcome scenario = run({ QStringLiteral("sim"), QStringLiteral("fixturegood"), QStringLiteral("--scenario"),
        QStringLiteral("/dev/zero") });
    EXPECT_EQ(scenario.exitCode, 2);
    EXPECT_EQ(scenario.err,
        QStringLiteral("conceptlab: file: '/dev/zero' holds more than 16 MB, the most that is read from one file\n"));
}

TEST(CommandLine, PictureExportsAreByteIdenticalRunToRun)
{
    const Outcome list = run({ QStringLiteral("list"), QStringLiteral("--json") }, false);
    QTemporaryDir dir;
    for (const QJsonValue &module : jsonOf(list.out).value(QStringLiteral("modules")).toArray()) {
        const QString id = module.toObject().value(QStringLiteral("id")).toString();
        QStringList arguments { QStringLiteral("export"), id, QStringLiteral("--step"), QStringLiteral("1"),
            QStringLiteral("--size"), QStringLiteral("800x600") };
        // Timings measured on this machine differ run to run by nature; everything else must not.
        if (id == QLatin1String("unrolling"))
            arguments << QStringLiteral("--set") << QStringLiteral("measure=false");
        for (const QString &suffix : { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf") }) {
            QByteArray first;
            for (int attempt = 0; attempt < 2; ++attempt) {
                const QString out = dir.filePath(QStringLiteral("%1-%2.%3").arg(id).arg(attempt).arg(suffix));
                const Outcome outcome = run(arguments + QStringList { QStringLiteral("--out"), out }, false);
                ASSERT_EQ(outcome.exitCode, 0) << id.toStdString() << ": " << outcome.err.toStdString();
                QFile file(out);
                ASSERT_TRUE(file.open(QIODevice::ReadOnly));
                if (attempt == 0)
                    first = file.readAll();
                else
                    EXPECT_TRUE(file.readAll() == first)
                        << id.toStdString() << ": two ." << suffix.toStdString() << " exports differ";
            }
        }
    }
}

TEST(CommandLine, CheckRunsALessonAndReportsEachStep)
{
    QTemporaryDir dir;
    const auto write = [&](const QString &name, const QByteArray &json) {
        const QString path = dir.filePath(name);
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(json);
        return path;
    };
    // Four nodes with one ring point each; a fifth joins and takes 246 of 10 000 keys.
    const QByteArray ring = R"({"module": "hashring", "step": 1, "title": "A ring",
        "params": {"strategy": "ring", "nodes": 4, "vnodes": 1, "keys": 10000, "event": "add"}, "expect": )";
    const QString good = write(QStringLiteral("good.lesson.json"),
        R"({"title": "Hashing", "version": 1, "steps": [)" + ring + R"({"at_step.moved": 246}}]})");
    const Outcome passed = run({ QStringLiteral("check"), good });
    EXPECT_EQ(passed.exitCode, 0) << passed.err.toStdString();
    EXPECT_EQ(passed.out,
        good + QStringLiteral(" — Hashing\nstep 1 of 1 · A ring: ok\n  ok    at_step.moved = 246, expected 246\n"));

    const QString wrong = write(QStringLiteral("wrong.lesson.json"),
        R"({"title": "Hashing", "version": 1, "steps": [)" + ring + R"({"moved_fraction": [0.15, 0.25]}}, )" + ring
            + R"({"moved": 246}}]})");
    const Outcome failed = run({ QStringLiteral("check"), wrong });
    EXPECT_EQ(failed.exitCode, 2);
    EXPECT_TRUE(failed.out.contains(QStringLiteral("step 1 of 2 · A ring: FAILED\n  FAIL  moved_fraction = 0.0246, "
                                                   "expected in [0.15, 0.25]\nstep 2 of 2 · A ring: ok\n")))
        << failed.out.toStdString();
    EXPECT_EQ(failed.err, QStringLiteral("conceptlab: %1: 1 of 2 steps failed their checks\n").arg(wrong));

    const Outcome json = run({ QStringLiteral("check"), wrong, QStringLiteral("--json") });
    EXPECT_EQ(json.exitCode, 2);
    const QJsonObject report = jsonOf(json.out);
    EXPECT_FALSE(report.value(QStringLiteral("ok")).toBool());
    const QJsonObject first = report.value(QStringLiteral("steps")).toArray().at(0).toObject();
    EXPECT_EQ(first.value(QStringLiteral("results")).toObject().value(QStringLiteral("moved")).toInt(), 246);

    const QString invalid = write(QStringLiteral("invalid.lesson.json"),
        R"({"title": "Hashing", "version": 1, "steps": [)" + ring + R"({"moved_fractoin": 0.2}}]})");
    const Outcome refused = run({ QStringLiteral("check"), invalid });
    EXPECT_EQ(refused.exitCode, 2);
    EXPECT_TRUE(refused.err.startsWith(QStringLiteral("conceptlab: %1: $.steps[0].expect.moved_fractoin: "
                                                      "'moved_fractoin' is not a documented result key")
                                           .arg(invalid)))
        << refused.err.toStdString();
    EXPECT_TRUE(refused.out.isEmpty());

    EXPECT_EQ(run({ QStringLiteral("check") }).exitCode, 2);
    EXPECT_EQ(run({ QStringLiteral("check"), good, good }).exitCode, 2);
    EXPECT_TRUE(run({ QStringLiteral("--help") }).out.contains(QStringLiteral("conceptlab check FILE.lesson.json")));
}
