// Timeline bars of a run and their highlight marks.
#include "batchingtimeline.h"

#include <charttheme.h>

#include <QPainter>

#include <algorithm>

namespace conceptlab::batching {

QColor requestColor(int request)
{
    return categoryColor(request % 7);
}

QColor highlightColor()
{
    return { 0xff, 0x9f, 0x00 };
}

QList<TimelineBar> timelineBars(const RunAnalysis &run)
{
    const QBrush idle(QColor(140, 140, 140), Qt::BDiagPattern);
    // Stints are recorded in start order; beyond kMaxTimelineBars only the earliest are drawn.
    const std::size_t barCount = std::min(run.stints.size(), kMaxTimelineBars);
    QList<TimelineBar> bars;
    bars.reserve(static_cast<qsizetype>(barCount));
    for (std::size_t i = 0; i < barCount; ++i) {
        const Stint &stint = run.stints[i];
        const QColor color = requestColor(stint.request);
        TimelineBar bar;
        bar.row = stint.slot;
        bar.id = static_cast<int>(i);
        const double prefillEnd = stint.prefillEndSeconds >= 0 ? stint.prefillEndSeconds : stint.decodeEndSeconds;
        bar.segments.append({ stint.startSeconds, prefillEnd, QBrush(color.darker(160)) });
        if (stint.decodeEndSeconds > prefillEnd)
            bar.segments.append({ prefillEnd, stint.decodeEndSeconds, QBrush(color) });
        if (stint.endSeconds > stint.decodeEndSeconds)
            bar.segments.append({ stint.decodeEndSeconds, stint.endSeconds, idle });
        if (stint.preempted)
            bar.outline = QColor(0xd5, 0x1e, 0x1e);
        bars.append(std::move(bar));
    }
    return bars;
}

QList<TimelineMark> highlightMarks(const RunAnalysis &run, const HighlightTarget &target)
{
    QList<TimelineMark> marks;
    if (target.kind == HighlightTarget::Kind::Slot) {
        marks.append({ target.index, run.timeStartSeconds, run.timeEndSeconds });
    } else if (target.kind == HighlightTarget::Kind::Request) {
        for (const Stint &stint : run.stints)
            if (stint.request == target.index)
                marks.append({ stint.slot, stint.startSeconds, stint.endSeconds });
    }
    return marks;
}

void SlotTimeline::setMarks(QList<TimelineMark> marks)
{
    m_marks = std::move(marks);
    update();
}

void SlotTimeline::paintEvent(QPaintEvent *event)
{
    TimelineView::paintEvent(event);
    QPainter painter(this);
    const QRectF plot = plotRect();
    painter.setClipRect(plot.adjusted(-2, -2, 2, 2));
    paintMarks(painter, plot);
}

void SlotTimeline::paintFigureOverlay(QPainter &painter, const QRectF &plot) const
{
    paintMarks(painter, plot);
}

void SlotTimeline::paintMarks(QPainter &painter, const QRectF &plot) const
{
    if (m_marks.isEmpty() || rowCount() <= 0 || !(visibleEnd() > visibleStart()))
        return;
    const double rowHeight = plot.height() / rowCount();
    // Clamped to the plot rather than clipped: a figure's SVG has no clipping.
    auto xOf = [&](double time) { return std::clamp(timeToX(time, plot), plot.left() - 2, plot.right() + 2); };
    QColor tint = highlightColor();
    tint.setAlpha(60);
    for (const TimelineMark &mark : std::as_const(m_marks)) {
        const QRectF box(QPointF(xOf(mark.startSeconds), plot.top() + mark.row * rowHeight),
            QPointF(xOf(mark.endSeconds), plot.top() + (mark.row + 1) * rowHeight));
        painter.fillRect(box, tint);
        painter.setPen(QPen(highlightColor(), 2.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(box.adjusted(1, 1, -1, -1));
    }
}

} // namespace conceptlab::batching
