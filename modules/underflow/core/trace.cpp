// The run of one sequence in every format (trace.h): the emulated running products and
// log sums, and the exact reference product kept in MPFR with an unbounded exponent.
#include "trace.h"

#include "floatkernel.h"

#include <mpfr.h>

#include <cmath>
#include <limits>

namespace conceptlab::underflow {

namespace {
    constexpr std::int64_t kReportEvery = 1 << 16;
    // The reference product's precision: after 10^6 roundings its relative error is below
    // 10^6 · 2^-128 ≈ 3e-33, far below anything a float64 result can show.
    constexpr mpfr_prec_t kReferenceBits = 128;

    bool isPositive(const FormatSpec &spec, std::uint64_t bits)
    {
        const ValueClass c = classify(spec, bits);
        const bool negative = ((bits >> (spec.totalBits() - 1)) & 1U) != 0;
        return !negative && (c == ValueClass::Normal || c == ValueClass::Subnormal);
    }

    // The exact product as m · 2^exponent with m = hi + lo in [0.5, 1) (double-double).
    struct ReferenceProduct {
        double hi = 0.5;
        double lo = 0;
        std::int64_t exponent = 1;

        // ln(m · 2^exponent) in float64 (a few ulps; the final value comes from MPFR).
        double logValue() const
        {
            constexpr double kLn2Hi = 0x1.62e42fefa39efp-1;
            constexpr double kLn2Lo = 0x1.abc9e3b39803fp-56;
            const auto e = static_cast<double>(exponent);
            const double head = e * kLn2Hi;
            const double tail = std::fma(e, kLn2Hi, -head) + e * kLn2Lo;
            return head + (tail + std::log(hi) + lo / hi);
        }

        // |x − P| / P for a format value x (1 for zero, infinity for inf and NaN).
        double relativeError(double x) const
        {
            if (x == 0.0)
                return 1.0;
            if (!std::isfinite(x))
                return std::numeric_limits<double>::infinity();
            int xExponent = 0;
            const double xMantissa = std::frexp(x, &xExponent);
            const std::int64_t shift = xExponent - exponent;
            if (shift > 2 || shift < -2) {
                if (shift > 2000)
                    return std::numeric_limits<double>::infinity();
                if (shift < -2000)
                    return 1.0;
                return std::abs(std::ldexp(xMantissa / hi, static_cast<int>(shift)) - 1.0);
            }
            const double scaled = std::ldexp(xMantissa, static_cast<int>(shift)); // exact
            return std::abs(((scaled - hi) - lo) / hi);
        }
    };

    // The exact running product in MPFR; the exponent lives in an int64, so it never underflows.
    class Reference {
    public:
        Reference()
        {
            mpfr_init2(m_product, kReferenceBits);
            mpfr_init2(m_scratch, kReferenceBits);
            mpfr_set_ui(m_product, 1, MPFR_RNDN);
        }
        ~Reference()
        {
            mpfr_clear(m_product);
            mpfr_clear(m_scratch);
        }
        Reference(const Reference &) = delete;
        Reference &operator=(const Reference &) = delete;

        ReferenceProduct multiply(double p)
        {
            mpfr_mul_d(m_product, m_product, p, MPFR_RNDN);
            m_exponent += mpfr_get_exp(m_product);
            mpfr_set_exp(m_product, 0);
            ReferenceProduct r;
            r.hi = mpfr_get_d(m_product, MPFR_RNDN);
            mpfr_sub_d(m_scratch, m_product, r.hi, MPFR_RNDN);
            r.lo = mpfr_get_d(m_scratch, MPFR_RNDN);
            r.exponent = m_exponent;
            return r;
        }

        // ln of the product, correctly rounded from 128 bits to float64.
        double logValue()
        {
            mpfr_t log2;
            mpfr_init2(log2, kReferenceBits);
            mpfr_log(m_scratch, m_product, MPFR_RNDN);
            mpfr_const_log2(log2, MPFR_RNDN);
            mpfr_mul_si(log2, log2, static_cast<long>(m_exponent), MPFR_RNDN);
            mpfr_add(m_scratch, m_scratch, log2, MPFR_RNDN);
            const double value = mpfr_get_d(m_scratch, MPFR_RNDN);
            mpfr_clear(log2);
            return value;
        }

    private:
        mpfr_t m_product;
        mpfr_t m_scratch;
        std::int64_t m_exponent = 0;
    };

