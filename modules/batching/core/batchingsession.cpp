// Stepping, exact step back by replay, and the session's table, status and targets.
#include "batchingsession.h"

#include "report.h"

#include <text.h>
#include <workcontrol.h>

#include <algorithm>
#include <limits>
#include <optional>

namespace conceptlab::batching {

HighlightTarget parseHighlightTarget(std::string_view target)
{
    const auto colon = target.find(':');
    if (colon == std::string_view::npos)
        return {};
    const std::string_view kind = target.substr(0, colon);
    const std::optional<std::int64_t> index = parseInteger(target.substr(colon + 1));
    if (!index || *index < 0 || *index > std::numeric_limits<int>::max() || target[colon + 1] == '+')
        return {};
    if (kind == "slot")
        return { HighlightTarget::Kind::Slot, static_cast<int>(*index) };
    if (kind == "request")
        return { HighlightTarget::Kind::Request, static_cast<int>(*index) };
    return {};
}

BatchingSession::BatchingSession(Scenario scenario, int iterationsPerStep, const WorkControl &control)
    : m_scenario(std::move(scenario))
    , m_cost(m_scenario.model)
    , m_run(analyzeRun(m_scenario, control))
    , m_stepper(m_cost, m_scenario.config, m_scenario.requests)
    , m_iterationsPerStep(std::max(1, iterationsPerStep))
{
}

void BatchingSession::reset()
{
    m_stepper = Simulator(m_cost, m_scenario.config, m_scenario.requests);
    m_iterations = 0;
    m_stepStarts.clear();
}

void BatchingSession::advance(std::int64_t iterations)
{
    while (iterations-- > 0 && m_stepper.step())
        ++m_iterations;
}

bool BatchingSession::stepForward()
{
    if (atEnd())
        return false;
    m_stepStarts.push_back(m_iterations);
    advance(m_iterationsPerStep);
    return true;
}

bool BatchingSession::stepBackward()
{
    if (m_stepStarts.empty())
        return false;
    // Replay from the start: the simulation is deterministic and an iteration is cheap.
    std::vector<std::int64_t> starts = std::move(m_stepStarts);
    const std::int64_t target = starts.back();
    starts.pop_back();
    reset();
    advance(target);
    m_stepStarts = std::move(starts);
    return true;
}

void BatchingSession::setIterationsPerStep(int iterations)
{
    m_iterationsPerStep = std::max(1, iterations);
}

StepSnapshot BatchingSession::snapshot() const
{
    StepSnapshot snapshot;
    snapshot.step = currentStep();
    snapshot.iterations = m_iterations;
    snapshot.nowSeconds = m_stepper.nowSeconds();
    snapshot.live = m_stepper.live();
    snapshot.running = static_cast<int>(snapshot.live.size());
    snapshot.waiting = m_stepper.queued();
    snapshot.completed = m_stepper.completed();
    snapshot.requests = static_cast<int>(m_stepper.records().size());
    snapshot.kvCapacityTokens = m_stepper.kvCapacityTokens();
    const Policy policy = m_scenario.config.policy;
    snapshot.blockSizeTokens
        = policy == Policy::Paged || policy == Policy::Chunked ? m_scenario.config.blockSizeTokens : 0;
    snapshot.outlook = m_stepper.slotOutlook();
    snapshot.slotReason = slotReasonText(snapshot.outlook, policy, 1000.0 * m_scenario.config.dynamicTimeoutSeconds);
    return snapshot;
}

std::string BatchingSession::statusText() const
{
    const StepSnapshot now = snapshot();
    return "iteration " + formatInteger(now.iterations) + " · t = " + formatFixed(now.nowSeconds, 3) + " s · "
        + formatInteger(now.running) + " running · " + formatInteger(now.waiting) + " waiting · "
        + formatInteger(now.completed) + " of " + formatInteger(now.requests) + " done";
}

Table BatchingSession::currentTable() const
{
    return requestTable(m_stepper);
}

std::vector<std::string> BatchingSession::highlightTargets() const
{
    std::vector<std::string> targets;
    const int slotCount = m_scenario.config.batchSize;
    targets.reserve(static_cast<std::size_t>(slotCount) + m_scenario.requests.size());
    for (int slot = 0; slot < slotCount; ++slot)
        targets.push_back("slot:" + formatInteger(slot));
    for (std::size_t request = 0; request < m_scenario.requests.size(); ++request)
        targets.push_back("request:" + formatInteger(static_cast<std::int64_t>(request)));
    return targets;
}

} // namespace conceptlab::batching
