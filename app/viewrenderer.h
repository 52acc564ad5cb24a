// Drives a module's view to a given step and renders it to a picture file, for
// `conceptlab export` and the window's File > Export.
#pragma once

#include "parameterschema.h"

#include <QSize>
#include <QString>

namespace conceptlab {

class ConceptView;

/// Resets `view` with `values` and steps it `step` times, waiting (with a running event loop)
/// while it is busy, at most `timeoutMs` per step. Returns an error message, or empty.
QString advanceView(ConceptView *view, const ParameterValues &values, int step, int timeoutMs = 300000);

/// Writes `view` as it is now to `path`: .png or .svg, `size` pixels for a hidden view (shown
/// offscreen first), the view's own size for a visible one. Returns an error message, or empty.
QString renderViewToFile(ConceptView *view, const QString &path, QSize size);

} // namespace conceptlab
