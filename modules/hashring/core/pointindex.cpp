// The prefix-bucket index over a sorted circle of points.
#include "pointindex.h"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace conceptlab::hashring {

void PointIndex::build(std::vector<RingPoint> points)
{
    if (points.size() >= (std::size_t { 1 } << 31))
        throw std::length_error("too many ring points");
    // Points equal in position and owner are interchangeable, so an unstable sort gives the
    // same index as a stable one, in place and faster.
    std::sort(points.begin(), points.end(), [](const RingPoint &a, const RingPoint &b) {
        return a.position != b.position ? a.position < b.position : a.owner < b.owner;
    });
    m_positions.resize(points.size());
    m_owners.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
        m_positions[i] = points[i].position;
        m_owners[i] = points[i].owner;
    }
    // About two buckets per point keeps the scan to well under one step on average
    // for hashed (uniform) positions; at least 2 buckets, at most 2^26.
    const unsigned bits = std::clamp(static_cast<unsigned>(std::bit_width(points.size())) + 1, 1u, 26u);
    m_shift = 64 - bits;
    const std::size_t buckets = std::size_t { 1 } << bits;
    m_bucketStart.assign(buckets + 1, 0);
    std::size_t i = 0;
    for (std::size_t b = 0; b < buckets; ++b) {
        const std::uint64_t start = static_cast<std::uint64_t>(b) << m_shift;
        while (i < m_positions.size() && m_positions[i] < start)
            ++i;
        m_bucketStart[b] = static_cast<std::uint32_t>(i);
    }
    m_bucketStart[buckets] = static_cast<std::uint32_t>(m_positions.size());
}

} // namespace conceptlab::hashring
