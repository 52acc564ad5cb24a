// Turning a finished simulation into the documented JSON keys, the per-request CSV table
// and a short summary text.
#pragma once

#include "core/metrics.h"

#include <conceptmodule.h>

namespace conceptlab::batching {

/// {p50, p90, p99, mean} in seconds.
QJsonObject distributionJson(const Distribution &distribution);
/// The documented result keys of a run.
QJsonObject summaryJson(const Summary &summary, const QString &policy, const QString &preset);
/// One row per request: id, arrival_s, first_token_s, finish_s, prompt_tokens, output_tokens, preemptions.
ResultTable requestTable(const Simulator &simulator);
/// The headless run: validates values against the schema, simulates to the end, and returns
/// the documented JSON keys, the per-request table and a summary (or an error).
RunResult runBatching(const ParameterValues &values, const Progress &progress);
/// A few human-readable lines.
QString summaryText(const Summary &summary, const QString &policy, const QString &preset);

} // namespace conceptlab::batching
