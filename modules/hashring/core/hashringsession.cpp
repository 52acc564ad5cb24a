// The hashring session: builds the script and all its states up front, so that a step (or a
// step back) only moves an index; a user's event branches a new session off the GUI thread.
#include "hashringsession.h"

#include "text.h"

#include <algorithm>
#include <new>
#include <stdexcept>

namespace conceptlab::hashring {

namespace {
    // Reports `fraction` of a part of the work as [start, end] of the whole; the parent's
    // cancellation is checked on every report.
    WorkControl::Reporter partOf(const WorkControl &control, double start, double end)
    {
        return [&control, start, end](double fraction, std::string_view message) {
            control.checkpoint();
            control.report(start + (end - start) * fraction, message);
        };
    }

    std::string percent(double fraction)
    {
        return formatFixed(fraction * 100, 1) + "%";
    }

    // Runs `work`, turning the core's bad-input and out-of-memory errors into InputError.
    template<class Work> auto asInputErrors(Work work)
    {
        try {
            return work();
        } catch (const std::invalid_argument &error) {
            throw InputError(error.what());
        } catch (const std::bad_alloc &) {
            throw InputError("keys: not enough memory");
        }
    }
} // namespace

const std::vector<int> &HashringSession::sweepVirtualNodes()
{
    static const std::vector<int> counts { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 };
    return counts;
}

std::unique_ptr<HashringSession> HashringSession::create(
    const ScenarioParameters &parameters, const WorkControl &control)
{
    return asInputErrors([&] {
        checkKeyWork(parameters.keyCount, parameters.keyPrefix);
        std::unique_ptr<HashringSession> session(new HashringSession);
        session->m_parameters = parameters;
        const std::vector<Node> initial = initialNodes(parameters);
        const Event first = parameters.event == EventKind::None
            ? Event {}
            : resolveEvent(initial, parameters.event, parameters.eventNode, parameters.eventWeight);
        session->m_events = scriptedEvents(initial, first);
        control.checkpoint();
        session->m_keys = std::make_shared<const KeySet>(KeySet::make(parameters.keyPrefix,
            static_cast<std::size_t>(std::min(parameters.keyCount, kMaxViewKeys)), parameters.placement.hash, true));
        control.report(0.1);
        session->m_states = { std::make_shared<const TimelineState>(
            computeState(parameters.placement, *session->m_keys, nullptr, initial, Event {})) };
        session->computeStates(1, control, 0.1, 0.5);
        const WorkControl sweepControl(partOf(control, 0.5, 0.7));
        session->m_sweep = std::make_shared<const std::vector<SweepPoint>>(
            virtualNodeSweep(parameters.placement, *session->m_keys, initial, sweepVirtualNodes(), sweepControl));
        const WorkControl movesControl(partOf(control, 0.7, 1.0));
        session->m_strategyMoves = std::make_shared<const StrategyMoves>(
            strategyMovesForScript(parameters.placement, *session->m_keys, initial, session->m_events, movesControl));
        session->collectNames();
        return session;
    });
}

void HashringSession::computeStates(std::size_t from, const WorkControl &control, double start, double end)
{
    // m_states holds the states before `from`; the rest of the script follows from the last.
    for (std::size_t k = from; k <= m_events.size(); ++k) {
        control.checkpoint();
        const TimelineState &previous = *m_states[k - 1];
        const Event &event = m_events[k - 1];
        m_states.push_back(std::make_shared<const TimelineState>(
            computeState(m_parameters.placement, *m_keys, &previous, applyEvent(previous.nodes, event), event)));
        control.report(start + (end - start) * static_cast<double>(k) / static_cast<double>(m_events.size()));
    }
}

void HashringSession::collectNames()
{
    // Append-only: names of script events a user's event dropped keep their colour reserved.
    const auto add = [this](const std::string &name) {
        if (!name.empty() && std::find(m_nodeNames.begin(), m_nodeNames.end(), name) == m_nodeNames.end())
            m_nodeNames.push_back(name);
    };
    for (const Node &node : m_states.front()->nodes)
        add(node.name);
    for (const Event &event : m_events)
        add(event.node);
}

HashringSnapshot HashringSession::snapshot() const
{
    HashringSnapshot snapshot;
    snapshot.keys = m_keys;
    snapshot.state = m_states[static_cast<std::size_t>(currentStep())];
    snapshot.movedKeys = std::shared_ptr<const std::vector<std::uint32_t>>(snapshot.state, &snapshot.state->movedKeys);
    if (currentStep() > 0)
        snapshot.previous = m_states[static_cast<std::size_t>(currentStep() - 1)];
    snapshot.strategy = m_parameters.placement.strategy;
    snapshot.step = currentStep();
    snapshot.stepCount = static_cast<int>(m_events.size());
    return snapshot;
}

std::string HashringSession::statusText() const
{
    const TimelineState &state = *m_states[static_cast<std::size_t>(currentStep())];
    std::string text;
    if (currentStep() == 0)
        text = std::to_string(state.nodes.size()) + " nodes, " + std::to_string(m_keys->count) + " keys";
    else
        text = eventLabel(state.event) + " · " + std::to_string(state.moved) + " keys moved ("
            + percent(state.movedFraction) + "), ideal " + percent(state.idealFraction) + ", mod n "
            + percent(state.moduloMovedFraction);
    if (m_parameters.keyCount > kMaxViewKeys)
        text += " · showing the first " + std::to_string(kMaxViewKeys) + " keys";
    return text;
}

Table HashringSession::currentTable() const
{
    Table table;
    table.header = { "key", "owner_before", "owner_after" };
    const TimelineState &after = *m_states[static_cast<std::size_t>(currentStep())];
    const TimelineState &before = currentStep() > 0 ? *m_states[static_cast<std::size_t>(currentStep() - 1)] : after;
    table.rows.reserve(after.owners.size());
    for (std::size_t k = 0; k < after.owners.size(); ++k)
        table.rows.push_back({ m_keys->name(k), before.nodes[static_cast<std::size_t>(before.owners[k])].name,
            after.nodes[static_cast<std::size_t>(after.owners[k])].name });
    return table;
}

std::vector<std::string> HashringSession::highlightTargets() const
{
    std::vector<std::string> targets;
    for (const Node &node : m_states[static_cast<std::size_t>(currentStep())]->nodes)
        targets.push_back("node:" + node.name);
    if (static_cast<std::int64_t>(m_keys->count) <= kMaxKeyTargets)
        for (std::size_t k = 0; k < m_keys->count; ++k)
            targets.push_back("key:" + m_keys->name(k));
    return targets;
}

std::int64_t HashringSession::keyIndex(const std::string &name) const
{
    const std::string &prefix = m_keys->prefix;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0)
        return -1;
    const std::string_view digits = std::string_view(name).substr(prefix.size());
    // Key names are printed without signs or leading zeros: only that spelling names a key.
    if (digits.front() < '0' || digits.front() > '9' || (digits.size() > 1 && digits.front() == '0'))
        return -1;
    const auto index = parseInteger(digits);
    if (!index || *index < 0 || *index >= static_cast<std::int64_t>(m_keys->count))
        return -1;
    return *index;
}

