// The placement strategies.
#include "placement.h"

#include "jumphash.h"

#include <text.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace conceptlab::hashring {

namespace {
    [[noreturn]] void fail(const std::string &message)
    {
        throw std::invalid_argument(message);
    }

    // A hash as a uniform double in (0, 1): the top 53 bits, centred in their interval.
    double unitInterval(std::uint64_t hash)
    {
        return (static_cast<double>(hash >> 11) + 0.5) * 0x1.0p-53;
    }
} // namespace

const std::vector<Strategy> &allStrategies()
{
    static const std::vector<Strategy> all = [] {
        std::vector<Strategy> strategies;
        for (const auto &[strategy, name] : kStrategyNames.entries)
            strategies.push_back(strategy);
        return strategies;
    }();
    return all;
}

bool hasRing(Strategy strategy)
{
    return strategy == Strategy::Ring || strategy == Strategy::Ketama || strategy == Strategy::Bounded;
}

std::int64_t ringVirtualNodes(int virtualNodes, double weight)
{
    return std::max<std::int64_t>(1, std::llround(static_cast<double>(virtualNodes) * weight));
}

std::int64_t ketamaPoints(double weight, double totalWeight, std::size_t serverCount)
{
    // libketama: float pct = (float)memory / (float)total;
    //            unsigned ks = floorf(pct * 40.0 * (float)numservers);  (the product is a double,
    //            rounded to float on the way into floorf)
    const float pct = static_cast<float>(weight) / static_cast<float>(totalWeight);
    const double product = static_cast<double>(pct) * 40.0 * static_cast<double>(static_cast<float>(serverCount));
    const float rounded = static_cast<float>(product);
    return 4 * static_cast<std::int64_t>(std::floor(rounded));
}

std::string ringLabel(std::string_view node, std::int64_t v)
{
    std::string label(node);
    label += '#';
    label += std::to_string(v);
    return label;
}

bool isPrime(std::int64_t value)
{
    if (value < 2)
        return false;
    if (value % 2 == 0)
        return value == 2;
    for (std::int64_t d = 3; d * d <= value; d += 2)
        if (value % d == 0)
            return false;
    return true;
}

void checkKeyWork(std::int64_t keyCount, const std::string &prefix)
{
    if (keyCount < 1)
        fail("keys: at least one key is needed");
    if (keyCount > kMaxKeys)
        fail("keys: at most " + std::to_string(kMaxKeys));
    if (prefix.size() > kMaxKeyPrefixBytes)
        fail("key_prefix: " + std::to_string(prefix.size()) + " bytes; at most " + std::to_string(kMaxKeyPrefixBytes));
    // Each name is the prefix and up to 8 digits; each is hashed once per hash function.
    const auto nameBytes = static_cast<std::int64_t>(prefix.size()) + 8;
    if (keyCount > kMaxHashedKeyBytes / nameBytes)
        fail("key_prefix: " + std::to_string(keyCount) + " keys with a " + std::to_string(prefix.size())
            + "-byte prefix are more than the " + std::to_string(kMaxHashedKeyBytes >> 20)
            + " MB of key names a run may hash; shorten key_prefix or lower keys");
}

KeySet KeySet::make(std::string prefix, std::size_t count, HashFunction hash, bool withKetama)
{
    KeySet keys;
    keys.prefix = std::move(prefix);
    keys.count = count;
    keys.hash = hash;
    keys.hashes.resize(count);
    if (withKetama)
        keys.ketamaPoints.resize(count);
    std::string name = keys.prefix;
    const std::size_t prefixLength = name.size();
    for (std::size_t i = 0; i < count; ++i) {
        name.resize(prefixLength);
        name += std::to_string(i);
        keys.hashes[i] = hash64(hash, name);
        if (withKetama)
            keys.ketamaPoints[i] = ketamaHash(name);
    }
    return keys;
}

Placement::Placement(PlacementParameters parameters, std::vector<Node> nodes)
    : m_parameters(parameters)
{
    if (m_parameters.virtualNodes < 1)
        fail("vnodes: must be at least 1");
    if (!(m_parameters.epsilon >= 0) || !std::isfinite(m_parameters.epsilon))
        fail("epsilon: must be a finite number >= 0");
    if (m_parameters.strategy == Strategy::Maglev) {
        if (m_parameters.maglevTableSize > kMaxMaglevTableSize)
            fail("table_size: at most " + std::to_string(kMaxMaglevTableSize));
        if (!isPrime(m_parameters.maglevTableSize))
            fail("table_size: " + std::to_string(m_parameters.maglevTableSize) + " is not a prime");
    }
    setNodes(std::move(nodes));
}

std::optional<std::size_t> Placement::indexOf(std::string_view name) const
{
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].name == name)
            return i;
    return std::nullopt;
}

