// Steps a module's session to a given step and renders a view of it to a picture file,
// for `conceptlab export`, scenarios opened in the window, and File > Export.
#pragma once

#include "parameterschema.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <memory>

namespace conceptlab {

class ConceptModule;
class ConceptView;
class Session;

/// A session of `module` built from `values` and stepped `step` times, or why it could not be.
struct SteppedSession {
    std::unique_ptr<Session> session;
    QString error; ///< the input error (with its position) or the step past the end
};
SteppedSession steppedSession(ConceptModule &module, const ParameterValues &values, int step);

/// Waits, running the event loop, while `view` is busy; false after `timeoutMs`.
bool waitWhileBusy(ConceptView *view, int timeoutMs = 300000);

/// Gives `view` new `values`, waits (with a running event loop) while it builds its session,
/// at most `timeoutMs`, then steps it `step` times. Returns an error message, or empty.
QString advanceView(ConceptView *view, const ParameterValues &values, int step, int timeoutMs = 300000);

/// `view` as it is now, drawn as the .png of renderViewToFile() is: `size` pixels for a hidden
/// view (shown offscreen first), the view's own size for a visible one. Every animation frame
/// is drawn by this.
QImage renderViewToImage(ConceptView *view, QSize size);

/// Writes `view` as it is now to `path`: .png or .svg, `size` pixels for a hidden view (shown
/// offscreen first), the view's own size for a visible one. Returns an error message, or empty.
QString renderViewToFile(ConceptView *view, const QString &path, QSize size);

} // namespace conceptlab
