// The five batching policies as one discrete-event loop. Conventions (see the module docs):
// an iteration is atomic; requests that arrive by the moment a scheduler decision is made are
// considered, later ones wait for the next decision; a prefill produces the first output token;
// a decode iteration produces one token per sequence.
#include "simulator.h"

#include <text.h>
#include <workcontrol.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace conceptlab::batching {

Simulator::Simulator(const CostModel &cost, SchedulerConfig config, std::vector<Request> requests, Recording recording)
    : m_cost(cost)
    , m_config(config)
    , m_requests(std::move(requests))
    , m_recording(recording)
{
    if (!m_cost.error().empty()) {
        m_error = m_cost.error();
        return;
    }
    if (m_config.batchSize < 1 || m_config.blockSizeTokens < 1 || m_config.tokenBudget < 1
        || !(m_config.dynamicTimeoutSeconds >= 0) || m_config.outputLimitTokens < 1) {
        m_error = "batch_size, block_size, token_budget and output_max must be >= 1 and the timeout >= 0";
        return;
    }
    if (m_requests.empty()) {
        m_error = "the workload holds no requests";
        return;
    }
    m_outputLimit = m_config.outputLimitTokens;
    std::int64_t workloadTokens = 0;
    for (const Request &request : m_requests)
        workloadTokens += std::int64_t(std::max(0, request.promptTokens)) + std::max(0, request.outputTokens);
    if (workloadTokens > kMaxWorkloadTokens) {
        m_error = "requests: the workload holds " + formatInteger(workloadTokens)
            + " prompt and output tokens, more than the " + formatInteger(kMaxWorkloadTokens)
            + " a run may simulate; lower requests, prompt_tokens or output_mean";
        return;
    }
    double previous = 0;
    for (const Request &request : m_requests) {
        if (request.promptTokens < 1 || request.outputTokens < 1 || !std::isfinite(request.arrivalSeconds)
            || request.arrivalSeconds < previous) {
            m_error = "requests need arrival times >= 0 in order and at least one prompt and output token";
            return;
        }
        previous = request.arrivalSeconds;
        m_outputLimit = std::max(m_outputLimit, request.outputTokens);
    }

    const std::int64_t capacity = m_cost.kvCapacityTokens();
    m_totalBlocks = capacity / m_config.blockSizeTokens;
    m_freeBlocks = m_totalBlocks;
    // vLLM keeps 1% of the blocks free when admitting prompts, so that running sequences
    // can grow for a while before anything is preempted.
    m_watermarkBlocks = static_cast<std::int64_t>(kWatermarkFraction * static_cast<double>(m_totalBlocks));
    const bool paged = m_config.policy == Policy::Paged || m_config.policy == Policy::Chunked;
    if (m_config.maxBatchedTokens < 0 || m_config.sharedPrefixTokens < 0 || !(m_config.swapSpaceGiB >= 0)) {
        m_error = "max_num_batched_tokens, shared_prefix_tokens and swap_space_gib must be >= 0";
        return;
    }
    if (m_config.preemption == Preemption::Swap && !(m_cost.model().pcieGBs >= 0.01)) {
        m_error = "pcie_gb_s: " + formatNumber(m_cost.model().pcieGBs)
            + " GB/s is below 0.01 GB/s, the least preemption=swap accepts";
        return;
    }
    // vLLM's defaults: max(max_model_len, 2048) without chunked prefill; the chunked budget
    // (512 in vLLM, our token_budget) with it.
    if (m_config.policy == Policy::Chunked)
        m_batchedTokenLimit = m_config.maxBatchedTokens > 0 ? m_config.maxBatchedTokens : m_config.tokenBudget;
    else
        m_batchedTokenLimit = m_config.maxBatchedTokens > 0
            ? m_config.maxBatchedTokens
            : std::max(m_cost.model().maxContextTokens, kDefaultMaxBatchedTokens);
    m_hostCapacityTokens = static_cast<std::int64_t>(
        std::floor(m_config.swapSpaceGiB * 1073741824.0 * m_cost.model().tensorParallel / m_cost.kvBytesPerToken()));
    if (paged && m_config.prefixCaching == PrefixCaching::On)
        m_prefixBlocks = m_config.sharedPrefixTokens / m_config.blockSizeTokens;
    for (std::size_t i = 0; i < m_requests.size(); ++i) {
        const Request &request = m_requests[i];
        if (paged) {
            const std::int64_t peak = std::int64_t(request.promptTokens) + request.outputTokens - 1;
            if (blocksFor(peak) > m_totalBlocks - m_watermarkBlocks) {
                m_error = "request " + formatInteger(std::int64_t(i)) + " (" + formatInteger(request.promptTokens)
                    + " prompt + " + formatInteger(request.outputTokens) + " output tokens) needs "
                    + formatInteger(blocksFor(peak)) + " KV blocks but the GPU holds " + formatInteger(m_totalBlocks)
                    + " (" + formatInteger(m_watermarkBlocks) + " kept free)";
                return;
            }
        } else if (std::int64_t(request.promptTokens) + m_outputLimit > capacity) {
            m_error = "request " + formatInteger(std::int64_t(i)) + " reserves " + formatInteger(request.promptTokens)
                + " prompt + " + formatInteger(m_outputLimit) + " output-limit tokens but the KV cache holds "
                + formatInteger(capacity) + " tokens";
            return;
        }
    }

    m_records.resize(m_requests.size());
    for (std::size_t i = 0; i < m_requests.size(); ++i) {
        RequestRecord &record = m_records[i];
        record.arrivalSeconds = m_requests[i].arrivalSeconds;
        record.promptTokens = m_requests[i].promptTokens;
        record.outputTokens = m_requests[i].outputTokens;
        m_events.push(m_requests[i].arrivalSeconds, EventKind::Arrival, static_cast<int>(i));
    }
    m_arrivalsPending = static_cast<int>(m_requests.size());
    m_swappedOut.assign(m_requests.size(), -1);
    m_stints.reserve(m_requests.size());
    for (int slot = 0; slot < m_config.batchSize; ++slot)
        m_freeSlots.push(slot);
}

