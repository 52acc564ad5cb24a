// Text sizes relative to the application font. Presenter mode enlarges the application font;
// a widget whose font was set once (a code editor's fixed font, a bold title, a chart's
// axis labels) would keep its old size, so views set fonts through these functions, which
// follow every change of the application font.
#pragma once

#include "conceptlabsdk_export.h"

#include <QFont>

#include <functional>

QT_BEGIN_NAMESPACE
class QChart;
class QObject;
class QWidget;
QT_END_NAMESPACE

namespace conceptlab {

struct FontStyle {
    qreal scale = 1.0; ///< times the application font's size
    bool bold = false;
    bool fixedPitch = false; ///< the system's monospace font (code, terms, assembly)
};

/// The application font, scaled and styled.
CONCEPTLAB_SDK_EXPORT QFont styledFont(const FontStyle &style);

/// Sets `widget`'s font to styledFont(style) now and again whenever the application font changes.
CONCEPTLAB_SDK_EXPORT void followApplicationFont(QWidget *widget, const FontStyle &style);

/// Calls `apply` now and again, after the change, whenever the application font changes, for
/// as long as `owner` lives (to rebuild what was drawn with the old font).
CONCEPTLAB_SDK_EXPORT void onApplicationFontChange(QObject *owner, std::function<void()> apply);

/// Sets a chart's title, legend and axis fonts from the application font (axis labels and
/// legend slightly smaller than body text, the title bold), now and after every change.
/// Call it again when the chart gets new axes.
CONCEPTLAB_SDK_EXPORT void applyChartFonts(QChart *chart);

} // namespace conceptlab
