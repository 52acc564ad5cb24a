// One look for every chart and drawing: a categorical palette that stays readable
// for colour-blind viewers, and a Qt Charts styling that follows the window palette.
#pragma once

#include "conceptlabsdk_export.h"

#include <QColor>

QT_BEGIN_NAMESPACE
class QChart;
QT_END_NAMESPACE

namespace conceptlab {

/// The i-th colour of the categorical palette: Okabe–Ito first, then hues a golden angle apart.
CONCEPTLAB_SDK_EXPORT QColor categoryColor(int index);

/// Styles a chart: transparent background, palette text colours, fonts that follow the application
/// font (applyChartFonts), legend at the bottom, animations off (views redraw often; animations
/// would lag behind the simulation).
CONCEPTLAB_SDK_EXPORT void applyChartTheme(QChart *chart);

} // namespace conceptlab
