// Palette and Qt Charts styling shared by all modules.
#include "charttheme.h"

#include "viewfonts.h"

#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QPalette>
#include <QValueAxis>

#include <array>
#include <cmath>

namespace conceptlab {

QColor categoryColor(int index)
{
    // Okabe & Ito (2008), without black: distinguishable under the common colour-vision deficiencies.
    static constexpr std::array<QRgb, 7> kPalette
        = { 0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442 };
    const int n = static_cast<int>(kPalette.size());
    if (index >= 0 && index < n)
        return QColor::fromRgb(kPalette[static_cast<std::size_t>(index)]);
    // Beyond the palette: hues a golden angle apart stay distinct for many categories.
    const double hue = std::fmod(0.11 + 0.618033988749895 * std::abs(index), 1.0);
    return QColor::fromHsvF(static_cast<float>(hue), 0.6f, 0.85f);
}

void applyChartTheme(QChart *chart)
{
    const QPalette palette = QApplication::palette();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundVisible(false);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(palette.color(QPalette::WindowText));
    chart->legend()->setLabelColor(palette.color(QPalette::WindowText));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsColor(palette.color(QPalette::WindowText));
        axis->setTitleBrush(palette.color(QPalette::WindowText));
        axis->setGridLineColor(palette.color(QPalette::Mid));
        axis->setLinePenColor(palette.color(QPalette::Mid));
    }
    applyChartFonts(chart);
}

} // namespace conceptlab
