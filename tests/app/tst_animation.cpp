// Animation export (`conceptlab export ... --out FILE.gif|.webp`): frames decoded by an
// independent decoder (Pillow, through /usr/bin/python3), their count, size, delays and loop,
// the first and last frames against single-picture exports, and every bad option's message.
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

#include <cstdlib>

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
    // The fixtures first, then the modules built beside the binary.
    environment.insert(QStringLiteral("CONCEPTLAB_PLUGIN_PATH"), QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CONCEPTLAB_BINARY), arguments);
    process.waitForFinished(300000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
        QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError()) };
}

/// What Pillow read from an animation; `skip` says why it could not be asked.
struct Decoded {
    QString skip;
    QString error;
    QJsonObject info;
    QImage first;
    QImage last;
};

Decoded decode(const QString &path, const QTemporaryDir &dir)
{
    Decoded decoded;
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFile::exists(python)) {
        decoded.skip = QStringLiteral("no /usr/bin/python3");
        return decoded;
    }
    const QString firstPng = dir.filePath(QStringLiteral("decoded-first.png"));
    const QString lastPng = dir.filePath(QStringLiteral("decoded-last.png"));
    QFile::remove(firstPng);
    QFile::remove(lastPng);
    QProcess process;
    process.start(
        python, { QStringLiteral(CONCEPTLAB_SOURCE_DIR "/tests/app/decode_animation.py"), path, firstPng, lastPng });
    process.waitForFinished(120000);
    if (process.exitStatus() == QProcess::NormalExit && process.exitCode() == 3) {
        decoded.skip = QStringLiteral("Pillow (python3-pil) is not installed");
        return decoded;
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        decoded.error = QString::fromUtf8(process.readAllStandardError());
        return decoded;
    }
    decoded.info = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    decoded.first = QImage(firstPng).convertToFormat(QImage::Format_RGB32);
    decoded.last = QImage(lastPng).convertToFormat(QImage::Format_RGB32);
    return decoded;
}

#define DECODE_OR_SKIP(decoded, path, dir)                                                                             \
    const Decoded decoded = decode(path, dir);                                                                         \
    if (!(decoded).skip.isEmpty())                                                                                     \
        GTEST_SKIP() << (decoded).skip.toStdString();                                                                  \
    ASSERT_TRUE((decoded).error.isEmpty()) << (decoded).error.toStdString()

/// Mean and largest difference of the colour channels of two pictures of one size.
struct Difference {
    double mean = 0;
    int largest = 0;
};

Difference difference(const QImage &a, const QImage &b)
{
    const QImage left = a.convertToFormat(QImage::Format_RGB32);
    const QImage right = b.convertToFormat(QImage::Format_RGB32);
    Difference result;
    long long sum = 0;
    for (int y = 0; y < left.height(); ++y) {
        const auto *rowA = reinterpret_cast<const QRgb *>(left.constScanLine(y));
        const auto *rowB = reinterpret_cast<const QRgb *>(right.constScanLine(y));
        for (int x = 0; x < left.width(); ++x) {
            const int channels[3] = { std::abs(qRed(rowA[x]) - qRed(rowB[x])),
                std::abs(qGreen(rowA[x]) - qGreen(rowB[x])), std::abs(qBlue(rowA[x]) - qBlue(rowB[x])) };
            for (const int channel : channels) {
                sum += channel;
                result.largest = std::max(result.largest, channel);
            }
        }
    }
    result.mean = static_cast<double>(sum) / (3.0 * left.width() * left.height());
    return result;
}

/// A single-picture export of `step`, with the same module arguments.
QImage picture(const QStringList &moduleArguments, int step, const QString &size, const QTemporaryDir &dir)
{
    const QString png = dir.filePath(QStringLiteral("step%1.png").arg(step));
    const Outcome outcome = run(QStringList { QStringLiteral("export") } + moduleArguments
        + QStringList { QStringLiteral("--step"), QString::number(step), QStringLiteral("--size"), size,
            QStringLiteral("--out"), png });
    EXPECT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
    return QImage(png);
}

