// Worker-thread computations for the batching view.
#include "batchingcompute.h"

#include <charttheme.h>

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

QColor requestColor(int request)
{
    return categoryColor(request % 7);
}

namespace {

    QList<QPointF> cdf(std::vector<double> values)
    {
        QList<QPointF> points;
        if (values.empty())
            return points;
        std::sort(values.begin(), values.end());
        const std::size_t n = values.size();
        const std::size_t stride = std::max<std::size_t>(1, n / 400);
        points.append(QPointF(values.front(), 0));
        for (std::size_t i = 0; i < n; i += stride)
            points.append(QPointF(values[i], static_cast<double>(i + 1) / static_cast<double>(n)));
        points.append(QPointF(values.back(), 1.0));
        return points;
    }

} // namespace

RunSnapshot computeRun(const HardwareModel &model, const SchedulerConfig &config, const std::vector<Request> &requests,
    WorkControl &control)
{
    RunSnapshot snapshot;
    const CostModel cost(model);
    Simulator simulator(cost, config, requests, Simulator::Recording::Iterations);
    if (!simulator.error().empty()) {
        snapshot.error = QString::fromStdString(simulator.error());
        return snapshot;
    }
    const bool finished = simulator.run([&](double fraction) {
        control.progress.store(0.8 * fraction);
        return control.cancelled.load();
    });
    if (!finished) {
        snapshot.cancelled = true;
        return snapshot;
    }
    if (!simulator.error().empty()) {
        snapshot.error = QString::fromStdString(simulator.error());
        return snapshot;
    }
    snapshot.summary = summarize(simulator);
    snapshot.rows = config.batchSize;
    snapshot.records = simulator.records();
    snapshot.stints = simulator.stints();
    snapshot.timeStart = requests.front().arrivalSeconds;
    snapshot.timeEnd = snapshot.timeStart + std::max(1e-9, snapshot.summary.makespanSeconds);

    // Timeline: a bar per stint; prefill darker, decode in the request's colour, a finished
    // request still holding its slot (static, dynamic) hatched grey.
    const QBrush idle(QColor(140, 140, 140), Qt::BDiagPattern);
    // Stints are recorded in start order; beyond kMaxTimelineBars only the earliest are drawn,
    // which bounds the view's memory for very long runs.
    const std::size_t barCount = std::min(snapshot.stints.size(), kMaxTimelineBars);
    snapshot.barsTruncated = barCount < snapshot.stints.size();
    snapshot.bars.reserve(static_cast<qsizetype>(barCount));
    for (std::size_t i = 0; i < barCount; ++i) {
        const Stint &stint = snapshot.stints[i];
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
        snapshot.bars.append(std::move(bar));
        if ((i & 4095) == 0 && control.cancelled.load()) {
            snapshot.cancelled = true;
            return snapshot;
        }
    }
    control.progress.store(0.9);

    // Time series in bins over the makespan.
    const auto &iterations = simulator.iterationRecords();
    const int bins = static_cast<int>(std::clamp<std::size_t>(iterations.size(), 1, 240));
    const double span = snapshot.timeEnd - snapshot.timeStart;
    const double width = span / bins;
    std::vector<double> tokens(bins, 0), queued(bins, 0), kv(bins, 0);
    for (const IterationRecord &iteration : iterations) {
        const double duration = iteration.endSeconds - iteration.startSeconds;
        const int endBin
            = std::clamp(static_cast<int>((iteration.endSeconds - snapshot.timeStart) / width), 0, bins - 1);
        const int startBin
            = std::clamp(static_cast<int>((iteration.startSeconds - snapshot.timeStart) / width), 0, bins - 1);
        tokens[endBin] += iteration.outputTokens;
        // Spread time-weighted values over the bins the iteration overlaps.
        for (int b = startBin; b <= endBin; ++b) {
            const double binStart = snapshot.timeStart + b * width;
            const double overlap
                = std::min(iteration.endSeconds, binStart + width) - std::max(iteration.startSeconds, binStart);
            const double share = b == startBin && b == endBin ? duration : std::max(0.0, overlap);
            queued[b] += iteration.queued * share;
            kv[b] += static_cast<double>(iteration.kvUsedTokens) * share;
        }
    }
    const double capacity = static_cast<double>(std::max<std::int64_t>(1, simulator.kvCapacityTokens()));
    for (int b = 0; b < bins; ++b) {
        const double middle = snapshot.timeStart + (b + 0.5) * width;
        snapshot.throughput.append(QPointF(middle, tokens[b] / width));
        snapshot.queueLength.append(QPointF(middle, queued[b] / width));
        snapshot.kvUsedPercent.append(QPointF(middle, 100.0 * kv[b] / width / capacity));
    }

    std::vector<double> latency, ttft;
    latency.reserve(snapshot.records.size());
    ttft.reserve(snapshot.records.size());
    for (const RequestRecord &record : snapshot.records) {
        latency.push_back(record.finishSeconds - record.arrivalSeconds);
        ttft.push_back(record.firstTokenSeconds - record.arrivalSeconds);
    }
    snapshot.latencyCdf = cdf(std::move(latency));
    snapshot.ttftCdf = cdf(std::move(ttft));
    control.progress.store(1.0);
    return snapshot;
}

QList<ComparisonRow> computeComparison(const HardwareModel &model, const SchedulerConfig &config,
    const std::vector<Request> &requests, WorkControl &control)
{
    QList<ComparisonRow> rows;
    const CostModel cost(model);
    const Policy policies[] = { Policy::Static, Policy::Dynamic, Policy::Continuous, Policy::Paged, Policy::Chunked };
    for (int i = 0; i < 5; ++i) {
        ComparisonRow row;
        row.policy = policies[i];
        SchedulerConfig each = config;
        each.policy = policies[i];
        Simulator simulator(cost, each, requests);
        if (!simulator.error().empty()) {
            row.error = QString::fromStdString(simulator.error());
        } else {
            const bool finished = simulator.run([&](double fraction) {
                control.progress.store((i + fraction) / 5.0);
                return control.cancelled.load();
            });
            if (!finished)
                return {};
            row.summary = summarize(simulator);
        }
        rows.append(row);
    }
    return rows;
}

} // namespace conceptlab::batching