void Placement::validateNode(const Node &node) const
{
    if (node.name.empty())
        fail("node_names: a node name is empty");
    if (!(node.weight > 0) || !(node.weight <= kMaxWeight))
        fail("weights: weight of '" + node.name + "' must be > 0 and at most 1000000");
}

void Placement::addNode(Node node)
{
    validateNode(node);
    if (indexOf(node.name))
        fail("event_node: '" + node.name + "' is already a node");
    auto nodes = m_nodes;
    nodes.push_back(std::move(node));
    setNodes(std::move(nodes));
}

void Placement::removeNode(std::string_view name)
{
    const auto index = indexOf(name);
    if (!index)
        fail("event_node: no node named " + quoted(name));
    if (m_nodes.size() == 1)
        fail("event_node: cannot remove " + quoted(name) + ", the only node");
    auto nodes = m_nodes;
    nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(*index));
    setNodes(std::move(nodes));
}

void Placement::setWeight(std::string_view name, double weight)
{
    const auto index = indexOf(name);
    if (!index)
        fail("event_node: no node named " + quoted(name));
    auto nodes = m_nodes;
    nodes[*index].weight = weight;
    setNodes(std::move(nodes));
}

void Placement::setNodes(std::vector<Node> nodes)
{
    if (nodes.empty())
        fail("nodes: at least one node is needed");
    // A scenario starts with at most kMaxNodes and may add more in its events.
    if (static_cast<std::int64_t>(nodes.size()) > 2 * kMaxNodes)
        fail("nodes: at most " + std::to_string(2 * kMaxNodes));
    std::vector<std::string_view> names;
    names.reserve(nodes.size());
    for (const Node &node : nodes) {
        validateNode(node);
        names.push_back(node.name);
    }
    std::sort(names.begin(), names.end());
    const auto duplicate = std::adjacent_find(names.begin(), names.end());
    if (duplicate != names.end())
        fail("node_names: duplicate node name " + quoted(*duplicate));
    if (m_parameters.strategy == Strategy::Maglev
        && static_cast<std::int64_t>(nodes.size()) >= m_parameters.maglevTableSize)
        fail("table_size: must be larger than the number of nodes");
    m_nodes = std::move(nodes);
    m_equalWeights = std::all_of(
        m_nodes.begin(), m_nodes.end(), [&](const Node &n) { return n.weight == m_nodes.front().weight; });
    rebuild();
}

void Placement::rebuild()
{
    m_circle = {};
    m_maglev.clear();
    m_pointsPerNode.assign(m_nodes.size(), 0);
    switch (m_parameters.strategy) {
    case Strategy::Ring:
    case Strategy::Bounded:
        buildRing();
        break;
    case Strategy::Ketama:
        buildKetama();
        break;
    case Strategy::Maglev:
        buildMaglev();
        break;
    case Strategy::Modulo:
    case Strategy::Jump:
    case Strategy::Rendezvous:
        break;
    }
}

void Placement::buildRing()
{
    std::int64_t total = 0;
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        m_pointsPerNode[i] = ringVirtualNodes(m_parameters.virtualNodes, m_nodes[i].weight);
        total += m_pointsPerNode[i];
        if (total > kMaxRingPoints)
            fail("vnodes: the ring would have more than " + std::to_string(kMaxRingPoints)
                + " points (nodes × vnodes × weight)");
    }
    std::vector<RingPoint> points;
    points.reserve(static_cast<std::size_t>(total));
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        std::string label = m_nodes[i].name;
        label += '#';
        const std::size_t stem = label.size();
        for (std::int64_t v = 0; v < m_pointsPerNode[i]; ++v) {
            label.resize(stem);
            label += std::to_string(v);
            points.push_back({ hash64(m_parameters.hash, label), static_cast<std::uint32_t>(i) });
        }
    }
    m_circle.build(std::move(points));
}

void Placement::buildKetama()
{
    double totalWeight = 0;
    for (const Node &node : m_nodes)
        totalWeight += node.weight;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        m_pointsPerNode[i] = ketamaPoints(m_nodes[i].weight, totalWeight, m_nodes.size());
        total += m_pointsPerNode[i];
    }
    if (total == 0)
        fail("weights: no ketama server gets a point");
    std::vector<RingPoint> points;
    points.reserve(static_cast<std::size_t>(total));
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        for (std::int64_t k = 0; k < m_pointsPerNode[i] / 4; ++k) {
            const std::string label = m_nodes[i].name + "-" + std::to_string(k);
            const auto digest = md5Digest(label);
            for (std::size_t h = 0; h < 4; ++h) {
                const std::uint32_t point = static_cast<std::uint32_t>(digest[3 + h * 4]) << 24
                    | static_cast<std::uint32_t>(digest[2 + h * 4]) << 16
                    | static_cast<std::uint32_t>(digest[1 + h * 4]) << 8 | static_cast<std::uint32_t>(digest[h * 4]);
                points.push_back({ static_cast<std::uint64_t>(point) << 32, static_cast<std::uint32_t>(i) });
            }
        }
    }
    m_circle.build(std::move(points));
}

