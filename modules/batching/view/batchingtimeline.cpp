// Timeline bars of a run and their highlight marks.
#include "batchingtimeline.h"

#include <charttheme.h>

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

QList<TimelineBar> highlightedBars(QList<TimelineBar> bars, const RunAnalysis &run, const HighlightTarget &target)
{
    if (target.kind == HighlightTarget::Kind::Slot) {
        // A band over the whole row, behind and over the bars alike: empty stretches show too.
        QColor tint = highlightColor();
        tint.setAlpha(70);
        TimelineBar band;
        band.row = target.index;
        band.segments.append({ run.timeStartSeconds, run.timeEndSeconds, QBrush(tint) });
        band.outline = highlightColor();
        bars.append(std::move(band));
    } else if (target.kind == HighlightTarget::Kind::Request) {
        for (TimelineBar &bar : bars) {
            const auto stint = static_cast<std::size_t>(bar.id);
            if (bar.id >= 0 && stint < run.stints.size() && run.stints[stint].request == target.index)
                bar.outline = highlightColor();
        }
    }
    return bars;
}

} // namespace conceptlab::batching
