// Gantt-style timeline widget: painting with culling by time, zoom, pan and tool tips.
#include "timelineview.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace conceptlab {

namespace {

    double barStart(const TimelineBar &bar)
    {
        double start = bar.segments.isEmpty() ? 0 : bar.segments.front().startTime;
        for (const TimelineSegment &segment : bar.segments)
            start = std::min(start, segment.startTime);
        return start;
    }

    double barEnd(const TimelineBar &bar)
    {
        double end = bar.segments.isEmpty() ? 0 : bar.segments.front().endTime;
        for (const TimelineSegment &segment : bar.segments)
            end = std::max(end, segment.endTime);
        return end;
    }

    // 1, 2 or 5 times a power of ten, at least `raw`.
    double niceStep(double raw)
    {
        if (!(raw > 0) || !std::isfinite(raw))
            return 1;
        const double power = std::pow(10.0, std::floor(std::log10(raw)));
        for (const double factor : { 1.0, 2.0, 5.0, 10.0 })
            if (factor * power >= raw)
                return factor * power;
        return 10 * power;
    }

} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setFocusPolicy(Qt::ClickFocus);
}

QSize TimelineView::sizeHint() const
{
    return { 640, 320 };
}

QSize TimelineView::minimumSizeHint() const
{
    return { 160, 80 };
}

void TimelineView::setRows(int rowCount, const QStringList &labels)
{
    m_rowCount = std::max(0, rowCount);
    m_rowLabels = labels;
    m_layerValid = false;
    update();
}

void TimelineView::setBars(QList<TimelineBar> bars)
{
    m_bars = std::move(bars);
    indexBars();
    m_layerValid = false;
    if (!m_explicitRange) {
        double start = 0;
        double end = 0;
        bool first = true;
        for (const TimelineBar &bar : std::as_const(m_bars)) {
            if (bar.segments.isEmpty())
                continue;
            start = first ? barStart(bar) : std::min(start, barStart(bar));
            end = first ? barEnd(bar) : std::max(end, barEnd(bar));
            first = false;
        }
        m_timeStart = start;
        m_timeEnd = end > start ? end : start + 1;
        fitAll();
    }
    update();
}

void TimelineView::clear()
{
    m_bars.clear();
    indexBars();
    m_layerValid = false;
    update();
}

