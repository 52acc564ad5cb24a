// The probability sequences (probabilities.h): the file parser, seeded draws and the
// built-in sentence.
#include "probabilities.h"

#include "random.h"
#include "session.h"

namespace conceptlab::underflow {

namespace {
    // Illustrative probabilities of each token given the ones before it (drawn once, to three
    // digits); the sentence is the text below repeated until 270 tokens.
    constexpr double kSentence[] = { 0.151, 0.16, 0.027, 0.0329, 0.63, 0.0532, 0.766, 0.836, 0.185, 0.322, 0.677,
        0.0462, 0.831, 0.366, 0.794, 0.466, 0.967, 0.535, 0.559, 0.429, 0.549, 0.59, 0.921, 0.853, 0.0865, 0.552, 0.726,
        0.186, 0.834, 0.00593, 0.495, 0.786, 0.618, 0.693, 0.572, 0.0005, 0.0037, 0.173, 0.351, 0.932, 0.259, 0.685,
        0.0652, 0.064, 0.908, 0.417, 0.0126, 0.369, 0.0983, 0.308, 0.109, 0.462, 0.613, 0.825, 0.791, 0.0478, 0.652,
        0.651, 0.371, 0.932, 0.149, 0.727, 0.554, 0.558, 0.95, 0.0375, 0.145, 0.595, 0.47, 0.137, 0.736, 0.807, 0.169,
        0.774, 0.575, 0.795, 0.134, 0.879, 0.927, 0.615, 0.0601, 0.513, 0.271, 0.00425, 0.165, 0.898, 0.742, 0.917,
        0.324, 0.939, 0.122, 0.273, 0.158, 0.0933, 0.0854, 0.127, 0.65, 0.657, 0.021, 0.567, 0.277, 0.375, 0.761, 0.839,
        0.588, 0.816, 0.648, 0.112, 0.568, 0.371, 0.42, 0.321, 0.563, 0.215, 0.114, 0.761, 0.775, 0.202, 0.581, 0.29,
        0.762, 0.0542, 0.678, 0.788, 0.555, 0.0105, 0.35, 0.87, 0.459, 0.291, 0.812, 0.959, 0.55, 0.0005, 0.969, 0.366,
        0.0271, 0.0301, 0.0154, 0.828, 0.0779, 0.213, 0.716, 0.173, 0.063, 0.34, 0.0943, 0.865, 0.207, 0.692, 0.0182,
        0.912, 0.202, 0.737, 0.93, 0.624, 0.799, 0.769, 0.44, 0.486, 0.795, 0.713, 0.776, 0.743, 0.818, 0.655, 0.146,
        0.645, 0.564, 0.692, 0.0432, 0.267, 0.282, 0.752, 0.655, 0.952, 0.294, 0.0005, 0.0325, 0.732, 0.0194, 0.11,
        0.232, 0.314, 0.924, 0.766, 0.239, 0.94, 0.0388, 0.235, 0.022, 0.733, 0.738, 0.0795, 0.864, 0.802, 0.673, 0.502,
        0.614, 0.658, 0.883, 0.0122, 0.934, 0.0429, 0.825, 0.947, 0.594, 0.301, 0.657, 0.148, 0.198, 0.681, 0.781,
        0.818, 0.588, 0.0893, 0.226, 0.915, 0.882, 0.0443, 0.0561, 0.0143, 0.0931, 0.658, 0.898, 0.106, 0.366, 0.5,
        0.0401, 0.125, 0.396, 0.546, 0.878, 0.26, 0.226, 0.2, 0.273, 0.949, 0.161, 0.941, 0.0197, 0.637, 0.31, 0.943,
        0.263, 0.29, 0.44, 0.736, 0.435, 0.0776, 0.551, 0.564, 0.0743, 0.926, 0.822, 0.0923, 0.242, 0.607, 0.943, 0.652,
        0.0411, 0.0866, 0.208, 0.367, 0.0985, 0.0422, 0.0227, 0.611, 0.0042, 0.905 };

    constexpr std::string_view kSentenceText
        = "Log probabilities turn long products into sums . A language model scores a sentence by multiplying the "
          "probability of every token given the tokens before it , and a few hundred tokens in , that product is far "
          "smaller than any float can hold .";