std::int64_t Simulator::kvCapacityTokens() const
{
    if (m_config.policy == Policy::Paged || m_config.policy == Policy::Chunked)
        return m_totalBlocks * m_config.blockSizeTokens;
    return m_cost.kvCapacityTokens();
}

int Simulator::blocksFor(std::int64_t tokens) const
{
    return static_cast<int>((tokens + m_config.blockSizeTokens - 1) / m_config.blockSizeTokens);
}

void Simulator::takeArrivals()
{
    while (!m_events.empty() && m_events.top().timeSeconds <= m_now && m_events.top().kind != EventKind::IterationEnd) {
        const Event event = m_events.pop();
        if (event.kind == EventKind::Arrival) {
            m_queue.push_back(event.request);
            --m_arrivalsPending;
        }
    }
}

bool Simulator::step()
{
    if (done() || !m_error.empty())
        return false;
    if (m_iterations >= kMaxIterations) {
        m_error = "the run needs more than " + formatInteger(kMaxIterations)
            + " scheduler iterations; raise batch_size or token_budget, or lower requests";
        return false;
    }
    for (;;) {
        if (!m_busy) {
            takeArrivals();
            startIteration();
        }
        if (m_events.empty()) {
            if (!done())
                m_error = "the scheduler stalled with requests left (a bug)";
            return false;
        }
        const Event event = m_events.pop();
        m_now = std::max(m_now, event.timeSeconds);
        if (event.kind == EventKind::Arrival) {
            m_queue.push_back(event.request);
            --m_arrivalsPending;
        } else if (event.kind == EventKind::IterationEnd) {
            finishIteration();
            m_busy = false;
            return true;
        }
    }
}

void Simulator::run(const WorkControl &control)
{
    std::int64_t count = 0;
    while (step()) {
        if ((++count & 1023) == 0) {
            control.checkpoint();
            control.report(static_cast<double>(m_completed) / static_cast<double>(m_records.size()));
        }
    }
}

bool Simulator::run()
{
    while (step()) { }
    return m_error.empty();
}

