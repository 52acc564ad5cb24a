// The request table and the summary text.
#include "report.h"

#include <text.h>

namespace conceptlab::batching {

Table requestTable(const Simulator &simulator)
{
    Table table;
    table.header = { "id", "arrival_s", "first_token_s", "finish_s", "prompt_tokens", "output_tokens", "preemptions" };
    const auto &records = simulator.records();
    table.rows.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        const RequestRecord &record = records[i];
        table.rows.push_back({ formatInteger(static_cast<std::int64_t>(i)), formatNumber(record.arrivalSeconds, 12),
            formatNumber(record.firstTokenSeconds, 12), formatNumber(record.finishSeconds, 12),
            formatInteger(record.promptTokens), formatInteger(record.outputTokens),
            formatInteger(record.preemptions) });
    }
    return table;
}

std::string summaryText(const Summary &summary, std::string_view policy, std::string_view preset)
{
    std::string text;
    text.append(policy).append(" on ").append(preset).append(": ");
    text += formatInteger(summary.completed) + " requests, " + formatInteger(summary.outputTokens)
        + " output tokens in " + formatFixed(summary.makespanSeconds, 3) + " s\n";
    text += "throughput " + formatFixed(summary.throughputTokensPerSecond, 1) + " tokens/s, "
        + formatFixed(summary.throughputRequestsPerSecond, 3) + " requests/s; GPU busy "
        + formatFixed(100.0 * summary.gpuBusyFraction, 1) + "%, slots used "
        + formatFixed(100.0 * summary.slotUtilization, 1) + "%\n";
    text += "TTFT p50 " + formatFixed(summary.ttftSeconds.p50, 3) + " s, p99 " + formatFixed(summary.ttftSeconds.p99, 3)
        + " s; TPOT p50 " + formatFixed(1000.0 * summary.tpotSeconds.p50, 2) + " ms; latency p50 "
        + formatFixed(summary.latencySeconds.p50, 3) + " s, p99 " + formatFixed(summary.latencySeconds.p99, 3)
        + " s; preemptions " + formatInteger(summary.preemptions);
    return text;
}

} // namespace conceptlab::batching
