// Animation export: option parsing and limits, the frame loop on the GUI thread, and the
// headless `export ... --out FILE.gif|.webp` command.
#include "animationexport.h"

#include "conceptmodule.h"
#include "messagetext.h"
#include "viewrenderer.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <charconv>

namespace conceptlab {

namespace {

    /// A whole decimal number with nothing around it (no sign, spaces or exponent), or nullopt.
    std::optional<long long> wholeNumber(const QByteArray &text)
    {
        if (text.isEmpty() || text.size() > 18)
            return std::nullopt;
        for (const char c : text)
            if (c < '0' || c > '9')
                return std::nullopt;
        long long value = 0;
        const auto [end, error] = std::from_chars(text.constData(), text.constData() + text.size(), value);
        if (error != std::errc() || end != text.constData() + text.size())
            return std::nullopt;
        return value;
    }

    QString rangeText(const AnimationOptions &options)
    {
        return QStringLiteral("%1:%2").arg(options.firstStep).arg(options.lastStep);
    }

} // namespace

std::optional<AnimationFormat> animationFormatOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("gif"))
        return AnimationFormat::Gif;
    if (suffix == QLatin1String("webp"))
        return AnimationFormat::WebP;
    return std::nullopt;
}

QString parseStepRange(const QString &text, AnimationOptions *options)
{
    const QByteArray bytes = text.toUtf8();
    const qsizetype colon = bytes.indexOf(':');
    const std::optional<long long> first = colon < 0 ? std::nullopt : wholeNumber(bytes.left(colon));
    const std::optional<long long> last = colon < 0 ? std::nullopt : wholeNumber(bytes.mid(colon + 1));
    if (!first || !last)
        return QStringLiteral("--steps %1: expected FIRST:LAST, two step numbers such as 0:59").arg(quotedText(text));
    if (*first > kMaxAnimationStep || *last > kMaxAnimationStep)
        return QStringLiteral("--steps %1: each step must be in [0, %2]").arg(quotedText(text)).arg(kMaxAnimationStep);
    if (*first > *last)
        return QStringLiteral("--steps %1: the first step (%2) is after the last (%3)")
            .arg(quotedText(text))
            .arg(*first)
            .arg(*last);
    options->firstStep = static_cast<int>(*first);
    options->lastStep = static_cast<int>(*last);
    return {};
}

QString parseFps(const QString &text, AnimationOptions *options)
{
    const std::optional<long long> fps = wholeNumber(text.toUtf8());
    if (!fps || *fps < kMinAnimationFps || *fps > kMaxAnimationFps)
        return QStringLiteral("--fps %1: expected a whole number of frames per second in [%2, %3]")
            .arg(quotedText(text))
            .arg(kMinAnimationFps)
            .arg(kMaxAnimationFps);
    options->fps = static_cast<int>(*fps);
    return {};
}

QString checkAnimationOptions(const AnimationOptions &options)
{
    if (options.firstStep < 0 || options.lastStep > kMaxAnimationStep || options.firstStep > options.lastStep)
        return QStringLiteral("--steps %1: expected FIRST:LAST with 0 <= FIRST <= LAST <= %2")
            .arg(rangeText(options))
            .arg(kMaxAnimationStep);
    if (options.fps < kMinAnimationFps || options.fps > kMaxAnimationFps)
        return QStringLiteral("--fps '%1': expected a whole number of frames per second in [%2, %3]")
            .arg(options.fps)
            .arg(kMinAnimationFps)
            .arg(kMaxAnimationFps);
    if (options.frameCount() > kMaxAnimationFrames)
        return QStringLiteral("--steps '%1': %2 frames; an animation has at most %3 frames")
            .arg(rangeText(options))
            .arg(options.frameCount())
            .arg(kMaxAnimationFrames);
    const long long pixels
        = static_cast<long long>(options.frameCount()) * options.size.width() * options.size.height();
    if (pixels > kMaxAnimationPixels)
        return QStringLiteral("--steps '%1' at --size %2x%3: %4 pixels in all frames; the limit is %5 "
                              "(frames × width × height)")
            .arg(rangeText(options))
            .arg(options.size.width())
            .arg(options.size.height())
            .arg(pixels)
            .arg(kMaxAnimationPixels);
    return {};
}

AnimationExporter::AnimationExporter(ConceptView *view, AnimationOptions options, QObject *parent)
    : QObject(parent)
    , m_view(view)
    , m_options(std::move(options))
    , m_file(m_options.path)
{
}

AnimationExporter::~AnimationExporter() = default;

void AnimationExporter::start()
{
    m_running = true;
    m_framesDrawn = 0;
    m_cancelRequested = false;
    if (const QString error = checkAnimationOptions(m_options); !error.isEmpty()) {
        QTimer::singleShot(0, this, [this, error] { end(ExportOutcome::BadInput, error); });
        return;
    }
    // Opened now, so that an unwritable place is reported before any frame is drawn.
    if (!m_file.open(QIODevice::WriteOnly)) {
        const QString error = QStringLiteral("cannot write '%1': %2").arg(m_options.path, m_file.errorString());
        QTimer::singleShot(0, this, [this, error] { end(ExportOutcome::Failed, error); });
        return;
    }
    m_encoder = AnimationEncoder::create(m_options.format, m_options.size, m_options.fps);
    scheduleSlice(0);
}

void AnimationExporter::cancel()
{
    m_cancelRequested = true;
}

