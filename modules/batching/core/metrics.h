// Latency and throughput metrics of a finished simulation. Percentiles are nearest-rank:
// the p-th percentile of N sorted values is the value at rank ceil(p/100 · N) (1-based).
#pragma once

#include "simulator.h"

#include <cstdint>
#include <vector>

namespace conceptlab::batching {

struct Distribution {
    double p50 = 0;
    double p90 = 0;
    double p99 = 0;
    double mean = 0;
    int count = 0;
};

/// Nearest-rank percentile of sorted values (p in (0, 100]); 0 for none.
double nearestRank(const std::vector<double> &sorted, double percentile);
/// p50/p90/p99/mean of values (sorted inside).
Distribution describe(std::vector<double> values);

struct Summary {
    int completed = 0;
    std::int64_t outputTokens = 0;
    double makespanSeconds = 0; ///< last finish − first arrival
    double throughputTokensPerSecond = 0; ///< output tokens / makespan
    double throughputRequestsPerSecond = 0;
    Distribution ttftSeconds; ///< first token − arrival
    Distribution tpotSeconds; ///< (finish − first token) / (output − 1), outputs > 1 only
    Distribution latencySeconds; ///< finish − arrival
    std::int64_t preemptions = 0;
    double gpuBusyFraction = 0; ///< Σ iteration time / makespan
    std::int64_t iterations = 0;
    double slotUtilization = 0; ///< useful slot-iterations / (batch size × iterations)
    std::int64_t wastedSlotIterations = 0;
    double kvUsedFraction = 0; ///< time-mean stored KV / capacity over the makespan
    double kvReservedFraction = 0; ///< time-mean reserved/allocated KV / capacity over the makespan
    std::int64_t kvCapacityTokens = 0;
    double kvBytesPerToken = 0;
    OperationSeconds operationSeconds {}; ///< GPU seconds per operation kind over the run
    std::int64_t swappedTokens = 0; ///< KV tokens copied to or from host memory (preemption by swap)
    double prefixCacheHitRate = 0; ///< prompt tokens found in the prefix cache / prompt tokens prefilled
};

Summary summarize(const Simulator &simulator);

} // namespace conceptlab::batching
