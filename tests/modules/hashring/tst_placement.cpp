// Exact placements: libketama's published checks, the Maglev paper's example, and small
// cases whose owners were computed by an independent script from the documented rules.
#include "core/placement.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace conceptlab::hashring;

namespace {
std::vector<Node> abc()
{
    return { { "a", 1.0 }, { "b", 1.0 }, { "c", 1.0 } };
}

std::vector<std::int32_t> ownersOf(Strategy strategy, HashFunction hash, int vnodes)
{
    PlacementParameters p;
    p.strategy = strategy;
    p.hash = hash;
    p.virtualNodes = vnodes;
    const Placement placement(p, abc());
    return placement.assign(KeySet::make("key", 12, hash, false));
}
} // namespace

TEST(HashringKetama, PublishedContinuumAndLookup)
{
    PlacementParameters p;
    p.strategy = Strategy::Ketama;
    const Placement ketama(p, { { "127.0.0.1:11211", 600 }, { "127.0.0.1:11212", 400 } });
    // floor(0.6 × 40 × 2) = 48 and floor(0.4 × 40 × 2) = 32 digests, 4 points each.
    EXPECT_EQ(ketama.circle().size(), 320u);
    EXPECT_EQ(ketama.pointsOf(0), 192);
    EXPECT_EQ(ketama.pointsOf(1), 128);
    const std::uint32_t key = ketamaHash("test");
    const std::size_t point = ketama.circle().successor(static_cast<std::uint64_t>(key) << 32);
    EXPECT_EQ(ketama.circle().positions()[point] >> 32, 3454255383u);
    EXPECT_EQ(ketama.circle().owners()[point], 0u);
    EXPECT_EQ(ketama.ownerOf(0, key, "test"), 0);
}

TEST(HashringKetama, PointsPerServerFollowsFloatArithmetic)
{
    EXPECT_EQ(ketamaPoints(1, 3, 3), 160);
    EXPECT_EQ(ketamaPoints(600, 1000, 2), 192);
    EXPECT_EQ(ketamaPoints(400, 1000, 2), 128);
    // 1/49 as a float is just below 1/49: 0.020408163 × 40 × 49 = 39.99999... in double, but the
    // result is rounded to float (40.0f) before floorf, as in libketama.
    EXPECT_EQ(ketamaPoints(1, 49, 49), 160);
    // ...but not always: with 61 equal servers libketama computes 39.99999... → 39 digests
    // (checked against the C expression compiled with gcc).
    EXPECT_EQ(ketamaPoints(1, 61, 61), 156);
    EXPECT_EQ(ketamaPoints(1, 122, 122), 156);
    EXPECT_EQ(ketamaPoints(1, 60, 60), 160);
}

TEST(HashringKetama, WrapsToFirstPoint)
{
    PlacementParameters p;
    p.strategy = Strategy::Ketama;
    const Placement ketama(p, { { "a", 1 }, { "b", 1 } });
    const auto last = ketama.circle().positions().back() >> 32;
    if (last < 0xFFFFFFFFu) {
        const std::size_t point = ketama.circle().successor(std::uint64_t { 0xFFFFFFFFu } << 32);
        EXPECT_EQ(point, 0u);
    }
}

TEST(HashringPlacement, FnvVectorsFromReferenceScript)
{
    // FNV-1a mixes the last byte only into the low bits: "key0".."key11" all land just before
    // the same ring point (a lesson about weak hashes on sequential keys).
    EXPECT_EQ(ownersOf(Strategy::Ring, HashFunction::Fnv1a64, 3), std::vector<std::int32_t>(12, 0));
    EXPECT_EQ(ownersOf(Strategy::Modulo, HashFunction::Fnv1a64, 3),
        (std::vector<std::int32_t> { 0, 1, 2, 0, 2, 0, 1, 2, 1, 2, 2, 1 }));
    EXPECT_EQ(ownersOf(Strategy::Jump, HashFunction::Fnv1a64, 3),
        (std::vector<std::int32_t> { 1, 1, 1, 0, 1, 1, 0, 0, 2, 0, 2, 0 }));
    EXPECT_EQ(ownersOf(Strategy::Rendezvous, HashFunction::Fnv1a64, 3),
        (std::vector<std::int32_t> { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0 }));
}