bool Simulator::startIteration()
{
    m_plan.clear();
    m_planQueued = static_cast<int>(m_queue.size());
    switch (m_config.policy) {
    case Policy::Static:
    case Policy::Dynamic:
        return startRequestLevelBatch();
    case Policy::Continuous:
        return startContinuous();
    case Policy::Paged:
        return startPaged();
    case Policy::Chunked:
        return startChunked();
    }
    return false;
}

void Simulator::launch(const IterationShape &shape)
{
    m_iterationStart = m_now;
    m_busy = true;
    IterationShape withSwaps = shape;
    withSwaps.swapTokens = m_pendingSwapTokens;
    m_swappedTokens += m_pendingSwapTokens;
    m_pendingSwapTokens = 0;
    m_pendingCost = m_cost.iteration(withSwaps);
    m_events.push(m_now + m_pendingCost.seconds, EventKind::IterationEnd);
}

int Simulator::admit(int request, int prefillTarget, std::int64_t reservedTokens, int blocks)
{
    const int slot = m_freeSlots.top();
    m_freeSlots.pop();
    Stint stint;
    stint.request = request;
    stint.slot = slot;
    stint.startSeconds = m_now;
    m_stints.push_back(stint);
    Sequence sequence;
    sequence.request = request;
    sequence.slot = slot;
    sequence.stint = static_cast<int>(m_stints.size()) - 1;
    sequence.prefillTarget = prefillTarget;
    sequence.reserved = reservedTokens;
    sequence.blocks = blocks;
    m_running.push_back(sequence);
    return static_cast<int>(m_running.size()) - 1;
}

int Simulator::admitFrontInBlocks()
{
    if (m_queue.empty() || static_cast<int>(m_running.size()) >= m_config.batchSize)
        return -1;
    const int request = m_queue.front();
    const std::int64_t swapped = m_swappedOut[static_cast<std::size_t>(request)];
    if (swapped >= 0) {
        // Swapped out: its KV comes back over PCIe, with room for its next token; no prefill.
        const int need = blocksFor(swapped + 1);
        if (need > m_freeBlocks - m_watermarkBlocks)
            return -1;
        m_queue.pop_front();
        m_freeBlocks -= need;
        m_swappedOut[static_cast<std::size_t>(request)] = -1;
        m_hostUsedTokens -= swapped;
        m_pendingSwapTokens += swapped;
        const int index
            = admit(request, static_cast<int>(swapped), std::int64_t(need) * m_config.blockSizeTokens, need);
        Sequence &sequence = m_running[static_cast<std::size_t>(index)];
        sequence.prefillDone = sequence.prefillTarget;
        sequence.stored = swapped;
        m_stints[sequence.stint].prefillEndSeconds = m_now;
        return index;
    }
    // A preempted request recomputes its prompt and the tokens it had produced; a cached shared
    // prefix is not computed again and takes none of its own blocks.
    const int target = m_requests[request].promptTokens + m_records[request].producedTokens;
    const int cached = cachedPrefixFor(request);
    const int need = blocksFor(target - cached);
    if (need > m_freeBlocks - m_watermarkBlocks)
        return -1;
    m_queue.pop_front();
    m_freeBlocks -= need;
    m_promptTokensAdmitted += target;
    m_prefixHitTokens += cached;
    const int index = admit(request, target, std::int64_t(need) * m_config.blockSizeTokens, need);
    Sequence &sequence = m_running[static_cast<std::size_t>(index)];
    sequence.prefillDone = cached;
    sequence.stored = cached;
    sequence.shared = cached;
    return index;
}

int Simulator::cachedPrefixFor(int request) const
{
    if (!m_prefixCached)
        return 0;
    // Whole blocks only, and at least one prompt token is always computed.
    const int prefix = std::min(m_config.sharedPrefixTokens, m_requests[request].promptTokens - 1);
    return std::min(prefix / m_config.blockSizeTokens, m_prefixBlocks) * m_config.blockSizeTokens;
}

