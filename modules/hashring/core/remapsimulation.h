// A scenario: a node set, keys, and one event (a node joins or leaves): who owned each key
// before and after, what moved, and how it compares with the ideal and with hash mod n.
#pragma once

#include "placement.h"
#include "workcontrol.h"

#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab::hashring {

enum class EventKind { None, Add, Remove, Reweight };

/// The parameter spellings of the events, in the parameter's display order.
inline constexpr EnumNames<EventKind, 4> kEventKindNames { { { { EventKind::Add, "add" },
    { EventKind::Remove, "remove" }, { EventKind::None, "none" }, { EventKind::Reweight, "reweight" } } } };

/// Parses "add", "remove", "none" or "reweight".
inline std::optional<EventKind> parseEventKind(std::string_view text)
{
    return kEventKindNames.parse(text);
}
/// The parameter spelling of an event kind.
inline std::string_view eventKindName(EventKind kind)
{
    return kEventKindNames.name(kind);
}

/// One change to the node set.
struct Event {
    EventKind kind = EventKind::None;
    std::string node; ///< the node added, removed or re-weighted
    double weight = 1.0; ///< weight of an added node, or the new weight of a re-weighted one
};

struct ScenarioParameters {
    PlacementParameters placement;
    std::int64_t nodeCount = 5; ///< used when nodeNames is empty: nodes node0..node{N-1}
    std::string nodeNames; ///< comma-separated names; overrides nodeCount when not empty
    std::string weights; ///< comma-separated weights, one per node; empty: all 1
    std::int64_t keyCount = 10000;
    std::string keyPrefix = "key";
    EventKind event = EventKind::Add;
    std::string eventNode; ///< empty: the default (see defaultEventNode)
    double eventWeight = 1.0;
};

/// The starting nodes from (nodeCount, nodeNames, weights). Throws std::invalid_argument
/// naming the parameter.
std::vector<Node> initialNodes(const ScenarioParameters &parameters);
/// The event with its node filled in: add → the first free name node<k>, k >= node count;
/// remove → the last node; reweight → the first node. Throws std::invalid_argument naming
/// event_node (or event_weight).
Event resolveEvent(const std::vector<Node> &nodes, EventKind kind, const std::string &node, double weight);
/// The first name node0, node1, … that is not in `taken` (e.g. node6 when node0..node5 are).
std::string freeNodeName(const std::vector<std::string> &taken);
/// The node set after an event.
std::vector<Node> applyEvent(const std::vector<Node> &nodes, const Event &event);

/// Keys per node: how many entries of `owners` name each of `nodes` node indices.
std::vector<std::int64_t> countsOf(const std::vector<std::int32_t> &owners, std::size_t nodes);

/// Load statistics of per-node key counts.
struct LoadStats {
    double maxOverMean = 0; ///< largest count / (keys / nodes)
    double stddev = 0; ///< population standard deviation of the counts, in keys
};
LoadStats loadStats(const std::vector<std::int64_t> &counts);

/// Everything a scenario produces.
struct ScenarioOutcome {
    Event event;
    std::vector<Node> nodesBefore;
    std::vector<Node> nodesAfter;
    std::vector<std::int32_t> ownersBefore; ///< index into nodesBefore, per key
    std::vector<std::int32_t> ownersAfter; ///< index into nodesAfter, per key
    std::vector<std::int64_t> countsBefore; ///< per node of nodesBefore
    std::vector<std::int64_t> countsAfter; ///< per node of nodesAfter
    std::int64_t moved = 0; ///< keys whose owner (by name) changed
    double movedFraction = 0;
    double idealFraction = 0; ///< least fraction that must move for a balanced result
    std::int64_t moduloMoved = 0;
    double moduloMovedFraction = 0; ///< what hash mod n moves on the same keys and event
    LoadStats statsBefore;
    LoadStats statsAfter;
    std::int64_t ringPointsBefore = 0;
    std::int64_t ringPointsAfter = 0;
    std::int64_t boundedCapacityBefore = 0; ///< bounded: cap per node, before
    std::int64_t boundedCapacityAfter = 0;
    std::int64_t overflowedBefore = 0; ///< bounded: keys not on their first-choice node
    std::int64_t overflowedAfter = 0;
};

/// Fraction of keys the event must move at least: add → w_new / (W + w_new) (1/(n+1) for
/// equal weights); remove → w_removed / W (1/n); reweight → |w'/W' − w/W|, the change of the
/// node's share; none → 0.
double idealFraction(const std::vector<Node> &before, const Event &event);

/// Keys whose owner name differs between two assignments.
std::int64_t countMoved(const std::vector<Node> &nodesBefore, const std::vector<std::int32_t> &ownersBefore,
    const std::vector<Node> &nodesAfter, const std::vector<std::int32_t> &ownersAfter);
/// The keys (indices, ascending) whose owner name differs between two assignments; as many as
/// countMoved() counts.
std::vector<std::uint32_t> movedKeys(const std::vector<Node> &nodesBefore,
    const std::vector<std::int32_t> &ownersBefore, const std::vector<Node> &nodesAfter,
    const std::vector<std::int32_t> &ownersAfter);

/// Runs the scenario. Throws std::invalid_argument (message starts with the parameter name)
/// on bad input, conceptlab::Cancelled when `control` is cancelled.
ScenarioOutcome runScenario(const ScenarioParameters &parameters, const WorkControl &control = WorkControl());

} // namespace conceptlab::hashring
