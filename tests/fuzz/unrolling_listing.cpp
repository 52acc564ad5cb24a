// Fuzzes the assembly listing reader and the override text: any text either parses (and the
// model simulates the listing to a finite, positive time) or throws InputError naming the
// line or "overrides:".
#include "core/assembly.h"
#include "core/cpumodel.h"
#include "core/pipeline.h"
#include "session.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace conceptlab;
using namespace conceptlab::unrolling;

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
        const auto body = parseListing(text);
        if (!body.empty() && body.size() <= 64) {
            const PipelineResult r = simulate(body, cpuModel(CpuPreset::Zen3), 20, 2);
            check(std::isfinite(r.cyclesPerIteration) && r.cyclesPerIteration > 0);
        }
    } catch (const InputError &error) {
        check(error.message().rfind("line ", 0) == 0);
    }
    try {
        CpuModel model = cpuModel(CpuPreset::Skylake);
        applyOverrides(model, text);
    } catch (const InputError &error) {
        check(error.message().rfind("overrides:", 0) == 0);
    }
    return 0;
}
