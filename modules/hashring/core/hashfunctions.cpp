// Hash functions: thin wrappers over libxxhash and libmd's MD5, and FNV-1a 64.
// libmd rather than OpenSSL: OpenSSL 3's MD5() is deprecated, and its EVP interface sets up a
// provider context per digest, which made ketama lookups about 15 % slower than before;
// libmd's MD5Init/Update/Final cost what the old MD5() did (docs/modules/hashring.md).
#include "hashfunctions.h"

#include <md5.h>
#include <xxhash.h>

#include <string>

namespace conceptlab::hashring {

namespace {
    std::uint64_t littleEndian64(const std::uint8_t *bytes)
    {
        std::uint64_t value = 0;
        for (int i = 7; i >= 0; --i)
            value = (value << 8) | bytes[i];
        return value;
    }
} // namespace

std::uint64_t xxh64(std::string_view data, std::uint64_t seed)
{
    return XXH64(data.data(), data.size(), seed);
}

std::array<std::uint8_t, 16> md5Digest(std::string_view data)
{
    std::array<std::uint8_t, 16> digest {};
    MD5_CTX context;
    MD5Init(&context);
    MD5Update(&context, reinterpret_cast<const std::uint8_t *>(data.data()), data.size());
    MD5Final(digest.data(), &context);
    return digest;
}

std::uint64_t fnv1a64(std::string_view data)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : data) {
        hash ^= static_cast<std::uint8_t>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::uint64_t hash64(HashFunction function, std::string_view data)
{
    switch (function) {
    case HashFunction::XxHash64:
        return xxh64(data, 0);
    case HashFunction::Md5: {
        const auto digest = md5Digest(data);
        return littleEndian64(digest.data());
    }
    case HashFunction::Fnv1a64:
        return fnv1a64(data);
    }
    return 0;
}

std::uint64_t hash64Second(HashFunction function, std::string_view data)
{
    switch (function) {
    case HashFunction::XxHash64:
        return xxh64(data, 1);
    case HashFunction::Md5: {
        const auto digest = md5Digest(data);
        return littleEndian64(digest.data() + 8);
    }
    case HashFunction::Fnv1a64: {
        std::string text(data);
        text += "#skip";
        return fnv1a64(text);
    }
    }
    return 0;
}

std::uint32_t ketamaHash(std::string_view data)
{
    const auto digest = md5Digest(data);
    return static_cast<std::uint32_t>(digest[3]) << 24 | static_cast<std::uint32_t>(digest[2]) << 16
        | static_cast<std::uint32_t>(digest[1]) << 8 | static_cast<std::uint32_t>(digest[0]);
}

} // namespace conceptlab::hashring
