// The batched jump hash.
#include "jumphash.h"

namespace conceptlab::hashring {

void jumpConsistentHashBatch(const std::uint64_t *keys, std::size_t count, std::int32_t buckets, std::int32_t *out)
{
    constexpr std::size_t kLanes = 8;
    std::size_t i = 0;
    for (; i + kLanes <= count; i += kLanes) {
        std::uint64_t key[kLanes];
        std::int64_t b[kLanes];
        std::int64_t j[kLanes];
        for (std::size_t l = 0; l < kLanes; ++l) {
            key[l] = keys[i + l];
            b[l] = -1;
            j[l] = 0;
        }
        for (;;) {
            bool any = false;
            for (std::size_t l = 0; l < kLanes; ++l) {
                const bool active = j[l] < buckets;
                any |= active;
                // Every lane computes; finished lanes keep their values (branch-free select).
                const std::int64_t nb = active ? j[l] : b[l];
                const std::uint64_t nk = active ? key[l] * 2862933555777941757ULL + 1 : key[l];
                const std::int64_t nj = static_cast<std::int64_t>(static_cast<double>(nb + 1)
                    * (static_cast<double>(std::int64_t { 1 } << 31) / static_cast<double>((nk >> 33) + 1)));
                b[l] = nb;
                key[l] = nk;
                j[l] = active ? nj : j[l];
            }
            if (!any)
                break;
        }
        for (std::size_t l = 0; l < kLanes; ++l)
            out[i + l] = static_cast<std::int32_t>(b[l]);
    }
    for (; i < count; ++i)
        out[i] = jumpConsistentHash(keys[i], buckets);
}

} // namespace conceptlab::hashring
