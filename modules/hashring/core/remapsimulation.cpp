// Scenario runs: the before/after assignments of one event and their statistics.
#include "remapsimulation.h"

#include <text.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace conceptlab::hashring {

namespace {
    [[noreturn]] void fail(const std::string &message)
    {
        throw std::invalid_argument(message);
    }

    std::string trimmed(std::string_view text)
    {
        return std::string(trim(text));
    }

    std::vector<std::string> splitCommas(std::string_view text)
    {
        std::vector<std::string> parts;
        for (std::string_view part : split(text, ','))
            parts.emplace_back(trim(part));
        return parts;
    }

} // namespace

std::vector<Node> initialNodes(const ScenarioParameters &parameters)
{
    std::vector<Node> nodes;
    if (!trimmed(parameters.nodeNames).empty()) {
        const auto names = splitCommas(parameters.nodeNames);
        if (static_cast<std::int64_t>(names.size()) > kMaxNodes)
            fail("node_names: at most " + std::to_string(kMaxNodes) + " names");
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (names[i].empty())
                fail("node_names: name " + std::to_string(i + 1) + " is empty");
            nodes.push_back({ names[i], 1.0 });
        }
    } else {
        if (parameters.nodeCount < 1)
            fail("nodes: at least one node is needed");
        if (parameters.nodeCount > kMaxNodes)
            fail("nodes: at most " + std::to_string(kMaxNodes));
        for (std::int64_t i = 0; i < parameters.nodeCount; ++i)
            nodes.push_back({ "node" + std::to_string(i), 1.0 });
    }
    std::vector<std::string_view> sorted;
    sorted.reserve(nodes.size());
    for (const Node &node : nodes)
        sorted.push_back(node.name);
    std::sort(sorted.begin(), sorted.end());
    if (const auto d = std::adjacent_find(sorted.begin(), sorted.end()); d != sorted.end())
        fail("node_names: duplicate node name " + quoted(*d));

    if (!trimmed(parameters.weights).empty()) {
        const auto parts = splitCommas(parameters.weights);
        if (parts.size() != nodes.size())
            fail("weights: " + std::to_string(parts.size()) + " weights given for " + std::to_string(nodes.size())
                + " nodes");
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const std::optional<double> parsed = parseDouble(parts[i]);
            if (!parsed)
                fail("weights: weight " + std::to_string(i + 1) + " (" + quoted(parts[i]) + ") is not a number");
            const double weight = *parsed;
            if (!(weight > 0) || !(weight <= kMaxWeight))
                fail("weights: weight " + std::to_string(i + 1) + " (" + quoted(parts[i])
                    + ") must be > 0 and at most 1000000");
            nodes[i].weight = weight;
        }
    }
    return nodes;
}

Event resolveEvent(const std::vector<Node> &nodes, EventKind kind, const std::string &node, double weight)
{
    Event event { kind, trimmed(node), weight };
    const auto exists = [&](const std::string &name) {
        return std::any_of(nodes.begin(), nodes.end(), [&](const Node &n) { return n.name == name; });
    };
    switch (kind) {
    case EventKind::None:
        event.node.clear();
        break;
    case EventKind::Add:
        if (!(weight > 0) || !(weight <= kMaxWeight))
            fail("event_weight: must be > 0 and at most 1000000");
        if (event.node.empty()) {
            for (std::size_t k = nodes.size();; ++k) {
                event.node = "node" + std::to_string(k);
                if (!exists(event.node))
                    break;
            }
        } else if (exists(event.node)) {
            fail("event_node: '" + event.node + "' is already a node");
        } else if (event.node.find(',') != std::string::npos) {
            fail("event_node: a node name cannot contain ','");
        }
        break;
    case EventKind::Remove:
        if (event.node.empty())
            event.node = nodes.back().name;
        else if (!exists(event.node))
            fail("event_node: no node named '" + event.node + "'");
        if (nodes.size() == 1)
            fail("event_node: cannot remove '" + event.node + "', the only node");
        break;
    case EventKind::Reweight:
        if (!(weight > 0) || !(weight <= kMaxWeight))
            fail("event_weight: must be > 0 and at most 1000000");
        if (event.node.empty())
            event.node = nodes.front().name;
        else if (!exists(event.node))
            fail("event_node: no node named '" + event.node + "'");
        break;
    }
    return event;
}

