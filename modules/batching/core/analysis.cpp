// CDFs, binned time series, the whole-run analysis and the policy comparison.
#include "analysis.h"

#include <session.h>
#include <text.h>
#include <workcontrol.h>

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

std::vector<Point> cdfPoints(std::vector<double> values, std::size_t maxPoints)
{
    std::vector<Point> points;
    if (values.empty())
        return points;
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const std::size_t stride = std::max<std::size_t>(1, n / std::max<std::size_t>(1, maxPoints));
    points.reserve(n / stride + 3);
    points.push_back({ values.front(), 0 });
    for (std::size_t i = 0; i < n; i += stride)
        points.push_back({ values[i], static_cast<double>(i + 1) / static_cast<double>(n) });
    points.push_back({ values.back(), 1.0 });
    return points;
}

std::vector<Point> finishedByTime(const std::vector<RequestRecord> &records, double startSeconds, std::size_t maxPoints)
{
    std::vector<double> finishes;
    finishes.reserve(records.size());
    for (const RequestRecord &record : records)
        if (record.finishSeconds >= 0)
            finishes.push_back(record.finishSeconds);
    std::sort(finishes.begin(), finishes.end());
    std::vector<Point> points { { startSeconds, 0 } };
    const std::size_t n = finishes.size();
    if (n == 0)
        return points;
    const std::size_t stride = std::max<std::size_t>(1, n / std::max<std::size_t>(1, maxPoints));
    points.reserve(n / stride + 2);
    for (std::size_t i = stride - 1; i < n; i += stride)
        points.push_back({ finishes[i], static_cast<double>(i + 1) });
    if (points.back().y < static_cast<double>(n))
        points.push_back({ finishes.back(), static_cast<double>(n) });
    return points;
}

TimeSeries binIterations(const std::vector<IterationRecord> &iterations, double startSeconds, double endSeconds,
    std::int64_t kvCapacityTokens, int maxBins)
{
    const int bins = static_cast<int>(std::clamp<std::size_t>(iterations.size(), 1, std::max(1, maxBins)));
    const double width = (endSeconds - startSeconds) / bins;
    const auto binCount = static_cast<std::size_t>(bins);
    std::vector<double> tokens(binCount, 0);
    std::vector<double> queued(binCount, 0);
    std::vector<double> kv(binCount, 0);
    std::vector<double> reserved(binCount, 0);
    auto binOf = [&](double time) { return std::clamp(static_cast<int>((time - startSeconds) / width), 0, bins - 1); };
    for (const IterationRecord &iteration : iterations) {
        const double duration = iteration.endSeconds - iteration.startSeconds;
        const int endBin = binOf(iteration.endSeconds);
        const int startBin = binOf(iteration.startSeconds);
        tokens[static_cast<std::size_t>(endBin)] += iteration.outputTokens;
        // Spread time-weighted values over the bins the iteration overlaps.
        for (int b = startBin; b <= endBin; ++b) {
            const double binStart = startSeconds + b * width;
            const double overlap
                = std::min(iteration.endSeconds, binStart + width) - std::max(iteration.startSeconds, binStart);
            const double share = b == startBin && b == endBin ? duration : std::max(0.0, overlap);
            queued[static_cast<std::size_t>(b)] += iteration.queued * share;
            kv[static_cast<std::size_t>(b)] += static_cast<double>(iteration.kvUsedTokens) * share;
            reserved[static_cast<std::size_t>(b)] += static_cast<double>(iteration.kvReservedTokens) * share;
        }
    }
    const double capacity = static_cast<double>(std::max<std::int64_t>(1, kvCapacityTokens));
    TimeSeries series;
    for (std::size_t b = 0; b < binCount; ++b) {
        const double middle = startSeconds + (static_cast<double>(b) + 0.5) * width;
        series.throughput.push_back({ middle, tokens[b] / width });
        series.queueLength.push_back({ middle, queued[b] / width });
        series.kvUsedPercent.push_back({ middle, 100.0 * kv[b] / width / capacity });
        series.kvReservedPercent.push_back({ middle, 100.0 * reserved[b] / width / capacity });
    }
    return series;
}

RunAnalysis analyzeRun(const Scenario &scenario, const WorkControl &control)
{
    Simulator simulator(
        CostModel(scenario.model), scenario.config, scenario.requests, Simulator::Recording::Iterations);
    if (!simulator.error().empty())
        throw InputError(simulator.error());
    // The simulation is most of the work; the analysis after it the rest.
    const WorkControl simulation([&control](double fraction, std::string_view message) {
        control.checkpoint();
        control.report(0.9 * fraction, message);
    });
    simulator.run(simulation);
    if (!simulator.error().empty())
        throw InputError(simulator.error());
    control.checkpoint();

    RunAnalysis run;
    run.summary = summarize(simulator);
    run.records = simulator.records();
    run.stints = simulator.stints();
    run.timeStartSeconds = scenario.requests.front().arrivalSeconds;
    run.timeEndSeconds = run.timeStartSeconds + std::max(1e-9, run.summary.makespanSeconds);
    run.series = binIterations(
        simulator.iterationRecords(), run.timeStartSeconds, run.timeEndSeconds, simulator.kvCapacityTokens());
    std::vector<double> latency;
    std::vector<double> ttft;
    latency.reserve(run.records.size());
    ttft.reserve(run.records.size());
    for (const RequestRecord &record : run.records) {
        latency.push_back(record.finishSeconds - record.arrivalSeconds);
        ttft.push_back(record.firstTokenSeconds - record.arrivalSeconds);
    }
    run.latencyCdf = cdfPoints(std::move(latency));
    run.ttftCdf = cdfPoints(std::move(ttft));
    control.report(1.0);
    return run;
}

