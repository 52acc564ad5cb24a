// Jump consistent hash (Lamping & Veach 2014): a key and a bucket count give a bucket
// in [0, buckets) with no table, moving only 1/(n+1) of the keys when a bucket is added.
#pragma once

#include <cstddef>
#include <cstdint>

namespace conceptlab::hashring {

/// The bucket of `key` among `buckets` (>= 1), bit-exact with the paper's C++ code.
inline std::int32_t jumpConsistentHash(std::uint64_t key, std::int32_t buckets)
{
    std::int64_t b = -1;
    std::int64_t j = 0;
    while (j < buckets) {
        b = j;
        key = key * 2862933555777941757ULL + 1;
        j = static_cast<std::int64_t>(static_cast<double>(b + 1)
            * (static_cast<double>(std::int64_t { 1 } << 31) / static_cast<double>((key >> 33) + 1)));
    }
    return static_cast<std::int32_t>(b);
}

/// The buckets of `count` keys at once: eight keys advance in lock step, so their
/// divisions overlap instead of waiting on each other. Same results as the single call.
void jumpConsistentHashBatch(const std::uint64_t *keys, std::size_t count, std::int32_t buckets, std::int32_t *out);

} // namespace conceptlab::hashring