void AnimationExporter::scheduleSlice(int delayMs)
{
    QTimer::singleShot(delayMs, this, &AnimationExporter::nextSlice);
}

void AnimationExporter::nextSlice()
{
    if (!m_running)
        return;
    if (m_cancelRequested)
        return end(ExportOutcome::Cancelled, QStringLiteral("cancelled"));
    if (!m_view)
        return end(ExportOutcome::Failed, QStringLiteral("the view was closed"));
    if (m_framesDrawn == m_options.frameCount()) {
        if (!m_encoder->isDone())
            return scheduleSlice(5);
        return writeFile();
    }
    if (m_encoder->isDone()) // stopped early: it failed
        return end(ExportOutcome::Failed, m_encoder->error());
    const int wantedStep = m_options.firstStep + m_framesDrawn;
    if (m_view->currentStep() < wantedStep) {
        if (m_view->atEnd())
            return end(ExportOutcome::BadInput,
                QStringLiteral("step %1 is past the end: the simulation ends at step %2")
                    .arg(m_options.lastStep)
                    .arg(m_view->currentStep()));
        // The view is never shown, as for a single picture: views then draw the step's final
        // state at once instead of starting a transition (e.g. keys moving on a ring).
        m_view->stepForward();
        return scheduleSlice(0);
    }
    // A busy view is still drawing the step; a full encoder still holds enough frames.
    if (m_view->isBusy() || m_encoder->isFull())
        return scheduleSlice(2);
    drawFrame();
    scheduleSlice(0);
}

void AnimationExporter::drawFrame()
{
    const QImage frame = renderFigureImage(
        m_view, m_options.size, { m_options.moduleTitle, m_view->currentStep(), m_options.runLastStep });
    if (frame.size() != m_options.size)
        return end(ExportOutcome::Failed,
            QStringLiteral("the view was drawn at %1x%2 pixels, not %3x%4")
                .arg(frame.width())
                .arg(frame.height())
                .arg(m_options.size.width())
                .arg(m_options.size.height()));
    m_encoder->addFrame(frame);
    ++m_framesDrawn;
    Q_EMIT progressChanged(m_framesDrawn, m_options.frameCount());
    if (m_framesDrawn == m_options.frameCount())
        m_encoder->finish();
}

void AnimationExporter::writeFile()
{
    if (const QString error = m_encoder->error(); !error.isEmpty())
        return end(ExportOutcome::Failed, error);
    const QByteArray bytes = m_encoder->result();
    if (m_file.write(bytes) != bytes.size() || !m_file.commit())
        return end(
            ExportOutcome::Failed, QStringLiteral("cannot write '%1': %2").arg(m_options.path, m_file.errorString()));
    end(ExportOutcome::Written);
}

void AnimationExporter::end(ExportOutcome outcome, const QString &message)
{
    if (!m_running)
        return;
    m_running = false;
    if (m_encoder)
        m_encoder->cancel();
    m_encoder.reset();
    if (outcome != ExportOutcome::Written && m_file.isOpen())
        m_file.cancelWriting();
    Q_EMIT finished(ExportResult { outcome, message });
}

ExportResult exportAnimation(ConceptModule &module, const QString &moduleTitle, const ParameterValues &values,
    const QString &outPath, QSize size, const std::optional<QString> &stepsText, const std::optional<QString> &fpsText)
{
    const auto badInput = [](const QString &message) { return ExportResult { ExportOutcome::BadInput, message }; };
    AnimationOptions options;
    options.path = outPath;
    options.size = size;
    const std::optional<AnimationFormat> format = animationFormatOf(outPath);
    if (!format)
        return badInput(QStringLiteral("--steps and --fps are for animations: --out FILE.gif or FILE.webp"));
    options.format = *format;
    if (!stepsText)
        return badInput(QStringLiteral("an animation needs --steps FIRST:LAST, e.g. --steps 0:59"));
    if (QString error = parseStepRange(*stepsText, &options); !error.isEmpty())
        return badInput(error);
    if (fpsText)
        if (QString error = parseFps(*fpsText, &options); !error.isEmpty())
            return badInput(error);
    if (QString error = checkAnimationOptions(options); !error.isEmpty())
        return badInput(error);

    SteppedSession stepped = steppedSession(module, values, StepRequest::at(options.firstStep));
    if (!stepped.error.isEmpty())
        return badInput(stepped.error);
    if (stepped.clamped)
        return badInput(QStringLiteral("--steps '%1': step %2 is past the end: the simulation ends at step %3")
                            .arg(*stepsText)
                            .arg(options.firstStep)
                            .arg(stepped.lastStep));
    options.moduleTitle = moduleTitle;
    options.runLastStep = stepped.lastStep;
    const std::unique_ptr<ConceptView> view(module.createView(nullptr));
    view->resize(size); // as for a single picture: frames are the same figures
    view->showSession(std::move(stepped.session));
    if (!waitWhileBusy(view.get()))
        return { ExportOutcome::Failed, QStringLiteral("the view did not finish drawing") };

    AnimationExporter exporter(view.get(), options);
    ExportResult result;
    QEventLoop loop;
    QObject::connect(&exporter, &AnimationExporter::finished, &loop, [&](const ExportResult &outcome) {
        result = outcome;
        loop.quit();
    });
    exporter.start();
    loop.exec();
    if (result.outcome == ExportOutcome::BadInput) // the last step is past the end
        result.message = QStringLiteral("--steps '%1': %2").arg(*stepsText, result.message);
    return result;
}

} // namespace conceptlab
