// Benchmarks of the unrolling module: the pipeline model (1,000 iterations of a 40-instruction
// loop, target < 5 ms) and a full measured sweep (20 variants, target < 2 s).
#include "core/analysis.h"
#include "core/assembly.h"
#include "core/machinecode.h"
#include "core/pipeline.h"

#include <benchmark/benchmark.h>

#include <vector>

using namespace conceptlab;
using namespace conceptlab::unrolling;

static void BM_Model1000IterationsOf40Instructions(benchmark::State &state)
{
    // dot, 12 copies of 3 instructions + 3 of loop control + 1 = 40 instructions
    auto body = kernelListing(Kernel::Dot, ElementType::Float, 12, 4);
    body.insert(body.begin(), parseInstruction("nop"));
    const CpuModel model = cpuModel(state.range(0) == 0 ? CpuPreset::Skylake : CpuPreset::Zen3);
    for (auto _ : state)
        benchmark::DoNotOptimize(simulate(body, model, 1000, 0).cyclesPerIteration);
    state.counters["instructions"] = static_cast<double>(body.size());
}
BENCHMARK(BM_Model1000IterationsOf40Instructions)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

static void BM_MeasuredSweep(benchmark::State &state)
{
    RunSettings settings;
    settings.llvmMca = false;
    settings.measure = true;
    for (auto _ : state)
        benchmark::DoNotOptimize(analyse(settings, WorkControl()).sweep.size());
}
BENCHMARK(BM_MeasuredSweep)->Unit(benchmark::kMillisecond)->Iterations(3);

// The same kernels timed by Google Benchmark's own loop (an independent measurement on this
// machine), beside the module's median-of-trials figure (module_ns_per_element).
static void BM_KernelCall(benchmark::State &state)
{
    const auto kernel = static_cast<Kernel>(state.range(0));
    const KernelVariant &variant
        = kernelVariant(kernel, ElementType::Float, static_cast<int>(state.range(1)), static_cast<int>(state.range(2)));
    constexpr std::int64_t kElements = 2048;
    std::vector<float> x(kElements, 0.5F);
    std::vector<float> y(kElements, 0.25F);
    const KernelBuffers buffers { x.data(), y.data(), kElements };
    const Measurement module = measureKernel(variant, MeasureSettings {}, CycleClock {}, WorkControl());
    for (auto _ : state)
        benchmark::DoNotOptimize(variant.call(buffers));
    state.counters["s_per_element"] = benchmark::Counter(
        static_cast<double>(kElements), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["module_ns_per_element"] = module.nsPerElement;
}
BENCHMARK(BM_KernelCall)
    ->ArgsProduct({ { static_cast<int>(Kernel::Sum), static_cast<int>(Kernel::Saxpy) }, { 1, 4, 16 }, { 1, 4 } });
