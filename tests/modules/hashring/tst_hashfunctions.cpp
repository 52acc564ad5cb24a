// Published and hand-derived vectors for the hash functions and jump hash.
#include "core/hashfunctions.h"
#include "core/jumphash.h"

#include <gtest/gtest.h>

#include <vector>

using namespace conceptlab::hashring;

TEST(HashringHashFunctions, Xxh64PublishedVectors)
{
    // xxHash reference: XXH64 of the empty input with seed 0.
    EXPECT_EQ(xxh64("", 0), 0xEF46DB3751D8E999ULL);
    EXPECT_EQ(hash64(HashFunction::XxHash64, ""), 0xEF46DB3751D8E999ULL);
}

TEST(HashringHashFunctions, Md5PublishedVectors)
{
    // RFC 1321 test suite.
    const auto empty = md5Digest("");
    const std::array<std::uint8_t, 16> expectedEmpty { 0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04, 0xe9, 0x80, 0x09,
        0x98, 0xec, 0xf8, 0x42, 0x7e };
    EXPECT_EQ(empty, expectedEmpty);
    const auto abc = md5Digest("abc");
    const std::array<std::uint8_t, 16> expectedAbc { 0x90, 0x01, 0x50, 0x98, 0x3c, 0xd2, 0x4f, 0xb0, 0xd6, 0x96, 0x3f,
        0x7d, 0x28, 0xe1, 0x7f, 0x72 };
    EXPECT_EQ(abc, expectedAbc);
    // First 8 digest bytes, little-endian.
    EXPECT_EQ(hash64(HashFunction::Md5, ""), 0x04b2008fd98c1dd4ULL);
    // Second 8 bytes (e9 80 09 98 ec f8 42 7e) little-endian.
    EXPECT_EQ(hash64Second(HashFunction::Md5, ""), 0x7e42f8ec980980e9ULL);
}

TEST(HashringHashFunctions, Fnv1a64PublishedVectors)
{
    // Fowler/Noll/Vo test vectors for FNV-1a 64.
    EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
    EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(HashringHashFunctions, KetamaKeyHash)
{
    // Published check: libketama's ketama_hashi("test").
    EXPECT_EQ(ketamaHash("test"), 3446378249u);
}

TEST(HashringHashFunctions, ParseNames)
{
    EXPECT_EQ(parseHashFunction("xxh64"), HashFunction::XxHash64);
    EXPECT_EQ(parseHashFunction("md5"), HashFunction::Md5);
    EXPECT_EQ(parseHashFunction("fnv1a"), HashFunction::Fnv1a64);
    EXPECT_FALSE(parseHashFunction("sha1"));
    EXPECT_EQ(hashFunctionName(HashFunction::Fnv1a64), "fnv1a");
}

TEST(HashringJumpHash, PublishedVectorsKeyOne)
{
    // Published check: key 1 for n = 1..19.
    const std::vector<int> expected { 0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17 };
    for (int n = 1; n <= 19; ++n)
        EXPECT_EQ(jumpConsistentHash(1, n), expected[static_cast<std::size_t>(n - 1)]) << "n = " << n;
}

TEST(HashringJumpHash, PublishedVectorKey256)
{
    EXPECT_EQ(jumpConsistentHash(256, 1024), 520);
}

TEST(HashringJumpHash, BatchMatchesSingleOnPublishedVectors)
{
    std::vector<std::uint64_t> keys(19, 1);
    keys.push_back(256);
    std::vector<std::int32_t> out(keys.size());
    jumpConsistentHashBatch(keys.data(), 19, 7, out.data());
    for (std::size_t i = 0; i < 19; ++i)
        EXPECT_EQ(out[i], 6);
    jumpConsistentHashBatch(keys.data() + 19, 1, 1024, out.data());
    EXPECT_EQ(out[0], 520);
}
