// The range number line (rangeline.h).
#include "rangeline.h"

#include "productchart.h"

#include <QPainter>

#include <cmath>

namespace conceptlab::underflow {

namespace {
    constexpr double kLowest = -330; // log10 below float64's smallest subnormal (−323.3)
    constexpr double kHighest = 320; // log10 above float64's largest value (308.3)
    constexpr int kLabelWidth = 104;
} // namespace

RangeLine::RangeLine(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(140);
}

void RangeLine::setSnapshot(const UnderflowSnapshot &snapshot)
{
    m_snapshot = snapshot;
    update();
}

void RangeLine::setHighlight(const QString &format)
{
    m_highlight = format;
    update();
}

void RangeLine::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    paintContent(painter, size());
}

void RangeLine::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    figure::paintScaled(
        painter, rect, font(), style.small, [this](QPainter &scaled, QSize size) { paintContent(scaled, size); });
}

void RangeLine::paintContent(QPainter &painter, QSize size) const
{
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor text = palette().color(QPalette::WindowText);
    painter.setPen(text);
    painter.drawText(QRectF(0, 0, size.width(), 20), Qt::AlignLeft | Qt::AlignVCenter,
        tr("Ranges (log10): thin = subnormal, thick = normal, ● = product now"));
    const double left = kLabelWidth;
    const double right = size.width() - 12.0;
    auto xOf = [&](double log10Value) { return left + (log10Value - kLowest) / (kHighest - kLowest) * (right - left); };
    const int rows = std::max<int>(1, static_cast<int>(m_snapshot.formats.size()));
    const double top = 24;
    const double axisY = size.height() - 18.0;
    const double rowHeight = std::min(24.0, (axisY - top - 4) / rows);
    painter.setPen(QPen(text, 1));
    painter.drawLine(QPointF(left, axisY), QPointF(right, axisY));
    for (int tick = -300; tick <= 300; tick += 100) {
        painter.drawLine(QPointF(xOf(tick), axisY - 3), QPointF(xOf(tick), axisY + 3));
        painter.drawText(QRectF(xOf(tick) - 30, axisY + 2, 60, 16), Qt::AlignCenter,
            tick == 0 ? QStringLiteral("1") : QStringLiteral("1e%1").arg(tick));
    }
    for (std::size_t r = 0; r < m_snapshot.formats.size(); ++r) {
        const FormatState &f = m_snapshot.formats[r];
        const FormatSpec &spec = specOf(f.format);
        const double y = top + rowHeight * (static_cast<double>(r) + 0.5);
        const QColor color = formatColor(f.format);
        const std::string_view name = kFormatNames.name(f.format);
        const QString label = QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
        painter.setPen(color.darker(130));
        painter.drawText(QRectF(4, y - rowHeight / 2, kLabelWidth - 8, rowHeight), Qt::AlignVCenter, label);
        const double sub = xOf(std::log10(smallestSubnormal(spec)));
        const double normal = xOf(std::log10(smallestNormal(spec)));
        const double high = xOf(std::log10(largestFinite(spec)));
        painter.setPen(QPen(color, 2));
        painter.drawLine(QPointF(sub, y), QPointF(normal, y));
        painter.setPen(QPen(color, 7, Qt::SolidLine, Qt::FlatCap));
        painter.drawLine(QPointF(normal, y), QPointF(std::max(high, normal + 2), y));
        if (f.value > 0 && std::isfinite(f.value)) {
            painter.setPen(QPen(text, 1));
            painter.setBrush(color.lighter(120));
            painter.drawEllipse(QPointF(xOf(std::log10(f.value)), y), 5, 5);
        } else if (f.value == 0) {
            painter.setPen(QPen(text, 1));
            painter.drawText(
                QRectF(sub - 42, y - rowHeight / 2, 38, rowHeight), Qt::AlignRight | Qt::AlignVCenter, tr("0 ✕"));
        }
        if (label == m_highlight) {
            painter.setPen(QPen(QColor(0xe6, 0x00, 0x7a), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(QRectF(1, y - rowHeight / 2, size.width() - 2, rowHeight), 4, 4);
        }
    }
}

} // namespace conceptlab::underflow
