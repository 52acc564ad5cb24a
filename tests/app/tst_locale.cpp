// Numbers never follow the user's locale: every module's headless results, summaries and
// exports are byte for byte the same under a comma-decimal locale (de_DE.UTF-8, which Qt
// installs at start-up with setlocale) as under the C locale, with decimal values in the input.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <gtest/gtest.h>

namespace {

constexpr const char *kCommaLocale = "de_DE.UTF-8";

struct ProcessRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray file; ///< the --out file's bytes, when there is one
};

ProcessRun runIn(const char *locale, QStringList arguments, const QString &outPath = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CONCEPTLAB_PLUGIN_PATH"),
        QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR ":" CONCEPTLAB_BUILD_PLUGIN_DIR));
    for (const char *name : { "LC_ALL", "LANG", "LC_NUMERIC" })
        environment.insert(QString::fromLatin1(name), QString::fromLatin1(locale));
    process.setProcessEnvironment(environment);
    if (!outPath.isEmpty()) {
        QFile::remove(outPath);
        arguments << QStringLiteral("--out") << outPath;
    }
    process.start(QStringLiteral(CONCEPTLAB_BINARY), arguments);
    process.waitForFinished(300000);
    ProcessRun run { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        process.readAllStandardOutput(), process.readAllStandardError(), {} };
    if (QFile file(outPath); !outPath.isEmpty() && file.open(QIODevice::ReadOnly))
        run.file = file.readAll();
    return run;
}

bool commaLocaleInstalled()
{
    QProcess process;
    process.start(QStringLiteral("locale"), { QStringLiteral("-a") });
    process.waitForFinished();
    return QString::fromLocal8Bit(process.readAllStandardOutput())
        .split(QLatin1Char('\n'))
        .contains(QStringLiteral("de_DE.utf8"), Qt::CaseInsensitive);
}

/// The ids of the modules built beside the binary.
QStringList builtModules()
{
    const ProcessRun list = runIn("C", { QStringLiteral("list"), QStringLiteral("--json") });
    QStringList ids;
    for (const QJsonValue &module :
        QJsonDocument::fromJson(list.out).object().value(QLatin1String("modules")).toArray())
        ids.append(module.toObject().value(QLatin1String("id")).toString());
    return ids;
}

/// Each module with parameters that carry decimals, so a locale-dependent reader would differ.
struct Case {
    const char *module;
    QStringList sets;
};

QList<Case> cases()
{
    return {
        { "fixturegood", { "rate=1.25", "count=7" } },
        { "hashring", { "weights=1.5,1,1,2.25,1", "epsilon=0.5", "strategy=bounded" } },
        { "hashring", { "strategy=ketama", "event=remove" } },
        { "batching", { "rate=2.5", "output_mean=64.5", "dynamic_timeout_ms=12.5", "requests=60" } },
        { "batching", { "policy=chunked", "arrival=gamma", "burstiness=0.75", "requests=60" } },
        { "graphcapture", { "example=item_scale" } },
        { "graphcapture",
            { "program=def f(x):\n    y = x * 0.5 + 1.25\n    if y.sum() > 2.5:\n        return y * 1e-3\n    return "
              "y\n",
                "inputs={\"x\": [[1.5, -0.25], [3.0, 0.125]]}" } },
        { "underflow", { "p=0.75", "steps=300", "logits=1000.5,1001.25,999.75" } },
        { "underflow", { "source=uniform", "uniform_low=0.25", "uniform_high=0.875", "steps=200" } },
        { "unrolling", { "measure=false", "llvm_mca=false", "kernel=dot", "overrides=load_latency=6" } },
        { "lambda", {} },
        { "lambda", { "term=(\\x.x x) (\\y.y)" } },
    };
}

QStringList withSets(QStringList arguments, const QStringList &sets)
{
    for (const QString &set : sets)
        arguments << QStringLiteral("--set") << set;
    return arguments;
}

} // namespace

