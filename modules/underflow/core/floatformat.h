// An exact software model of the binary floating-point formats an ML engineer meets
// (float64, float32, bfloat16, float16, fp8 E4M3FN and E5M2): encoding, decoding and
// round-to-nearest-even of exact products, with gradual underflow and a flush-to-zero switch.
// One code path for every format: significands are multiplied exactly in 128 bits.
#pragma once

#include "text.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace conceptlab::underflow {

/// The six formats, in display order (widest first).
enum class Format { Float64, Float32, Bfloat16, Float16, Float8E4M3FN, Float8E5M2 };
inline constexpr int kFormatCount = 6;
/// PyTorch's dtype names (also the result keys `formats.<name>`).
inline constexpr EnumNames<Format, kFormatCount> kFormatNames { { {
    { Format::Float64, "float64" },
    { Format::Float32, "float32" },
    { Format::Bfloat16, "bfloat16" },
    { Format::Float16, "float16" },
    { Format::Float8E4M3FN, "float8_e4m3fn" },
    { Format::Float8E5M2, "float8_e5m2" },
} } };
/// All formats in display order.
inline constexpr std::array<Format, kFormatCount> kAllFormats { Format::Float64, Format::Float32, Format::Bfloat16,
    Format::Float16, Format::Float8E4M3FN, Format::Float8E5M2 };

/// What happens to a finite result beyond the largest finite value.
enum class Overflow {
    Infinity, ///< IEEE 754: ±infinity
    NaN, ///< e4m3fn has no infinity: the NaN encoding (as PyTorch's cast does)
};

/// Whether results and operands below the smallest normal are kept (gradual underflow) or
/// flushed to zero (FTZ on results and DAZ on operands, as GPUs and -ffast-math do).
enum class Subnormals { Gradual, FlushToZero };

/// What a bit pattern holds.
enum class ValueClass { Zero, Subnormal, Normal, Infinite, NaN };

/// The layout and range of one binary format.
struct FormatSpec {
    Format format = Format::Float64;
    int exponentBits = 11; ///< width of the biased exponent field
    int precision = 53; ///< significand bits including the implicit leading bit
    int minExponent = -1022; ///< exponent of the smallest normal value (emin)
    int maxExponent = 1023; ///< exponent of the largest finite value (emax)
    Overflow overflow = Overflow::Infinity;
    bool ieeeSpecials = true; ///< the all-ones exponent holds only inf/NaN (false for e4m3fn)

    /// Total width in bits: sign, exponent and stored mantissa.
    int totalBits() const { return 1 + exponentBits + precision - 1; }
    /// Stored mantissa bits (precision − 1).
    int mantissaBits() const { return precision - 1; }
    /// Exponent bias.
    int bias() const { return (1 << (exponentBits - 1)) - 1; }
};

/// The specification of `format`.
const FormatSpec &specOf(Format format);

/// A value as sign · significand · 2^exponent (significand 0 for zero); exact.
struct Unpacked {
    bool negative = false;
    std::uint64_t significand = 0;
    int exponent = 0;
};

/// The class of a bit pattern of `spec`.
ValueClass classify(const FormatSpec &spec, std::uint64_t bits);
/// The value of a bit pattern, exactly (every format value is a double); NaN and ±inf too.
double toDouble(const FormatSpec &spec, std::uint64_t bits);
/// `value` rounded to nearest even in `spec` (NaN stays NaN, ±inf stays ±inf or NaN).
std::uint64_t fromDouble(const FormatSpec &spec, double value, Subnormals subnormals = Subnormals::Gradual);
/// The exact product a·b of two bit patterns rounded once to nearest even in `spec`.
std::uint64_t multiply(
    const FormatSpec &spec, std::uint64_t a, std::uint64_t b, Subnormals subnormals = Subnormals::Gradual);
/// The bit pattern of the quiet NaN of `spec`.
std::uint64_t nanBits(const FormatSpec &spec);
/// The bit pattern of +infinity, or of NaN for formats without infinities, with the given sign.
std::uint64_t overflowBits(const FormatSpec &spec, bool negative);

/// Largest finite value of `spec`.
double largestFinite(const FormatSpec &spec);
/// Smallest positive normal value 2^emin.
double smallestNormal(const FormatSpec &spec);
/// Smallest positive subnormal value 2^(emin − p + 1).
double smallestSubnormal(const FormatSpec &spec);
/// The bit pattern as "0x…" with as many hex digits as the format has nibbles.
std::string hexBits(const FormatSpec &spec, std::uint64_t bits);

} // namespace conceptlab::underflow
