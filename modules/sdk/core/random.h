// Seeded random numbers that give the same sequence on every machine: std::mt19937_64
// is specified exactly by the standard, but std::*_distribution is not (each library
// vendor draws differently), so every distribution the cores use is defined here.
// Plain C++, header-only: any module core may include it.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace conceptlab {

__extension__ using UInt128 = unsigned __int128; // GCC and Clang; __extension__ keeps -Wpedantic quiet

class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_engine(seed)
    {
    }

    /// Raw 64 random bits.
    std::uint64_t bits() { return m_engine(); }

    /// Uniform in [0, 1), 53 random bits.
    double uniform01() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }

    /// Uniform in (0, 1]: safe to take the logarithm of.
    double uniformPositive() { return 1.0 - uniform01(); }

    /// Uniform real in [low, high).
    double uniform(double low, double high) { return low + (high - low) * uniform01(); }

    /// Uniform integer in [low, high], inclusive, without modulo bias (Lemire's method).
    std::int64_t uniformInt(std::int64_t low, std::int64_t high)
    {
        const std::uint64_t range = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low) + 1;
        if (range == 0) // the whole 64-bit range
            return static_cast<std::int64_t>(m_engine());
        UInt128 product = static_cast<UInt128>(m_engine()) * range;
        auto lowBits = static_cast<std::uint64_t>(product);
        if (lowBits < range) {
            const std::uint64_t threshold = (0 - range) % range;
            while (lowBits < threshold) {
                product = static_cast<UInt128>(m_engine()) * range;
                lowBits = static_cast<std::uint64_t>(product);
            }
        }
        return low + static_cast<std::int64_t>(product >> 64);
    }

    /// Exponential with the given mean (inverse transform).
    double exponential(double mean) { return -mean * std::log(uniformPositive()); }

    /// Standard normal (Marsaglia's polar method; the spare value is kept).
    double normal()
    {
        if (m_hasSpare) {
            m_hasSpare = false;
            return m_spare;
        }
        double u = 0, v = 0, s = 0;
        do {
            u = 2.0 * uniform01() - 1.0;
            v = 2.0 * uniform01() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        const double factor = std::sqrt(-2.0 * std::log(s) / s);
        m_spare = v * factor;
        m_hasSpare = true;
        return u * factor;
    }

    double normal(double mean, double stddev) { return mean + stddev * normal(); }

    /// Log-normal: exp(N(mu, sigma)), mu and sigma of the underlying normal.
    double logNormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

    /// Gamma(shape k, scale theta), mean k·theta (Marsaglia & Tsang 2000; k < 1 by boosting).
    double gamma(double shape, double scale)
    {
        if (shape < 1.0) {
            const double boost = std::pow(uniformPositive(), 1.0 / shape);
            return gamma(shape + 1.0, scale) * boost;
        }
        const double d = shape - 1.0 / 3.0;
        const double c = 1.0 / std::sqrt(9.0 * d);
        for (;;) {
            double x = 0, v = 0;
            do {
                x = normal();
                v = 1.0 + c * x;
            } while (v <= 0.0);
            v = v * v * v;
            const double u = uniformPositive();
            if (u < 1.0 - 0.0331 * x * x * x * x || std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
                return d * v * scale;
        }
    }

private:
    std::mt19937_64 m_engine;
    double m_spare = 0;
    bool m_hasSpare = false;
};

} // namespace conceptlab
