// RapidCheck properties: minimal movement on joins and leaves, bounded capacity, maglev
// table balance, agreement of the fast paths with plain reference code, determinism.
#include "core/jumphash.h"
#include "core/placement.h"
#include "core/remapsimulation.h"

#include "../../support/hashringfixtures.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>

using namespace conceptlab::hashring;

namespace {
using fixtures::numberedNodes;

HashFunction anyHash()
{
    return *rc::gen::element(HashFunction::XxHash64, HashFunction::Md5, HashFunction::Fnv1a64);
}

struct Moves {
    std::vector<std::string> before;
    std::vector<std::string> after;
};

Moves ownersByName(const PlacementParameters &p, const std::vector<Node> &nodesBefore,
    const std::vector<Node> &nodesAfter, std::size_t keyCount, const std::string &prefix)
{
    const KeySet keys = KeySet::make(prefix, keyCount, p.hash, p.strategy == Strategy::Ketama);
    const auto before = Placement(p, nodesBefore).assign(keys);
    const auto after = Placement(p, nodesAfter).assign(keys);
    Moves moves;
    for (std::size_t i = 0; i < keyCount; ++i) {
        moves.before.push_back(nodesBefore[static_cast<std::size_t>(before[i])].name);
        moves.after.push_back(nodesAfter[static_cast<std::size_t>(after[i])].name);
    }
    return moves;
}
} // namespace

RC_GTEST_PROP(HashringProperties, JoinMovesKeysOnlyToTheNewNode, ())
{
    PlacementParameters p;
    p.strategy = *rc::gen::element(Strategy::Ring, Strategy::Ketama, Strategy::Jump, Strategy::Rendezvous);
    p.hash = anyHash();
    p.virtualNodes = *rc::gen::inRange(1, 200);
    const int n = *rc::gen::inRange(1, 24);
    const auto keyCount = static_cast<std::size_t>(*rc::gen::inRange(1, 1500));
    const auto nodes = numberedNodes(n);
    auto grown = nodes;
    grown.push_back({ "joiner", 1.0 });
    if (p.strategy == Strategy::Ketama) {
        // libketama re-derives every server's point count from its share; the count only stays
        // at 160 when float rounding keeps floor(pct × 40 × n) at 40 for both sizes.
        RC_PRE(ketamaPoints(1, n, static_cast<std::size_t>(n)) == 160
            && ketamaPoints(1, n + 1, static_cast<std::size_t>(n + 1)) == 160);
    }
    const Moves m = ownersByName(p, nodes, grown, keyCount, *rc::gen::element<std::string>("key", "user:", ""));
    for (std::size_t i = 0; i < keyCount; ++i)
        if (m.before[i] != m.after[i])
            RC_ASSERT(m.after[i] == std::string("joiner"));
}

RC_GTEST_PROP(HashringProperties, LeaveMovesOnlyTheLeaversKeys, ())
{
    PlacementParameters p;
    p.strategy = *rc::gen::element(Strategy::Ring, Strategy::Ketama, Strategy::Jump, Strategy::Rendezvous);
    p.hash = anyHash();
    p.virtualNodes = *rc::gen::inRange(1, 200);
    const int n = *rc::gen::inRange(2, 24);
    const auto keyCount = static_cast<std::size_t>(*rc::gen::inRange(1, 1500));
    const auto nodes = numberedNodes(n);
    // Jump hash can only drop the last bucket; the others may drop any node.
    const int leaver = p.strategy == Strategy::Jump ? n - 1 : *rc::gen::inRange(0, n);
    if (p.strategy == Strategy::Ketama)
        RC_PRE(ketamaPoints(1, n, static_cast<std::size_t>(n)) == 160
            && ketamaPoints(1, n - 1, static_cast<std::size_t>(n - 1)) == 160);
    auto shrunk = nodes;
    shrunk.erase(shrunk.begin() + leaver);
    const Moves m = ownersByName(p, nodes, shrunk, keyCount, "key");
    for (std::size_t i = 0; i < keyCount; ++i)
        if (m.before[i] != m.after[i])
            RC_ASSERT(m.before[i] == nodes[static_cast<std::size_t>(leaver)].name);
}