std::vector<std::int32_t> maglevPopulate(const std::vector<std::uint64_t> &offsets,
    const std::vector<std::uint64_t> &skips, const std::vector<double> &weights, std::uint64_t tableSize)
{
    const std::size_t n = offsets.size();
    std::vector<std::int32_t> table(tableSize, -1);
    if (n == 0 || tableSize == 0)
        return table;
    const double maxWeight = *std::max_element(weights.begin(), weights.end());
    // Weighted round robin as in Envoy's maglev: a node of the largest weight takes a slot
    // every round; a node of a third of it every third round. Equal weights: the paper's loop.
    std::vector<double> normalized(n), target(n, 0.0);
    // slot[i] = (offsets[i] + j × skips[i]) mod M for node i's next preference j, advanced by
    // one addition instead of a multiplication and a division per probe.
    std::vector<std::uint64_t> slot(n);
    for (std::size_t i = 0; i < n; ++i) {
        normalized[i] = weights[i] / maxWeight;
        slot[i] = offsets[i] % tableSize;
    }
    const auto advance = [&](std::size_t i) {
        slot[i] += skips[i] % tableSize;
        if (slot[i] >= tableSize)
            slot[i] -= tableSize;
    };
    std::uint64_t filled = 0;
    for (std::uint64_t round = 0; filled < tableSize; ++round) {
        for (std::size_t i = 0; i < n && filled < tableSize; ++i) {
            if (static_cast<double>(round) * normalized[i] < target[i])
                continue;
            target[i] += 1.0;
            while (table[slot[i]] >= 0)
                advance(i);
            table[slot[i]] = static_cast<std::int32_t>(i);
            advance(i);
            ++filled;
        }
    }
    return table;
}

void Placement::buildMaglev()
{
    const auto size = static_cast<std::uint64_t>(m_parameters.maglevTableSize);
    const std::size_t n = m_nodes.size();
    std::vector<std::uint64_t> offsets(n), skips(n);
    std::vector<double> weights(n);
    for (std::size_t i = 0; i < n; ++i) {
        offsets[i] = hash64(m_parameters.hash, m_nodes[i].name) % size;
        skips[i] = hash64Second(m_parameters.hash, m_nodes[i].name) % (size - 1) + 1;
        weights[i] = m_nodes[i].weight;
    }
    m_maglev = maglevPopulate(offsets, skips, weights, size);
    for (std::int32_t owner : m_maglev)
        ++m_pointsPerNode[static_cast<std::size_t>(owner)];
}

std::int64_t Placement::pointsOf(std::size_t node) const
{
    return node < m_pointsPerNode.size() ? m_pointsPerNode[node] : 0;
}

std::int32_t Placement::rendezvousOwner(std::string_view keyName) const
{
    std::string label;
    std::int32_t best = 0;
    std::uint64_t bestHash = 0;
    double bestScore = -1;
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        label.assign(m_nodes[i].name);
        label += '#';
        label += keyName;
        const std::uint64_t h = hash64(m_parameters.hash, label);
        if (m_equalWeights) {
            if (i == 0 || h > bestHash) {
                bestHash = h;
                best = static_cast<std::int32_t>(i);
            }
        } else {
            // Weighted HRW (Schindelhauer & Schomaker): score = -w / ln(u), u uniform in (0, 1).
            const double score = -m_nodes[i].weight / std::log(unitInterval(h));
            if (i == 0 || score > bestScore) {
                bestScore = score;
                best = static_cast<std::int32_t>(i);
            }
        }
    }
    return best;
}

std::int32_t Placement::ownerOf(std::uint64_t keyHash, std::uint32_t ketamaPoint, std::string_view keyName) const
{
    const auto n = static_cast<std::uint64_t>(m_nodes.size());
    switch (m_parameters.strategy) {
    case Strategy::Modulo:
        return static_cast<std::int32_t>(keyHash % n);
    case Strategy::Ring:
    case Strategy::Bounded:
        return static_cast<std::int32_t>(m_circle.ownerOf(keyHash));
    case Strategy::Ketama:
        return static_cast<std::int32_t>(m_circle.ownerOf(static_cast<std::uint64_t>(ketamaPoint) << 32));
    case Strategy::Jump:
        return jumpConsistentHash(keyHash, static_cast<std::int32_t>(n));
    case Strategy::Rendezvous:
        return rendezvousOwner(keyName);
    case Strategy::Maglev:
        return m_maglev[keyHash % m_maglev.size()];
    }
    return 0;
}