std::string freeNodeName(const std::vector<std::string> &taken)
{
    for (std::size_t k = 0;; ++k) {
        std::string name = "node" + std::to_string(k);
        if (std::find(taken.begin(), taken.end(), name) == taken.end())
            return name;
    }
}

std::vector<Node> applyEvent(const std::vector<Node> &nodes, const Event &event)
{
    std::vector<Node> after = nodes;
    switch (event.kind) {
    case EventKind::None:
        break;
    case EventKind::Add:
        after.push_back({ event.node, event.weight });
        break;
    case EventKind::Remove:
        after.erase(std::remove_if(after.begin(), after.end(), [&](const Node &n) { return n.name == event.node; }),
            after.end());
        break;
    case EventKind::Reweight:
        for (Node &node : after)
            if (node.name == event.node)
                node.weight = event.weight;
        break;
    }
    return after;
}

std::vector<std::int64_t> countsOf(const std::vector<std::int32_t> &owners, std::size_t nodes)
{
    std::vector<std::int64_t> counts(nodes, 0);
    for (std::int32_t owner : owners)
        ++counts[static_cast<std::size_t>(owner)];
    return counts;
}

LoadStats loadStats(const std::vector<std::int64_t> &counts)
{
    LoadStats stats;
    if (counts.empty())
        return stats;
    double total = 0;
    std::int64_t largest = 0;
    for (std::int64_t c : counts) {
        total += static_cast<double>(c);
        largest = std::max(largest, c);
    }
    const double mean = total / static_cast<double>(counts.size());
    double squares = 0;
    for (std::int64_t c : counts)
        squares += (static_cast<double>(c) - mean) * (static_cast<double>(c) - mean);
    stats.maxOverMean = mean > 0 ? static_cast<double>(largest) / mean : 0;
    stats.stddev = std::sqrt(squares / static_cast<double>(counts.size()));
    return stats;
}

double idealFraction(const std::vector<Node> &before, const Event &event)
{
    double total = 0;
    for (const Node &node : before)
        total += node.weight;
    switch (event.kind) {
    case EventKind::None:
        return 0;
    case EventKind::Add:
        return event.weight / (total + event.weight);
    case EventKind::Remove:
        for (const Node &node : before)
            if (node.name == event.node)
                return node.weight / total;
        return 0;
    case EventKind::Reweight:
        for (const Node &node : before)
            if (node.name == event.node) {
                const double totalAfter = total - node.weight + event.weight;
                return std::abs(event.weight / totalAfter - node.weight / total);
            }
        return 0;
    }
    return 0;
}

namespace {
    // Each before-index's after-index by name (-1: gone).
    std::vector<std::int32_t> indexMap(const std::vector<Node> &nodesBefore, const std::vector<Node> &nodesAfter)
    {
        std::vector<std::int32_t> toAfter(nodesBefore.size(), -1);
        for (std::size_t i = 0; i < nodesBefore.size(); ++i)
            for (std::size_t j = 0; j < nodesAfter.size(); ++j)
                if (nodesBefore[i].name == nodesAfter[j].name) {
                    toAfter[i] = static_cast<std::int32_t>(j);
                    break;
                }
        return toAfter;
    }
} // namespace

std::int64_t countMoved(const std::vector<Node> &nodesBefore, const std::vector<std::int32_t> &ownersBefore,
    const std::vector<Node> &nodesAfter, const std::vector<std::int32_t> &ownersAfter)
{
    const std::vector<std::int32_t> toAfter = indexMap(nodesBefore, nodesAfter);
    std::int64_t moved = 0;
    for (std::size_t k = 0; k < ownersBefore.size(); ++k)
        moved += toAfter[static_cast<std::size_t>(ownersBefore[k])] != ownersAfter[k];
    return moved;
}

