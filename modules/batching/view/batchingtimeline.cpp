// Timeline bars of a run, the legend of their colours and their highlight marks.
#include "batchingtimeline.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

QColor phaseColor(Phase phase)
{
    switch (phase) {
    case Phase::Prefill:
        return { 0x1a, 0x2f, 0x6b }; // navy
    case Phase::Decode:
        return { 0x2f, 0x7f, 0xd9 }; // blue
    case Phase::Reserved:
        return { 0xbf, 0xdb, 0xf5 }; // light blue
    case Phase::Idle:
        return { 0x8c, 0x8c, 0x8c };
    case Phase::Preempted:
    case Phase::Now:
        return { 0xd5, 0x1e, 0x1e };
    case Phase::Free:
        return { 0xb4, 0xb8, 0xbe };
    }
    return {};
}

QBrush phaseBrush(Phase phase)
{
    switch (phase) {
    case Phase::Prefill:
    case Phase::Decode:
    case Phase::Reserved:
        return phaseColor(phase);
    case Phase::Idle:
        return { phaseColor(phase), Qt::BDiagPattern };
    case Phase::Preempted:
    case Phase::Free:
    case Phase::Now:
        break;
    }
    return Qt::NoBrush;
}

QList<PhaseLegendEntry> phaseLegend()
{
    return { { Phase::Prefill, QObject::tr("prefill") }, { Phase::Decode, QObject::tr("decode") },
        { Phase::Idle, QObject::tr("finished, slot held (idle)") }, { Phase::Preempted, QObject::tr("preempted") },
        { Phase::Free, QObject::tr("free slot") }, { Phase::Now, QObject::tr("now") },
        { Phase::Reserved, QObject::tr("KV reserved, not yet used") } };
}

namespace {

    void paintSwatch(QPainter &painter, const QRectF &box, Phase phase)
    {
        painter.save();
        switch (phase) {
        case Phase::Now:
            painter.setPen(QPen(phaseColor(phase), 2));
            painter.drawLine(QPointF(box.center().x(), box.top()), QPointF(box.center().x(), box.bottom()));
            break;
        case Phase::Preempted:
            painter.fillRect(box, phaseBrush(Phase::Decode));
            painter.setPen(QPen(phaseColor(phase), 2));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(1, 1, -1, -1));
            break;
        case Phase::Free:
            painter.setPen(QPen(phaseColor(phase), 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
            break;
        default:
            painter.fillRect(box, phaseBrush(phase));
            break;
        }
        painter.restore();
    }

} // namespace

double paintPhaseLegend(QPainter *painter, QPointF topLeft, double width, const QFont &font, const QColor &ink)
{
    const QFontMetricsF metrics(font);
    const double line = metrics.height() * 1.3;
    const double swatchWidth = metrics.height() * 1.4;
    const double swatchHeight = metrics.height() * 0.8;
    const double gap = metrics.height() * 0.35;
    const double spacing = metrics.height();
    double x = 0;
    double y = 0;
    if (painter) {
        painter->save();
        painter->setFont(font);
    }
    for (const PhaseLegendEntry &entry : phaseLegend()) {
        const double entryWidth = swatchWidth + gap + metrics.horizontalAdvance(entry.text);
        if (x > 0 && x + entryWidth > width) {
            x = 0;
            y += line;
        }
        if (painter) {
            const QRectF box(topLeft.x() + x, topLeft.y() + y + (line - swatchHeight) / 2, swatchWidth, swatchHeight);
            paintSwatch(*painter, box, entry.phase);
            painter->setPen(ink);
            painter->drawText(
                QPointF(box.right() + gap, topLeft.y() + y + (line - metrics.height()) / 2 + metrics.ascent()),
                entry.text);
        }
        x += entryWidth + spacing;
    }
    if (painter)
        painter->restore();
    return y + line;
}

PhaseLegendWidget::PhaseLegendWidget(QWidget *parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void PhaseLegendWidget::setNote(const QString &note)
{
    m_note = note;
    updateGeometry();
    update();
}

int PhaseLegendWidget::heightForWidth(int width) const
{
    double height = paintPhaseLegend(nullptr, {}, width, font(), {});
    if (!m_note.isEmpty())
        height += QFontMetricsF(font()).boundingRect(QRectF(0, 0, width, 1e6), Qt::TextWordWrap, m_note).height();
    return static_cast<int>(std::ceil(height));
}

QSize PhaseLegendWidget::sizeHint() const
{
    return { 480, heightForWidth(480) };
}

QSize PhaseLegendWidget::minimumSizeHint() const
{
    return { 120, heightForWidth(std::max(120, width())) };
}

void PhaseLegendWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QColor ink = palette().color(QPalette::WindowText);
    const double height = paintPhaseLegend(&painter, {}, width(), font(), ink);
    if (!m_note.isEmpty()) {
        painter.setPen(ink);
        painter.drawText(QRectF(0, height, width(), this->height() - height), Qt::TextWordWrap, m_note);
    }
}

QColor highlightColor()
{
    return { 0xff, 0x9f, 0x00 };
}

QList<TimelineBar> timelineBars(const RunAnalysis &run)
{
    const QBrush prefill = phaseBrush(Phase::Prefill);
    const QBrush decode = phaseBrush(Phase::Decode);
    const QBrush idle = phaseBrush(Phase::Idle);
    // Stints are recorded in start order; beyond kMaxTimelineBars only the earliest are drawn.
    const std::size_t barCount = std::min(run.stints.size(), kMaxTimelineBars);
    QList<TimelineBar> bars;
    bars.reserve(static_cast<qsizetype>(barCount));
    for (std::size_t i = 0; i < barCount; ++i) {
        const Stint &stint = run.stints[i];
        TimelineBar bar;
        bar.row = stint.slot;
        bar.id = static_cast<int>(i);
        const double prefillEnd = stint.prefillEndSeconds >= 0 ? stint.prefillEndSeconds : stint.decodeEndSeconds;
        bar.segments.append({ stint.startSeconds, prefillEnd, prefill });
        if (stint.decodeEndSeconds > prefillEnd)
            bar.segments.append({ prefillEnd, stint.decodeEndSeconds, decode });
        if (stint.endSeconds > stint.decodeEndSeconds)
            bar.segments.append({ stint.decodeEndSeconds, stint.endSeconds, idle });
        if (stint.preempted)
            bar.outline = phaseColor(Phase::Preempted);
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
