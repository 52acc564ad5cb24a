// The inline kernel of the format model (floatformat.h): unpacking, rounding and products.
// Internal to the core: the run's hot loop instantiates it with a constant FormatSpec so the
// compiler folds every mask and shift; floatformat.cpp forwards the public functions to it.
#pragma once

#include "floatformat.h"
#include "random.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace conceptlab::underflow {

// Forced inline so the hot loop's constant FormatSpec folds into every mask and shift.
#define UNDERFLOW_INLINE [[gnu::always_inline]] inline

namespace detail {
    inline constexpr std::array<FormatSpec, kFormatCount> kSpecs { {
        { Format::Float64, 11, 53, -1022, 1023, Overflow::Infinity, true },
        { Format::Float32, 8, 24, -126, 127, Overflow::Infinity, true },
        { Format::Bfloat16, 8, 8, -126, 127, Overflow::Infinity, true },
        { Format::Float16, 5, 11, -14, 15, Overflow::Infinity, true },
        { Format::Float8E4M3FN, 4, 4, -6, 8, Overflow::NaN, false },
        { Format::Float8E5M2, 5, 3, -14, 15, Overflow::Infinity, true },
    } };

    UNDERFLOW_INLINE std::uint64_t mask(int bits)
    {
        return bits >= 64 ? ~std::uint64_t { 0 } : (std::uint64_t { 1 } << bits) - 1;
    }

    UNDERFLOW_INLINE std::uint64_t signBit(const FormatSpec &spec, bool negative)
    {
        return negative ? std::uint64_t { 1 } << (spec.totalBits() - 1) : 0;
    }

    UNDERFLOW_INLINE int bitLength(std::uint64_t value)
    {
        return 64 - std::countl_zero(value);
    }

    UNDERFLOW_INLINE int bitLength(UInt128 value)
    {
        const auto high = static_cast<std::uint64_t>(value >> 64);
        if (high != 0)
            return 128 - std::countl_zero(high);
        return 64 - std::countl_zero(static_cast<std::uint64_t>(value));
    }

    inline std::uint64_t nanBits(const FormatSpec &spec)
    {
        const int mantissaBits = spec.mantissaBits();
        const std::uint64_t field = mask(spec.exponentBits) << mantissaBits;
        if (!spec.ieeeSpecials)
            return field | mask(mantissaBits);
        return field | (std::uint64_t { 1 } << (mantissaBits - 1)); // quiet NaN
    }

    inline std::uint64_t overflowBits(const FormatSpec &spec, bool negative)
    {
        if (spec.overflow == Overflow::NaN)
            return signBit(spec, negative) | detail::nanBits(spec);
        return signBit(spec, negative) | (mask(spec.exponentBits) << spec.mantissaBits());
    }

    // Finite non-zero or zero patterns only (callers handle inf/NaN first).
    UNDERFLOW_INLINE Unpacked unpack(const FormatSpec &spec, std::uint64_t bits)
    {
        const int mantissaBits = spec.mantissaBits();
        Unpacked u;
        u.negative = ((bits >> (spec.totalBits() - 1)) & 1U) != 0;
        const std::uint64_t field = (bits >> mantissaBits) & mask(spec.exponentBits);
        const std::uint64_t mantissa = bits & mask(mantissaBits);
        if (field == 0) {
            u.significand = mantissa;
            u.exponent = spec.minExponent - mantissaBits;
        } else {
            u.significand = mantissa | (std::uint64_t { 1 } << mantissaBits);
            u.exponent = static_cast<int>(field) - spec.bias() - mantissaBits;
        }
        return u;
    }

    // sign · significand · 2^exponent, exact, rounded once to nearest even in `spec`.
    // Wide is std::uint64_t when the significand fits (every product but float64's), else UInt128.
    template<class Wide>
    UNDERFLOW_INLINE std::uint64_t roundPack(
        const FormatSpec &spec, bool negative, Wide significand, int exponent, Subnormals subnormals)
    {
        if (significand == 0)
            return signBit(spec, negative);
        const int length = bitLength(significand);
        const int precision = spec.precision;
        const int leading = exponent + length - 1;
        int quantum = std::max(leading, spec.minExponent) - (precision - 1);
        const int shift = quantum - exponent;
        std::uint64_t kept = 0;
        if (shift <= 0) {
            kept = static_cast<std::uint64_t>(significand) << -shift;
        } else if (shift <= length) {
            kept = static_cast<std::uint64_t>(significand >> shift);
            const Wide rest = significand & ((Wide { 1 } << (shift - 1) << 1) - 1);
            const Wide half = Wide { 1 } << (shift - 1);
            if (rest > half || (rest == half && (kept & 1U) != 0))
                ++kept;
            if (kept == std::uint64_t { 1 } << precision) {
                kept >>= 1;
                ++quantum;
            }
        } // else the value is below half the smallest step: it rounds to zero
        const std::uint64_t hidden = std::uint64_t { 1 } << (precision - 1);
        if (kept < hidden) { // subnormal or zero after rounding
            if (kept == 0 || subnormals == Subnormals::FlushToZero)
                return signBit(spec, negative);
            return signBit(spec, negative) | kept;
        }
        const int resultExponent = quantum + precision - 1;
        const std::uint64_t mantissa = kept - hidden;
        if (resultExponent > spec.maxExponent)
            return detail::overflowBits(spec, negative);
        if (!spec.ieeeSpecials && resultExponent == spec.maxExponent && mantissa == mask(spec.mantissaBits()))
            return detail::overflowBits(spec, negative); // e4m3fn: S.1111.111 is NaN, so 480 overflows
        const int biased = resultExponent + spec.bias(); // >= 1 for normals
        const auto field = static_cast<std::uint64_t>(biased);
        return signBit(spec, negative) | (field << spec.mantissaBits()) | mantissa;
    }