void TimelineView::indexBars()
{
    m_order.resize(m_bars.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    QList<double> starts(m_bars.size());
    m_longestBar = 0;
    for (qsizetype i = 0; i < m_bars.size(); ++i) {
        starts[i] = barStart(m_bars[i]);
        m_longestBar = std::max(m_longestBar, barEnd(m_bars[i]) - starts[i]);
    }
    std::stable_sort(m_order.begin(), m_order.end(), [&](int a, int b) { return starts[a] < starts[b]; });
    m_orderStart.resize(m_order.size());
    for (qsizetype i = 0; i < m_order.size(); ++i)
        m_orderStart[i] = starts[m_order[i]];
}

void TimelineView::setTimeRange(double startTime, double endTime)
{
    m_explicitRange = true;
    m_timeStart = startTime;
    m_timeEnd = endTime > startTime ? endTime : startTime + 1;
    fitAll();
}

void TimelineView::setVisibleRange(double startTime, double endTime)
{
    const double extent = m_timeEnd - m_timeStart;
    double span = std::clamp(endTime - startTime, extent * 1e-7, extent);
    if (!(span > 0))
        span = extent;
    double start = std::clamp(startTime, m_timeStart, m_timeEnd - span);
    if (start == m_visibleStart && start + span == m_visibleEnd)
        return;
    m_visibleStart = start;
    m_visibleEnd = start + span;
    m_layerValid = false;
    update();
    Q_EMIT visibleRangeChanged(m_visibleStart, m_visibleEnd);
}

void TimelineView::fitAll()
{
    m_visibleStart = m_timeStart;
    m_visibleEnd = m_timeEnd;
    m_layerValid = false;
    update();
    Q_EMIT visibleRangeChanged(m_visibleStart, m_visibleEnd);
}

void TimelineView::setCursorTime(double time)
{
    m_cursorTime = time;
    if (m_followCursor && (time > m_visibleEnd || time < m_visibleStart)) {
        const double span = m_visibleEnd - m_visibleStart;
        setVisibleRange(time - 0.8 * span, time + 0.2 * span);
    }
    update();
}

void TimelineView::setCursorVisible(bool visible)
{
    m_cursorVisible = visible;
    update();
}

void TimelineView::setFutureOpacity(double opacity)
{
    m_futureOpacity = std::clamp(opacity, 0.0, 1.0);
    update();
}

void TimelineView::setFollowCursor(bool follow)
{
    m_followCursor = follow;
}

void TimelineView::setTimeUnit(const QString &unit)
{
    m_timeUnit = unit;
    m_layerValid = false;
    update();
}

void TimelineView::setPlaceholderText(const QString &text)
{
    m_placeholder = text;
    update();
}

void TimelineView::setToolTipProvider(std::function<QString(int)> provider)
{
    m_toolTipProvider = std::move(provider);
}

QRectF TimelineView::plotRect() const
{
    const QFontMetrics metrics(font());
    int labelWidth = 0;
    for (const QString &label : m_rowLabels)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    labelWidth = std::min(labelWidth, width() / 4);
    const double left = labelWidth > 0 ? labelWidth + 8 : 4;
    const double bottom = metrics.height() + 8;
    return QRectF(left, 4, std::max(1.0, width() - left - 8), std::max(1.0, height() - 4 - bottom));
}

double TimelineView::timeToX(double time, const QRectF &plot) const
{
    return plot.left() + (time - m_visibleStart) / (m_visibleEnd - m_visibleStart) * plot.width();
}

double TimelineView::xToTime(double x, const QRectF &plot) const
{
    return m_visibleStart + (x - plot.left()) / plot.width() * (m_visibleEnd - m_visibleStart);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QPalette pal = palette();
    const QRectF plot = plotRect();
    const QFontMetrics metrics(font());
    painter.fillRect(rect(), pal.color(QPalette::Base));

    const int rows = std::max(1, m_rowCount);
    const double rowHeight = plot.height() / rows;
    // Row stripes: empty (idle) parts of a row stay visible as the background.
    if (rowHeight >= 3) {
        const QColor stripe = pal.color(QPalette::AlternateBase);
        for (int row = 1; row < m_rowCount; row += 2)
            painter.fillRect(QRectF(plot.left(), plot.top() + row * rowHeight, plot.width(), rowHeight), stripe);
    }
    // Row labels, thinned out when rows are shorter than the text.
    if (!m_rowLabels.isEmpty()) {
        painter.setPen(pal.color(QPalette::WindowText));
        const int every = std::max(1, static_cast<int>(std::ceil(metrics.height() / std::max(0.1, rowHeight))));
        for (int row = 0; row < std::min<int>(m_rowCount, static_cast<int>(m_rowLabels.size())); row += every) {
            const QRectF box(0, plot.top() + row * rowHeight + rowHeight / 2 - metrics.height() / 2.0, plot.left() - 6,
                metrics.height());
            painter.drawText(box, Qt::AlignRight | Qt::AlignVCenter, m_rowLabels[row]);
        }
    }

    // Time axis with 1-2-5 ticks.
    const double span = m_visibleEnd - m_visibleStart;
    const double step = niceStep(span / std::max(1.0, plot.width() / 90.0));
    painter.setPen(pal.color(QPalette::Mid));
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    for (double tick = std::ceil(m_visibleStart / step) * step; tick <= m_visibleEnd + step * 1e-9; tick += step) {
        const double x = timeToX(tick, plot);
        painter.setPen(pal.color(QPalette::Midlight));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(pal.color(QPalette::WindowText));
        const QString text = QString::number(std::abs(tick) < step * 1e-6 ? 0.0 : tick, 'g', 6) + m_timeUnit;
        painter.drawText(
            QRectF(x - 60, plot.bottom() + 2, 120, metrics.height() + 4), Qt::AlignHCenter | Qt::AlignTop, text);
    }

    if (m_bars.isEmpty() && !m_placeholder.isEmpty()) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
    }

    // The bars are drawn once into a cached layer; moving the cursor only recomposes it
    // (the part after the cursor faded), so long timelines stay cheap to step through.
    const qreal ratio = devicePixelRatioF();
    const QSize layerSize = (plot.size() * ratio).toSize();
    if (!m_layerValid || m_layer.size() != layerSize) {
        m_layer = QPixmap(layerSize);
        m_layer.setDevicePixelRatio(ratio);
        m_layer.fill(Qt::transparent);
        QPainter layer(&m_layer);
        layer.setRenderHint(QPainter::Antialiasing, false);
        layer.translate(-plot.topLeft());
        paintBars(layer, plot);
        m_layerValid = true;
    }
    const double cursorX = timeToX(m_cursorTime, plot);
    if (m_cursorVisible && m_futureOpacity < 1.0) {
        painter.setOpacity(m_futureOpacity);
        painter.drawPixmap(plot.topLeft(), m_layer);
        painter.setOpacity(1.0);
        if (cursorX > plot.left()) {
            painter.save();
            painter.setClipRect(
                QRectF(plot.left(), plot.top(), std::min(cursorX, plot.right()) - plot.left(), plot.height()));
            painter.drawPixmap(plot.topLeft(), m_layer);
            painter.restore();
        }
    } else {
        painter.drawPixmap(plot.topLeft(), m_layer);
    }

    if (m_cursorVisible && m_cursorTime >= m_visibleStart && m_cursorTime <= m_visibleEnd) {
        const QColor cursor(0xd5, 0x1e, 0x1e);
        painter.setPen(QPen(cursor, 2));
        painter.drawLine(QPointF(cursorX, plot.top()), QPointF(cursorX, plot.bottom()));
        const QString label = QString::number(m_cursorTime, 'g', 5) + m_timeUnit;
        const double labelWidth = metrics.horizontalAdvance(label) + 8;
        const double x = std::min(cursorX + 3, plot.right() - labelWidth);
        const QRectF box(x, plot.top() + 2, labelWidth, metrics.height() + 2);
        painter.fillRect(box, pal.color(QPalette::Base));
        painter.setPen(cursor);
        painter.drawText(box, Qt::AlignCenter, label);
    }
}

