// Plain-text renderings of a simulation: the per-request table (CSV export) and the short
// summary that `conceptlab sim batching` prints. Numbers are written without the locale.
#pragma once

#include "metrics.h"
#include "simulator.h"

#include <session.h>

#include <string>
#include <string_view>

namespace conceptlab::batching {

/// One row per request, in arrival order: id, arrival_s, first_token_s, finish_s (seconds, 12
/// significant digits; −1 while unknown), prompt_tokens, output_tokens, preemptions.
Table requestTable(const Simulator &simulator);

/// Three lines: what ran, throughput and utilisation, latencies and preemptions.
std::string summaryText(const Summary &summary, std::string_view policy, std::string_view preset);

} // namespace conceptlab::batching