RC_GTEST_PROP(HashringProperties, ReweightMovesKeysOnlyToOrFromThatNode, ())
{
    // Ring: more weight adds points "<x>#<v>" for new v; rendezvous: more weight raises only x's
    // score. Either way keys move only to x (or, for less weight, only away from x).
    PlacementParameters p;
    p.strategy = *rc::gen::element(Strategy::Ring, Strategy::Rendezvous);
    p.hash = anyHash();
    p.virtualNodes = *rc::gen::inRange(1, 100);
    const int n = *rc::gen::inRange(2, 12);
    const auto nodes = numberedNodes(n);
    const int x = *rc::gen::inRange(0, n);
    const double weight = *rc::gen::element(0.25, 0.5, 2.0, 3.0);
    const auto after
        = applyEvent(nodes, Event { EventKind::Reweight, nodes[static_cast<std::size_t>(x)].name, weight });
    const Moves m = ownersByName(p, nodes, after, 800, "key");
    const std::string &name = nodes[static_cast<std::size_t>(x)].name;
    const bool heavier = weight > 1;
    for (std::size_t i = 0; i < m.before.size(); ++i)
        if (m.before[i] != m.after[i])
            RC_ASSERT((heavier ? m.after[i] : m.before[i]) == name);
}

RC_GTEST_PROP(HashringProperties, BoundedNeverExceedsItsCap, ())
{
    PlacementParameters p;
    p.strategy = Strategy::Bounded;
    p.hash = anyHash();
    p.virtualNodes = *rc::gen::inRange(1, 100);
    p.epsilon = *rc::gen::element(0.0, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0);
    const int n = *rc::gen::inRange(1, 30);
    const auto keyCount = static_cast<std::size_t>(*rc::gen::inRange(1, 3000));
    const Placement bounded(p, numberedNodes(n));
    BoundedDetail detail;
    const auto owners = bounded.assign(KeySet::make("key", keyCount, p.hash, false), &detail);
    std::vector<std::int64_t> load(static_cast<std::size_t>(n), 0);
    for (auto o : owners)
        ++load[static_cast<std::size_t>(o)];
    // The cap computed independently: ceil((1 + eps) × K / n) in exact rational arithmetic
    // (eps is a multiple of 0.05, i.e. 1/20).
    const auto eps20 = static_cast<std::int64_t>(std::llround(p.epsilon * 20));
    const std::int64_t numerator = (20 + eps20) * static_cast<std::int64_t>(keyCount);
    const std::int64_t denominator = 20 * static_cast<std::int64_t>(n);
    const std::int64_t cap = (numerator + denominator - 1) / denominator;
    RC_ASSERT(detail.capacityPerNode == cap);
    for (auto l : load)
        RC_ASSERT(l <= cap);
    RC_ASSERT(static_cast<std::size_t>(std::accumulate(load.begin(), load.end(), std::int64_t { 0 })) == keyCount);
}

RC_GTEST_PROP(HashringProperties, BoundedKeyTakesFirstPointWithRoom, ())
{
    // A plain walk, key by key, gives the same owners as the union-find walk.
    PlacementParameters p;
    p.strategy = Strategy::Bounded;
    p.virtualNodes = *rc::gen::inRange(1, 20);
    p.epsilon = *rc::gen::element(0.0, 0.1, 0.5);
    const int n = *rc::gen::inRange(1, 8);
    const auto keyCount = static_cast<std::size_t>(*rc::gen::inRange(1, 400));
    const Placement bounded(p, numberedNodes(n));
    const KeySet keys = KeySet::make("k", keyCount, p.hash, false);
    BoundedDetail detail;
    const auto owners = bounded.assign(keys, &detail);
    const auto &positions = bounded.circle().positions();
    const auto &pointOwners = bounded.circle().owners();
    std::vector<std::int64_t> load(static_cast<std::size_t>(n), 0);
    for (std::size_t i = 0; i < keyCount; ++i) {
        std::size_t point = static_cast<std::size_t>(
            std::lower_bound(positions.begin(), positions.end(), keys.hashes[i]) - positions.begin());
        if (point == positions.size())
            point = 0;
        while (load[pointOwners[point]] >= detail.capacities[pointOwners[point]])
            point = (point + 1) % positions.size();
        RC_ASSERT(owners[i] == static_cast<std::int32_t>(pointOwners[point]));
        ++load[pointOwners[point]];
    }
}