void Simulator::cachePrefix(Sequence &sequence)
{
    const int tokens = m_prefixBlocks * m_config.blockSizeTokens;
    if (m_prefixCached || m_prefixBlocks == 0 || sequence.prefillDone < tokens
        || std::min(m_config.sharedPrefixTokens, m_requests[sequence.request].promptTokens - 1) < tokens)
        return;
    // Its first blocks now belong to the cache, which keeps them for every later request.
    m_prefixCached = true;
    sequence.blocks -= m_prefixBlocks;
    sequence.reserved -= tokens;
    sequence.shared = tokens;
}

double Simulator::prefixCacheHitRate() const
{
    return m_promptTokensAdmitted > 0
        ? static_cast<double>(m_prefixHitTokens) / static_cast<double>(m_promptTokensAdmitted)
        : 0;
}

bool Simulator::startRequestLevelBatch()
{
    const std::int64_t capacity = m_cost.kvCapacityTokens();
    if (!m_running.empty()) {
        // The batch runs on to its longest output; finished rows still take part (padding).
        m_planUseful = 0;
        IterationShape shape;
        for (const Sequence &sequence : m_running) {
            m_planUseful += m_records[sequence.request].outputTokens > m_batchStep ? 1 : 0;
            shape.addDecode(m_batchPrompt + m_batchStep - 1);
        }
        launch(shape);
        return true;
    }
    // Form the next batch in arrival order: up to batch_size requests whose padded
    // reservation (longest prompt + output limit, per row) fits the KV cache.
    int count = 0;
    int longestPrompt = 0;
    for (const int request : m_queue) {
        const int candidate = std::max(longestPrompt, m_requests[request].promptTokens);
        if (count == m_config.batchSize || std::int64_t(count + 1) * (candidate + m_outputLimit) > capacity)
            break;
        longestPrompt = candidate;
        ++count;
    }
    if (count == 0)
        return false;
    const bool full = count == m_config.batchSize || count < static_cast<int>(m_queue.size());
    bool start = full || m_arrivalsPending == 0;
    if (!start && m_config.policy == Policy::Dynamic) {
        const double deadline = m_requests[m_queue.front()].arrivalSeconds + m_config.dynamicTimeoutSeconds;
        if (m_now >= deadline) {
            start = true;
        } else if (deadline != m_lastTimeout) {
            m_events.push(deadline, EventKind::Timeout);
            m_lastTimeout = deadline;
        }
    }
    if (!start)
        return false;
    m_batchPrompt = longestPrompt;
    m_batchOutput = 0;
    m_batchStep = 0;
    for (int i = 0; i < count; ++i) {
        const int request = m_queue.front();
        m_queue.pop_front();
        admit(request, longestPrompt, longestPrompt + m_outputLimit, 0);
        m_batchOutput = std::max(m_batchOutput, m_requests[request].outputTokens);
    }
    m_planUseful = count;
    IterationShape shape;
    for (int i = 0; i < count; ++i)
        shape.addPrefill(longestPrompt, 0, true);
    launch(shape);
    return true;
}

bool Simulator::startContinuous()
{
    const std::int64_t capacity = m_cost.kvCapacityTokens();
    while (!m_queue.empty() && static_cast<int>(m_running.size()) < m_config.batchSize) {
        const int request = m_queue.front();
        const std::int64_t need = std::int64_t(m_requests[request].promptTokens) + m_outputLimit;
        if (m_reservedTokens + need > capacity)
            break;
        m_queue.pop_front();
        m_reservedTokens += need;
        admit(request, m_requests[request].promptTokens, need, 0);
    }
    if (m_running.empty())
        return false;
    // Orca's selective batching: new prompts are prefilled whole in the same iteration
    // as one decode token of every running sequence.
    IterationShape shape;
    for (int i = 0; i < static_cast<int>(m_running.size()); ++i) {
        const Sequence &sequence = m_running[i];
        const int prefill = sequence.prefillTarget - sequence.prefillDone;
        m_plan.push_back(PlanItem { i, prefill });
        if (prefill > 0)
            shape.addPrefill(prefill, sequence.prefillDone, true);
        else
            shape.addDecode(sequence.stored);
    }
    m_planUseful = static_cast<int>(m_plan.size());
    launch(shape);
    return true;
}

