// Benchmarks of the hashring core: ring and ketama lookups, jump hash, reassignment after a
// join, maglev table population, and the live session (one state, a whole build).
#include "core/hashfunctions.h"
#include "core/hashringsession.h"
#include "core/jumphash.h"
#include "core/placement.h"
#include "core/remapsimulation.h"
#include "core/timeline.h"

#include "../support/hashringfixtures.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace conceptlab::hashring;
using fixtures::keyNames;
using fixtures::numberedNodes;

namespace {

const KeySet &millionKeys()
{
    static const KeySet keys = KeySet::make("key", 1 << 20, HashFunction::XxHash64, false);
    return keys;
}
} // namespace

// 1000 nodes × 160 virtual nodes (xxh64 positions): owner of a pre-hashed key.
static void BM_RingLookup(benchmark::State &state)
{
    PlacementParameters p;
    p.virtualNodes = 160;
    const Placement ring(p, numberedNodes(1000));
    const auto &hashes = millionKeys().hashes;
    const PointIndex &circle = ring.circle();
    std::size_t i = 0;
    std::uint64_t sum = 0;
    for (auto _ : state) {
        sum += circle.ownerOf(hashes[i]);
        i = (i + 1) & (hashes.size() - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RingLookup);

// The same with a plain binary search over the sorted points, for comparison.
static void BM_RingLookupBinarySearch(benchmark::State &state)
{
    PlacementParameters p;
    p.virtualNodes = 160;
    const Placement ring(p, numberedNodes(1000));
    const auto &hashes = millionKeys().hashes;
    const auto &positions = ring.circle().positions();
    const auto &owners = ring.circle().owners();
    std::size_t i = 0;
    std::uint64_t sum = 0;
    for (auto _ : state) {
        auto it = std::lower_bound(positions.begin(), positions.end(), hashes[i]);
        sum += owners[it == positions.end() ? 0 : static_cast<std::size_t>(it - positions.begin())];
        i = (i + 1) & (hashes.size() - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RingLookupBinarySearch);

// Ring lookup including xxh64 of the key string.
static void BM_RingLookupWithKeyHash(benchmark::State &state)
{
    PlacementParameters p;
    p.virtualNodes = 160;
    const Placement ring(p, numberedNodes(1000));
    const auto names = keyNames(1 << 16);
    std::size_t i = 0;
    std::uint64_t sum = 0;
    for (auto _ : state) {
        sum += ring.circle().ownerOf(xxh64(names[i]));
        i = (i + 1) & (names.size() - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RingLookupWithKeyHash);

// libketama: 1000 servers × 160 points; MD5 of the key string, then the continuum lookup.
static void BM_KetamaLookup(benchmark::State &state)
{
    PlacementParameters p;
    p.strategy = Strategy::Ketama;
    const Placement ketama(p, numberedNodes(1000));
    const auto names = keyNames(1 << 16);
    std::size_t i = 0;
    std::uint64_t sum = 0;
    for (auto _ : state) {
        sum += ketama.circle().ownerOf(static_cast<std::uint64_t>(ketamaHash(names[i])) << 32);
        i = (i + 1) & (names.size() - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KetamaLookup);

// Jump hash, one call at a time, n = 1000.
static void BM_JumpSingle(benchmark::State &state)
{
    const auto &hashes = millionKeys().hashes;
    std::size_t i = 0;
    std::int64_t sum = 0;
    for (auto _ : state) {
        sum += jumpConsistentHash(hashes[i], 1000);
        i = (i + 1) & (hashes.size() - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JumpSingle);

// The paper's listing (Lamping & Veach 2014, figure 1), compiled here, as the reference.
static std::int32_t paperJumpConsistentHash(std::uint64_t key, std::int32_t num_buckets)
{
    std::int64_t b = -1, j = 0;
    while (j < num_buckets) {
        b = j;
        key = key * 2862933555777941757ULL + 1;
        j = static_cast<std::int64_t>(
            static_cast<double>(b + 1) * (static_cast<double>(1LL << 31) / static_cast<double>((key >> 33) + 1)));
    }
    return static_cast<std::int32_t>(b);
}

static void BM_JumpPaperReference(benchmark::State &state)
{
    const auto &hashes = millionKeys().hashes;
    std::size_t i = 0;
    std::int64_t sum = 0;
    for (auto _ : state) {
        sum += paperJumpConsistentHash(hashes[i], 1000);
        i = (i + 1) & (hashes.size() - 1);
    }
    benchmark::DoNotOptimize(sum);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JumpPaperReference);

// Jump hash over a batch of 4096 keys, n = 1000 (per-key time = total / items).
static void BM_JumpBatch(benchmark::State &state)
{
    const auto &hashes = millionKeys().hashes;
    std::vector<std::int32_t> out(4096);
    std::size_t offset = 0;
    for (auto _ : state) {
        jumpConsistentHashBatch(hashes.data() + offset, out.size(), 1000, out.data());
        benchmark::DoNotOptimize(out.data());
        offset = (offset + out.size()) & (hashes.size() - 1);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(out.size()));
}
BENCHMARK(BM_JumpBatch);

// A node joins a 1000 × 160 ring: rebuild the ring and reassign 1M pre-hashed keys,
// counting the moved ones.
static void BM_ReassignMillionKeysAfterJoin(benchmark::State &state)
{
    PlacementParameters p;
    p.virtualNodes = 160;
    const auto nodes = numberedNodes(1000);
    const Placement before(p, nodes);
    const KeySet &keys = millionKeys();
    const auto ownersBefore = before.assign(keys);
    std::int64_t moved = 0;
    for (auto _ : state) {
        Placement after = before;
        after.addNode({ "joiner", 1.0 });
        const auto ownersAfter = after.assign(keys);
        moved = 0;
        for (std::size_t k = 0; k < keys.count; ++k)
            moved += ownersAfter[k] != ownersBefore[k];
        benchmark::DoNotOptimize(moved);
    }
    state.counters["moved"] = static_cast<double>(moved);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(keys.count));
}
BENCHMARK(BM_ReassignMillionKeysAfterJoin)->Unit(benchmark::kMillisecond);

// Maglev: populate the M = 65537 table for 1000 nodes.
static void BM_MaglevBuild(benchmark::State &state)
{
    PlacementParameters p;
    p.strategy = Strategy::Maglev;
    p.maglevTableSize = 65537;
    const auto nodes = numberedNodes(1000);
    for (auto _ : state) {
        Placement maglev(p, nodes);
        benchmark::DoNotOptimize(maglev.maglevTable().data());
    }
}
BENCHMARK(BM_MaglevBuild)->Unit(benchmark::kMillisecond);

// One whole headless scenario: 5 nodes, 1M keys, a join, on the default ring.
static void BM_ScenarioMillionKeys(benchmark::State &state)
{
    ScenarioParameters s;
    s.keyCount = 1'000'000;
    for (auto _ : state)
        benchmark::DoNotOptimize(runScenario(s).moved);
}
BENCHMARK(BM_ScenarioMillionKeys)->Unit(benchmark::kMillisecond);

// One step of the live view computed lazily: the state after a join, on the view's key limit
// (10^6 keys, 5 nodes, default ring). Decides whether a step may be computed on the GUI thread.
static void BM_TimelineStepViewKeyLimit(benchmark::State &state)
{
    const KeySet keys
        = KeySet::make("key", static_cast<std::size_t>(HashringSession::kMaxViewKeys), HashFunction::XxHash64, true);
    const PlacementParameters p;
    const auto nodes = numberedNodes(5);
    const TimelineState start = computeState(p, keys, nullptr, nodes, Event {});
    const Event join { EventKind::Add, "node5", 1.0 };
    const auto after = applyEvent(nodes, join);
    for (auto _ : state)
        benchmark::DoNotOptimize(computeState(p, keys, &start, after, join).moved);
}
BENCHMARK(BM_TimelineStepViewKeyLimit)->Unit(benchmark::kMillisecond);

// Building the live session with every state and chart precomputed: the default parameters
// (10^4 keys) and the view's key limit (10^6 keys).
static void BM_SessionBuild(benchmark::State &state)
{
    ScenarioParameters s;
    s.keyCount = state.range(0);
    for (auto _ : state)
        benchmark::DoNotOptimize(HashringSession::create(s, conceptlab::WorkControl())->atEnd());
}
BENCHMARK(BM_SessionBuild)->Arg(10'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
