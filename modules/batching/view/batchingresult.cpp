// JSON, CSV and text renderings of a simulation's metrics.
#include "batchingresult.h"

#include "batchingscenario.h"

#include <QJsonObject>

namespace conceptlab::batching {

QJsonObject distributionJson(const Distribution &distribution)
{
    return QJsonObject { { QStringLiteral("p50"), distribution.p50 }, { QStringLiteral("p90"), distribution.p90 },
        { QStringLiteral("p99"), distribution.p99 }, { QStringLiteral("mean"), distribution.mean } };
}

QJsonObject summaryJson(const Summary &summary, const QString &policy, const QString &preset)
{
    QJsonObject data;
    data[QStringLiteral("policy")] = policy;
    data[QStringLiteral("preset")] = preset;
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

ResultTable requestTable(const Simulator &simulator)
{
    ResultTable table;
    table.header = { QStringLiteral("id"), QStringLiteral("arrival_s"), QStringLiteral("first_token_s"),
        QStringLiteral("finish_s"), QStringLiteral("prompt_tokens"), QStringLiteral("output_tokens"),
        QStringLiteral("preemptions") };
    const auto &records = simulator.records();
    table.rows.reserve(static_cast<qsizetype>(records.size()));
    auto number = [](double value) { return QString::number(value, 'g', 12); };
    for (std::size_t i = 0; i < records.size(); ++i) {
        const RequestRecord &record = records[i];
        table.rows.append({ QString::number(i), number(record.arrivalSeconds), number(record.firstTokenSeconds),
            number(record.finishSeconds), QString::number(record.promptTokens), QString::number(record.outputTokens),
            QString::number(record.preemptions) });
    }
    return table;
}

QString summaryText(const Summary &summary, const QString &policy, const QString &preset)
{
    return QStringLiteral("%1 on %2: %3 requests, %4 output tokens in %5 s\n"
                          "throughput %6 tokens/s, %7 requests/s; GPU busy %8%, slots used %9%\n"
                          "TTFT p50 %10 s, p99 %11 s; TPOT p50 %12 ms; latency p50 %13 s, p99 %14 s; "
                          "preemptions %15")
        .arg(policy, preset)
        .arg(summary.completed)
        .arg(summary.outputTokens)
        .arg(summary.makespanSeconds, 0, 'f', 3)
        .arg(summary.throughputTokensPerSecond, 0, 'f', 1)
        .arg(summary.throughputRequestsPerSecond, 0, 'f', 3)
        .arg(100.0 * summary.gpuBusyFraction, 0, 'f', 1)
        .arg(100.0 * summary.slotUtilization, 0, 'f', 1)
        .arg(summary.ttftSeconds.p50, 0, 'f', 3)
        .arg(summary.ttftSeconds.p99, 0, 'f', 3)
        .arg(1000.0 * summary.tpotSeconds.p50, 0, 'f', 2)
        .arg(summary.latencySeconds.p50, 0, 'f', 3)
        .arg(summary.latencySeconds.p99, 0, 'f', 3)
        .arg(summary.preemptions);
}

RunResult runBatching(const ParameterValues &values, const Progress &progress)
{
    const ParameterCheck complete = batchingSchema().complete(values);
    if (!complete.ok())
        return RunResult::failure(complete.error);
    Scenario scenario = buildScenario(complete.value.toMap());
    if (!scenario.error.isEmpty())
        return RunResult::failure(scenario.error);
    const CostModel cost(scenario.model);
    Simulator simulator(cost, scenario.config, std::move(scenario.requests));
    if (!simulator.error().empty())
        return RunResult::failure(QString::fromStdString(simulator.error()));
    const bool finished = simulator.run([&](double fraction) {
        progress.report(fraction);
        return progress.isCancelled();
    });
    RunResult result;
    if (!finished) {
        result.cancelled = true;
        return result;
    }
    if (!simulator.error().empty())
        return RunResult::failure(QString::fromStdString(simulator.error()));
    const Summary summary = summarize(simulator);
    const QString policy = QString::fromLatin1(policyName(scenario.config.policy));
    result.data = summaryJson(summary, policy, scenario.presetId);
    result.summary = summaryText(summary, policy, scenario.presetId);
    result.table = requestTable(simulator);
    return result;
}

} // namespace conceptlab::batching
