// Timeline items of a batching run: one bar per stay of a request in a slot (prefill dark,
// decode in the request's colour, a finished request holding its slot hatched grey, preemptions
// outlined red) and the marks of a lesson highlight.
#pragma once

#include "core/analysis.h"
#include "core/batchingsession.h"

#include <timelineview.h>

#include <QColor>
#include <QList>

namespace conceptlab::batching {

/// Most stints the timeline draws (the earliest ones); bounds the view's memory on long runs.
inline constexpr std::size_t kMaxTimelineBars = 200000;

/// The colour of a request's bar parts and KV region.
QColor requestColor(int request);

/// One bar per stint (the first kMaxTimelineBars); id = stint index.
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
