// Where the probabilities p1, p2, ... come from: a constant, seeded uniform or beta draws,
// a file with one probability per line, or the built-in sentence of token probabilities.
#pragma once

#include "text.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab::underflow {

/// The kind of probability sequence.
enum class Source { Constant, Uniform, Beta, File, Sentence };
/// Parameter names of the sources.
inline constexpr EnumNames<Source, 5> kSourceNames { {
    { { Source::Constant, "constant" }, { Source::Uniform, "uniform" }, { Source::Beta, "beta" },
        { Source::File, "file" }, { Source::Sentence, "sentence" } },
} };

/// Everything that decides the sequence.
struct SourceParameters {
    Source source = Source::Constant;
    double p = 0.5; ///< constant probability, in (0, 1]
    std::int64_t steps = 2000; ///< number of probabilities (file and sentence: at most this many)
    std::uint64_t seed = 1; ///< uniform and beta draws
    double uniformLow = 0.5; ///< uniform draws lie in (low, high], 0 ≤ low < high ≤ 1
    double uniformHigh = 1.0;
    double betaAlpha = 8.0; ///< Beta(alpha, beta) draws, both > 0
    double betaBeta = 2.0;
    std::string fileText; ///< the file's contents (source file)
};

/// Largest number of steps a run takes.
inline constexpr std::int64_t kMaxSteps = 1'000'000;

/// The probabilities of one line each (blank lines and lines starting with '#' are skipped).
/// Throws InputError "file:<line>:<column>: …" for text that is not a number or a number
/// outside (0, 1], and "file: …" for a file without probabilities.
std::vector<double> parseProbabilities(std::string_view text);

/// The sequence p1..pn as float64 values; throws InputError naming the parameter.
std::vector<double> makeProbabilities(const SourceParameters &parameters);

/// The built-in sentence: illustrative token probabilities of a short English text.
const std::vector<double> &sentenceProbabilities();
/// The tokens of the built-in sentence, one per probability.
const std::vector<std::string_view> &sentenceTokens();

} // namespace conceptlab::underflow
