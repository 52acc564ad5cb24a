// RapidCheck properties: the emulated formats equal MPFR (precision p, emin/emax set,
// mpfr_subnormalize) for random operands; float32 and float64 equal the hardware bit for bit;
// log-space sums never reach zero (nor −inf) for probabilities in (0, 1).
#include "core/floatformat.h"
#include "core/trace.h"

#include <gtest/gtest.h>
#include <mpfr.h>
#include <rapidcheck/gtest.h>

#include <bit>
#include <cmath>

using namespace conceptlab;
using namespace conceptlab::underflow;

namespace {
// The product a·b in MPFR emulating `spec` exactly: MPFR's exponent e means m · 2^e with m in
// [0.5, 1), so IEEE emin maps to emin − p + 2 for subnormals and emax to emax + 1.
double mpfrProduct(const FormatSpec &spec, double a, double b)
{
    mpfr_t x, y, r;
    mpfr_init2(x, spec.precision);
    mpfr_init2(y, spec.precision);
    mpfr_init2(r, spec.precision);
    mpfr_set_d(x, a, MPFR_RNDN); // exact: a and b are values of the format
    mpfr_set_d(y, b, MPFR_RNDN);
    const mpfr_exp_t oldMin = mpfr_get_emin();
    const mpfr_exp_t oldMax = mpfr_get_emax();
    mpfr_set_emin(spec.minExponent - spec.precision + 2);
    mpfr_set_emax(spec.maxExponent + 1);
    int t = mpfr_mul(r, x, y, MPFR_RNDN);
    t = mpfr_check_range(r, t, MPFR_RNDN);
    mpfr_subnormalize(r, t, MPFR_RNDN);
    const double value = mpfr_get_d(r, MPFR_RNDN);
    mpfr_set_emin(oldMin);
    mpfr_set_emax(oldMax);
    mpfr_clear(x);
    mpfr_clear(y);
    mpfr_clear(r);
    return value;
}

std::uint64_t randomFinite(const FormatSpec &spec)
{
    for (;;) {
        const auto bits = *rc::gen::arbitrary<std::uint64_t>()
            & (spec.totalBits() == 64 ? ~std::uint64_t { 0 } : (std::uint64_t { 1 } << spec.totalBits()) - 1);
        const ValueClass c = classify(spec, bits);
        if (c != ValueClass::NaN && c != ValueClass::Infinite)
            return bits;
    }
}

// Operands whose products land near the subnormal range as often as near 1.
std::uint64_t smallOrAny(const FormatSpec &spec)
{
    if (*rc::gen::inRange(0, 2) == 0)
        return randomFinite(spec);
    const double magnitude = std::ldexp(1.0 + *rc::gen::inRange(0, 1 << 20) / double(1 << 20),
        *rc::gen::inRange(spec.minExponent / 2 - spec.precision, 1));
    return fromDouble(spec, magnitude);
}
} // namespace

RC_GTEST_PROP(UnderflowProperties, ProductEqualsMpfr, ())
{
    const Format format = *rc::gen::element(
        Format::Float64, Format::Float32, Format::Bfloat16, Format::Float16, Format::Float8E4M3FN, Format::Float8E5M2);
    const FormatSpec &spec = specOf(format);
    const std::uint64_t a = smallOrAny(spec);
    const std::uint64_t b = smallOrAny(spec);
    const std::uint64_t bits = multiply(spec, a, b);
    const double expected = mpfrProduct(spec, toDouble(spec, a), toDouble(spec, b));
    // MPFR's range reaches 480 for e4m3fn, whose S.1111.111 pattern is NaN, not 480.
    if (spec.overflow == Overflow::NaN && std::abs(expected) > largestFinite(spec)) {
        RC_ASSERT(classify(spec, bits) == ValueClass::NaN);
        return;
    }
    const double got = toDouble(spec, bits);
    RC_ASSERT(std::bit_cast<std::uint64_t>(got) == std::bit_cast<std::uint64_t>(expected));
}

