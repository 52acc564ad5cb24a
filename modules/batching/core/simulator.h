// The serving simulator: a discrete-event simulation (arrivals, dynamic-batching
// timeouts, iteration ends) of one GPU running a batching policy. One step() is one
// scheduler iteration. Records one outcome per request, the slot stints the timeline
// draws and, on request, one sample per iteration.
#pragma once

#include "costmodel.h"
#include "eventqueue.h"
#include "workload.h"

#include <text.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab {
class WorkControl;
}

namespace conceptlab::batching {

enum class Policy { Static, Dynamic, Continuous, Paged, Chunked };
/// What a paged policy does with a sequence it preempts: drop its KV and recompute it later, or
/// copy the KV to host memory over PCIe and back (vLLM's two modes).
enum class Preemption { Recompute, Swap };
/// Whether paged policies keep the full KV blocks of a shared prompt prefix for later requests.
enum class PrefixCaching { Off, On };

inline constexpr EnumNames<Preemption, 2> kPreemptionNames {
    { { { Preemption::Recompute, "recompute" }, { Preemption::Swap, "swap" } } }
};

/// vLLM's default per-iteration token limit without chunked prefill: max(max_model_len, 2048).
inline constexpr int kDefaultMaxBatchedTokens = 2048;

/// Paged policies admit a prompt only if this fraction of all blocks stays free (vLLM's default).
inline constexpr double kWatermarkFraction = 0.01;

/// Work limits of one run: the tokens in the workload and the scheduler iterations. A run
/// past either is refused with a message naming the parameters to change.
inline constexpr std::int64_t kMaxWorkloadTokens = 1'000'000'000;
inline constexpr std::int64_t kMaxIterations = 20'000'000;

/// The policies and their parameter names, in the order of the schema and the comparison table.
inline constexpr EnumNames<Policy, 5> kPolicyNames { { {
    { Policy::Static, "static" },
    { Policy::Dynamic, "dynamic" },
    { Policy::Continuous, "continuous" },
    { Policy::Paged, "paged" },
    { Policy::Chunked, "chunked" },
} } };

/// "static", "dynamic", "continuous", "paged", "chunked".
inline std::string_view policyName(Policy policy)
{
    return kPolicyNames.name(policy);
}

struct SchedulerConfig {
    Policy policy = Policy::Continuous;
    int batchSize = 32; ///< slot limit: sequences in a batch at once
    int blockSizeTokens = 16; ///< paged, chunked: KV block size, tokens
    int tokenBudget = 512; ///< chunked: tokens per iteration (decodes + prefill chunks)
    double dynamicTimeoutSeconds = 0.05; ///< dynamic: the oldest request waits at most this long
    int outputLimitTokens = 512; ///< generation limit; static/dynamic/continuous reserve prompt + this
    /// paged: prompt tokens one iteration may prefill (vLLM's max_num_batched_tokens); chunked:
    /// replaces tokenBudget. 0: vLLM's defaults (paged max(max context, 2048); chunked tokenBudget).
    int maxBatchedTokens = 0;
    Preemption preemption = Preemption::Recompute; ///< paged, chunked
    double swapSpaceGiB = 4; ///< swap: host memory for swapped KV per GPU, GiB (vLLM's default 4)
    int sharedPrefixTokens = 0; ///< the first this many tokens of every prompt are a shared system prompt
    PrefixCaching prefixCaching = PrefixCaching::Off; ///< paged, chunked: reuse its full blocks
};

/// What happened to one request. Times are seconds from the simulation's time 0.
struct RequestRecord {
    double arrivalSeconds = 0;
    double firstTokenSeconds = -1; ///< end of the iteration that produced its first token
    double finishSeconds = -1; ///< its response is complete (static/dynamic: the batch returned)
    int promptTokens = 0;
    int outputTokens = 0;
    int producedTokens = 0; ///< output tokens produced so far
    int preemptions = 0;
};

/// A request's stay in one batch slot, for the timeline. Ends with completion or preemption.
struct Stint {
    int request = 0;
    int slot = 0;
    double startSeconds = 0; ///< start of its first (prefill) iteration
    double prefillEndSeconds = -1; ///< prefill complete (−1: preempted before)
    double decodeEndSeconds = -1; ///< last token produced, or preempted
    double endSeconds = -1; ///< slot released (static/dynamic: when the batch ends)
    bool preempted = false;
};

/// One scheduler iteration, recorded when asked for.
struct IterationRecord {
    double startSeconds = 0;
    double endSeconds = 0;
    int sequences = 0; ///< sequences doing useful work
    int queued = 0; ///< requests waiting when it started
    int outputTokens = 0; ///< output tokens it produced
    std::int64_t tokensProcessed = 0;
    std::int64_t kvUsedTokens = 0; ///< KV actually stored at its end
    std::int64_t kvReservedTokens = 0; ///< KV reserved or allocated (blocks × block size) at its end
};

/// A sequence on the GPU now, for the KV-memory strip.
struct LiveSequence {
    int request = 0;
    int slot = 0;
    std::int64_t storedTokens = 0; ///< its own KV (a cached shared prefix is the cache's)
    std::int64_t reservedTokens = 0;
    bool prefilling = false;
};

/// Why batch slots stay empty (or idle) when the scheduler next decides, for the view's reason
/// line. Counts are as the next scheduler decision sees them (requests that have arrived by now
/// count as waiting).
struct SlotOutlook {
    enum class Reason {
        Done, ///< every request has finished
        AllBusy, ///< every slot holds a running sequence
        NoneWaiting, ///< slots are free and no request is waiting
        KvReserved, ///< static, dynamic, continuous: the KV reserved for prompt + output_max is full
        KvBlocks, ///< paged, chunked: too few free KV blocks for the next waiting prompt
        BatchRunning, ///< static, dynamic: waiting requests wait for the running batch to end
        BatchFilling, ///< static, dynamic: the next batch waits for more requests (or the timeout)
    };
    Reason reason = Reason::Done;
    int slotCount = 0; ///< batch slots (batch_size)
    int running = 0; ///< sequences in slots now, finished rows of a batch included
    int idle = 0; ///< static, dynamic: finished rows that hold their slot until the batch ends
    int admitted = 0; ///< waiting requests the next decision admits
    int waiting = 0; ///< requests waiting now
    int emptySlots = 0; ///< slots the next decision leaves empty
    std::int64_t kvCapacityTokens = 0; ///< KV the policy can use
    std::int64_t kvReservedTokens = 0; ///< reserved or allocated now (after the admissions), tokens
    std::int64_t kvStoredTokens = 0; ///< holding tokens now, tokens
    std::int64_t kvNeededTokens = 0; ///< KvReserved, KvBlocks: what the next waiting request needs, tokens
    std::int64_t kvFreeTokens = 0; ///< KvReserved, KvBlocks: what it could get, tokens
    int outputLimitTokens = 0; ///< the output length every reserving policy reserves for
    double nextArrivalSeconds = -1; ///< NoneWaiting: when the next request arrives (−1: all have)
};

class Simulator {
public:
    enum class Recording { Outcomes, Iterations };