Event HashringSession::joinEvent() const
{
    const std::vector<Node> &nodes = m_states[static_cast<std::size_t>(currentStep())]->nodes;
    // A joiner weighs what the current nodes weigh on average (1 unless weights were given).
    double mean = 0;
    for (const Node &node : nodes)
        mean += node.weight / static_cast<double>(nodes.size());
    // The next free name: none of the nodes up to now had it (a name that left and came back
    // would mix two nodes in the charts). Names the dropped rest of the script would have used
    // are free again: node6 joins after node0..node5, whatever the script planned.
    std::vector<std::string> taken;
    for (std::size_t step = 0; step <= static_cast<std::size_t>(currentStep()); ++step)
        for (const Node &node : m_states[step]->nodes)
            taken.push_back(node.name);
    const std::string name = freeNodeName(taken);
    return asInputErrors([&] { return resolveEvent(nodes, EventKind::Add, name, mean > 0 ? mean : 1.0); });
}

Event HashringSession::nodeEvent(const std::string &node, NodeAction action) const
{
    const std::vector<Node> &nodes = m_states[static_cast<std::size_t>(currentStep())]->nodes;
    return asInputErrors([&] {
        if (action == NodeAction::Leave)
            return resolveEvent(nodes, EventKind::Remove, node, 1.0);
        const auto found = std::find_if(nodes.begin(), nodes.end(), [&](const Node &n) { return n.name == node; });
        if (found == nodes.end())
            throw std::invalid_argument("event_node: no node named '" + node + "'");
        const double weight = action == NodeAction::DoubleWeight ? found->weight * 2 : found->weight / 2;
        return resolveEvent(nodes, EventKind::Reweight, node, weight);
    });
}

std::unique_ptr<HashringSession> HashringSession::withEvent(const Event &event, const WorkControl &control) const
{
    return asInputErrors([&] {
        const auto step = static_cast<std::size_t>(currentStep());
        const std::vector<Node> &nodes = m_states[step]->nodes;
        const Event resolved = resolveEvent(nodes, event.kind, event.node, event.weight);
        std::unique_ptr<HashringSession> branch(new HashringSession(*this));
        branch->m_events.resize(step);
        branch->m_events.push_back(resolved);
        branch->m_states.resize(step + 1);
        branch->computeStates(step + 1, control, 0.0, 0.3);
        std::vector<Node> initial = m_states.front()->nodes;
        const WorkControl movesControl(partOf(control, 0.3, 1.0));
        branch->m_strategyMoves = std::make_shared<const StrategyMoves>(
            strategyMovesForScript(m_parameters.placement, *m_keys, initial, branch->m_events, movesControl));
        branch->collectNames();
        branch->setCurrentStep(currentStep() + 1);
        return branch;
    });
}

} // namespace conceptlab::hashring