RC_GTEST_PROP(HashringProperties, MaglevTableFullAndBalanced, ())
{
    PlacementParameters p;
    p.strategy = Strategy::Maglev;
    p.hash = anyHash();
    p.maglevTableSize = *rc::gen::element<std::int64_t>(251, 1021, 4093, 65537);
    const auto maxNodes = static_cast<int>(std::min<std::int64_t>(60, p.maglevTableSize / 101));
    const int n = *rc::gen::inRange(1, maxNodes + 1);
    RC_PRE(p.maglevTableSize > 100 * n);
    const Placement maglev(p, numberedNodes(n));
    const auto &table = maglev.maglevTable();
    RC_ASSERT(static_cast<std::int64_t>(table.size()) == p.maglevTableSize);
    std::vector<std::int64_t> counts(static_cast<std::size_t>(n), 0);
    for (auto slot : table) {
        RC_ASSERT(slot >= 0);
        RC_ASSERT(slot < n);
        ++counts[static_cast<std::size_t>(slot)];
    }
    const double share = static_cast<double>(p.maglevTableSize) / n;
    for (auto c : counts)
        RC_ASSERT(std::abs(static_cast<double>(c) - share) <= 0.01 * share);
}

RC_GTEST_PROP(HashringProperties, PointIndexIsLowerBoundWithWrap,
    (std::vector<std::uint64_t> positions, std::vector<std::uint64_t> probes))
{
    RC_PRE(!positions.empty());
    std::vector<RingPoint> points;
    for (std::size_t i = 0; i < positions.size(); ++i)
        points.push_back({ positions[i], static_cast<std::uint32_t>(i) });
    PointIndex index;
    index.build(points);
    auto sorted = positions;
    std::sort(sorted.begin(), sorted.end());
    probes.insert(probes.end(), positions.begin(), positions.end());
    probes.push_back(0);
    probes.push_back(~0ULL);
    for (std::uint64_t probe : probes) {
        auto it = std::lower_bound(sorted.begin(), sorted.end(), probe);
        const std::uint64_t expected = it == sorted.end() ? sorted.front() : *it;
        RC_ASSERT(index.positions()[index.successor(probe)] == expected);
    }
}

RC_GTEST_PROP(HashringProperties, JumpBatchEqualsSingle, (std::vector<std::uint64_t> keys))
{
    const int buckets = *rc::gen::inRange(1, 100000);
    std::vector<std::int32_t> out(keys.size());
    jumpConsistentHashBatch(keys.data(), keys.size(), buckets, out.data());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        RC_ASSERT(out[i] == jumpConsistentHash(keys[i], buckets));
        RC_ASSERT(out[i] >= 0);
        RC_ASSERT(out[i] < buckets);
    }
}

RC_GTEST_PROP(HashringProperties, RendezvousWeightsFavourHeavierNodes, ())
{
    // Equal weights given as numbers other than 1 choose exactly what unweighted HRW chooses.
    PlacementParameters p;
    p.strategy = Strategy::Rendezvous;
    const int n = *rc::gen::inRange(1, 10);
    auto nodes = numberedNodes(n);
    const Placement plain(p, nodes);
    const double w = *rc::gen::element(0.5, 2.0, 7.0);
    for (auto &node : nodes)
        node.weight = w;
    const Placement scaled(p, nodes);
    const KeySet keys = KeySet::make("key", 300, p.hash, false);
    RC_ASSERT(plain.assign(keys) == scaled.assign(keys));
}

RC_GTEST_PROP(HashringProperties, IdenticalInputsGiveIdenticalResults, ())
{
    ScenarioParameters s;
    s.placement.strategy = *rc::gen::element(Strategy::Modulo, Strategy::Ring, Strategy::Ketama, Strategy::Jump,
        Strategy::Rendezvous, Strategy::Maglev, Strategy::Bounded);
    s.placement.hash = anyHash();
    s.placement.virtualNodes = *rc::gen::inRange(1, 100);
    s.placement.maglevTableSize = 1009;
    s.nodeCount = *rc::gen::inRange(2, 12);
    s.keyCount = *rc::gen::inRange(1, 2000);
    s.event = *rc::gen::element(EventKind::Add, EventKind::Remove, EventKind::None);
    const auto a = runScenario(s);
    const auto b = runScenario(s);
    RC_ASSERT(a.ownersBefore == b.ownersBefore);
    RC_ASSERT(a.ownersAfter == b.ownersAfter);
    RC_ASSERT(a.moved == b.moved);
    RC_ASSERT(a.moduloMoved == b.moduloMoved);
    RC_ASSERT(a.statsAfter.stddev == b.statsAfter.stddev);
}