void Simulator::preemptNewest()
{
    Sequence &victim = m_running.back();
    Stint &stint = m_stints[victim.stint];
    stint.decodeEndSeconds = m_now;
    stint.endSeconds = m_now;
    stint.preempted = true;
    m_freeBlocks += victim.blocks;
    m_freeSlots.push(victim.slot);
    ++m_records[victim.request].preemptions;
    ++m_preemptions;
    // Swap: its KV (beyond a cached prefix, which stays) is copied to host memory while there is
    // room there; otherwise recompute: the KV is dropped. Either way the request goes back to the
    // front of the queue.
    const std::int64_t own = victim.stored - victim.shared;
    if (m_config.preemption == Preemption::Swap && victim.prefillDone == victim.prefillTarget && victim.shared == 0
        && m_hostUsedTokens + own <= m_hostCapacityTokens) {
        m_swappedOut[static_cast<std::size_t>(victim.request)] = victim.stored;
        m_hostUsedTokens += own;
        m_pendingSwapTokens += own;
    }
    m_queue.push_front(victim.request);
    m_running.pop_back();
}

bool Simulator::ensureDecodeBlocks()
{
    // Oldest first, each decoding sequence gets room for one more token; when the blocks run
    // out the newest sequence is preempted (possibly the one asking).
    for (std::size_t i = 0; i < m_running.size(); ++i) {
        if (m_running[i].prefillDone < m_running[i].prefillTarget)
            continue;
        const int need = blocksFor(m_running[i].stored + 1 - m_running[i].shared);
        while (i < m_running.size() && m_running[i].blocks < need) {
            if (m_freeBlocks > 0) {
                ++m_running[i].blocks;
                m_running[i].reserved += m_config.blockSizeTokens;
                --m_freeBlocks;
            } else {
                preemptNewest();
            }
        }
    }
    return !m_running.empty();
}

bool Simulator::startPaged()
{
    // vLLM's default scheduler: waiting prompts first (a prefill-only iteration) when their
    // blocks are free, otherwise one decode iteration of every running sequence.
    // The prompts admitted together stay within max_num_batched_tokens (a longer prompt is
    // prefilled alone, where vLLM would refuse it); swapped-in sequences wait for the next decode.
    const int before = static_cast<int>(m_running.size());
    int prefillTokens = 0;
    while (!m_queue.empty()) {
        const int request = m_queue.front();
        const int next = m_swappedOut[static_cast<std::size_t>(request)] >= 0
            ? 0
            : m_requests[request].promptTokens + m_records[request].producedTokens - cachedPrefixFor(request);
        if (prefillTokens > 0 && prefillTokens + next > m_batchedTokenLimit)
            break;
        if (admitFrontInBlocks() < 0)
            break;
        prefillTokens += next;
    }
    IterationShape shape;
    if (prefillTokens > 0) {
        for (int i = before; i < static_cast<int>(m_running.size()); ++i) {
            const Sequence &sequence = m_running[i];
            const int tokens = sequence.prefillTarget - sequence.prefillDone;
            if (tokens == 0)
                continue;
            m_plan.push_back(PlanItem { i, tokens });
            shape.addPrefill(tokens, sequence.prefillDone, true);
        }
    } else {
        if (m_running.empty() || !ensureDecodeBlocks())
            return false;
        for (int i = 0; i < static_cast<int>(m_running.size()); ++i) {
            m_plan.push_back(PlanItem { i, 0 });
            shape.addDecode(m_running[i].stored);
        }
    }
    m_planUseful = static_cast<int>(m_plan.size());
    launch(shape);
    return true;
}

