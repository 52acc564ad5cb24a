// The whole run of one sequence in every format: the running product rounded after every
// multiplication, the log-space sums, the exact reference (MPFR) and what happened when
// (first subnormal, first zero, stuck). Computed once; sessions and the headless run read it.
#pragma once

#include "floatformat.h"
#include "workcontrol.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace conceptlab::underflow {

/// One format's run.
struct FormatTrace {
    Format format = Format::Float64;
    std::uint64_t probabilityBitsFirst = 0; ///< p1 rounded to the format
    std::vector<std::uint64_t> productBits; ///< [k − 1]: the product at step k
    std::vector<std::uint64_t> logSumBits; ///< [k − 1]: Σ log p_i, i ≤ k, in the format
    std::vector<float> maxRelativeError; ///< [k − 1]: max over steps ≤ k of |x − P| / P
    std::optional<std::int64_t> firstSubnormalStep; ///< first step whose product is subnormal
    std::optional<std::int64_t> firstZeroStep; ///< first step whose product is zero
    std::optional<std::int64_t> stuckFromStep; ///< first k > 0 whose value every later step repeats
};

/// The run of all formats.
struct Trace {
    std::vector<double> probabilities; ///< p1..pn as float64
    std::vector<double> exactLogProduct; ///< [k − 1]: ln(p1·…·pk), exact rounded to float64
    double finalExactLogProduct = 0; ///< ln of the whole product, MPFR (same as the last entry)
    Subnormals subnormals = Subnormals::Gradual;
    std::array<FormatTrace, kFormatCount> formats;

    /// Number of steps.
    std::int64_t steps() const { return static_cast<std::int64_t>(probabilities.size()); }
    /// The run of `format`.
    const FormatTrace &of(Format format) const { return formats.at(static_cast<std::size_t>(format)); }
};

/// The running products only (the fast kernel): productBits of every format, nothing else.
void computeProducts(const std::vector<double> &probabilities, Subnormals subnormals,
    std::array<std::vector<std::uint64_t>, kFormatCount> &productBits);

/// The whole trace of `probabilities` (each in (0, 1]); reports progress, may be cancelled.
Trace computeTrace(std::vector<double> probabilities, Subnormals subnormals, const WorkControl &control);

/// First step, if any, from which every later step repeats a non-zero value, given the
/// product bits (index k − 1 for step k); needs at least one repetition.
std::optional<std::int64_t> stuckStep(const FormatSpec &spec, const std::vector<std::uint64_t> &bits);

/// log(Σ exp x_j) of `logits` evaluated in `format`: every input and intermediate result
/// rounded to the format.
struct LogSumExp {
    double naive = 0; ///< log(Σ exp x_j)
    double stable = 0; ///< m + log(Σ exp(x_j − m)), m = max x_j
};
/// Both forms in `spec` for the inputs x_j (float64 values rounded to the format first).
LogSumExp logSumExp(const FormatSpec &spec, const std::vector<double> &inputs);
/// The exact logsumexp of float64 inputs (MPFR, 256 bits), rounded to float64.
double exactLogSumExp(const std::vector<double> &inputs);

/// Softmax of `logits` in `spec`, naive exp(z_j)/Σ exp(z) and stable exp(z_j − m)/Σ.
struct Softmax {
    std::vector<double> naive;
    std::vector<double> stable;
};
Softmax softmax(const FormatSpec &spec, const std::vector<double> &logits);

/// Parses a list of logits ("1000, 1001, 1002", commas and/or spaces); throws InputError
/// "logits: …" naming the bad entry.
std::vector<double> parseLogits(std::string_view text);

} // namespace conceptlab::underflow
