// Prints one run as JSON for differential.py: the float64 probabilities, and per format the
// product bits of every step and the first-subnormal, first-zero and stuck steps.
// Usage: underflow_dump source=uniform seed=3 steps=2000 [p=… low=… high=… alpha=… beta=…]
#include "core/probabilities.h"
#include "core/trace.h"
#include "session.h"

#include <cstdio>
#include <iostream>
#include <string>

using namespace conceptlab;
using namespace conceptlab::underflow;

namespace {
std::string step(const std::optional<std::int64_t> &value)
{
    return value ? formatInteger(*value) : "null";
}

double real(std::string_view text)
{
    const auto value = parseDouble(text);
    if (!value)
        throw InputError("not a number: " + std::string(text));
    return *value;
}
} // namespace

int main(int argc, char **argv)
{
    try {
        SourceParameters s;
        for (int i = 1; i < argc; ++i) {
            const std::string_view arg(argv[i]);
            const auto eq = arg.find('=');
            const std::string_view key = arg.substr(0, eq), value = arg.substr(eq + 1);
            if (key == "source")
                s.source = kSourceNames.parse(value).value();
            else if (key == "p")
                s.p = real(value);
            else if (key == "steps")
                s.steps = parseInteger(value).value();
            else if (key == "seed")
                s.seed = static_cast<std::uint64_t>(parseInteger(value).value());
            else if (key == "low")
                s.uniformLow = real(value);
            else if (key == "high")
                s.uniformHigh = real(value);
            else if (key == "alpha")
                s.betaAlpha = real(value);
            else if (key == "beta")
                s.betaBeta = real(value);
        }
        const Trace trace = computeTrace(makeProbabilities(s), Subnormals::Gradual, WorkControl());
        std::string out = "{\"probabilities\": [";
        for (std::size_t i = 0; i < trace.probabilities.size(); ++i)
            out += (i ? ", " : "") + formatNumber(trace.probabilities[i]);
        out += "], \"formats\": {";
        for (Format f : kAllFormats) {
            const FormatTrace &t = trace.of(f);
            out += f == Format::Float64 ? "" : ", ";
            out += "\"" + std::string(kFormatNames.name(f)) + "\": {\"first_subnormal_step\": "
                + step(t.firstSubnormalStep) + ", \"first_zero_step\": " + step(t.firstZeroStep)
                + ", \"stuck_from_step\": " + step(t.stuckFromStep) + ", \"bits\": [";
            for (std::size_t i = 0; i < t.productBits.size(); ++i)
                out += (i ? ", \"" : "\"") + hexBits(specOf(f), t.productBits[i]) + "\"";
            out += "]}";
        }
        out += "}}\n";
        std::cout << out;
    } catch (const std::exception &error) {
        std::cerr << error.what() << '\n';
        return 2;
    }
    return 0;
}