bool Simulator::startChunked()
{
    // Sarathi-Serve: every decode first, then prefill chunks of the ongoing prompts and of newly
    // admitted ones fill the rest of the token budget.
    ensureDecodeBlocks();
    IterationShape shape;
    int decodes = 0;
    for (int i = 0; i < static_cast<int>(m_running.size()); ++i) {
        const Sequence &sequence = m_running[i];
        if (sequence.prefillDone < sequence.prefillTarget)
            continue;
        m_plan.push_back(PlanItem { i, 0 });
        ++decodes;
        shape.addDecode(sequence.stored);
    }
    int budget = std::max(0, m_batchedTokenLimit - decodes);
    for (int i = 0; i < static_cast<int>(m_running.size()) && budget > 0; ++i) {
        const Sequence &sequence = m_running[i];
        const int chunk = std::min(sequence.prefillTarget - sequence.prefillDone, budget);
        if (chunk <= 0)
            continue;
        m_plan.push_back(PlanItem { i, chunk });
        budget -= chunk;
        shape.addPrefill(chunk, sequence.prefillDone, sequence.prefillDone + chunk == sequence.prefillTarget);
    }
    while (budget > 0) {
        const int index = admitFrontInBlocks();
        if (index < 0)
            break;
        const Sequence &sequence = m_running[static_cast<std::size_t>(index)];
        if (sequence.prefillDone == sequence.prefillTarget) { // swapped in: decodes at once
            m_plan.push_back(PlanItem { index, 0 });
            shape.addDecode(sequence.stored);
            budget -= 1;
            continue;
        }
        const int chunk = std::min(sequence.prefillTarget - sequence.prefillDone, budget);
        m_plan.push_back(PlanItem { index, chunk });
        budget -= chunk;
        shape.addPrefill(chunk, sequence.prefillDone, sequence.prefillDone + chunk == sequence.prefillTarget);
    }
    if (m_plan.empty())
        return false;
    m_planUseful = static_cast<int>(m_plan.size());
    launch(shape);
    return true;
}

void Simulator::finishIteration()
{
    const double duration = m_now - m_iterationStart;
    int produced = 0;
    std::int64_t tokensProcessed = 0;
    if (m_config.policy == Policy::Static || m_config.policy == Policy::Dynamic) {
        ++m_batchStep;
        for (Sequence &sequence : m_running) {
            RequestRecord &record = m_records[sequence.request];
            Stint &stint = m_stints[sequence.stint];
            sequence.stored = m_batchPrompt + m_batchStep - 1;
            sequence.prefillDone = sequence.prefillTarget;
            tokensProcessed += m_batchStep == 1 ? m_batchPrompt : 1;
            if (record.producedTokens < record.outputTokens) {
                ++record.producedTokens;
                ++produced;
                if (record.producedTokens == 1) {
                    record.firstTokenSeconds = m_now;
                    stint.prefillEndSeconds = m_now;
                }
                if (record.producedTokens == record.outputTokens)
                    stint.decodeEndSeconds = m_now;
            }
        }
    } else {
        for (const PlanItem &item : m_plan) {
            Sequence &sequence = m_running[item.sequence];
            RequestRecord &record = m_records[sequence.request];
            if (item.prefillTokens > 0) {
                tokensProcessed += item.prefillTokens;
                sequence.prefillDone += item.prefillTokens;
                sequence.stored = sequence.prefillDone;
                cachePrefix(sequence);
                if (sequence.prefillDone < sequence.prefillTarget)
                    continue;
                m_stints[sequence.stint].prefillEndSeconds = m_now;
                if (record.firstTokenSeconds < 0)
                    record.firstTokenSeconds = m_now;
            } else {
                tokensProcessed += 1;
                ++sequence.stored;
            }
            ++record.producedTokens;
            ++produced;
        }
    }

    std::int64_t kvUsed = 0;
    std::int64_t kvReserved = 0;
    for (const Sequence &sequence : m_running) {
        kvUsed += sequence.stored - sequence.shared;
        kvReserved += sequence.reserved;
    }
    if (m_prefixCached) { // the cached prefix, once
        kvUsed += std::int64_t(m_prefixBlocks) * m_config.blockSizeTokens;
        kvReserved += std::int64_t(m_prefixBlocks) * m_config.blockSizeTokens;
    }
    ++m_iterations;
    m_busySeconds += duration;
    for (std::size_t op = 0; op < kOperationCount; ++op)
        m_operationSeconds[op] += m_pendingCost.operationSeconds[op];
    m_lastCost = m_pendingCost;
    m_usefulSlotIterations += m_planUseful;
    m_kvUsedTokenSeconds += static_cast<double>(kvUsed) * duration;
    m_kvReservedTokenSeconds += static_cast<double>(kvReserved) * duration;
    if (m_recording == Recording::Iterations) {
        IterationRecord sample;
        sample.startSeconds = m_iterationStart;
        sample.endSeconds = m_now;
        sample.sequences = m_planUseful;
        sample.queued = m_planQueued;
        sample.outputTokens = produced;
        sample.tokensProcessed = tokensProcessed;
        sample.kvUsedTokens = kvUsed;
        sample.kvReservedTokens = kvReserved;
        m_iterationRecords.push_back(sample);
    }

    // Release finished sequences.
    const bool requestLevel = m_config.policy == Policy::Static || m_config.policy == Policy::Dynamic;
    if (requestLevel && m_batchStep < m_batchOutput)
        return;
    auto finished = [&](const Sequence &sequence) {
        RequestRecord &record = m_records[sequence.request];
        if (record.producedTokens < record.outputTokens)
            return false;
        record.finishSeconds = m_now;
        Stint &stint = m_stints[sequence.stint];
        if (stint.decodeEndSeconds < 0)
            stint.decodeEndSeconds = m_now;
        stint.endSeconds = m_now;
        m_freeSlots.push(sequence.slot);
        m_freeBlocks += sequence.blocks;
        if (m_config.policy == Policy::Continuous)
            m_reservedTokens -= sequence.reserved;
        ++m_completed;
        return true;
    };
    m_running.erase(std::remove_if(m_running.begin(), m_running.end(), finished), m_running.end());
}

