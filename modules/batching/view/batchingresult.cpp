// JSON rendering of a simulation's metrics and the headless run.
#include "batchingresult.h"

#include "batchingscenario.h"
#include "core/report.h"

#include <QJsonObject>

namespace conceptlab::batching {

QJsonObject distributionJson(const Distribution &distribution)
{
    return QJsonObject { { QStringLiteral("p50"), distribution.p50 }, { QStringLiteral("p90"), distribution.p90 },
        { QStringLiteral("p99"), distribution.p99 }, { QStringLiteral("mean"), distribution.mean } };
}

QJsonObject summaryJson(const Summary &summary, const Scenario &scenario)
{
    QJsonObject data;
    const std::string_view policy = policyName(scenario.config.policy);
    data[QStringLiteral("policy")] = QString::fromLatin1(policy.data(), static_cast<qsizetype>(policy.size()));
    data[QStringLiteral("preset")] = QString::fromStdString(scenario.presetId);
    data[QStringLiteral("model")] = QString::fromStdString(scenario.modelId);
    data[QStringLiteral("gpu")] = QString::fromStdString(scenario.gpuId);
    data[QStringLiteral("tensor_parallel")] = scenario.model.tensorParallel;
    QJsonObject breakdown;
    for (const auto &[operation, name] : kOperationNames.entries)
        breakdown[QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()))]
            = summary.operationSeconds[static_cast<std::size_t>(operation)];
    data[QStringLiteral("iteration_breakdown")] = breakdown;
    data[QStringLiteral("prefix_cache_hit_rate")] = summary.prefixCacheHitRate;
    data[QStringLiteral("swapped_tokens")] = static_cast<qint64>(summary.swappedTokens);
    data[QStringLiteral("throughput_tokens_per_s")] = summary.throughputTokensPerSecond;
    data[QStringLiteral("throughput_requests_per_s")] = summary.throughputRequestsPerSecond;
    data[QStringLiteral("ttft_s")] = distributionJson(summary.ttftSeconds);
    data[QStringLiteral("tpot_s")] = distributionJson(summary.tpotSeconds);
    data[QStringLiteral("latency_s")] = distributionJson(summary.latencySeconds);
    data[QStringLiteral("completed")] = summary.completed;
    data[QStringLiteral("preemptions")] = static_cast<qint64>(summary.preemptions);
    data[QStringLiteral("makespan_s")] = summary.makespanSeconds;
    data[QStringLiteral("gpu_busy_fraction")] = summary.gpuBusyFraction;
    data[QStringLiteral("output_tokens")] = static_cast<qint64>(summary.outputTokens);
    data[QStringLiteral("iterations")] = static_cast<qint64>(summary.iterations);
    data[QStringLiteral("slot_utilization")] = summary.slotUtilization;
    data[QStringLiteral("wasted_slot_iterations")] = static_cast<qint64>(summary.wastedSlotIterations);
    data[QStringLiteral("kv_used_fraction")] = summary.kvUsedFraction;
    data[QStringLiteral("kv_reserved_fraction")] = summary.kvReservedFraction;
    data[QStringLiteral("kv_capacity_tokens")] = static_cast<qint64>(summary.kvCapacityTokens);
    data[QStringLiteral("kv_bytes_per_token")] = summary.kvBytesPerToken;
    return data;
}

RunResult runBatching(const ParameterValues &values, const WorkControl &control)
{
    try {
        Scenario scenario = buildScenario(values);
        const CostModel cost(scenario.model);
        Simulator simulator(cost, scenario.config, std::move(scenario.requests));
        if (!simulator.error().empty())
            return RunResult::failure(QString::fromStdString(simulator.error()));
        simulator.run(control);
        if (!simulator.error().empty())
            return RunResult::failure(QString::fromStdString(simulator.error()));
        const Summary summary = summarize(simulator);
        const std::string_view policy = policyName(scenario.config.policy);
        RunResult result;
        result.data = summaryJson(summary, scenario);
        result.summary = QString::fromStdString(summaryText(summary, policy, scenario.presetId));
        result.table = ResultTable::fromTable(requestTable(simulator));
        return result;
    } catch (const InputError &error) {
        return RunResult::failure(QString::fromStdString(error.message()));
    } catch (const Cancelled &) {
        RunResult result;
        result.cancelled = true;
        return result;
    }
}

} // namespace conceptlab::batching