RC_GTEST_PROP(UnderflowProperties, RoundingFromFloat64EqualsMpfr, (double value))
{
    RC_PRE(std::isfinite(value));
    const Format format = *rc::gen::element(
        Format::Float32, Format::Bfloat16, Format::Float16, Format::Float8E4M3FN, Format::Float8E5M2);
    const FormatSpec &spec = specOf(format);
    const double scaled = std::ldexp(value, *rc::gen::inRange(-200, 0)); // reach the subnormals too
    mpfr_t x;
    mpfr_init2(x, spec.precision);
    const mpfr_exp_t oldMin = mpfr_get_emin();
    const mpfr_exp_t oldMax = mpfr_get_emax();
    mpfr_set_emin(spec.minExponent - spec.precision + 2);
    mpfr_set_emax(spec.maxExponent + 1);
    int t = mpfr_set_d(x, scaled, MPFR_RNDN);
    t = mpfr_check_range(x, t, MPFR_RNDN);
    mpfr_subnormalize(x, t, MPFR_RNDN);
    const double reference = mpfr_get_d(x, MPFR_RNDN);
    mpfr_set_emin(oldMin);
    mpfr_set_emax(oldMax);
    mpfr_clear(x);
    const std::uint64_t bits = fromDouble(spec, scaled);
    if (spec.overflow == Overflow::NaN && std::abs(reference) > largestFinite(spec)) {
        RC_ASSERT(classify(spec, bits) == ValueClass::NaN);
        return;
    }
    RC_ASSERT(std::bit_cast<std::uint64_t>(toDouble(spec, bits)) == std::bit_cast<std::uint64_t>(reference));
}

RC_GTEST_PROP(UnderflowProperties, Float32EqualsTheHardware, (std::uint32_t a, std::uint32_t b))
{
    const FormatSpec &spec = specOf(Format::Float32);
    const float product = std::bit_cast<float>(a) * std::bit_cast<float>(b);
    const std::uint64_t bits = multiply(spec, a, b);
    if (std::isnan(product)) {
        RC_ASSERT(classify(spec, bits) == ValueClass::NaN);
        return;
    }
    RC_ASSERT(bits == std::bit_cast<std::uint32_t>(product));
    const double d = std::bit_cast<double>(*rc::gen::arbitrary<std::uint64_t>());
    RC_PRE(!std::isnan(d));
    RC_ASSERT(fromDouble(spec, d) == std::bit_cast<std::uint32_t>(static_cast<float>(d)));
}

RC_GTEST_PROP(UnderflowProperties, Float64EqualsTheHardware, (std::uint64_t a, std::uint64_t b))
{
    const FormatSpec &spec = specOf(Format::Float64);
    // Small operands too: the interesting products are subnormal.
    const std::uint64_t small = a >> *rc::gen::inRange(0, 12);
    const double product = std::bit_cast<double>(small) * std::bit_cast<double>(b);
    const std::uint64_t bits = multiply(spec, small, b);
    if (std::isnan(product)) {
        RC_ASSERT(classify(spec, bits) == ValueClass::NaN);
        return;
    }
    RC_ASSERT(bits == std::bit_cast<std::uint64_t>(product));
}

RC_GTEST_PROP(UnderflowProperties, LogSpaceNeverReachesZero, ())
{
    const double p = std::ldexp(1.0 + *rc::gen::inRange(0, 1 << 30) / double(1 << 30), *rc::gen::inRange(-60, -1));
    const auto steps = static_cast<std::size_t>(*rc::gen::inRange(1, 3000));
    const Trace trace = computeTrace(std::vector<double>(steps, p), Subnormals::Gradual, WorkControl());
    for (Format f : { Format::Float64, Format::Float32 }) {
        const FormatSpec &spec = specOf(f);
        for (std::uint64_t bits : trace.of(f).logSumBits) {
            const double sum = toDouble(spec, bits);
            RC_ASSERT(std::isfinite(sum));
            RC_ASSERT(sum < 0.0);
        }
    }
    RC_ASSERT(std::isfinite(trace.finalExactLogProduct));
}