void TimelineView::paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const
{
    painter.save();
    const QFontMetricsF metrics(style.small);
    double labelWidth = 0;
    for (const QString &label : m_rowLabels)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    labelWidth = std::min(labelWidth, rect.width() / 4);
    const double left = labelWidth > 0 ? labelWidth + style.gap * 0.5 : 0;
    const QRectF plot(rect.left() + left, rect.top(), std::max(1.0, rect.width() - left - style.gap),
        std::max(1.0, rect.height() - metrics.height() - style.gap * 0.5));
    painter.fillRect(plot, style.paper);
    const int rows = std::max(1, m_rowCount);
    const double rowHeight = plot.height() / rows;
    const QColor stripe(0xf3, 0xf5, 0xf8);
    if (rowHeight >= 3)
        for (int row = 1; row < m_rowCount; row += 2)
            painter.fillRect(QRectF(plot.left(), plot.top() + row * rowHeight, plot.width(), rowHeight), stripe);
    painter.setFont(style.small);
    painter.setPen(style.ink);
    const int every = std::max(1, static_cast<int>(std::ceil(metrics.height() / std::max(0.1, rowHeight))));
    for (int row = 0; row < std::min<int>(m_rowCount, static_cast<int>(m_rowLabels.size())); row += every) {
        const QString label = metrics.elidedText(m_rowLabels[row], Qt::ElideRight, labelWidth);
        painter.drawText(QPointF(plot.left() - style.gap * 0.5 - metrics.horizontalAdvance(label),
                             plot.top() + (row + 0.5) * rowHeight - metrics.height() / 2 + metrics.ascent()),
            label);
    }
    const double span = m_visibleEnd - m_visibleStart;
    const double step
        = niceStep(span / std::max(1.0, plot.width() / (metrics.horizontalAdvance(QLatin1Char('0')) * 9)));
    for (double tick = std::ceil(m_visibleStart / step) * step; tick <= m_visibleEnd + step * 1e-9; tick += step) {
        const double x = timeToX(tick, plot);
        painter.setPen(style.rule);
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        const QString text = QString::number(std::abs(tick) < step * 1e-6 ? 0.0 : tick, 'g', 6) + m_timeUnit;
        const double w = metrics.horizontalAdvance(text);
        painter.setPen(style.ink);
        painter.drawText(QPointF(std::clamp(x - w / 2, rect.left(), rect.right() - w),
                             plot.bottom() + style.gap * 0.3 + metrics.ascent()),
            text);
    }
    painter.setPen(style.muted);
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));
    if (m_bars.isEmpty() && !m_placeholder.isEmpty())
        figure::drawText(painter, plot, m_placeholder, style.text, style.muted, Qt::AlignCenter | Qt::TextWordWrap);
    painter.save();
    paintBars(painter, plot);
    painter.restore();
    painter.setClipping(false);
    const double cursorX = std::clamp(timeToX(m_cursorTime, plot), plot.left(), plot.right());
    if (m_cursorVisible && m_futureOpacity < 1.0 && cursorX < plot.right()) {
        // The future faded by paper drawn over it: an SVG keeps a translucent fill, not a layer's opacity.
        QColor veil = style.paper;
        veil.setAlphaF(static_cast<float>(std::clamp(1.0 - m_futureOpacity, 0.0, 1.0)));
        painter.fillRect(QRectF(QPointF(cursorX, plot.top()), QPointF(plot.right() + 1, plot.bottom())), veil);
    }
    paintFigureOverlay(painter, plot);
    if (m_cursorVisible && m_cursorTime >= m_visibleStart && m_cursorTime <= m_visibleEnd) {
        const QColor cursor(0xd5, 0x1e, 0x1e);
        painter.setPen(QPen(cursor, std::max(2.0, style.textPx / 8)));
        painter.drawLine(QPointF(cursorX, plot.top()), QPointF(cursorX, plot.bottom()));
        const QString label = QString::number(m_cursorTime, 'g', 5) + m_timeUnit;
        const double labelWidth = metrics.horizontalAdvance(label) + style.gap * 0.6;
        const double x = std::min(cursorX + 3, plot.right() - labelWidth);
        const QRectF box(x, plot.top() + 2, labelWidth, metrics.height() + 2);
        painter.fillRect(box, style.paper);
        painter.setFont(style.small);
        painter.setPen(cursor);
        painter.drawText(box, Qt::AlignCenter, label);
    }
    painter.restore();
}

