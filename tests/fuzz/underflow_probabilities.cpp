// Fuzzes the probability-file parser: any text either parses into probabilities in (0, 1],
// one per non-blank, non-comment line, or throws InputError with a "file:" position.
#include "core/probabilities.h"
#include "core/trace.h"
#include "session.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace conceptlab;
using namespace conceptlab::underflow;

namespace {
void check(bool condition)
{
    if (!condition)
        std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const std::vector<double> values = parseProbabilities(text);
        check(!values.empty());
        for (double p : values)
            check(p > 0.0 && p <= 1.0);
        if (values.size() <= 64) { // and the run over them stays consistent
            const Trace trace = computeTrace(values, Subnormals::Gradual, WorkControl());
            check(trace.steps() == static_cast<std::int64_t>(values.size()));
            check(trace.finalExactLogProduct <= 0.0);
        }
    } catch (const InputError &error) {
        check(error.message().rfind("file:", 0) == 0);
    }
    try {
        const std::vector<double> logits = parseLogits(text);
        check(!logits.empty());
    } catch (const InputError &error) {
        check(error.message().rfind("logits:", 0) == 0);
    }
    return 0;
}
