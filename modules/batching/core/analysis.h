// Analysis of finished simulations for the view and the reports: empirical CDFs, time series
// binned over the makespan, the whole run of one policy (timeline, charts) and the comparison
// of all five policies on the same workload. Long work takes a WorkControl.
#pragma once

#include "metrics.h"
#include "scenario.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab {
class WorkControl;
}

namespace conceptlab::batching {

/// A chart point (x, y) in the units of the series that holds it.
struct Point {
    double x = 0;
    double y = 0;

    bool operator==(const Point &) const = default;
};

/// Empirical CDF of `values`, thinned for a chart: (smallest, 0), then (v_i, (i + 1) / n) for the
/// sorted values v_0 ≤ … ≤ v_(n−1) at i = 0, s, 2s, … with stride s = max(1, n / maxPoints)
/// (integer division), then (largest, 1). Empty for no values.
std::vector<Point> cdfPoints(std::vector<double> values, std::size_t maxPoints = 400);

/// Requests finished by time t, for comparing policies on one time axis: (startSeconds, 0), then
/// (f_i, i + 1) for the sorted finish times f_0 ≤ … ≤ f_(n−1) at i = s − 1, 2s − 1, … with stride
/// s = max(1, n / maxPoints) (integer division), then (f_(n−1), n). Unfinished records (finish < 0)
/// are left out. Just (startSeconds, 0) when none has finished.
std::vector<Point> finishedByTime(
    const std::vector<RequestRecord> &records, double startSeconds, std::size_t maxPoints = 400);

/// Time series of a run, one point per bin at the bin's middle (seconds).
struct TimeSeries {
    std::vector<Point> throughput; ///< output tokens / s produced by iterations ending in the bin
    std::vector<Point> queueLength; ///< requests waiting, time-averaged over the bin
    std::vector<Point> kvUsedPercent; ///< stored KV tokens, time-averaged, % of kvCapacityTokens
    std::vector<Point> kvReservedPercent; ///< reserved or allocated KV tokens, time-averaged, % of capacity
};

/// Bins iterations over [startSeconds, endSeconds] in min(maxBins, max(1, iterations)) equal bins.
/// An iteration's output tokens count in the bin holding its end; its queue length and stored KV
/// are weighted by the time it overlaps each bin. Times outside the range fall in the end bins.
TimeSeries binIterations(const std::vector<IterationRecord> &iterations, double startSeconds, double endSeconds,
    std::int64_t kvCapacityTokens, int maxBins = 240);

/// A whole run of one policy: what the timeline and the charts draw.
struct RunAnalysis {
    Summary summary; ///< the documented metrics
    double timeStartSeconds = 0; ///< first arrival
    double timeEndSeconds = 1; ///< first arrival + makespan (at least 1 ns after the start)
    std::vector<Stint> stints; ///< every stay of a request in a slot, in start order
    std::vector<RequestRecord> records; ///< one per request, in arrival order
    TimeSeries series; ///< throughput, queue and KV over time
    std::vector<Point> latencyCdf; ///< (latency s, fraction of requests ≤)
    std::vector<Point> ttftCdf; ///< (time to first token s, fraction of requests ≤)
};

/// Simulates the scenario to the end. Throws InputError when it cannot run (the message says
/// why, e.g. a request that never fits), Cancelled when `control` is cancelled.
RunAnalysis analyzeRun(const Scenario &scenario, const WorkControl &control);

/// One line saying why batch slots are empty or idle at the next scheduler decision (or that all
/// are in use), e.g. "3 of 8 slots empty while 5 requests wait: every sequence reserves KV for
/// its prompt and the longest possible answer (output_max = 512 tokens) …". `dynamicTimeoutMs`
/// is used for the dynamic policy's wait.
std::string slotReasonText(const SlotOutlook &outlook, Policy policy, double dynamicTimeoutMs);

/// One policy's whole run on a shared workload.
struct ComparisonRow {
    Policy policy = Policy::Static;
    Summary summary; ///< empty when error is set
    std::string error; ///< why this policy cannot run the workload; empty when it can
    std::vector<Point> finished; ///< finishedByTime of its run from the first arrival; empty with an error
};

/// The scenario's workload under every policy, in kPolicyNames order (the rest of the config
/// unchanged). Throws Cancelled when `control` is cancelled.
std::vector<ComparisonRow> comparePolicies(const Scenario &scenario, const WorkControl &control);

} // namespace conceptlab::batching
