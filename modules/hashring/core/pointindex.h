// A sorted circle of 64-bit points with an owner each, and the successor lookup
// ("first point at or after the hash, wrapping to the first") through a prefix-bucket index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace conceptlab::hashring {

/// One point on the circle: its position and the index of the node that owns it.
struct RingPoint {
    std::uint64_t position = 0;
    std::uint32_t owner = 0;
};

/// Sorted points plus a table mapping the top bits of a hash to the first point of that
/// range, so a lookup reads one table entry and scans about one point instead of a
/// binary search over cache-missing levels.
class PointIndex {
public:
    /// Sorts the points by (position, owner, order given) and builds the index.
    void build(std::vector<RingPoint> points);

    /// Index into points() of the first point with position >= hash, wrapping to 0.
    /// The circle must not be empty.
    std::size_t successor(std::uint64_t hash) const
    {
        const std::uint64_t bucket = hash >> m_shift;
        std::uint32_t i = m_bucketStart[bucket];
        const std::uint32_t end = m_bucketStart[bucket + 1];
        while (i < end && m_positions[i] < hash)
            ++i;
        return i == m_positions.size() ? 0 : i;
    }
    /// The owner of the successor point.
    std::uint32_t ownerOf(std::uint64_t hash) const { return m_owners[successor(hash)]; }

    std::size_t size() const { return m_positions.size(); }
    bool empty() const { return m_positions.empty(); }
    const std::vector<std::uint64_t> &positions() const { return m_positions; }
    const std::vector<std::uint32_t> &owners() const { return m_owners; }

private:
    std::vector<std::uint64_t> m_positions; // sorted
    std::vector<std::uint32_t> m_owners; // parallel to m_positions
    std::vector<std::uint32_t> m_bucketStart; // 2^bits + 1 entries
    unsigned m_shift = 63;
};

} // namespace conceptlab::hashring