std::vector<std::int32_t> Placement::assign(const KeySet &keys, BoundedDetail *bounded) const
{
    const std::size_t count = keys.count;
    std::vector<std::int32_t> owners(count);
    const auto n = static_cast<std::uint64_t>(m_nodes.size());
    switch (m_parameters.strategy) {
    case Strategy::Modulo:
        for (std::size_t i = 0; i < count; ++i)
            owners[i] = static_cast<std::int32_t>(keys.hashes[i] % n);
        break;
    case Strategy::Ring:
        for (std::size_t i = 0; i < count; ++i)
            owners[i] = static_cast<std::int32_t>(m_circle.ownerOf(keys.hashes[i]));
        break;
    case Strategy::Ketama: {
        if (keys.ketamaPoints.size() != count)
            throw std::logic_error("ketama needs the keys' ketama points");
        for (std::size_t i = 0; i < count; ++i)
            owners[i]
                = static_cast<std::int32_t>(m_circle.ownerOf(static_cast<std::uint64_t>(keys.ketamaPoints[i]) << 32));
        break;
    }
    case Strategy::Jump:
        jumpConsistentHashBatch(keys.hashes.data(), count, static_cast<std::int32_t>(n), owners.data());
        break;
    case Strategy::Rendezvous: {
        if (static_cast<double>(count) * static_cast<double>(n) > static_cast<double>(kMaxRendezvousWork))
            fail("keys: rendezvous hashes every key with every node; keys × nodes must be at most "
                + std::to_string(kMaxRendezvousWork));
        std::string name = keys.prefix;
        for (std::size_t i = 0; i < count; ++i) {
            name.resize(keys.prefix.size());
            name += std::to_string(i);
            owners[i] = rendezvousOwner(name);
        }
        break;
    }
    case Strategy::Maglev:
        for (std::size_t i = 0; i < count; ++i)
            owners[i] = m_maglev[keys.hashes[i] % m_maglev.size()];
        break;
    case Strategy::Bounded: {
        // Mirrokni, Thorup & Zadimoghaddam: keys arrive in index order; a key takes the first
        // point clockwise whose node still has room, so no node exceeds its capacity.
        const double c = 1.0 + m_parameters.epsilon;
        double totalWeight = 0;
        for (const Node &node : m_nodes)
            totalWeight += node.weight;
        std::vector<std::int64_t> capacity(n);
        const auto capOf = [](double exact) {
            // Tolerate the rounding in c × K / n (1.1 × 1000 / 10 must give 110, not 111).
            return static_cast<std::int64_t>(std::ceil(exact - 1e-9 * std::max(1.0, exact)));
        };
        const double average = c * static_cast<double>(count) / static_cast<double>(n);
        for (std::size_t i = 0; i < n; ++i)
            capacity[i] = m_equalWeights ? capOf(average)
                                         : capOf(c * static_cast<double>(count) * m_nodes[i].weight / totalWeight);
        // Total capacity must hold every key; unequal weights can round below it.
        std::int64_t sum = std::accumulate(capacity.begin(), capacity.end(), std::int64_t { 0 });
        for (std::size_t i = 0; sum < static_cast<std::int64_t>(count); i = (i + 1) % n, ++sum)
            ++capacity[i];
        const std::size_t points = m_circle.size();
        const auto &pointOwner = m_circle.owners();
        // next[p]: the first point at or after p (circularly) whose node is not full,
        // a union-find with path halving; full nodes' points link to their successor.
        std::vector<std::uint32_t> next(points);
        std::iota(next.begin(), next.end(), 0u);
        std::vector<std::vector<std::uint32_t>> pointsOfNode(n);
        for (std::uint32_t p = 0; p < points; ++p)
            pointsOfNode[pointOwner[p]].push_back(p);
        std::vector<std::int64_t> load(n, 0);
        std::vector<std::uint32_t> hops(count, 0);
        const auto find = [&](std::uint32_t p) {
            while (next[p] != p) {
                next[p] = next[next[p]];
                p = next[p];
            }
            return p;
        };
        for (std::size_t i = 0; i < count; ++i) {
            const auto start = static_cast<std::uint32_t>(m_circle.successor(keys.hashes[i]));
            const std::uint32_t p = find(start);
            const std::uint32_t owner = pointOwner[p];
            owners[i] = static_cast<std::int32_t>(owner);
            hops[i] = p >= start ? p - start : static_cast<std::uint32_t>(points - start + p);
            if (++load[owner] == capacity[owner])
                for (std::uint32_t q : pointsOfNode[owner])
                    next[q] = q + 1 == points ? 0 : q + 1;
        }
        if (bounded) {
            bounded->capacityPerNode = capOf(average);
            bounded->capacities = std::move(capacity);
            bounded->hops = std::move(hops);
        }
        break;
    }
    }
    return owners;
}

} // namespace conceptlab::hashring
