// conceptlab::Random: fixed sequences (the same on every machine) and sane moments.
#include "random.h"

#include <gtest/gtest.h>

#include <cmath>

using conceptlab::Random;

TEST(Random, RawBitsAreTheStandardMersenneTwister)
{
    // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
    Random random(5489u);
    std::uint64_t value = 0;
    for (int i = 0; i < 10000; ++i)
        value = random.bits();
    EXPECT_EQ(value, 9981545732273789042ULL);
}

TEST(Random, UniformIntStaysInRangeAndHitsBothEnds)
{
    Random random(7);
    bool sawLow = false, sawHigh = false;
    for (int i = 0; i < 10000; ++i) {
        const auto value = random.uniformInt(-3, 3);
        ASSERT_GE(value, -3);
        ASSERT_LE(value, 3);
        sawLow |= value == -3;
        sawHigh |= value == 3;
    }
    EXPECT_TRUE(sawLow);
    EXPECT_TRUE(sawHigh);
}

TEST(Random, MeansMatchTheirDistributions)
{
    Random random(42);
    constexpr int kSamples = 200000;
    double exponential = 0, gamma = 0, gammaSmall = 0, normal = 0, normalSquares = 0;
    for (int i = 0; i < kSamples; ++i) {
        exponential += random.exponential(3.0);
        gamma += random.gamma(2.0, 1.5);
        gammaSmall += random.gamma(0.5, 2.0);
        const double z = random.normal();
        normal += z;
        normalSquares += z * z;
    }
    // Tolerances are about five standard errors of each mean.
    EXPECT_NEAR(exponential / kSamples, 3.0, 0.035);
    EXPECT_NEAR(gamma / kSamples, 3.0, 0.025);
    EXPECT_NEAR(gammaSmall / kSamples, 1.0, 0.016);
    EXPECT_NEAR(normal / kSamples, 0.0, 0.012);
    EXPECT_NEAR(normalSquares / kSamples, 1.0, 0.016);
}

TEST(Random, SameSeedSameSequence)
{
    Random a(123), b(123);
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(a.logNormal(1.0, 0.5), b.logNormal(1.0, 0.5));
}