    inline bool isSpecial(ValueClass c)
    {
        return c == ValueClass::Infinite || c == ValueClass::NaN;
    }

    UNDERFLOW_INLINE ValueClass classify(const FormatSpec &spec, std::uint64_t bits)
    {
        const int mantissaBits = spec.mantissaBits();
        const std::uint64_t fieldMask = mask(spec.exponentBits);
        const std::uint64_t field = (bits >> mantissaBits) & fieldMask;
        const std::uint64_t mantissa = bits & mask(mantissaBits);
        if (field == fieldMask) {
            if (spec.ieeeSpecials)
                return mantissa == 0 ? ValueClass::Infinite : ValueClass::NaN;
            if (mantissa == mask(mantissaBits))
                return ValueClass::NaN;
        }
        if (field == 0)
            return mantissa == 0 ? ValueClass::Zero : ValueClass::Subnormal;
        return ValueClass::Normal;
    }

    UNDERFLOW_INLINE std::uint64_t fromDouble(const FormatSpec &spec, double value, Subnormals subnormals)
    {
        if (std::isnan(value))
            return detail::nanBits(spec);
        if (std::isinf(value))
            return detail::overflowBits(spec, value < 0);
        const auto bits = std::bit_cast<std::uint64_t>(value);
        // Fast path for a double in the format's normal range: round the 52-bit fraction to
        // nearest even by adding half an ulp minus one plus the kept lowest bit (a carry moves
        // into the exponent as it should); whatever leaves the normal range takes the general path.
        const int exponent = static_cast<int>((bits >> 52) & 0x7ffU) - 1023;
        if (exponent >= spec.minExponent && exponent <= spec.maxExponent) {
            const int shift = 52 - spec.mantissaBits();
            std::uint64_t magnitude = bits & ~(std::uint64_t { 1 } << 63);
            if (shift > 0)
                magnitude += ((magnitude >> shift) & 1U) + (std::uint64_t { 1 } << (shift - 1)) - 1;
            const int rounded = static_cast<int>(magnitude >> 52) - 1023;
            const std::uint64_t mantissa = (magnitude >> shift) & mask(spec.mantissaBits());
            const bool nanPattern
                = !spec.ieeeSpecials && rounded == spec.maxExponent && mantissa == mask(spec.mantissaBits());
            if (rounded <= spec.maxExponent && !nanPattern) {
                const int biased = rounded + spec.bias();
                return signBit(spec, (bits >> 63) != 0) | (static_cast<std::uint64_t>(biased) << spec.mantissaBits())
                    | mantissa;
            }
        }
        const Unpacked u = unpack(kSpecs[0], bits);
        return roundPack(spec, u.negative, u.significand, u.exponent, subnormals);
    }

    UNDERFLOW_INLINE std::uint64_t multiply(
        const FormatSpec &spec, std::uint64_t a, std::uint64_t b, Subnormals subnormals)
    {
        ValueClass ca = detail::classify(spec, a);
        ValueClass cb = detail::classify(spec, b);
        const bool negative = (((a ^ b) >> (spec.totalBits() - 1)) & 1U) != 0;
        if (ca == ValueClass::NaN || cb == ValueClass::NaN)
            return detail::nanBits(spec);
        if (subnormals == Subnormals::FlushToZero) { // DAZ: subnormal operands read as zero
            if (ca == ValueClass::Subnormal)
                ca = ValueClass::Zero;
            if (cb == ValueClass::Subnormal)
                cb = ValueClass::Zero;
        }
        if (isSpecial(ca) || isSpecial(cb)) {
            if (ca == ValueClass::Zero || cb == ValueClass::Zero)
                return detail::nanBits(spec); // inf · 0
            return detail::overflowBits(spec, negative);
        }
        if (ca == ValueClass::Zero || cb == ValueClass::Zero)
            return signBit(spec, negative);
        const Unpacked ua = unpack(spec, a);
        const Unpacked ub = unpack(spec, b);
        if (spec.precision <= 32) // the product fits in 64 bits
            return roundPack(spec, negative, ua.significand * ub.significand, ua.exponent + ub.exponent, subnormals);
        return roundPack(spec, negative, static_cast<UInt128>(ua.significand) * ub.significand,
            ua.exponent + ub.exponent, subnormals);
    }
} // namespace detail

#undef UNDERFLOW_INLINE

} // namespace conceptlab::underflow