TEST(Locale, EveryModuleGivesTheSameBytesUnderACommaDecimalLocale)
{
    if (!commaLocaleInstalled())
        GTEST_SKIP() << "de_DE.UTF-8 is not generated on this machine (packaging/install-deps.sh does it)";
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    const QStringList built = builtModules();
    for (const Case &c : cases()) {
        const QString id = QString::fromLatin1(c.module);
        if (!built.contains(id))
            continue; // a configuration without modules
        const QStringList sim = withSets({ QStringLiteral("sim"), id }, c.sets);
        const QStringList exportArgs = withSets({ QStringLiteral("export"), id }, c.sets);
        const QList<std::pair<QStringList, QString>> commands {
            { sim + QStringList { QStringLiteral("--json") }, {} },
            { sim, {} },
            { exportArgs, folder.filePath(id + QStringLiteral(".json")) },
            { exportArgs + QStringList { QStringLiteral("--step"), QStringLiteral("2") },
                folder.filePath(id + QStringLiteral(".csv")) },
        };
        for (const auto &[arguments, outPath] : commands) {
            const QString what = arguments.join(QLatin1Char(' '));
            const ProcessRun plain = runIn("C", arguments, outPath);
            const ProcessRun comma = runIn(kCommaLocale, arguments, outPath);
            ASSERT_EQ(plain.exitCode, 0) << what.toStdString() << "\n" << plain.err.toStdString();
            EXPECT_EQ(comma.exitCode, 0) << what.toStdString() << "\n" << comma.err.toStdString();
            EXPECT_EQ(comma.out, plain.out) << what.toStdString();
            EXPECT_EQ(comma.file, plain.file) << what.toStdString();
            if (!outPath.isEmpty()) {
                EXPECT_FALSE(plain.file.isEmpty()) << what.toStdString();
            }
        }
    }
}

TEST(Locale, ADecimalParameterReadsTheSameUnderACommaDecimalLocale)
{
    if (!commaLocaleInstalled())
        GTEST_SKIP() << "de_DE.UTF-8 is not generated on this machine (packaging/install-deps.sh does it)";
    if (!builtModules().contains(QStringLiteral("hashring")))
        GTEST_SKIP() << "hashring is not built in this configuration";
    // The exact value must arrive: 1.5 × 0.25 would become 0 or an error if "0.25" were read as 0.
    const QStringList arguments { QStringLiteral("sim"), QStringLiteral("hashring"), QStringLiteral("--set"),
        QStringLiteral("weights=0.25,0.25,0.5"), QStringLiteral("--set"), QStringLiteral("nodes=3"),
        QStringLiteral("--json") };
    const ProcessRun comma = runIn(kCommaLocale, arguments);
    ASSERT_EQ(comma.exitCode, 0) << comma.err.toStdString();
    EXPECT_EQ(comma.out, runIn("C", arguments).out);
}

TEST(Locale, EveryBundledLessonChecksTheSameUnderACommaDecimalLocale)
{
    if (!commaLocaleInstalled())
        GTEST_SKIP() << "de_DE.UTF-8 is not generated on this machine (packaging/install-deps.sh does it)";
    const QDir lessons(QStringLiteral(CONCEPTLAB_SOURCE_DIR "/resources/lessons"));
    for (const QString &name : lessons.entryList({ QStringLiteral("*.lesson.json") }, QDir::Files, QDir::Name)) {
        // The report prints every value a check read, with ranges such as [0.15, 0.25].
        const QStringList arguments { QStringLiteral("check"), lessons.filePath(name) };
        const ProcessRun comma = runIn(kCommaLocale, arguments);
        EXPECT_EQ(comma.exitCode, 0) << name.toStdString() << ": " << comma.err.toStdString();
        EXPECT_EQ(comma.out, runIn("C", arguments).out) << name.toStdString();
    }
}
