// Normal-order reduction to full normal form of Y FACTF 5 and POW 2 10, written out with
// the plain encodings (no prelude), one β-contraction per counted step.
#include "../support/lambdafixtures.h"
#include "core/fastreducer.h"
#include "core/parser.h"

#include <benchmark/benchmark.h>

#include <sys/resource.h>

using namespace conceptlab::lambda;
using conceptlab::lambda::fixtures::kPlainDefinitions;

namespace {

void reduce(benchmark::State &state, const std::string &term, std::uint64_t expectedSteps)
{
    const std::string program = kPlainDefinitions + term;
    ParseOptions options;
    options.numerals = false;
    std::uint64_t steps = 0;
    std::size_t peakNodes = 0;
    for (auto _ : state) {
        Graph g;
        const ParsedProgram parsed = parseProgram(g, program, options);
        FastReducer r(g, parsed.term, Strategy::Normal);
        const FastReducer::End end = r.run(1'000'000, 10'000'000);
        steps = end == FastReducer::End::Final ? r.steps() : 0;
        peakNodes = r.peakNodes();
        benchmark::DoNotOptimize(r.size());
    }
    if (steps != expectedSteps)
        state.SkipWithError("wrong step count");
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["steps"] = static_cast<double>(steps);
    state.counters["peak_term_nodes"] = static_cast<double>(peakNodes);
    state.counters["max_rss_KiB"] = static_cast<double>(usage.ru_maxrss);
}

void BM_FactorialFive(benchmark::State &state)
{
    reduce(state, "Y FACTF FIVE", fixtures::kFactorialFiveSteps);
}
void BM_PowTwoTen(benchmark::State &state)
{
    reduce(state, "POW TWO TEN", fixtures::kPowTwoTenSteps);
}

} // namespace

BENCHMARK(BM_FactorialFive)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PowTwoTen)->Unit(benchmark::kMicrosecond);