    std::string position(std::size_t line, std::size_t column)
    {
        return "file:" + formatInteger(static_cast<std::int64_t>(line)) + ":"
            + formatInteger(static_cast<std::int64_t>(column)) + ": ";
    }
} // namespace

std::vector<double> parseProbabilities(std::string_view text)
{
    std::vector<double> values;
    std::size_t lineNumber = 0;
    for (std::string_view line : split(text, '\n')) {
        ++lineNumber;
        const std::string_view content = trim(line);
        if (content.empty() || content.front() == '#')
            continue;
        const std::size_t column = static_cast<std::size_t>(content.data() - line.data()) + 1;
        const std::string shown(content.substr(0, 40));
        const auto value = parseDouble(content);
        if (!value)
            throw InputError(position(lineNumber, column) + "not a number: '" + shown + "'");
        if (!(*value > 0.0 && *value <= 1.0))
            throw InputError(position(lineNumber, column) + shown + " is not a probability in (0, 1]");
        if (static_cast<std::int64_t>(values.size()) >= kMaxSteps)
            throw InputError(position(lineNumber, column) + "more than " + formatInteger(kMaxSteps) + " probabilities");
        values.push_back(*value);
    }
    if (values.empty())
        throw InputError("file: no probabilities (one number in (0, 1] per line)");
    return values;
}

const std::vector<double> &sentenceProbabilities()
{
    static const std::vector<double> values(std::begin(kSentence), std::end(kSentence));
    return values;
}

const std::vector<std::string_view> &sentenceTokens()
{
    static const std::vector<std::string_view> tokens = [] {
        std::vector<std::string_view> words;
        for (std::string_view word : split(kSentenceText, ' '))
            if (!word.empty())
                words.push_back(word);
        std::vector<std::string_view> result;
        for (std::size_t i = 0; i < std::size(kSentence); ++i)
            result.push_back(words[i % words.size()]);
        return result;
    }();
    return tokens;
}

namespace {
    void check(bool condition, const char *message)
    {
        if (!condition)
            throw InputError(message);
    }

    std::vector<double> draws(const SourceParameters &parameters)
    {
        Random random(parameters.seed);
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(parameters.steps));
        while (static_cast<std::int64_t>(values.size()) < parameters.steps) {
            double p = 0;
            if (parameters.source == Source::Uniform) {
                // high − (high − low)·u with u in [0, 1) lies in (low, high]: never zero.
                p = parameters.uniformHigh - (parameters.uniformHigh - parameters.uniformLow) * random.uniform01();
            } else {
                const double x = random.gamma(parameters.betaAlpha, 1.0);
                const double y = random.gamma(parameters.betaBeta, 1.0);
                p = x / (x + y);
            }
            if (p > 0.0 && p <= 1.0) // a beta draw can underflow to 0 for tiny alpha: draw again
                values.push_back(p);
        }
        return values;
    }
} // namespace

std::vector<double> makeProbabilities(const SourceParameters &parameters)
{
    check(parameters.steps >= 1 && parameters.steps <= kMaxSteps, "steps: must be in [1, 1000000]");
    switch (parameters.source) {
    case Source::Constant:
        check(parameters.p > 0.0 && parameters.p <= 1.0, "p: must be a probability in (0, 1]");
        return std::vector<double>(static_cast<std::size_t>(parameters.steps), parameters.p);
    case Source::Uniform:
        check(parameters.uniformLow >= 0.0 && parameters.uniformLow < parameters.uniformHigh
                && parameters.uniformHigh <= 1.0,
            "uniform_low: need 0 <= uniform_low < uniform_high <= 1");
        return draws(parameters);
    case Source::Beta:
        check(parameters.betaAlpha > 0.0 && parameters.betaBeta > 0.0, "beta_alpha: alpha and beta must be > 0");
        return draws(parameters);
    case Source::File: {
        std::vector<double> values = parseProbabilities(parameters.fileText);
        if (static_cast<std::int64_t>(values.size()) > parameters.steps)
            values.resize(static_cast<std::size_t>(parameters.steps));
        return values;
    }
    case Source::Sentence: {
        std::vector<double> values = sentenceProbabilities();
        if (static_cast<std::int64_t>(values.size()) > parameters.steps)
            values.resize(static_cast<std::size_t>(parameters.steps));
        return values;
    }
    }
    return {};
}

} // namespace conceptlab::underflow
