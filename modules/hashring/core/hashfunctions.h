// Hash functions used to place keys and nodes: xxh64 (libxxhash), MD5 (libmd)
// and FNV-1a 64, plus the 32-bit key hash of libketama.
#pragma once

#include "text.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace conceptlab::hashring {

enum class HashFunction { XxHash64, Md5, Fnv1a64 };

/// The parameter spellings of the hash functions, in display order.
inline constexpr EnumNames<HashFunction, 3> kHashFunctionNames {
    { { { HashFunction::XxHash64, "xxh64" }, { HashFunction::Md5, "md5" }, { HashFunction::Fnv1a64, "fnv1a" } } }
};

/// Parses "xxh64", "md5" or "fnv1a".
inline std::optional<HashFunction> parseHashFunction(std::string_view text)
{
    return kHashFunctionNames.parse(text);
}
/// The parameter spelling: "xxh64", "md5", "fnv1a".
inline std::string_view hashFunctionName(HashFunction function)
{
    return kHashFunctionNames.name(function);
}

/// XXH64 of the bytes with the given seed.
std::uint64_t xxh64(std::string_view data, std::uint64_t seed = 0);
/// The 16-byte MD5 digest (libmd).
std::array<std::uint8_t, 16> md5Digest(std::string_view data);
/// FNV-1a, 64-bit (offset basis 14695981039346656037, prime 1099511628211).
std::uint64_t fnv1a64(std::string_view data);

/// The 64-bit hash of a key or a ring label: xxh64 with seed 0, the first 8 bytes of the
/// MD5 digest read little-endian, or FNV-1a 64.
std::uint64_t hash64(HashFunction function, std::string_view data);

/// A second, independent 64-bit hash (maglev's skip): xxh64 with seed 1, MD5 digest
/// bytes 8..15 little-endian, or FNV-1a 64 of data followed by "#skip".
std::uint64_t hash64Second(HashFunction function, std::string_view data);

/// libketama's key hash: the first 4 bytes of MD5(data), little-endian.
std::uint32_t ketamaHash(std::string_view data);

} // namespace conceptlab::hashring
