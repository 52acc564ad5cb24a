// Hash functions: thin wrappers over libxxhash and OpenSSL's MD5, and FNV-1a 64.
#include "hashfunctions.h"

#include <openssl/md5.h>
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

std::optional<HashFunction> parseHashFunction(std::string_view text)
{
    if (text == "xxh64")
        return HashFunction::XxHash64;
    if (text == "md5")
        return HashFunction::Md5;
    if (text == "fnv1a")
        return HashFunction::Fnv1a64;
    return std::nullopt;
}

std::string_view hashFunctionName(HashFunction function)
{
    switch (function) {
    case HashFunction::XxHash64:
        return "xxh64";
    case HashFunction::Md5:
        return "md5";
    case HashFunction::Fnv1a64:
        return "fnv1a";
    }
    return "xxh64";
}

std::uint64_t xxh64(std::string_view data, std::uint64_t seed)
{
    return XXH64(data.data(), data.size(), seed);
}

std::array<std::uint8_t, 16> md5Digest(std::string_view data)
{
    std::array<std::uint8_t, 16> digest {};
    // The one-shot MD5() is deprecated in OpenSSL 3 but still the maintained implementation;
    // it avoids the EVP provider lookup, which costs more than hashing a short key.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    MD5(reinterpret_cast<const unsigned char *>(data.data()), data.size(), digest.data());
#pragma GCC diagnostic pop
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
