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

void SlotTimeline::setRowLabels(int rowCount, const QStringList &labels)
{
    m_labels = labels;
    setRows(rowCount, labels);
}

void SlotTimeline::setMarks(QList<TimelineMark> marks)
{
    m_marks = std::move(marks);
    update();
}

QRectF SlotTimeline::plotArea() const
{
    // TimelineView's plot area (its plotRect() is private): row labels up to a quarter of the
    // width plus 8 px on the left, 4 px above, 8 px right, the axis labels below.
    const QFontMetrics metrics(font());
    int labelWidth = 0;
    for (const QString &label : m_labels)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(label));
    labelWidth = std::min(labelWidth, width() / 4);
    const double left = labelWidth > 0 ? labelWidth + 8 : 4;
    const double bottom = metrics.height() + 8;
    return { left, 4, std::max(1.0, width() - left - 8), std::max(1.0, height() - 4 - bottom) };
}

void SlotTimeline::paintEvent(QPaintEvent *event)
{
    TimelineView::paintEvent(event);
    if (m_marks.isEmpty() || rowCount() <= 0 || !(visibleEnd() > visibleStart()))
        return;
    QPainter painter(this);
    const QRectF plot = plotArea();
    painter.setClipRect(plot.adjusted(-2, -2, 2, 2));
    const double rowHeight = plot.height() / rowCount();
    auto xOf = [&](double time) {
        return plot.left() + (time - visibleStart()) / (visibleEnd() - visibleStart()) * plot.width();
    };
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
