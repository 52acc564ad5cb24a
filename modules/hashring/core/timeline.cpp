// Timeline states and the comparison runs behind the view's charts.
#include "timeline.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace conceptlab::hashring {

namespace {
    bool contains(const std::vector<Node> &nodes, const std::string &name)
    {
        return std::any_of(nodes.begin(), nodes.end(), [&](const Node &n) { return n.name == name; });
    }
} // namespace

std::vector<Event> scriptedEvents(const std::vector<Node> &initial, const Event &first)
{
    std::vector<Event> events;
    std::vector<Node> nodes = initial;
    std::vector<std::string> used;
    used.reserve(initial.size() + 8); // the starting nodes and the script's events
    for (const Node &node : initial)
        used.push_back(node.name);
    if (first.kind == EventKind::Add && !first.node.empty())
        used.push_back(first.node);
    // Joiners get names never used before in the script, so each event has its own label.
    const auto freshName = [&] {
        for (std::size_t k = nodes.size();; ++k) {
            std::string name = "node" + std::to_string(k);
            if (std::find(used.begin(), used.end(), name) == used.end())
                return name;
        }
    };
    const auto push = [&](EventKind kind, std::string name, double weight) {
        if (kind == EventKind::Add && name.empty())
            name = freshName();
        try {
            const Event event = resolveEvent(nodes, kind, name, weight);
            used.push_back(event.node);
            nodes = applyEvent(nodes, event);
            events.push_back(event);
            return event.node;
        } catch (const std::invalid_argument &) {
            return std::string();
        }
    };
    if (first.kind != EventKind::None)
        push(first.kind, first.node, first.weight);
    // Joiners get the starting nodes' mean weight (1 unless weights were given).
    double mean = 0;
    for (const Node &node : initial)
        mean += node.weight / static_cast<double>(initial.size());
    if (!(mean > 0))
        mean = 1.0;
    const std::string joiner = push(EventKind::Add, {}, mean);
    if (!nodes.empty())
        push(EventKind::Remove, nodes.front().name, 1.0);
    push(EventKind::Add, {}, std::min(kMaxWeight, 2 * mean));
    if (!nodes.empty())
        push(EventKind::Reweight, nodes.front().name, std::min(kMaxWeight, nodes.front().weight * 2));
    if (!joiner.empty() && contains(nodes, joiner))
        push(EventKind::Remove, joiner, 1.0);
    push(EventKind::Add, {}, mean);
    return events;
}

TimelineState computeState(const PlacementParameters &parameters, const KeySet &keys, const TimelineState *previous,
    const std::vector<Node> &nodes, const Event &event)
{
    TimelineState state;
    state.event = event;
    state.nodes = nodes;
    const Placement placement(parameters, nodes);
    BoundedDetail bounded;
    state.owners = placement.assign(keys, &bounded);
    state.counts = countsOf(state.owners, nodes.size());
    state.stats = loadStats(state.counts);
    if (parameters.strategy == Strategy::Bounded) {
        state.hops = std::move(bounded.hops);
        state.capacity = bounded.capacityPerNode;
    }
    state.pointPositions = placement.circle().positions();
    state.pointOwners = placement.circle().owners();
    state.maglevTable = placement.maglevTable();
    for (std::size_t i = 0; i < nodes.size(); ++i)
        state.pointsPerNode.push_back(placement.pointsOf(i));
    PlacementParameters modulo = parameters;
    modulo.strategy = Strategy::Modulo;
    state.moduloOwners = Placement(modulo, nodes).assign(keys);
    if (previous && !keys.hashes.empty()) {
        const auto count = static_cast<double>(keys.count);
        state.movedKeys = movedKeys(previous->nodes, previous->owners, nodes, state.owners);
        state.moved = static_cast<std::int64_t>(state.movedKeys.size());
        state.movedFraction = static_cast<double>(state.moved) / count;
        state.moduloMovedFraction
            = static_cast<double>(countMoved(previous->nodes, previous->moduloOwners, nodes, state.moduloOwners))
            / count;
        state.idealFraction = idealFraction(previous->nodes, event);
    }
    return state;
}