std::vector<LiveSequence> Simulator::live() const
{
    std::vector<LiveSequence> result;
    result.reserve(m_running.size());
    for (const Sequence &sequence : m_running)
        result.push_back(LiveSequence { sequence.request, sequence.slot, sequence.stored - sequence.shared,
            sequence.reserved, sequence.prefillDone < sequence.prefillTarget });
    return result;
}

SlotOutlook Simulator::slotOutlook() const
{
    SlotOutlook outlook;
    outlook.slotCount = m_config.batchSize;
    outlook.outputLimitTokens = m_outputLimit;
    outlook.kvCapacityTokens = kvCapacityTokens();
    if (!m_error.empty() || done())
        return outlook;
    // Waiting as the next decision sees it: the queue, then the requests that have arrived by
    // now but are not taken yet (arrivals are taken in request order).
    std::vector<int> waiting(m_queue.begin(), m_queue.end());
    const int total = static_cast<int>(m_requests.size());
    for (int request = total - m_arrivalsPending; request < total && m_requests[request].arrivalSeconds <= m_now;
         ++request)
        waiting.push_back(request);
    outlook.waiting = static_cast<int>(waiting.size());
    outlook.running = static_cast<int>(m_running.size());
    for (const Sequence &sequence : m_running) {
        outlook.kvStoredTokens += sequence.stored - sequence.shared;
        outlook.kvReservedTokens += sequence.reserved;
        const RequestRecord &record = m_records[static_cast<std::size_t>(sequence.request)];
        if ((m_config.policy == Policy::Static || m_config.policy == Policy::Dynamic)
            && record.producedTokens >= record.outputTokens)
            ++outlook.idle;
    }
    if (m_prefixCached) {
        outlook.kvStoredTokens += std::int64_t(m_prefixBlocks) * m_config.blockSizeTokens;
        outlook.kvReservedTokens += std::int64_t(m_prefixBlocks) * m_config.blockSizeTokens;
    }
    const int arrived = outlook.waiting - static_cast<int>(m_queue.size());
    const int pending = m_arrivalsPending - arrived;
    outlookAdmissions(outlook, waiting);
    outlook.emptySlots = outlook.slotCount - outlook.running - outlook.admitted;
    if (outlook.reason != SlotOutlook::Reason::Done)
        return outlook;
    if (outlook.emptySlots <= 0 && outlook.idle == 0)
        outlook.reason = SlotOutlook::Reason::AllBusy;
    else if (static_cast<int>(waiting.size()) > outlook.admitted)
        outlook.reason = outlook.running > 0 ? SlotOutlook::Reason::BatchRunning : SlotOutlook::Reason::BatchFilling;
    else
        outlook.reason = SlotOutlook::Reason::NoneWaiting;
    if (outlook.reason == SlotOutlook::Reason::NoneWaiting && pending > 0)
        outlook.nextArrivalSeconds = m_requests[static_cast<std::size_t>(total - pending)].arrivalSeconds;
    return outlook;
}