TEST(HashringPlacement, Md5VectorsFromReferenceScript)
{
    EXPECT_EQ(ownersOf(Strategy::Ring, HashFunction::Md5, 3),
        (std::vector<std::int32_t> { 1, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 1 }));
    EXPECT_EQ(ownersOf(Strategy::Modulo, HashFunction::Md5, 3),
        (std::vector<std::int32_t> { 1, 1, 2, 2, 2, 0, 0, 2, 1, 0, 1, 0 }));
    EXPECT_EQ(ownersOf(Strategy::Jump, HashFunction::Md5, 3),
        (std::vector<std::int32_t> { 1, 0, 2, 0, 1, 1, 2, 2, 0, 1, 2, 0 }));
    EXPECT_EQ(ownersOf(Strategy::Rendezvous, HashFunction::Md5, 3),
        (std::vector<std::int32_t> { 0, 0, 0, 0, 2, 0, 2, 0, 0, 1, 2, 1 }));
}

TEST(HashringMaglev, PaperExample)
{
    // Eisenbud et al. 2016, Table 1: M = 7, (offset, skip) = (3, 4), (0, 2), (3, 1).
    const auto table = maglevPopulate({ 3, 0, 3 }, { 4, 2, 1 }, { 1, 1, 1 }, 7);
    EXPECT_EQ(table, (std::vector<std::int32_t> { 1, 0, 1, 0, 2, 2, 0 }));
}

TEST(HashringMaglev, PaperExampleAfterRemovingB1)
{
    // Table 1, last column: B1 removed, B0 and B2 refill.
    const auto table = maglevPopulate({ 3, 3 }, { 4, 1 }, { 1, 1 }, 7);
    // B0 → index 0, B2 → index 1. By hand: B0 prefers 3,0,4,1,5,2,6 and B2 3,4,5,6,0,1,2;
    // turns: B0→3, B2→4, B0→0, B2→5, B0→1, B2→6, B0→2.
    EXPECT_EQ(table, (std::vector<std::int32_t> { 0, 0, 0, 0, 1, 1, 1 }));
}

TEST(HashringMaglev, WeightsTakeProportionalTurns)
{
    // Node 1 has half the weight: it claims a slot every second round.
    const auto table = maglevPopulate({ 0, 1 }, { 1, 1 }, { 2, 1 }, 7);
    const auto zeros = std::count(table.begin(), table.end(), 0);
    // Rounds 0..: r0: n0, n1; r1: n0; r2: n0, n1; r3: n0; r4: n0 (7 filled) → 5 and 2.
    EXPECT_EQ(zeros, 5);
}

TEST(HashringBounded, SmallExactCase)
{
    // One node holds every point but the last key must go where there is room:
    // 2 nodes, 4 keys, epsilon 0 → capacity 2 each; every key still gets a node.
    PlacementParameters p;
    p.strategy = Strategy::Bounded;
    p.epsilon = 0.0;
    p.virtualNodes = 1;
    const Placement bounded(p, { { "a", 1 }, { "b", 1 } });
    BoundedDetail detail;
    const auto owners = bounded.assign(KeySet::make("key", 4, HashFunction::XxHash64, false), &detail);
    EXPECT_EQ(detail.capacityPerNode, 2);
    EXPECT_EQ(std::count(owners.begin(), owners.end(), 0), 2);
    EXPECT_EQ(std::count(owners.begin(), owners.end(), 1), 2);
}

TEST(HashringBounded, CapacityRoundsExactly)
{
    // (1 + 0.1) × 1000 / 10 = 110 exactly, although 1.1 × 1000 / 10 is 110.00000000000001 in doubles.
    PlacementParameters p;
    p.strategy = Strategy::Bounded;
    p.epsilon = 0.1;
    std::vector<Node> nodes;
    for (int i = 0; i < 10; ++i)
        nodes.push_back({ "node" + std::to_string(i), 1.0 });
    const Placement bounded(p, nodes);
    BoundedDetail detail;
    bounded.assign(KeySet::make("key", 1000, HashFunction::XxHash64, false), &detail);
    EXPECT_EQ(detail.capacityPerNode, 110);
    // (1 + 0.25) × 1000 / 3 = 416.67 → 417.
    p.epsilon = 0.25;
    const Placement three(p, { { "a", 1 }, { "b", 1 }, { "c", 1 } });
    three.assign(KeySet::make("key", 1000, HashFunction::XxHash64, false), &detail);
    EXPECT_EQ(detail.capacityPerNode, 417);
}

TEST(HashringRing, VirtualNodeCountsAndLabels)
{
    EXPECT_EQ(ringLabel("node3", 17), "node3#17");
    EXPECT_EQ(ringVirtualNodes(160, 1.0), 160);
    EXPECT_EQ(ringVirtualNodes(160, 0.5), 80);
    EXPECT_EQ(ringVirtualNodes(100, 0.001), 1);
    PlacementParameters p;
    p.virtualNodes = 10;
    const Placement ring(p, { { "a", 1 }, { "b", 2 } });
    EXPECT_EQ(ring.circle().size(), 30u);
    EXPECT_EQ(ring.pointsOf(1), 20);
}

