// Benchmarks of the underflow core: 10^6 steps of the running product in all six formats
// (the budget is 100 ms), one format alone, and the whole trace with the MPFR reference.
#include "core/probabilities.h"
#include "core/trace.h"

#include <benchmark/benchmark.h>

#include <vector>

using namespace conceptlab;
using namespace conceptlab::underflow;

namespace {
const std::vector<double> &millionDraws()
{
    static const std::vector<double> draws = [] {
        SourceParameters s;
        s.source = Source::Uniform;
        s.uniformLow = 0.5;
        s.steps = kMaxSteps;
        return makeProbabilities(s);
    }();
    return draws;
}
} // namespace

// 10^6 steps × 6 formats, random p in (0.5, 1] (each p rounded, then multiplied): the kernel.
static void BM_ProductsAllFormatsMillionSteps(benchmark::State &state)
{
    std::array<std::vector<std::uint64_t>, kFormatCount> bits;
    for (auto _ : state) {
        computeProducts(millionDraws(), Subnormals::Gradual, bits);
        benchmark::DoNotOptimize(bits[0].data());
    }
    state.SetItemsProcessed(state.iterations() * kMaxSteps * kFormatCount);
}
BENCHMARK(BM_ProductsAllFormatsMillionSteps)->Unit(benchmark::kMillisecond);

// The same with constant p = 0.999 (p rounded once per format).
static void BM_ProductsAllFormatsConstant(benchmark::State &state)
{
    const std::vector<double> constant(static_cast<std::size_t>(kMaxSteps), 0.999);
    std::array<std::vector<std::uint64_t>, kFormatCount> bits;
    for (auto _ : state) {
        computeProducts(constant, Subnormals::Gradual, bits);
        benchmark::DoNotOptimize(bits[0].data());
    }
}
BENCHMARK(BM_ProductsAllFormatsConstant)->Unit(benchmark::kMillisecond);

// One emulated float16 product (the rounding path).
static void BM_MultiplyFloat16(benchmark::State &state)
{
    const FormatSpec &half = specOf(Format::Float16);
    std::uint64_t x = fromDouble(half, 0.75);
    const std::uint64_t p = fromDouble(half, 0.999);
    for (auto _ : state) {
        x = multiply(half, x, p);
        if (x == 0)
            x = fromDouble(half, 0.75);
        benchmark::DoNotOptimize(x);
    }
}
BENCHMARK(BM_MultiplyFloat16);

// The whole trace of 10^6 steps: products, log sums, relative errors and the MPFR reference
// (what building a session of 10^6 steps costs).
static void BM_TraceMillionSteps(benchmark::State &state)
{
    for (auto _ : state) {
        Trace trace = computeTrace(millionDraws(), Subnormals::Gradual, WorkControl());
        benchmark::DoNotOptimize(trace.finalExactLogProduct);
    }
}
BENCHMARK(BM_TraceMillionSteps)->Unit(benchmark::kMillisecond)->Iterations(2);