QList<int> durationsOf(const Decoded &decoded)
{
    QList<int> durations;
    for (const QJsonValue value : decoded.info.value(QStringLiteral("durations")).toArray())
        durations.append(value.toInt());
    return durations;
}

const QStringList kCounter { QStringLiteral("fixturegood"), QStringLiteral("--set"), QStringLiteral("count=10") };

} // namespace

TEST(Animation, GifHasOneFramePerStepWithItsDelayAndLoopsForever)
{
    QTemporaryDir dir;
    const QString gif = dir.filePath(QStringLiteral("counter.gif"));
    const Outcome outcome = run(QStringList { QStringLiteral("export") } + kCounter
        + QStringList { QStringLiteral("--steps"), QStringLiteral("2:7"), QStringLiteral("--fps"), QStringLiteral("25"),
            QStringLiteral("--size"), QStringLiteral("320x200"), QStringLiteral("--out"), gif });
    ASSERT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
    EXPECT_TRUE(outcome.err.isEmpty());
    DECODE_OR_SKIP(decoded, gif, dir);
    EXPECT_EQ(decoded.info.value(QStringLiteral("format")).toString(), QStringLiteral("GIF"));
    EXPECT_EQ(decoded.info.value(QStringLiteral("width")).toInt(), 320);
    EXPECT_EQ(decoded.info.value(QStringLiteral("height")).toInt(), 200);
    EXPECT_EQ(decoded.info.value(QStringLiteral("frames")).toInt(), 6);
    EXPECT_EQ(decoded.info.value(QStringLiteral("loop")).toInt(-1), 0); // 0: forever
    EXPECT_EQ(durationsOf(decoded), QList<int>({ 40, 40, 40, 40, 40, 40 }));

    // First and last frames are the pictures of steps 2 and 7, up to colour quantisation.
    const QImage step2 = picture(kCounter, 2, QStringLiteral("320x200"), dir);
    const QImage step7 = picture(kCounter, 7, QStringLiteral("320x200"), dir);
    ASSERT_EQ(decoded.first.size(), step2.size());
    ASSERT_EQ(decoded.last.size(), step7.size());
    EXPECT_LT(difference(decoded.first, step2).mean, 2.0);
    EXPECT_LT(difference(decoded.last, step7).mean, 2.0);
    // ...and not of other steps: the counter's text changes between them.
    EXPECT_GT(difference(step2, step7).largest, 100);
}

TEST(Animation, GifDelaysAddUpToTheFrameRate)
{
    // 30 fps in GIF's hundredths of a second: 3, 4, 3, 3, 4, 3 (exactly 0.2 s for six frames).
    QTemporaryDir dir;
    const QString gif = dir.filePath(QStringLiteral("counter.gif"));
    const Outcome outcome = run(QStringList { QStringLiteral("export") } + kCounter
        + QStringList { QStringLiteral("--steps"), QStringLiteral("0:5"), QStringLiteral("--fps"), QStringLiteral("30"),
            QStringLiteral("--size"), QStringLiteral("64x64"), QStringLiteral("--out"), gif });
    ASSERT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
    DECODE_OR_SKIP(decoded, gif, dir);
    EXPECT_EQ(durationsOf(decoded), QList<int>({ 30, 40, 30, 30, 40, 30 }));

    // Above 50 fps GIF plays at its fastest reliable rate, 2 hundredths a frame.
    const Outcome fast = run(QStringList { QStringLiteral("export") } + kCounter
        + QStringList { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--fps"), QStringLiteral("60"),
            QStringLiteral("--size"), QStringLiteral("64x64"), QStringLiteral("--out"), gif });
    ASSERT_EQ(fast.exitCode, 0) << fast.err.toStdString();
    DECODE_OR_SKIP(fastDecoded, gif, dir);
    EXPECT_EQ(durationsOf(fastDecoded), QList<int>({ 20, 20, 20 }));
}

