// Placement strategies behind one interface: the node set (add, remove, re-weight) and the
// owner of every key. modulo, ring (virtual nodes), ketama (bit-exact libketama), jump,
// rendezvous (weighted highest random weight), maglev and bounded loads.
#pragma once

#include "hashfunctions.h"
#include "pointindex.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab::hashring {

enum class Strategy { Modulo, Ring, Ketama, Jump, Rendezvous, Maglev, Bounded };

/// The parameter spellings of the strategies, in display order.
inline constexpr EnumNames<Strategy, 7> kStrategyNames { { { { Strategy::Modulo, "modulo" }, { Strategy::Ring, "ring" },
    { Strategy::Ketama, "ketama" }, { Strategy::Jump, "jump" }, { Strategy::Rendezvous, "rendezvous" },
    { Strategy::Maglev, "maglev" }, { Strategy::Bounded, "bounded" } } } };

/// Parses "modulo", "ring", "ketama", "jump", "rendezvous", "maglev", "bounded".
inline std::optional<Strategy> parseStrategy(std::string_view text)
{
    return kStrategyNames.parse(text);
}
/// The parameter spelling of a strategy.
inline std::string_view strategyName(Strategy strategy)
{
    return kStrategyNames.name(strategy);
}
/// All strategies in display order.
const std::vector<Strategy> &allStrategies();
/// Strategies that place nodes on a circle (ring, ketama, bounded).
bool hasRing(Strategy strategy);

/// A node: its name (unique) and relative weight (> 0; 1 is a standard node).
struct Node {
    std::string name;
    double weight = 1.0;
};

struct PlacementParameters {
    Strategy strategy = Strategy::Ring;
    HashFunction hash = HashFunction::XxHash64;
    int virtualNodes = 160; ///< ring/bounded: points per node of weight 1
    double epsilon = 0.25; ///< bounded: capacity factor c = 1 + epsilon
    std::int64_t maglevTableSize = 65537; ///< maglev: prime table size M
};

/// Upper limits that keep a run bounded in time and memory.
inline constexpr std::int64_t kMaxKeys = 10'000'000;
inline constexpr std::int64_t kMaxNodes = 10'000;
inline constexpr std::int64_t kMaxRingPoints = 5'000'000;
inline constexpr std::int64_t kMaxMaglevTableSize = 1'000'003;
inline constexpr double kMaxWeight = 1'000'000;
inline constexpr std::int64_t kMaxRendezvousWork = 50'000'000; ///< keys × nodes
inline constexpr std::size_t kMaxKeyPrefixBytes = 1000;
inline constexpr std::int64_t kMaxHashedKeyBytes = std::int64_t { 1 } << 30; ///< keys × name length

/// Throws std::invalid_argument unless `keyCount` keys named "<prefix><i>" are within the
/// limits: 1..kMaxKeys keys, a prefix of at most kMaxKeyPrefixBytes, at most
/// kMaxHashedKeyBytes of names to hash.
void checkKeyWork(std::int64_t keyCount, const std::string &prefix);

/// The keys "<prefix><i>", i = 0..count-1, with their hashes.
struct KeySet {
    std::string prefix;
    std::size_t count = 0;
    HashFunction hash = HashFunction::XxHash64;
    std::vector<std::uint64_t> hashes; ///< hash64(hash, name)
    std::vector<std::uint32_t> ketamaPoints; ///< ketamaHash(name); filled only when asked

    /// Hashes the keys; ketama points too when `withKetama`.
    static KeySet make(std::string prefix, std::size_t count, HashFunction hash, bool withKetama);
    std::string name(std::size_t i) const { return prefix + std::to_string(i); }
};

/// Per-key detail of a bounded-loads assignment.
struct BoundedDetail {
    std::int64_t capacityPerNode = 0; ///< cap of a weight-1 node (exact for equal weights)
    std::vector<std::int64_t> capacities; ///< per node
    std::vector<std::uint32_t> hops; ///< per key: ring points skipped because their node was full
};

/// A placement strategy over a node list. Node indices are positions in nodes().
/// Throws std::invalid_argument, with the parameter name first, on bad input.
class Placement {
public:
    explicit Placement(PlacementParameters parameters, std::vector<Node> nodes = {});

    const PlacementParameters &parameters() const { return m_parameters; }
    const std::vector<Node> &nodes() const { return m_nodes; }
    std::optional<std::size_t> indexOf(std::string_view name) const;

    /// Appends a node (unique name, weight > 0).
    void addNode(Node node);
    /// Removes the named node; later nodes shift down one index.
    void removeNode(std::string_view name);
    /// Changes a node's weight (> 0).
    void setWeight(std::string_view name, double weight);
    /// Replaces all nodes.
    void setNodes(std::vector<Node> nodes);

    /// The owner (node index) of every key. Bounded placement is sequential in key order
    /// and fills `bounded` when given.
    std::vector<std::int32_t> assign(const KeySet &keys, BoundedDetail *bounded = nullptr) const;

    /// Owner of one key by its hash(es); not for bounded (which depends on all keys: this
    /// gives the unbounded ring owner there).
    std::int32_t ownerOf(std::uint64_t keyHash, std::uint32_t ketamaPoint, std::string_view keyName) const;

    /// Ring, ketama, bounded: the sorted circle (ketama points are shifted to the top 32 bits).
    const PointIndex &circle() const { return m_circle; }
    /// Maglev: the lookup table, node index per slot.
    const std::vector<std::int32_t> &maglevTable() const { return m_maglev; }
    /// Ring/bounded: virtual nodes of node i; ketama: points of node i.
    std::int64_t pointsOf(std::size_t node) const;

private:
    void validateNode(const Node &node) const;
    void rebuild();
    void buildRing();
    void buildKetama();
    void buildMaglev();
    std::int32_t rendezvousOwner(std::string_view keyName) const;

    PlacementParameters m_parameters;
    std::vector<Node> m_nodes;
    PointIndex m_circle;
    std::vector<std::int64_t> m_pointsPerNode;
    std::vector<std::int32_t> m_maglev;
    bool m_equalWeights = true;
};

/// Virtual nodes of a ring node: max(1, round(V × weight)).
std::int64_t ringVirtualNodes(int virtualNodes, double weight);
/// libketama's points-per-server count, in its float arithmetic: 4 × floor(pct × 40 × n).
std::int64_t ketamaPoints(double weight, double totalWeight, std::size_t serverCount);
/// The label hashed for virtual node v of a ring node: "<name>#<v>".
std::string ringLabel(std::string_view node, std::int64_t v);
/// Maglev's table population (Eisenbud et al. 2016, pseudo-code 1): node i prefers slots
/// (offsets[i] + j × skips[i]) mod M; nodes take turns (in proportion to weight) claiming
/// their next free preferred slot until the table is full.
std::vector<std::int32_t> maglevPopulate(const std::vector<std::uint64_t> &offsets,
    const std::vector<std::uint64_t> &skips, const std::vector<double> &weights, std::uint64_t tableSize);
/// True for primes (trial division; fine for table sizes).
bool isPrime(std::int64_t value);

} // namespace conceptlab::hashring