    void summarize(FormatTrace &trace)
    {
        const FormatSpec &spec = specOf(trace.format);
        for (std::size_t i = 0; i < trace.productBits.size(); ++i) {
            const ValueClass c = classify(spec, trace.productBits[i]);
            const auto step = static_cast<std::int64_t>(i) + 1;
            if (c == ValueClass::Subnormal && !trace.firstSubnormalStep)
                trace.firstSubnormalStep = step;
            if (c == ValueClass::Zero && !trace.firstZeroStep)
                trace.firstZeroStep = step;
        }
        trace.stuckFromStep = stuckStep(spec, trace.productBits);
    }
} // namespace

std::optional<std::int64_t> stuckStep(const FormatSpec &spec, const std::vector<std::uint64_t> &bits)
{
    if (bits.size() < 2 || !isPositive(spec, bits.back()))
        return std::nullopt;
    std::size_t first = bits.size() - 1;
    while (first > 0 && bits[first - 1] == bits.back())
        --first;
    if (first == bits.size() - 1)
        return std::nullopt;
    return static_cast<std::int64_t>(first) + 1;
}

namespace {
    // One format's products with its spec a compile-time constant, so the kernel folds.
    template<Format F, Subnormals S>
    void productLoop(const std::vector<double> &probabilities, std::vector<std::uint64_t> &bits)
    {
        constexpr Subnormals subnormals = S;
        static constexpr FormatSpec kSpec = detail::kSpecs[static_cast<std::size_t>(F)];
        bits.resize(probabilities.size());
        std::uint64_t product = 0;
        double lastP = std::numeric_limits<double>::quiet_NaN();
        std::uint64_t pBits = 0;
        for (std::size_t i = 0; i < probabilities.size(); ++i) {
            if (probabilities[i] != lastP) { // constant sequences round p once
                lastP = probabilities[i];
                pBits = detail::fromDouble(kSpec, lastP, subnormals);
            }
            product = i == 0 ? pBits : detail::multiply(kSpec, product, pBits, subnormals);
            bits[i] = product;
        }
    }
} // namespace

template<Subnormals S>
void productLoops(const std::vector<double> &probabilities, std::array<std::vector<std::uint64_t>, kFormatCount> &bits)
{
    productLoop<Format::Float64, S>(probabilities, bits[0]);
    productLoop<Format::Float32, S>(probabilities, bits[1]);
    productLoop<Format::Bfloat16, S>(probabilities, bits[2]);
    productLoop<Format::Float16, S>(probabilities, bits[3]);
    productLoop<Format::Float8E4M3FN, S>(probabilities, bits[4]);
    productLoop<Format::Float8E5M2, S>(probabilities, bits[5]);
}

void computeProducts(const std::vector<double> &probabilities, Subnormals subnormals,
    std::array<std::vector<std::uint64_t>, kFormatCount> &productBits)
{
    if (subnormals == Subnormals::Gradual)
        productLoops<Subnormals::Gradual>(probabilities, productBits);
    else
        productLoops<Subnormals::FlushToZero>(probabilities, productBits);
}

Trace computeTrace(std::vector<double> probabilities, Subnormals subnormals, const WorkControl &control)
{
    Trace trace;
    trace.probabilities = std::move(probabilities);
    trace.subnormals = subnormals;
    const std::size_t n = trace.probabilities.size();
    std::array<std::vector<std::uint64_t>, kFormatCount> products;
    computeProducts(trace.probabilities, subnormals, products);
    control.checkpoint();
    std::array<std::uint64_t, kFormatCount> logSums {};
    std::array<double, kFormatCount> maxErrors {};
    for (Format format : kAllFormats) {
        auto &f = trace.formats.at(static_cast<std::size_t>(format));
        f.format = format;
        f.productBits = std::move(products.at(static_cast<std::size_t>(format)));
        f.logSumBits.resize(n);
        f.maxRelativeError.resize(n);
        if (n > 0)
            f.probabilityBitsFirst = fromDouble(specOf(format), trace.probabilities[0], subnormals);
    }
    trace.exactLogProduct.resize(n);
    Reference reference;
    for (std::size_t i = 0; i < n; ++i) {
        if (static_cast<std::int64_t>(i) % kReportEvery == 0) {
            control.checkpoint();
            control.report(static_cast<double>(i) / static_cast<double>(n), "exact reference");
        }
        const double p = trace.probabilities[i];
        const ReferenceProduct exact = reference.multiply(p);
        trace.exactLogProduct[i] = exact.logValue();
        for (std::size_t f = 0; f < kFormatCount; ++f) {
            FormatTrace &t = trace.formats.at(f);
            const FormatSpec &spec = specOf(t.format);
            const double rounded = toDouble(spec, fromDouble(spec, p, subnormals));
            const std::uint64_t term = fromDouble(spec, std::log(rounded), subnormals);
            // Double rounding through float64 is innocuous for sums of formats with p <= 25
            // bits (53 >= 2p + 2), and float64 adds natively.
            logSums.at(f)
                = i == 0 ? term : fromDouble(spec, toDouble(spec, logSums.at(f)) + toDouble(spec, term), subnormals);
            t.logSumBits[i] = logSums.at(f);
            const double error = exact.relativeError(toDouble(spec, t.productBits[i]));
            maxErrors.at(f) = std::max(maxErrors.at(f), error);
            t.maxRelativeError[i] = static_cast<float>(maxErrors.at(f));
        }
    }
    trace.finalExactLogProduct = n > 0 ? reference.logValue() : 0.0;
    if (n > 0)
        trace.exactLogProduct.back() = trace.finalExactLogProduct;
    for (FormatTrace &f : trace.formats)
        summarize(f);
    return trace;
}

} // namespace conceptlab::underflow
