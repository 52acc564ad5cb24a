// Benchmarks of the unrolling module: the pipeline model (1,000 iterations of a 40-instruction
// loop, target < 5 ms) and a full measured sweep (20 variants, target < 2 s).
#include "core/analysis.h"
#include "core/assembly.h"
#include "core/machinecode.h"
#include "core/pipeline.h"

#include <benchmark/benchmark.h>

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