std::vector<double> movedFractionByStrategy(
    const PlacementParameters &parameters, const KeySet &keys, const std::vector<Node> &before, const Event &event)
{
    const std::vector<Node> after = applyEvent(before, event);
    std::vector<double> fractions;
    for (Strategy strategy : allStrategies()) {
        PlacementParameters p = parameters;
        p.strategy = strategy;
        if (strategy == Strategy::Maglev && static_cast<std::int64_t>(after.size()) >= p.maglevTableSize) {
            fractions.push_back(0);
            continue;
        }
        try {
            const auto ownersBefore = Placement(p, before).assign(keys);
            const auto ownersAfter = Placement(p, after).assign(keys);
            fractions.push_back(keys.count ? static_cast<double>(countMoved(before, ownersBefore, after, ownersAfter))
                        / static_cast<double>(keys.count)
                                           : 0.0);
        } catch (const std::invalid_argument &) {
            // Beyond this strategy's limits (e.g. rendezvous with very many keys × nodes).
            fractions.push_back(-1.0);
        }
    }
    return fractions;
}

std::vector<SweepPoint> virtualNodeSweep(const PlacementParameters &parameters, const KeySet &keys,
    const std::vector<Node> &nodes, const std::vector<int> &virtualNodes, const WorkControl &control)
{
    // Balance is about equal nodes: the sweep gives every node weight 1.
    std::vector<Node> equal = nodes;
    for (Node &node : equal)
        node.weight = 1.0;
    std::vector<SweepPoint> points;
    for (std::size_t i = 0; i < virtualNodes.size(); ++i) {
        PlacementParameters p = parameters;
        p.strategy = Strategy::Ring;
        p.virtualNodes = virtualNodes[i];
        if (static_cast<double>(p.virtualNodes) * static_cast<double>(nodes.size())
            > static_cast<double>(kMaxRingPoints))
            break;
        const auto counts = countsOf(Placement(p, equal).assign(keys), nodes.size());
        const LoadStats stats = loadStats(counts);
        const double mean = static_cast<double>(keys.count) / static_cast<double>(nodes.size());
        points.push_back({ p.virtualNodes, stats.maxOverMean, stats.stddev, mean > 0 ? stats.stddev / mean : 0 });
        control.checkpoint();
        control.report(static_cast<double>(i + 1) / static_cast<double>(virtualNodes.size()));
    }
    return points;
}

StrategyMoves strategyMovesForScript(const PlacementParameters &parameters, const KeySet &keys,
    const std::vector<Node> &initial, const std::vector<Event> &events, const WorkControl &control)
{
    StrategyMoves moves;
    const auto &strategies = allStrategies();
    std::vector<std::vector<Node>> nodes { initial };
    for (const Event &event : events) {
        moves.labels.push_back(eventLabel(event));
        moves.ideal.push_back(idealFraction(nodes.back(), event));
        nodes.push_back(applyEvent(nodes.back(), event));
        moves.fractions.emplace_back(strategies.size(), 0.0);
    }
    for (std::size_t s = 0; s < strategies.size(); ++s) {
        PlacementParameters p = parameters;
        p.strategy = strategies[s];
        // The owners on node set e; nullopt where the strategy cannot place it.
        const auto ownersOn = [&](std::size_t e) -> std::optional<std::vector<std::int32_t>> {
            control.checkpoint();
            try {
                return Placement(p, nodes[e]).assign(keys);
            } catch (const std::invalid_argument &) {
                return std::nullopt; // beyond this strategy's limits (e.g. rendezvous keys × nodes)
            }
        };
        std::optional<std::vector<std::int32_t>> before = ownersOn(0);
        for (std::size_t e = 0; e < events.size(); ++e) {
            std::optional<std::vector<std::int32_t>> after = ownersOn(e + 1);
            double &fraction = moves.fractions[e][s];
            // As movedFractionByStrategy: maglev with a table no larger than the node count moves nothing.
            if (p.strategy == Strategy::Maglev && static_cast<std::int64_t>(nodes[e + 1].size()) >= p.maglevTableSize)
                fraction = 0;
            else if (!before || !after)
                fraction = -1.0;
            else if (keys.count > 0)
                fraction = static_cast<double>(countMoved(nodes[e], *before, nodes[e + 1], *after))
                    / static_cast<double>(keys.count);
            before = std::move(after);
        }
        control.report(static_cast<double>(s + 1) / static_cast<double>(strategies.size()));
    }
    return moves;
}

std::string eventLabel(const Event &event)
{
    switch (event.kind) {
    case EventKind::Add:
        return "+" + event.node;
    case EventKind::Remove:
        return "\u2212" + event.node;
    case EventKind::Reweight:
        return event.node + " w=" + formatNumber(event.weight, 3);
    case EventKind::None:
        break;
    }
    return "start";
}

} // namespace conceptlab::hashring
