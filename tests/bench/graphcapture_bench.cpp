// Benchmarks: parse + trace + script a 300-line program; torch.compile's capture and lowering
// of the same program; lay out a 300-node graph.
#include "../support/graphcapturefixtures.h"
#include "core/analysis.h"
#include "core/dynamo.h"
#include "core/interpreter.h"
#include "core/scripter.h"
#include "layeredlayout.h"

#include <benchmark/benchmark.h>

using namespace conceptlab::graphcapture;

namespace {

void BM_ParseTraceScript300Lines(benchmark::State &state)
{
    const std::string source = fixtures::program300();
    std::vector<float> data(16);
    for (int i = 0; i < 16; ++i)
        data[static_cast<std::size_t>(i)] = static_cast<float>((i * 7) % 11 - 5) / 10.0f;
    const std::vector<Value> inputs { Value::tensor(makeTensor({ 4, 4 }, data)),
        Value::tensor(makeTensor({ 4, 4 }, data)) };
    ExecutionOptions options;
    options.trace = true;
    for (auto _ : state) {
        const Module m = parseProgram(source);
        const auto traced = execute(m, entryFunction(m), inputs, options);
        const auto scripted = scriptFunction(m, entryFunction(m));
        benchmark::DoNotOptimize(traced.graph.get());
        benchmark::DoNotOptimize(scripted.graph.get());
    }
    state.counters["lines"] = 300;
}
BENCHMARK(BM_ParseTraceScript300Lines)->Unit(benchmark::kMillisecond);

// torch.compile of the 300-line program (about 25 branches on tensor data, so about 25 graph
// breaks and 26 graphs; loops unrolled): capture, guards, graph runs and Inductor lowering.
void BM_CompileCaptureAndLower300Lines(benchmark::State &state)
{
    const std::string source = fixtures::program300();
    std::vector<float> data(16);
    for (int i = 0; i < 16; ++i)
        data[static_cast<std::size_t>(i)] = static_cast<float>((i * 7) % 11 - 5) / 10.0f;
    const std::vector<CompileCall> calls { { "example",
        { Value::tensor(makeTensor({ 4, 4 }, data)), Value::tensor(makeTensor({ 4, 4 }, data)) } } };
    const conceptlab::WorkControl control;
    int graphs = 0, kernels = 0;
    for (auto _ : state) {
        const Module m = parseProgram(source);
        const CompileResult r = compileCalls(m, entryFunction(m), calls, 100000, control);
        graphs = r.graphCount;
        kernels = 0;
        for (const auto &g : r.graphs)
            kernels += static_cast<int>(g.kernels.size());
        benchmark::DoNotOptimize(r.graphs.data());
    }
    state.counters["lines"] = 300;
    state.counters["graphs"] = graphs;
    state.counters["kernels"] = kernels;
}
BENCHMARK(BM_CompileCaptureAndLower300Lines)->Unit(benchmark::kMillisecond);

void BM_LayeredLayout300Nodes(benchmark::State &state)
{
    // A graph like a traced network: a long chain with skip edges and fan-out, some nesting.
    std::vector<conceptlab::layout::LayoutNode> nodes(300);
    std::vector<conceptlab::layout::LayoutEdge> edges;
    for (int i = 1; i < 300; ++i) {
        nodes[static_cast<std::size_t>(i)].width = 60 + (i * 37) % 90;
        edges.push_back({ i - 1, i });
        if (i % 3 == 0)
            edges.push_back({ i - 3, i });
        if (i % 7 == 0 && i > 10)
            edges.push_back({ (i * 13) % i, i });
    }
    for (int i = 100; i < 120; ++i)
        nodes[static_cast<std::size_t>(i)].parent = 99;
    for (auto _ : state) {
        const auto r = conceptlab::layout::layeredLayout(nodes, edges);
        benchmark::DoNotOptimize(r.width);
    }
}
BENCHMARK(BM_LayeredLayout300Nodes)->Unit(benchmark::kMillisecond);

} // namespace