std::vector<std::uint32_t> movedKeys(const std::vector<Node> &nodesBefore,
    const std::vector<std::int32_t> &ownersBefore, const std::vector<Node> &nodesAfter,
    const std::vector<std::int32_t> &ownersAfter)
{
    const std::vector<std::int32_t> toAfter = indexMap(nodesBefore, nodesAfter);
    std::vector<std::uint32_t> moved;
    for (std::size_t k = 0; k < ownersBefore.size(); ++k)
        if (toAfter[static_cast<std::size_t>(ownersBefore[k])] != ownersAfter[k])
            moved.push_back(static_cast<std::uint32_t>(k));
    return moved;
}

ScenarioOutcome runScenario(const ScenarioParameters &parameters, const WorkControl &control)
{
    const auto report = [&](double fraction) {
        control.checkpoint();
        control.report(fraction);
    };
    checkKeyWork(parameters.keyCount, parameters.keyPrefix);
    if (parameters.placement.virtualNodes < 1)
        fail("vnodes: must be at least 1");

    ScenarioOutcome outcome;
    outcome.nodesBefore = initialNodes(parameters);
    outcome.event = resolveEvent(outcome.nodesBefore, parameters.event, parameters.eventNode, parameters.eventWeight);
    outcome.nodesAfter = applyEvent(outcome.nodesBefore, outcome.event);

    const Strategy strategy = parameters.placement.strategy;
    if (strategy == Strategy::Rendezvous
        && static_cast<double>(parameters.keyCount)
                * static_cast<double>(std::max(outcome.nodesBefore.size(), outcome.nodesAfter.size()))
            > static_cast<double>(kMaxRendezvousWork))
        fail("keys: rendezvous hashes every key with every node; keys × nodes must be at most "
            + std::to_string(kMaxRendezvousWork));

    Placement before(parameters.placement, outcome.nodesBefore);
    Placement after(parameters.placement, outcome.nodesAfter);
    report(0.1);
    const KeySet keys = KeySet::make(parameters.keyPrefix, static_cast<std::size_t>(parameters.keyCount),
        parameters.placement.hash, strategy == Strategy::Ketama);
    report(0.3);

    BoundedDetail boundedBefore, boundedAfter;
    outcome.ownersBefore = before.assign(keys, &boundedBefore);
    report(0.55);
    outcome.ownersAfter = after.assign(keys, &boundedAfter);
    report(0.8);

    outcome.countsBefore = countsOf(outcome.ownersBefore, outcome.nodesBefore.size());
    outcome.countsAfter = countsOf(outcome.ownersAfter, outcome.nodesAfter.size());
    outcome.moved = countMoved(outcome.nodesBefore, outcome.ownersBefore, outcome.nodesAfter, outcome.ownersAfter);
    const auto keyCount = static_cast<double>(parameters.keyCount);
    outcome.movedFraction = static_cast<double>(outcome.moved) / keyCount;
    outcome.idealFraction = idealFraction(outcome.nodesBefore, outcome.event);

    // hash mod n on the same keys and the same node lists.
    PlacementParameters moduloParameters = parameters.placement;
    moduloParameters.strategy = Strategy::Modulo;
    const Placement moduloBefore(moduloParameters, outcome.nodesBefore);
    const Placement moduloAfter(moduloParameters, outcome.nodesAfter);
    outcome.moduloMoved
        = countMoved(outcome.nodesBefore, moduloBefore.assign(keys), outcome.nodesAfter, moduloAfter.assign(keys));
    outcome.moduloMovedFraction = static_cast<double>(outcome.moduloMoved) / keyCount;

    outcome.statsBefore = loadStats(outcome.countsBefore);
    outcome.statsAfter = loadStats(outcome.countsAfter);
    outcome.ringPointsBefore = static_cast<std::int64_t>(before.circle().size());
    outcome.ringPointsAfter = static_cast<std::int64_t>(after.circle().size());
    if (strategy == Strategy::Bounded) {
        outcome.boundedCapacityBefore = boundedBefore.capacityPerNode;
        outcome.boundedCapacityAfter = boundedAfter.capacityPerNode;
        for (auto h : boundedBefore.hops)
            outcome.overflowedBefore += h > 0;
        for (auto h : boundedAfter.hops)
            outcome.overflowedAfter += h > 0;
    }
    report(1.0);
    return outcome;
}

} // namespace conceptlab::hashring