TEST(Animation, WebPIsLosslessWithExactFirstAndLastFrames)
{
    QTemporaryDir dir;
    const QString webp = dir.filePath(QStringLiteral("counter.webp"));
    const Outcome outcome = run(QStringList { QStringLiteral("export") } + kCounter
        + QStringList { QStringLiteral("--steps"), QStringLiteral("3:10"), QStringLiteral("--fps"), QStringLiteral("8"),
            QStringLiteral("--size"), QStringLiteral("300x180"), QStringLiteral("--out"), webp });
    ASSERT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
    DECODE_OR_SKIP(decoded, webp, dir);
    EXPECT_EQ(decoded.info.value(QStringLiteral("format")).toString(), QStringLiteral("WEBP"));
    EXPECT_EQ(decoded.info.value(QStringLiteral("width")).toInt(), 300);
    EXPECT_EQ(decoded.info.value(QStringLiteral("height")).toInt(), 180);
    EXPECT_EQ(decoded.info.value(QStringLiteral("frames")).toInt(), 8);
    EXPECT_EQ(decoded.info.value(QStringLiteral("loop")).toInt(-1), 0);
    EXPECT_EQ(durationsOf(decoded), QList<int>(8, 125));
    const QImage step3 = picture(kCounter, 3, QStringLiteral("300x180"), dir);
    const QImage step10 = picture(kCounter, 10, QStringLiteral("300x180"), dir);
    EXPECT_EQ(difference(decoded.first, step3).largest, 0);
    EXPECT_EQ(difference(decoded.last, step10).largest, 0);
}

TEST(Animation, RealModuleFramesMatchItsPictures)
{
    // A module with a busy view (a ring, charts, antialiased text) in both formats.
    QTemporaryDir dir;
    const QStringList hashring { QStringLiteral("hashring") };
    const QImage step0 = picture(hashring, 0, QStringLiteral("640x360"), dir);
    const QImage step3 = picture(hashring, 3, QStringLiteral("640x360"), dir);
    for (const QString &name : { QStringLiteral("ring.gif"), QStringLiteral("ring.webp") }) {
        const QString path = dir.filePath(name);
        const Outcome outcome = run(
            { QStringLiteral("export"), QStringLiteral("hashring"), QStringLiteral("--steps"), QStringLiteral("0:3"),
                QStringLiteral("--size"), QStringLiteral("640x360"), QStringLiteral("--out"), path });
        ASSERT_EQ(outcome.exitCode, 0) << outcome.err.toStdString();
        DECODE_OR_SKIP(decoded, path, dir);
        EXPECT_EQ(decoded.info.value(QStringLiteral("frames")).toInt(), 4) << name.toStdString();
        EXPECT_EQ(durationsOf(decoded), QList<int>(4, 100)) << name.toStdString(); // 10 fps by default
        EXPECT_LT(difference(decoded.first, step0).mean, 2.0) << name.toStdString();
        EXPECT_LT(difference(decoded.last, step3).mean, 2.0) << name.toStdString();
    }
}