TEST(HashringRing, PointPositionsAreLabelHashes)
{
    PlacementParameters p;
    p.virtualNodes = 4;
    const Placement ring(p, { { "a", 1 } });
    std::vector<std::uint64_t> expected;
    for (int v = 0; v < 4; ++v)
        expected.push_back(xxh64("a#" + std::to_string(v)));
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(ring.circle().positions(), expected);
}

TEST(HashringPlacement, RejectsBadNodes)
{
    PlacementParameters p;
    EXPECT_THROW(Placement(p, {}), std::invalid_argument);
    try {
        Placement(p, { { "a", 1 }, { "a", 1 } });
        FAIL() << "duplicate accepted";
    } catch (const std::invalid_argument &e) {
        EXPECT_EQ(std::string(e.what()).rfind("node_names:", 0), 0u) << e.what();
    }
    try {
        Placement(p, { { "a", -1 } });
        FAIL() << "negative weight accepted";
    } catch (const std::invalid_argument &e) {
        EXPECT_EQ(std::string(e.what()).rfind("weights:", 0), 0u) << e.what();
    }
    p.strategy = Strategy::Maglev;
    p.maglevTableSize = 65536;
    try {
        Placement(p, { { "a", 1 } });
        FAIL() << "non-prime table accepted";
    } catch (const std::invalid_argument &e) {
        EXPECT_EQ(std::string(e.what()).rfind("table_size:", 0), 0u) << e.what();
    }
    p.maglevTableSize = 3;
    EXPECT_THROW(Placement(p, { { "a", 1 }, { "b", 1 }, { "c", 1 } }), std::invalid_argument);
}

TEST(HashringPlacement, AddRemoveSetWeight)
{
    PlacementParameters p;
    p.virtualNodes = 8;
    Placement ring(p, { { "a", 1 } });
    ring.addNode({ "b", 1 });
    EXPECT_EQ(ring.circle().size(), 16u);
    ring.setWeight("b", 2);
    EXPECT_EQ(ring.circle().size(), 24u);
    ring.removeNode("a");
    EXPECT_EQ(ring.nodes().size(), 1u);
    EXPECT_EQ(ring.circle().size(), 16u);
    EXPECT_THROW(ring.removeNode("b"), std::invalid_argument); // the only node
    EXPECT_THROW(ring.removeNode("zzz"), std::invalid_argument);
    EXPECT_THROW(ring.addNode({ "b", 1 }), std::invalid_argument);
}

TEST(HashringPointIndex, WrapAndTies)
{
    PointIndex index;
    index.build({ { 100, 2 }, { 50, 1 }, { 100, 0 }, { ~0ULL, 3 } });
    // Sorted: 50/1, 100/0, 100/2, max/3.
    EXPECT_EQ(index.ownerOf(0), 1u);
    EXPECT_EQ(index.ownerOf(50), 1u);
    EXPECT_EQ(index.ownerOf(51), 0u);
    EXPECT_EQ(index.ownerOf(100), 0u);
    EXPECT_EQ(index.ownerOf(101), 3u);
    EXPECT_EQ(index.ownerOf(~0ULL), 3u);
    PointIndex small;
    small.build({ { 1000, 7 } });
    EXPECT_EQ(small.ownerOf(1001), 7u);
    EXPECT_EQ(small.successor(1001), 0u);
}

TEST(HashringLimits, KeyNamesToHashAreBounded)
{
    EXPECT_NO_THROW(checkKeyWork(kMaxKeys, "key"));
    // 10^7 keys with a 100-byte prefix: 10^7 × 108 bytes = 1.08 GB of names, past 1 GiB.
    try {
        checkKeyWork(kMaxKeys, std::string(100, 'k'));
        FAIL() << "not refused";
    } catch (const std::invalid_argument &error) {
        EXPECT_STREQ(error.what(),
            "key_prefix: 10000000 keys with a 100-byte prefix are more than the 1024 MB of key names a run may "
            "hash; shorten key_prefix or lower keys");
    }
    EXPECT_THROW(checkKeyWork(10, std::string(1001, 'k')), std::invalid_argument);
    EXPECT_THROW(checkKeyWork(0, "key"), std::invalid_argument);
    EXPECT_THROW(checkKeyWork(kMaxKeys + 1, "key"), std::invalid_argument);
}