    /// Checks the workload against the model and config first; see error().
    Simulator(const CostModel &cost, SchedulerConfig config, std::vector<Request> requests,
        Recording recording = Recording::Outcomes);

    /// Non-empty when the run is impossible (e.g. a request that can never fit in the KV cache).
    const std::string &error() const { return m_error; }

    /// Runs one scheduler iteration (jumping over idle time to the next arrival). False when done.
    bool step();
    /// Runs to the end, reporting the fraction of requests completed; throws Cancelled when
    /// `control` is cancelled.
    void run(const WorkControl &control);
    /// Runs to the end; false if the run failed (see error()).
    bool run();
    bool done() const { return m_completed == static_cast<int>(m_records.size()) || !m_error.empty(); }

    double nowSeconds() const { return m_now; }
    int completed() const { return m_completed; }
    int queued() const { return static_cast<int>(m_queue.size()); }
    std::int64_t iterations() const { return m_iterations; }
    std::int64_t preemptions() const { return m_preemptions; }
    /// KV tokens copied to or from host memory by swap preemption.
    std::int64_t swappedTokens() const { return m_swappedTokens; }
    /// Prompt tokens found in the prefix cache / prompt tokens admitted for prefill (0 if none).
    double prefixCacheHitRate() const;
    /// paged, chunked: the prefill tokens one iteration may process.
    int batchedTokenLimit() const { return m_batchedTokenLimit; }
    double busySeconds() const { return m_busySeconds; }
    /// Seconds per operation kind, summed over the iterations run (zeros with the roofline formula).
    const OperationSeconds &operationSeconds() const { return m_operationSeconds; }
    /// The cost of the last iteration run (zero before the first).
    const IterationCost &lastIteration() const { return m_lastCost; }
    /// Σ over iterations of sequences doing useful work (≤ batch size × iterations).
    std::int64_t usefulSlotIterations() const { return m_usefulSlotIterations; }
    /// ∫ stored KV tokens dt and ∫ reserved KV tokens dt over iterations, token·seconds.
    double kvUsedTokenSeconds() const { return m_kvUsedTokenSeconds; }
    double kvReservedTokenSeconds() const { return m_kvReservedTokenSeconds; }
    /// KV capacity the policy can use: tokens (paged, chunked: whole blocks only).
    std::int64_t kvCapacityTokens() const;
    int outputLimitTokens() const { return m_outputLimit; }

