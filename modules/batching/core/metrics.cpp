// Metrics from the per-request records of a simulation.
#include "metrics.h"

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

double nearestRank(const std::vector<double> &sorted, double percentile)
{
    if (sorted.empty())
        return 0;
    const double exact = percentile / 100.0 * static_cast<double>(sorted.size());
    // Guard against 0.99 · 100 = 98.99999… rounding up a rank.
    auto rank = static_cast<std::size_t>(std::ceil(exact - 1e-9));
    rank = std::clamp<std::size_t>(rank, 1, sorted.size());
    return sorted[rank - 1];
}

Distribution describe(std::vector<double> values)
{
    Distribution result;
    result.count = static_cast<int>(values.size());
    if (values.empty())
        return result;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (const double value : values)
        sum += value;
    result.mean = sum / static_cast<double>(values.size());
    result.p50 = nearestRank(values, 50);
    result.p90 = nearestRank(values, 90);
    result.p99 = nearestRank(values, 99);
    return result;
}

Summary summarize(const Simulator &simulator)
{
    Summary summary;
    std::vector<double> ttft, tpot, latency;
    ttft.reserve(simulator.records().size());
    latency.reserve(simulator.records().size());
    double firstArrival = simulator.records().empty() ? 0 : simulator.records().front().arrivalSeconds;
    double lastFinish = firstArrival;
    for (const RequestRecord &record : simulator.records()) {
        firstArrival = std::min(firstArrival, record.arrivalSeconds);
        if (record.finishSeconds < 0)
            continue;
        ++summary.completed;
        summary.outputTokens += record.outputTokens;
        lastFinish = std::max(lastFinish, record.finishSeconds);
        ttft.push_back(record.firstTokenSeconds - record.arrivalSeconds);
        latency.push_back(record.finishSeconds - record.arrivalSeconds);
        if (record.outputTokens > 1)
            tpot.push_back((record.finishSeconds - record.firstTokenSeconds) / (record.outputTokens - 1));
    }
    summary.makespanSeconds = lastFinish - firstArrival;
    if (summary.makespanSeconds > 0) {
        summary.throughputTokensPerSecond = static_cast<double>(summary.outputTokens) / summary.makespanSeconds;
        summary.throughputRequestsPerSecond = summary.completed / summary.makespanSeconds;
        summary.gpuBusyFraction = std::min(1.0, simulator.busySeconds() / summary.makespanSeconds);
    }
    summary.ttftSeconds = describe(std::move(ttft));
    summary.tpotSeconds = describe(std::move(tpot));
    summary.latencySeconds = describe(std::move(latency));
    summary.preemptions = simulator.preemptions();
    summary.iterations = simulator.iterations();
    const double slotIterations = static_cast<double>(simulator.config().batchSize) * simulator.iterations();
    if (slotIterations > 0)
        summary.slotUtilization = static_cast<double>(simulator.usefulSlotIterations()) / slotIterations;
    summary.wastedSlotIterations
        = std::int64_t(simulator.config().batchSize) * simulator.iterations() - simulator.usefulSlotIterations();
    summary.kvCapacityTokens = simulator.kvCapacityTokens();
    summary.kvBytesPerToken = simulator.cost().kvBytesPerToken();
    summary.operationSeconds = simulator.operationSeconds();
    summary.swappedTokens = simulator.swappedTokens();
    summary.prefixCacheHitRate = simulator.prefixCacheHitRate();
    if (summary.makespanSeconds > 0 && summary.kvCapacityTokens > 0) {
        const double area = summary.makespanSeconds * static_cast<double>(summary.kvCapacityTokens);
        summary.kvUsedFraction = simulator.kvUsedTokenSeconds() / area;
        summary.kvReservedFraction = simulator.kvReservedTokenSeconds() / area;
    }
    return summary;
}

} // namespace conceptlab::batching
