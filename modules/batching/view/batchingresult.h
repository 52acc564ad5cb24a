// The headless run of the batching module: the documented JSON keys, the per-request table and
// the summary text of a finished simulation.
#pragma once

#include "core/metrics.h"
#include "core/scenario.h"

#include <conceptmodule.h>

namespace conceptlab::batching {

/// {p50, p90, p99, mean} in seconds.
QJsonObject distributionJson(const Distribution &distribution);
/// The documented result keys of a run.
QJsonObject summaryJson(const Summary &summary, const Scenario &scenario);
/// The headless run: validates values against the schema, simulates to the end, and returns
/// the documented JSON keys, the per-request table and a summary (or an error).
RunResult runBatching(const ParameterValues &values, const WorkControl &control);

} // namespace conceptlab::batching