namespace {

    // "1 request" / "3 requests".
    std::string counted(std::int64_t count, std::string_view one, std::string_view many)
    {
        return formatInteger(count) + " " + std::string(count == 1 ? one : many);
    }

    std::string emptyWhileWaiting(const SlotOutlook &outlook)
    {
        return formatInteger(outlook.emptySlots) + " of " + counted(outlook.slotCount, "slot", "slots")
            + " empty while " + counted(outlook.waiting - outlook.admitted, "request waits", "requests wait");
    }

} // namespace

std::string slotReasonText(const SlotOutlook &outlook, Policy policy, double dynamicTimeoutMs)
{
    using Reason = SlotOutlook::Reason;
    const std::string limit = formatInteger(outlook.outputLimitTokens);
    std::string text;
    switch (outlook.reason) {
    case Reason::Done:
        return "All requests are done.";
    case Reason::AllBusy:
        text = "All " + counted(outlook.slotCount, "slot is", "slots are") + " in use";
        text += outlook.waiting > outlook.admitted
            ? "; " + counted(outlook.waiting - outlook.admitted, "request waits", "requests wait") + " for a free slot."
            : ".";
        break;
    case Reason::NoneWaiting:
        text = formatInteger(outlook.emptySlots) + " of " + counted(outlook.slotCount, "slot", "slots")
            + " empty: no request is waiting";
        text += outlook.nextArrivalSeconds >= 0
            ? " (the next arrives at " + formatFixed(outlook.nextArrivalSeconds, 3) + " s)."
            : " (all requests have arrived).";
        break;
    case Reason::KvReserved:
        if (policy == Policy::Continuous) {
            text = emptyWhileWaiting(outlook) + ": each sequence reserves KV for its prompt plus the longest possible "
                + "answer (output_max = " + limit + " tokens). Reservations hold "
                + formatInteger(outlook.kvReservedTokens) + " of " + formatInteger(outlook.kvCapacityTokens)
                + " KV tokens, only " + formatInteger(outlook.kvStoredTokens) + " hold tokens; the next request needs "
                + formatInteger(outlook.kvNeededTokens) + ", " + formatInteger(outlook.kvFreeTokens) + " are free.";
        } else {
            text = emptyWhileWaiting(outlook) + ": every row of a batch reserves KV for the longest prompt plus the "
                + "longest possible answer (output_max = " + limit + " tokens), so "
                + counted(outlook.admitted, "row fills", "rows fill") + " the "
                + formatInteger(outlook.kvCapacityTokens) + "-token KV cache.";
        }
        break;
    case Reason::KvBlocks:
        text = emptyWhileWaiting(outlook) + ": the next needs " + formatInteger(outlook.kvNeededTokens)
            + " tokens of KV blocks, only " + formatInteger(outlook.kvFreeTokens) + " are free ("
            + formatInteger(outlook.kvReservedTokens) + " of " + formatInteger(outlook.kvCapacityTokens)
            + " allocated, 1 % kept free).";
        break;
    case Reason::BatchRunning:
        text = std::string(policyName(policy))
            + " batching: " + counted(outlook.waiting, "request waits", "requests wait")
            + " until the running batch of " + formatInteger(outlook.running) + " ends";
        text += outlook.emptySlots > 0 ? "; " + counted(outlook.emptySlots, "slot stays", "slots stay") + " empty."
                                       : ".";
        break;
    case Reason::BatchFilling:
        text = std::string(policyName(policy))
            + " batching: " + counted(outlook.waiting, "request waits", "requests wait") + " for a full batch of "
            + formatInteger(outlook.slotCount);
        text += policy == Policy::Dynamic
            ? " or until the oldest has waited " + formatNumber(dynamicTimeoutMs, 4) + " ms."
            : " (or the last arrival).";
        break;
    }
    if (outlook.idle > 0)
        text += " " + counted(outlook.idle, "finished request holds its slot", "finished requests hold their slots")
            + " until the batch's longest answer is done (hatched).";
    return text;
}

std::vector<ComparisonRow> comparePolicies(const Scenario &scenario, const WorkControl &control)
{
    std::vector<ComparisonRow> rows;
    const CostModel cost(scenario.model);
    const auto count = static_cast<double>(kPolicyNames.entries.size());
    for (const auto &[policy, name] : kPolicyNames.entries) {
        ComparisonRow row;
        row.policy = policy;
        SchedulerConfig config = scenario.config;
        config.policy = policy;
        Simulator simulator(cost, config, scenario.requests);
        if (simulator.error().empty()) {
            const double done = static_cast<double>(rows.size());
            const WorkControl part([&control, done, count](double fraction, std::string_view message) {
                control.checkpoint();
                control.report((done + fraction) / count, message);
            });
            simulator.run(part);
        }
        if (simulator.error().empty()) {
            row.summary = summarize(simulator);
            row.finished = finishedByTime(simulator.records(), scenario.requests.front().arrivalSeconds);
        } else {
            row.error = simulator.error();
        }
        rows.push_back(std::move(row));
        control.checkpoint();
    }
    return rows;
}

} // namespace conceptlab::batching
