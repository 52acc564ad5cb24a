// Timeline items of a batching run: one bar per stay of a request in a slot, coloured by what
// the slot does (prefill navy, decode blue, a finished request holding its slot hatched grey,
// preemptions outlined red), the legend of that one encoding (shared with the KV strip, where
// KV reserved but not yet used is light blue) and the marks of a lesson highlight.
#pragma once

#include "core/analysis.h"
#include "core/batchingsession.h"

#include <timelineview.h>

#include <QBrush>
#include <QColor>
#include <QList>
#include <QWidget>

namespace conceptlab::batching {

/// Most stints the timeline draws (the earliest ones); bounds the view's memory on long runs.
inline constexpr std::size_t kMaxTimelineBars = 200000;

/// What a swatch of the timeline or the KV strip stands for. One colour each, the same in the
/// timeline, the KV strip, the legend on screen and the figure's legend.
enum class Phase {
    Prefill, ///< the slot computes the prompt's KV (timeline), or KV of a prompt being prefilled (strip)
    Decode, ///< the slot produces output tokens (timeline), or KV holding tokens (strip)
    Reserved, ///< KV reserved or allocated but not yet holding tokens (strip)
    Idle, ///< the request has finished but its slot is held until its batch ends
    Preempted, ///< a stay that ended in a preemption: its bar is outlined
    Free, ///< no request in the slot
    Now, ///< the time cursor
};

/// The colour of a phase (for Idle the colour of its hatching; for Preempted and Now a line colour).
QColor phaseColor(Phase phase);
/// The fill of a phase's bar part or KV region (Idle: hatched; Preempted, Free, Now: none).
QBrush phaseBrush(Phase phase);

/// One entry of the legend.
struct PhaseLegendEntry {
    Phase phase = Phase::Prefill;
    QString text;
};

/// The legend of the timeline and the KV strip, in reading order.
QList<PhaseLegendEntry> phaseLegend();

/// Draws the legend wrapped into `width` from `topLeft`, swatches drawn as the bars are; returns
/// its height. With a null painter it only measures.
double paintPhaseLegend(QPainter *painter, QPointF topLeft, double width, const QFont &font, const QColor &ink);

/// The legend of the timeline and the KV strip on screen (wraps to its width).
class PhaseLegendWidget : public QWidget {
    Q_OBJECT
public:
    explicit PhaseLegendWidget(QWidget *parent = nullptr);

    /// Words after the legend's entries (e.g. that the timeline shows only the first stays).
    void setNote(const QString &note);
    const QString &note() const { return m_note; }
    /// The entries it draws.
    QList<PhaseLegendEntry> entries() const { return phaseLegend(); }

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_note;
};

/// One bar per stint (the first kMaxTimelineBars); id = stint index. Segments in time order:
/// prefill (phaseBrush(Prefill)), decode (Decode), held after finishing (Idle); a preempted
/// stay is outlined in phaseColor(Preempted).
QList<TimelineBar> timelineBars(const RunAnalysis &run);

/// A span of a timeline row to mark, [startSeconds, endSeconds).
struct TimelineMark {
    int row = 0;
    double startSeconds = 0;
    double endSeconds = 0;

    bool operator==(const TimelineMark &) const = default;
};

/// The marks of a highlight target: a slot's whole row, or every stay of a request.
QList<TimelineMark> highlightMarks(const RunAnalysis &run, const HighlightTarget &target);

/// The timeline of batch slots, with lesson highlight marks drawn over everything at full
/// opacity (the bars after the cursor are faded; a highlight must not be).
class SlotTimeline : public TimelineView {
    Q_OBJECT
public:
    using TimelineView::TimelineView;

    /// Marks to draw (empty: none); a mark spanning the whole run marks the row as a band.
    void setMarks(QList<TimelineMark> marks);
    /// The marks drawn.
    const QList<TimelineMark> &marks() const { return m_marks; }

protected:
    void paintEvent(QPaintEvent *event) override;
    void paintFigureOverlay(QPainter &painter, const QRectF &plot) const override;

private:
    void paintMarks(QPainter &painter, const QRectF &plot) const;

    QList<TimelineMark> m_marks;
};

/// The colour of highlight marks.
QColor highlightColor();

} // namespace conceptlab::batching
