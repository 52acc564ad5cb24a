// Animation export (.gif, .webp): the options and their limits, and the exporter that steps a
// view from the first step to the last, draws each step as single-picture export does, and
// hands the frames to an encoder working off the GUI thread.
#pragma once

#include "animationencoder.h"
#include "parameterschema.h"

#include <QObject>
#include <QPointer>
#include <QSaveFile>
#include <QSize>
#include <QString>

#include <memory>
#include <optional>

namespace conceptlab {

class ConceptModule;
class ConceptView;

constexpr int kMinAnimationFps = 1;
constexpr int kMaxAnimationFps = 60;
/// Frames in one animation (steps FIRST to LAST, both included).
constexpr int kMaxAnimationFrames = 1000;
/// Pixels drawn for one animation: frames × width × height (2³¹).
constexpr long long kMaxAnimationPixels = 2147483648LL;
/// Steps beyond this are refused, as for a single picture's --step.
constexpr int kMaxAnimationStep = 1000000;

/// What to export: the steps, the frame rate and size, and where to.
struct AnimationOptions {
    int firstStep = 0;
    int lastStep = 0;
    int fps = 10;
    QSize size { 1280, 720 };
    AnimationFormat format = AnimationFormat::Gif;
    QString path;
    QString moduleTitle; ///< for each frame's figure title
    int runLastStep = -1; ///< the run's last step, for "step N of M" (-1: unknown)

    int frameCount() const { return lastStep - firstStep + 1; }
};

/// The animation format named by `path`'s suffix (.gif, .webp), if any.
std::optional<AnimationFormat> animationFormatOf(const QString &path);
/// Reads "FIRST:LAST" into `options`; returns the error, naming --steps, or empty.
QString parseStepRange(const QString &text, AnimationOptions *options);
/// Reads a frame rate into `options`; returns the error, naming --fps, or empty.
QString parseFps(const QString &text, AnimationOptions *options);
/// Checks the steps, frame rate, frame count and pixel count; returns the error or empty.
QString checkAnimationOptions(const AnimationOptions &options);

enum class ExportOutcome { Written, BadInput, Failed, Cancelled };

/// How an export ended, with the message for anything but Written.
struct ExportResult {
    ExportOutcome outcome = ExportOutcome::Written;
    QString message;
};

/// Steps `view` (showing a session at options.firstStep) to options.lastStep on the GUI thread,
/// one frame per turn of the event loop, and encodes the frames on worker threads. The file is
/// written only when the whole animation is ready; on error or cancel nothing is written.
class AnimationExporter : public QObject {
    Q_OBJECT
public:
    AnimationExporter(ConceptView *view, AnimationOptions options, QObject *parent = nullptr);
    ~AnimationExporter() override;

    /// Starts; finished() follows, always, from the event loop.
    void start();
    /// Stops at the next turn of the event loop; finished() reports Cancelled.
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    /// Frames drawn so far; the encoder may still be working on them.
    void progressChanged(int framesDrawn, int frameCount);
    void finished(const conceptlab::ExportResult &result);

private:
    void nextSlice();
    void scheduleSlice(int delayMs);
    void drawFrame();
    void writeFile();
    void end(ExportOutcome outcome, const QString &message = {});

    QPointer<ConceptView> m_view;
    AnimationOptions m_options;
    std::unique_ptr<AnimationEncoder> m_encoder;
    QSaveFile m_file;
    int m_framesDrawn = 0;
    bool m_running = false;
    bool m_cancelRequested = false;
};

/// `conceptlab export` to a .gif or .webp: builds the session at the first step, shows it in a
/// hidden view of `size` and runs an AnimationExporter to the end; each frame is the module's
/// figure (titled `moduleTitle`) at its step. Texts are the raw options.
ExportResult exportAnimation(ConceptModule &module, const QString &moduleTitle, const ParameterValues &values,
    const QString &outPath, QSize size, const std::optional<QString> &stepsText, const std::optional<QString> &fpsText);

} // namespace conceptlab