void Simulator::outlookAdmissions(SlotOutlook &outlook, const std::vector<int> &waiting) const
{
    using Reason = SlotOutlook::Reason;
    const std::int64_t capacity = m_cost.kvCapacityTokens();
    const int free = outlook.slotCount - outlook.running;
    switch (m_config.policy) {
    case Policy::Static:
    case Policy::Dynamic: {
        if (!m_running.empty())
            return; // the batch runs on; waiting requests wait for it (BatchRunning)
        // The next batch as startRequestLevelBatch forms it: padded rows reserve the longest
        // prompt + the output limit each.
        int count = 0;
        int longestPrompt = 0;
        for (const int request : waiting) {
            const int candidate = std::max(longestPrompt, m_requests[request].promptTokens);
            if (count == m_config.batchSize)
                break;
            if (std::int64_t(count + 1) * (candidate + m_outputLimit) > capacity) {
                outlook.reason = Reason::KvReserved;
                outlook.kvNeededTokens = std::int64_t(count + 1) * (candidate + m_outputLimit);
                outlook.kvFreeTokens = capacity;
                break;
            }
            longestPrompt = candidate;
            ++count;
        }
        const bool full = count == m_config.batchSize || count < static_cast<int>(waiting.size());
        const int pending = m_arrivalsPending - (static_cast<int>(waiting.size()) - static_cast<int>(m_queue.size()));
        bool start = count > 0 && (full || pending == 0);
        if (count > 0 && !start && m_config.policy == Policy::Dynamic)
            start = m_now >= m_requests[waiting.front()].arrivalSeconds + m_config.dynamicTimeoutSeconds;
        if (start) {
            outlook.admitted = count;
            outlook.kvReservedTokens = std::int64_t(count) * (longestPrompt + m_outputLimit);
        } else if (outlook.reason == Reason::KvReserved && count > 0) {
            outlook.reason = Reason::Done; // not started yet: it waits to fill
        }
        return;
    }
    case Policy::Continuous: {
        std::int64_t reserved = m_reservedTokens;
        for (const int request : waiting) {
            if (outlook.admitted == free)
                break;
            const std::int64_t need = std::int64_t(m_requests[request].promptTokens) + m_outputLimit;
            if (reserved + need > capacity) {
                outlook.reason = Reason::KvReserved;
                outlook.kvNeededTokens = need;
                outlook.kvFreeTokens = capacity - reserved;
                break;
            }
            reserved += need;
            ++outlook.admitted;
        }
        outlook.kvReservedTokens = reserved;
        return;
    }
    case Policy::Paged:
    case Policy::Chunked: {
        std::int64_t freeBlocks = m_freeBlocks;
        for (const int request : waiting) {
            if (outlook.admitted == free)
                break;
            const std::int64_t swapped = m_swappedOut[static_cast<std::size_t>(request)];
            const int need = swapped >= 0 ? blocksFor(swapped + 1)
                                          : blocksFor(m_requests[request].promptTokens
                                              + m_records[request].producedTokens - cachedPrefixFor(request));
            if (need > freeBlocks - m_watermarkBlocks) {
                outlook.reason = Reason::KvBlocks;
                outlook.kvNeededTokens = std::int64_t(need) * m_config.blockSizeTokens;
                outlook.kvFreeTokens
                    = std::max<std::int64_t>(0, freeBlocks - m_watermarkBlocks) * m_config.blockSizeTokens;
                break;
            }
            freeBlocks -= need;
            outlook.kvReservedTokens += std::int64_t(need) * m_config.blockSizeTokens;
            ++outlook.admitted;
        }
        return;
    }
    }
}

} // namespace conceptlab::batching
