// Encoding, decoding and correctly rounded products of the binary formats (floatformat.h).
// Our own code rather than MPFR here: MPFR is the reference the tests hold this against, and
// the run needs millions of roundings per second in formats MPFR has no bit layout for.
#include "floatformat.h"

#include "floatkernel.h"

#include <bit>
#include <cmath>
#include <limits>

namespace conceptlab::underflow {

using detail::mask;
using detail::unpack;

const FormatSpec &specOf(Format format)
{
    return detail::kSpecs.at(static_cast<std::size_t>(format));
}

ValueClass classify(const FormatSpec &spec, std::uint64_t bits)
{
    return detail::classify(spec, bits);
}

double toDouble(const FormatSpec &spec, std::uint64_t bits)
{
    const ValueClass c = classify(spec, bits);
    const bool negative = ((bits >> (spec.totalBits() - 1)) & 1U) != 0;
    if (c == ValueClass::NaN)
        return std::numeric_limits<double>::quiet_NaN();
    if (c == ValueClass::Infinite)
        return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    if (spec.format == Format::Float64)
        return std::bit_cast<double>(bits);
    const Unpacked u = unpack(spec, bits);
    const double magnitude = std::ldexp(static_cast<double>(u.significand), u.exponent);
    return negative ? -magnitude : magnitude;
}

std::uint64_t fromDouble(const FormatSpec &spec, double value, Subnormals subnormals)
{
    return detail::fromDouble(spec, value, subnormals);
}

std::uint64_t multiply(const FormatSpec &spec, std::uint64_t a, std::uint64_t b, Subnormals subnormals)
{
    return detail::multiply(spec, a, b, subnormals);
}

std::uint64_t nanBits(const FormatSpec &spec)
{
    return detail::nanBits(spec);
}

std::uint64_t overflowBits(const FormatSpec &spec, bool negative)
{
    return detail::overflowBits(spec, negative);
}

double largestFinite(const FormatSpec &spec)
{
    const int mantissaBits = spec.mantissaBits();
    // e4m3fn loses the all-ones mantissa of its top exponent to NaN.
    const std::uint64_t topMantissa = spec.ieeeSpecials ? mask(mantissaBits) : mask(mantissaBits) - 1;
    return std::ldexp(
        static_cast<double>((std::uint64_t { 1 } << mantissaBits) | topMantissa), spec.maxExponent - mantissaBits);
}

double smallestNormal(const FormatSpec &spec)
{
    return std::ldexp(1.0, spec.minExponent);
}

double smallestSubnormal(const FormatSpec &spec)
{
    return std::ldexp(1.0, spec.minExponent - spec.mantissaBits());
}

std::string hexBits(const FormatSpec &spec, std::uint64_t bits)
{
    const int digits = (spec.totalBits() + 3) / 4;
    std::string text = "0x";
    for (int i = digits - 1; i >= 0; --i)
        text += "0123456789abcdef"[(bits >> (4 * i)) & 0xFU];
    return text;
}

} // namespace conceptlab::underflow
