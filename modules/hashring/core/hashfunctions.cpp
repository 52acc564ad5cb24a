// Hash functions: thin wrappers over libxxhash and OpenSSL's EVP MD5, and FNV-1a 64.
#include "hashfunctions.h"

#include <openssl/evp.h>
#include <xxhash.h>

#include <memory>
#include <stdexcept>
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

    struct DigestFree {
        void operator()(EVP_MD *digest) const { EVP_MD_free(digest); }
    };
    struct ContextFree {
        void operator()(EVP_MD_CTX *context) const { EVP_MD_CTX_free(context); }
    };

    // Fetched once: an implicit fetch per call (EVP_Digest with EVP_md5()) costs several
    // times the hashing of a short key.
    const EVP_MD *md5Algorithm()
    {
        static const std::unique_ptr<EVP_MD, DigestFree> digest(EVP_MD_fetch(nullptr, "MD5", nullptr));
        return digest.get();
    }

    // One context per thread, reused: EVP_DigestInit_ex2 with the same digest keeps the
    // provider's state allocation instead of making a new one per key.
    EVP_MD_CTX *md5Context()
    {
        thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
        return context.get();
    }
} // namespace

std::uint64_t xxh64(std::string_view data, std::uint64_t seed)
{
    return XXH64(data.data(), data.size(), seed);
}

std::array<std::uint8_t, 16> md5Digest(std::string_view data)
{
    std::array<std::uint8_t, 16> digest {};
    EVP_MD_CTX *context = md5Context();
    const EVP_MD *algorithm = md5Algorithm();
    if (context == nullptr || algorithm == nullptr || EVP_DigestInit_ex2(context, algorithm, nullptr) != 1
        || EVP_DigestUpdate(context, data.data(), data.size()) != 1
        || EVP_DigestFinal_ex(context, digest.data(), nullptr) != 1)
        throw std::runtime_error("MD5 is not available from OpenSSL");
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
