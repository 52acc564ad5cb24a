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

/// `bars` with `target` marked: a slot gets a tinted band over its whole row, a request's bars
/// a thick outline. Bars are unchanged for HighlightTarget::Kind::None.
QList<TimelineBar> highlightedBars(QList<TimelineBar> bars, const RunAnalysis &run, const HighlightTarget &target);

/// The colour of highlight marks.
QColor highlightColor();

} // namespace conceptlab::batching
