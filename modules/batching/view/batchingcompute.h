// Work done off the GUI thread for the view: the full run of the chosen policy (timeline
// bars, binned time series, latency CDFs) and the comparison of all five policies on the
// same workload. Plain data out; no widgets.
#pragma once

#include "batchingscenario.h"
#include "core/metrics.h"

#include <timelineview.h>

#include <QList>
#include <QPointF>
#include <QString>

#include <atomic>
#include <memory>

namespace conceptlab::batching {

/// Shared between the view and a worker: progress in, cancellation out.
struct WorkControl {
    std::atomic<bool> cancelled { false };
    std::atomic<double> progress { 0 };
};

/// Most stints the timeline draws (the earliest ones).
inline constexpr std::size_t kMaxTimelineBars = 200000;

struct RunSnapshot {
    QString error;
    bool cancelled = false;
    Summary summary;
    int rows = 0; ///< batch slots
    double timeStart = 0; ///< first arrival, s
    double timeEnd = 1; ///< last finish, s
    QList<TimelineBar> bars; ///< one per stint; id = stint index
    bool barsTruncated = false; ///< more than kMaxTimelineBars stints: only the earliest are in bars
    std::vector<Stint> stints;
    std::vector<RequestRecord> records;
    QList<QPointF> throughput; ///< (time s, output tokens/s) per bin
    QList<QPointF> queueLength; ///< (time s, mean requests waiting) per bin
    QList<QPointF> kvUsedPercent; ///< (time s, mean stored KV % of capacity) per bin
    QList<QPointF> latencyCdf; ///< (latency s, fraction of requests ≤)
    QList<QPointF> ttftCdf; ///< (TTFT s, fraction of requests ≤)
};

struct ComparisonRow {
    Policy policy = Policy::Static;
    Summary summary;
    QString error;
};

/// Colours of a request's bar parts.
QColor requestColor(int request);

RunSnapshot computeRun(const HardwareModel &model, const SchedulerConfig &config, const std::vector<Request> &requests,
    WorkControl &control);
QList<ComparisonRow> computeComparison(const HardwareModel &model, const SchedulerConfig &config,
    const std::vector<Request> &requests, WorkControl &control);

} // namespace conceptlab::batching
