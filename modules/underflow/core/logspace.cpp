// Logsumexp and softmax evaluated in a format, and the logits parser (trace.h).
#include "trace.h"

#include "session.h"

#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace conceptlab::underflow {

namespace {
    constexpr std::size_t kMaxLogits = 1000;

    // One elementary operation's result rounded to the format. Every format here has at most
    // 53 bits, and float64 arithmetic rounds to at least 2p + 2 bits for the others, so the
    // double rounding of +, −, ×, ÷ is innocuous; exp and log come from the C library.
    double roundTo(const FormatSpec &spec, double value)
    {
        return toDouble(spec, fromDouble(spec, value));
    }

    double maximumOf(const std::vector<double> &values)
    {
        double m = -std::numeric_limits<double>::infinity();
        for (double v : values) {
            if (std::isnan(v))
                return v;
            m = std::max(m, v);
        }
        return m;
    }

    std::vector<double> rounded(const FormatSpec &spec, const std::vector<double> &values)
    {
        std::vector<double> out;
        out.reserve(values.size());
        for (double v : values)
            out.push_back(roundTo(spec, v));
        return out;
    }
} // namespace

LogSumExp logSumExp(const FormatSpec &spec, const std::vector<double> &inputs)
{
    const std::vector<double> x = rounded(spec, inputs);
    double naiveSum = 0;
    for (double v : x)
        naiveSum = roundTo(spec, naiveSum + roundTo(spec, std::exp(v)));
    const double m = maximumOf(x);
    double shiftedSum = 0;
    for (double v : x)
        shiftedSum = roundTo(spec, shiftedSum + roundTo(spec, std::exp(roundTo(spec, v - m))));
    return { roundTo(spec, std::log(naiveSum)), roundTo(spec, m + roundTo(spec, std::log(shiftedSum))) };
}

double exactLogSumExp(const std::vector<double> &inputs)
{
    const double m = maximumOf(inputs);
    if (!std::isfinite(m))
        return m; // NaN, or every input −inf (the sum is 0) or some +inf
    mpfr_t sum, term;
    mpfr_init2(sum, 256);
    mpfr_init2(term, 256);
    mpfr_set_ui(sum, 0, MPFR_RNDN);
    for (double v : inputs) {
        mpfr_set_d(term, v, MPFR_RNDN);
        mpfr_sub_d(term, term, m, MPFR_RNDN);
        mpfr_exp(term, term, MPFR_RNDN);
        mpfr_add(sum, sum, term, MPFR_RNDN);
    }
    mpfr_log(sum, sum, MPFR_RNDN);
    mpfr_add_d(sum, sum, m, MPFR_RNDN);
    const double value = mpfr_get_d(sum, MPFR_RNDN);
    mpfr_clear(sum);
    mpfr_clear(term);
    return value;
}

Softmax softmax(const FormatSpec &spec, const std::vector<double> &logits)
{
    const std::vector<double> z = rounded(spec, logits);
    const double m = maximumOf(z);
    std::vector<double> naiveTerms, stableTerms;
    double naiveSum = 0, stableSum = 0;
    for (double v : z) {
        naiveTerms.push_back(roundTo(spec, std::exp(v)));
        naiveSum = roundTo(spec, naiveSum + naiveTerms.back());
        stableTerms.push_back(roundTo(spec, std::exp(roundTo(spec, v - m))));
        stableSum = roundTo(spec, stableSum + stableTerms.back());
    }
    Softmax result;
    for (std::size_t j = 0; j < z.size(); ++j) {
        result.naive.push_back(roundTo(spec, naiveTerms[j] / naiveSum));
        result.stable.push_back(roundTo(spec, stableTerms[j] / stableSum));
    }
    return result;
}

std::vector<double> parseLogits(std::string_view text)
{
    std::vector<double> logits;
    std::string spaced(text);
    std::replace(spaced.begin(), spaced.end(), ',', ' ');
    std::replace(spaced.begin(), spaced.end(), '\t', ' ');
    for (std::string_view entry : split(spaced, ' ')) {
        if (entry.empty())
            continue;
        const auto value = parseDouble(entry);
        if (!value || !std::isfinite(*value))
            throw InputError("logits: entry " + formatInteger(static_cast<std::int64_t>(logits.size()) + 1) + " '"
                + std::string(entry.substr(0, 40)) + "' is not a finite number");
        if (logits.size() >= kMaxLogits)
            throw InputError("logits: at most 1000 logits");
        logits.push_back(*value);
    }
    if (logits.empty())
        throw InputError("logits: give at least one number, e.g. 1000, 1001, 1002");
    return logits;
}

} // namespace conceptlab::underflow