TEST(Animation, BadOptionsExitTwoWithOneLine)
{
    QTemporaryDir dir;
    const QString gif = dir.filePath(QStringLiteral("bad.gif"));
    struct Case {
        QStringList arguments;
        QString message;
    };
    const QString prefix = QStringLiteral("conceptlab: export: ");
    const QList<Case> cases = {
        { { QStringLiteral("--steps"), QStringLiteral("5") },
            QStringLiteral("--steps '5': expected FIRST:LAST, two step numbers such as 0:59") },
        { { QStringLiteral("--steps"), QStringLiteral("-1:3") },
            QStringLiteral("--steps '-1:3': expected FIRST:LAST, two step numbers such as 0:59") },
        { { QStringLiteral("--steps"), QStringLiteral("1.5:3") },
            QStringLiteral("--steps '1.5:3': expected FIRST:LAST, two step numbers such as 0:59") },
        { { QStringLiteral("--steps"), QStringLiteral("7:2") },
            QStringLiteral("--steps '7:2': the first step (7) is after the last (2)") },
        { { QStringLiteral("--steps"), QStringLiteral("0:99999999999999999999") },
            QStringLiteral("--steps '0:99999999999999999999': expected FIRST:LAST, two step numbers such as 0:59") },
        { { QStringLiteral("--steps"), QStringLiteral("0:2000000") },
            QStringLiteral("--steps '0:2000000': each step must be in [0, 1000000]") },
        { { QStringLiteral("--steps"), QStringLiteral("0:1000") },
            QStringLiteral("--steps '0:1000': 1001 frames; an animation has at most 1000 frames") },
        { { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--fps"), QStringLiteral("0") },
            QStringLiteral("--fps '0': expected a whole number of frames per second in [1, 60]") },
        { { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--fps"), QStringLiteral("61") },
            QStringLiteral("--fps '61': expected a whole number of frames per second in [1, 60]") },
        { { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--fps"), QStringLiteral("12,5") },
            QStringLiteral("--fps '12,5': expected a whole number of frames per second in [1, 60]") },
        { { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--size"), QStringLiteral("10x10") },
            QStringLiteral("--size '10x10': each side must be in [64, 8192] pixels") },
        { { QStringLiteral("--steps"), QStringLiteral("0:40"), QStringLiteral("--size"), QStringLiteral("8192x8192") },
            QStringLiteral("--steps '0:40' at --size 8192x8192: 2751463424 pixels in all frames; the limit is "
                           "2147483648 (frames × width × height)") },
        { {}, QStringLiteral("an animation needs --steps FIRST:LAST, e.g. --steps 0:59") },
        { { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--step"), QStringLiteral("1") },
            QStringLiteral("--step is for pictures; an animation takes --steps FIRST:LAST") },
        { { QStringLiteral("--steps"), QStringLiteral("12:14") },
            QStringLiteral("--steps '12:14': step 12 is past the end: the simulation ends at step 10") },
        { { QStringLiteral("--steps"), QStringLiteral("8:12") },
            QStringLiteral("--steps '8:12': step 12 is past the end: the simulation ends at step 10") },
    };
    for (const Case &c : cases) {
        const Outcome outcome = run(QStringList { QStringLiteral("export") } + kCounter + c.arguments
            + QStringList { QStringLiteral("--out"), gif });
        EXPECT_EQ(outcome.exitCode, 2) << c.arguments.join(QLatin1Char(' ')).toStdString();
        EXPECT_EQ(outcome.err, prefix + c.message + QLatin1Char('\n'));
        EXPECT_FALSE(QFile::exists(gif)) << "nothing is written for " << c.arguments.join(' ').toStdString();
    }
    // Animation options with a picture's format.
    const Outcome png = run(QStringList { QStringLiteral("export") } + kCounter
        + QStringList { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--out"),
            dir.filePath(QStringLiteral("x.png")) });
    EXPECT_EQ(png.exitCode, 2);
    EXPECT_EQ(png.err, prefix + QStringLiteral("--steps and --fps are for animations: --out FILE.gif or FILE.webp\n"));
    // A folder that does not exist: the run fails before drawing.
    const Outcome nowhere = run(QStringList { QStringLiteral("export") } + kCounter
        + QStringList { QStringLiteral("--steps"), QStringLiteral("0:2"), QStringLiteral("--out"),
            dir.filePath(QStringLiteral("no/such/folder/x.webp")) });
    EXPECT_EQ(nowhere.exitCode, 1);
    EXPECT_TRUE(nowhere.err.startsWith(prefix + QStringLiteral("cannot write '"))) << nowhere.err.toStdString();
    EXPECT_EQ(nowhere.err.count(QLatin1Char('\n')), 1);
}