    const SchedulerConfig &config() const { return m_config; }
    const CostModel &cost() const { return m_cost; }
    const std::vector<Request> &requests() const { return m_requests; }
    const std::vector<RequestRecord> &records() const { return m_records; }
    const std::vector<Stint> &stints() const { return m_stints; }
    const std::vector<IterationRecord> &iterationRecords() const { return m_iterationRecords; }
    std::vector<LiveSequence> live() const;
    /// Why slots stay empty or idle at the next scheduler decision (see SlotOutlook).
    SlotOutlook slotOutlook() const;

private:
    void outlookAdmissions(SlotOutlook &outlook, const std::vector<int> &waiting) const;
    struct Sequence {
        int request = 0;
        int slot = 0;
        int stint = 0;
        int prefillTarget = 0; // tokens to prefill: prompt (+ produced output after a preemption)
        int prefillDone = 0;
        std::int64_t stored = 0; // tokens whose KV is cached
        std::int64_t reserved = 0; // reserved tokens (continuous) or allocated blocks × block size
        int blocks = 0; // its own blocks (the shared prefix's are the cache's)
        int shared = 0; // leading tokens whose KV is in the prefix cache
    };
    struct PlanItem {
        int sequence = 0; // index into m_running
        int prefillTokens = 0; // 0: a decode
    };

    bool startIteration();
    void finishIteration();
    bool startRequestLevelBatch();
    bool startContinuous();
    bool startPaged();
    bool startChunked();
    bool ensureDecodeBlocks();
    void preemptNewest();
    int admit(int request, int prefillTarget, std::int64_t reservedTokens, int blocks);
    int admitFrontInBlocks(); // paged, chunked: admits the queue's front if its blocks are free; its index or −1
    int cachedPrefixFor(int request) const; // prompt tokens of `request` found in the prefix cache
    void cachePrefix(Sequence &sequence); // its prefill passed the shared prefix: the blocks go to the cache
    void launch(const IterationShape &shape);
    int blocksFor(std::int64_t tokens) const;
    void takeArrivals();

    CostModel m_cost;
    SchedulerConfig m_config;
    std::vector<Request> m_requests;
    Recording m_recording;
    std::string m_error;

    EventQueue m_events;
    std::deque<int> m_queue; // arrived, waiting; front is served first
    std::vector<Sequence> m_running; // in request order (oldest first)
    std::priority_queue<int, std::vector<int>, std::greater<>> m_freeSlots;
    std::vector<PlanItem> m_plan;
    std::vector<RequestRecord> m_records;
    std::vector<Stint> m_stints;
    std::vector<IterationRecord> m_iterationRecords;

    // request-level batch (static, dynamic)
    std::vector<int> m_batch;
    int m_batchPrompt = 0;
    int m_batchOutput = 0;
    int m_batchStep = 0; // tokens produced by the batch so far

    double m_now = 0;
    double m_iterationStart = 0;
    double m_lastTimeout = -1;
    bool m_busy = false;
    int m_arrivalsPending = 0;
    int m_completed = 0;
    int m_outputLimit = 0;
    std::int64_t m_totalBlocks = 0;
    std::int64_t m_freeBlocks = 0;
    std::int64_t m_watermarkBlocks = 0;
    std::int64_t m_reservedTokens = 0; // continuous: Σ reservations
    std::int64_t m_iterations = 0;
    std::int64_t m_preemptions = 0;
    int m_batchedTokenLimit = 0;
    std::vector<std::int64_t> m_swappedOut; // per request: KV tokens held in host memory, or −1
    std::int64_t m_hostCapacityTokens = 0;
    std::int64_t m_hostUsedTokens = 0;
    std::int64_t m_pendingSwapTokens = 0; // copied before the next iteration
    std::int64_t m_swappedTokens = 0;
    int m_prefixBlocks = 0; // full blocks of the shared prefix
    bool m_prefixCached = false;
    std::int64_t m_promptTokensAdmitted = 0;
    std::int64_t m_prefixHitTokens = 0;
    std::int64_t m_usefulSlotIterations = 0;
    int m_planUseful = 0;
    int m_planQueued = 0;
    double m_busySeconds = 0;
    IterationCost m_pendingCost; // of the iteration in flight
    IterationCost m_lastCost;
    OperationSeconds m_operationSeconds {};
    double m_kvUsedTokenSeconds = 0;
    double m_kvReservedTokenSeconds = 0;
};

} // namespace conceptlab::batching
