// The batching plugin: schema, session and view factories, headless run.
#include "batchingmodule.h"

#include "batchingresult.h"
#include "batchingscenario.h"
#include "batchingview.h"
#include "core/batchingsession.h"

#include <QJsonObject>

#include <algorithm>

namespace conceptlab::batching {

ParameterSchema BatchingModule::parameters() const
{
    return batchingSchema();
}

std::unique_ptr<Session> BatchingModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    return createBatchingSession(values, control);
}

ConceptView *BatchingModule::createView(QWidget *parent)
{
    return new BatchingView(parent);
}

RunResult BatchingModule::run(const ParameterValues &values, const WorkControl &control)
{
    return runBatching(values, control);
}

ParameterValues BatchingModule::compareVariant(const ParameterValues &values) const
{
    // Static batching against the iteration-level scheduling that replaced it.
    return contrasted(values, QStringLiteral("policy"), QStringLiteral("continuous"), QStringLiteral("static"));
}

QStringList BatchingModule::resultKeys() const
{
    QStringList keys;
    for (const char *key : { "throughput_tokens_per_s", "throughput_requests_per_s", "ttft_s", "tpot_s", "latency_s",
             "completed", "preemptions", "makespan_s", "gpu_busy_fraction", "output_tokens", "iterations",
             "slot_utilization", "wasted_slot_iterations", "kv_used_fraction", "kv_reserved_fraction",
             "kv_capacity_tokens", "kv_bytes_per_token", "policy", "preset", "model", "gpu", "tensor_parallel",
             "prefix_cache_hit_rate", "swapped_tokens", "iteration_breakdown", "at_step.iterations", "at_step.time_s",
             "at_step.running", "at_step.waiting", "at_step.completed", "at_step.idle_slots" })
        keys.append(QLatin1String(key));
    return keys;
}

QJsonObject BatchingModule::stepResults(const Session &session) const
{
    const auto *batching = dynamic_cast<const BatchingSession *>(&session);
    if (!batching)
        return {};
    const StepSnapshot now = batching->snapshot();
    // A slot is idle (hatched on the timeline) while it holds a finished sequence that waits
    // for the rest of its batch.
    const auto &stints = batching->run().stints;
    const auto idle = std::count_if(stints.begin(), stints.end(), [&](const Stint &stint) {
        return stint.decodeEndSeconds >= 0 && stint.decodeEndSeconds <= now.nowSeconds
            && stint.endSeconds > now.nowSeconds;
    });
    QJsonObject d;
    d.insert(QStringLiteral("iterations"), static_cast<qint64>(now.iterations));
    d.insert(QStringLiteral("time_s"), now.nowSeconds);
    d.insert(QStringLiteral("running"), now.running);
    d.insert(QStringLiteral("waiting"), now.waiting);
    d.insert(QStringLiteral("completed"), now.completed);
    d.insert(QStringLiteral("idle_slots"), static_cast<qint64>(idle));
    return d;
}

} // namespace conceptlab::batching
