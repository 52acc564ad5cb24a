// Benchmarks: parse + trace + script a 300-line program; lay out a 300-node graph.
#include "core/analysis.h"
#include "core/interpreter.h"
#include "core/scripter.h"
#include "layeredlayout.h"

#include <benchmark/benchmark.h>

using namespace conceptlab::graphcapture;

namespace {

// 300 lines: blocks of straight-line code, branches and loops over [4, 4] tensors.
std::string program300()
{
    std::string body;
    int lines = 2;
    int k = 0;
    while (lines < 299) {
        const std::string v = "v" + std::to_string(k), p = k ? "v" + std::to_string(k - 1) : "x";
        switch (k % 4) {
        case 0:
            body += "    " + v + " = torch.relu(" + p + " @ w + " + p + ")\n";
            lines += 1;
            break;
        case 1:
            body += "    if " + p + ".sum() > 0:\n        " + v + " = torch.tanh(" + p + ")\n    else:\n        " + v
                + " = " + p + " * 0.5\n";
            lines += 4;
            break;
        case 2:
            body += "    " + v + " = " + p + "\n    for i in range(2):\n        " + v + " = torch.sigmoid(" + v + ") + "
                + p + " * 0.25\n";
            lines += 3;
            break;
        default:
            body += "    " + v + " = torch.softmax(" + p + ", dim=1) - " + p + ".mean()\n";
            lines += 1;
            break;
        }
        ++k;
    }
    return "def f(x, w):\n" + body + "    return v" + std::to_string(k - 1) + "\n";
}

void BM_ParseTraceScript300Lines(benchmark::State &state)
{
    const std::string source = program300();
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