void TimelineView::paintBars(QPainter &painter, const QRectF &plot) const
{
    const int rows = std::max(1, m_rowCount);
    const double rowHeight = plot.height() / rows;
    painter.setClipRect(plot);
    const double pad = rowHeight > 6 ? 1.0 : 0.0;
    // Bars overlapping the visible window (sorted by start; none is longer than m_longestBar).
    const auto first = std::lower_bound(m_orderStart.begin(), m_orderStart.end(), m_visibleStart - m_longestBar);
    for (auto it = first; it != m_orderStart.end() && *it <= m_visibleEnd; ++it) {
        const TimelineBar &bar = m_bars[m_order[it - m_orderStart.begin()]];
        if (bar.row < 0 || bar.row >= rows)
            continue;
        const double top = plot.top() + bar.row * rowHeight + pad;
        const double height = std::max(1.0, rowHeight - 2 * pad);
        for (const TimelineSegment &segment : bar.segments) {
            if (segment.endTime < m_visibleStart || segment.startTime > m_visibleEnd)
                continue;
            const double x0 = std::max(plot.left() - 1, timeToX(segment.startTime, plot));
            const double x1 = std::min(plot.right() + 1, timeToX(segment.endTime, plot));
            painter.fillRect(QRectF(x0, top, std::max(1.0, x1 - x0), height), segment.brush);
        }
        if (bar.outline.isValid() && !bar.segments.isEmpty() && height >= 4) {
            const double x0 = timeToX(barStart(bar), plot);
            const double x1 = timeToX(barEnd(bar), plot);
            painter.setPen(QPen(bar.outline, 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(QRectF(x0, top, std::max(1.0, x1 - x0), height - 1));
        }
    }
}

int TimelineView::barAt(const QPoint &position) const
{
    const QRectF plot = plotRect();
    if (!plot.contains(position) || m_rowCount <= 0)
        return -1;
    const int row = static_cast<int>((position.y() - plot.top()) / (plot.height() / m_rowCount));
    const double time = xToTime(position.x(), plot);
    const double slack = 2.0 * (m_visibleEnd - m_visibleStart) / plot.width(); // two pixels
    const auto first = std::lower_bound(m_orderStart.begin(), m_orderStart.end(), time - m_longestBar - slack);
    int found = -1;
    for (auto it = first; it != m_orderStart.end() && *it <= time + slack; ++it) {
        const int index = m_order[it - m_orderStart.begin()];
        const TimelineBar &bar = m_bars[index];
        if (bar.row == row && barStart(bar) <= time + slack && barEnd(bar) >= time - slack)
            found = index;
    }
    return found;
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange
        || event->type() == QEvent::Resize)
        m_layerValid = false;
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int index = barAt(help->pos());
        QString text;
        if (index >= 0)
            text = m_toolTipProvider ? m_toolTipProvider(m_bars[index].id) : m_bars[index].toolTip;
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const QRectF plot = plotRect();
    const double anchor = xToTime(event->position().x(), plot);
    const double factor = std::pow(0.8, event->angleDelta().y() / 120.0);
    const double start = anchor - (anchor - m_visibleStart) * factor;
    const double end = anchor + (m_visibleEnd - anchor) * factor;
    setVisibleRange(start, end);
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragging = true;
        m_dragX = event->position().x();
        m_dragStart = m_visibleStart;
        m_dragEnd = m_visibleEnd;
        setCursor(Qt::ClosedHandCursor);
    }
    QWidget::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
        const QRectF plot = plotRect();
        const double shift = (event->position().x() - m_dragX) / plot.width() * (m_dragEnd - m_dragStart);
        setVisibleRange(m_dragStart - shift, m_dragEnd - shift);
    }
    QWidget::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        unsetCursor();
    }
    QWidget::mouseReleaseEvent(event);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    fitAll();
    QWidget::mouseDoubleClickEvent(event);
}

} // namespace conceptlab
