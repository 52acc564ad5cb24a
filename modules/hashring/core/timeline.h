// A sequence of cluster events for the live view: the states after each event (owners,
// loads, what moved) and comparisons across strategies and virtual-node counts.
#pragma once

#include "remapsimulation.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace conceptlab::hashring {

/// The cluster after some events: its nodes, every key's owner and the change from the
/// previous state.
struct TimelineState {
    Event event; ///< the event that led here; None at step 0
    std::vector<Node> nodes;
    std::vector<std::int32_t> owners; ///< node index per key
    std::vector<std::int32_t> moduloOwners; ///< hash mod n, node index per key
    std::vector<std::int64_t> counts; ///< keys per node
    std::vector<std::uint32_t> hops; ///< bounded: ring points skipped per key
    std::int64_t capacity = 0; ///< bounded: cap per node
    std::vector<std::uint64_t> pointPositions; ///< ring, ketama, bounded: sorted points
    std::vector<std::uint32_t> pointOwners;
    std::vector<std::int32_t> maglevTable;
    std::vector<std::int64_t> pointsPerNode; ///< virtual nodes / ketama points / maglev slots
    std::int64_t moved = 0; ///< keys whose owner changed since the previous state
    std::vector<std::uint32_t> movedKeys; ///< those keys (indices, ascending); empty at step 0
    double movedFraction = 0;
    double idealFraction = 0;
    double moduloMovedFraction = 0;
    LoadStats stats;
};

/// The scripted events after the first one: a join, a leave of the first node, a join of
/// a double-weight node, the first remaining node's weight doubled, the leave of the first
/// joiner, another join (joiners weigh the starting nodes' mean weight, or twice that). Events that cannot apply (e.g.
/// removing the only node) are skipped.
std::vector<Event> scriptedEvents(const std::vector<Node> &initial, const Event &first);

/// The state after `event` applied to `previous` (or the initial state when previous is null).
TimelineState computeState(const PlacementParameters &parameters, const KeySet &keys, const TimelineState *previous,
    const std::vector<Node> &nodes, const Event &event);

/// Fraction of keys each strategy moves on the event (index as in allStrategies()); -1 where
/// the strategy cannot run with these sizes.
std::vector<double> movedFractionByStrategy(
    const PlacementParameters &parameters, const KeySet &keys, const std::vector<Node> &before, const Event &event);

/// Load balance of a ring of the given nodes, all with weight 1, against virtual nodes per node.
struct SweepPoint {
    int virtualNodes = 0;
    double maxOverMean = 0;
    double stddev = 0; ///< in keys
    double relativeStddev = 0; ///< stddev / mean
};
std::vector<SweepPoint> virtualNodeSweep(const PlacementParameters &parameters, const KeySet &keys,
    const std::vector<Node> &nodes, const std::vector<int> &virtualNodes, const WorkControl &control = WorkControl());

/// Keys moved by every event of a script, for every strategy.
struct StrategyMoves {
    std::vector<std::string> labels; ///< eventLabel() of each event
    std::vector<std::vector<double>> fractions; ///< per event, per strategy (as allStrategies()); -1: cannot run
    std::vector<double> ideal; ///< idealFraction() of each event
};
/// movedFractionByStrategy() for each event of `events` applied in turn to `initial`; each
/// placement is computed once (the state after one event is the state before the next).
StrategyMoves strategyMovesForScript(const PlacementParameters &parameters, const KeySet &keys,
    const std::vector<Node> &initial, const std::vector<Event> &events, const WorkControl &control = WorkControl());

/// A short label of an event: "+node5" (joins), "−node0" (leaves, U+2212), "node1 w=2"
/// (re-weighted, 3 significant digits), "start" (none).
std::string eventLabel(const Event &event);

} // namespace conceptlab::hashring
