// Steps a module's session to a given step and renders the view's figure of it to a picture
// file (.png, .svg, .pdf), for `conceptlab export`, scenarios opened in the window, and
// File > Export.
#pragma once

#include "figure.h"
#include "parameterschema.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <memory>

namespace conceptlab {

class ConceptModule;
class ConceptView;
class Session;
class WorkControl;

/// Steps a figure may be asked for at most; a run longer than this is shown at this step.
inline constexpr int kMaxFigureStep = 1000000;

/// The step to show: a number, or the end of the run (the last step).
struct StepRequest {
    enum class Kind { Number, End };
    Kind kind = Kind::End;
    int number = 0;

    static StepRequest end() { return { Kind::End, 0 }; }
    static StepRequest at(int step) { return { Kind::Number, step }; }
};

/// A session of `module` built from `values` and stepped to the requested step, or why it
/// could not be. A step past the end shows the end: `step` is the step shown.
struct SteppedSession {
    std::unique_ptr<Session> session;
    int step = 0; ///< the step the session is at
    int lastStep = -1; ///< the run's last step; -1 when the run is longer than kMaxFigureStep
    bool clamped = false; ///< a step past the end was asked for: the session is at the end
    QString error; ///< the input error (with its position)
};
/// `control` cancels (Cancelled is thrown) and hears progress while the run is stepped.
SteppedSession steppedSession(
    ConceptModule &module, const ParameterValues &values, StepRequest request, const WorkControl &control);
/// The same, without progress or cancel.
SteppedSession steppedSession(ConceptModule &module, const ParameterValues &values, StepRequest request);

/// Waits, running the event loop, while `view` is busy; false after `timeoutMs`.
bool waitWhileBusy(ConceptView *view, int timeoutMs = 300000);

/// Gives `view` new `values`, waits (with a running event loop) while it builds its session,
/// at most `timeoutMs`, then steps it `step` times (a step past the end stops at the end).
/// Returns an error message, or empty.
QString advanceView(ConceptView *view, const ParameterValues &values, int step, int timeoutMs = 300000);

/// The picture formats a figure is written in: "png", "svg", "pdf".
QStringList figureFormats();

/// `view`'s figure of its current state, `size` pixels, as an image.
QImage renderFigureImage(ConceptView *view, QSize size, const FigureCaption &caption);

/// Writes `view`'s figure of its current state to `path` (.png, .svg or .pdf; the same figure
/// in each), `size` pixels (a PDF page of that many CSS pixels, 96 to the inch). Returns an
/// error message, or empty.
QString renderFigureToFile(ConceptView *view, const QString &path, QSize size, const FigureCaption &caption);

} // namespace conceptlab
