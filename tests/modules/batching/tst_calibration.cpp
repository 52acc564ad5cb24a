// The per-operation cost model: one layer's FLOPs and bytes worked out by hand, tensor
// parallelism, and the calibration against measured kernel timings of Llama-2-7B on an A100-80GB
// (transformer layers only), held to 10 % geometric-mean error.
#include "core/costmodel.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

using namespace conceptlab::batching;

namespace {

constexpr double kMicro = 1e-6;

// One layer of round numbers: hidden 100, 10 query heads and 5 KV heads of dimension 10 (query
// width 100, KV width 50), an fc1/fc2 MLP of width 400, 1000 vocabulary rows, 2 bytes per value;
// 1 GB/s (1 byte per ns), 0.01 TFLOP/s (10 FLOPs per ns), every efficiency 1, 1 µs per kernel.
HardwareModel tinyModel()
{
    HardwareModel model;
    model.parametersBillion = 0.001;
    model.layers = 1;
    model.hiddenSize = 100;
    model.attentionHeads = 10;
    model.kvHeads = 5;
    model.headDim = 10;
    model.intermediateSize = 400;
    model.mlp = MlpKind::TwoLayer;
    model.vocabSize = 1000;
    model.gpuMemoryGB = 1;
    model.bandwidthGBs = 1;
    model.peakTflops = 0.01;
    model.flopsEfficiency = 1;
    model.memoryEfficiency = 1;
    model.attentionFlopsEfficiency = 1;
    model.attentionMemoryEfficiency = 1;
    model.kernelOverheadUs = 1;
    model.interconnectGBs = 1;
    model.interconnectLatencyUs = 5;
    return model;
}

double op(const IterationCost &cost, Operation operation)
{
    return cost.operationSeconds[static_cast<std::size_t>(operation)];
}

} // namespace

TEST(batchingPerOperation, OneDecodeOfOneLayerByHand)
{
    const CostModel cost(tinyModel());
    ASSERT_EQ(cost.error(), "");
    IterationShape shape;
    shape.addDecode(9); // reads 10 tokens of KV
    const IterationCost c = cost.iteration(shape);
    // QKV: weight 100 × 200 and 1 × (100 + 200) activations, 2 bytes each = 40,600 bytes (40.6 µs)
    // against 2 × 100 × 200 = 40,000 FLOPs (4 µs): memory bound
    EXPECT_NEAR(op(c, Operation::Qkv), 41.6 * kMicro, 1e-12);
    // output projection: 2 × (100 × 100 + 200) = 20,400 bytes
    EXPECT_NEAR(op(c, Operation::OutProjection), 21.4 * kMicro, 1e-12);
    // fc1 and fc2: 2 × (100 × 400 + 500) = 81,000 bytes each
    EXPECT_NEAR(op(c, Operation::Mlp), 164 * kMicro, 1e-12);
    // activation 2 × 2 × 400, two norms 2 × 2 × 100 each, rotary 2 × 2 × 150, two residual adds
    // 2 × 3 × 100 each: 4,200 bytes in six kernels
    EXPECT_NEAR(op(c, Operation::Elementwise), 10.2 * kMicro, 1e-12);
    // K and V of one token: 2 × 2 × 50 = 200 bytes
    EXPECT_NEAR(op(c, Operation::KvWrite), 1.2 * kMicro, 1e-12);
    // attention: query in and output out (2 × 100) and 10 tokens of K and V (10 × 2 × 50),
    // 2 bytes each = 2,400 bytes; 4 × 100 × 10 = 4,000 FLOPs (0.4 µs)
    EXPECT_NEAR(op(c, Operation::Attention), 3.4 * kMicro, 1e-12);
    EXPECT_EQ(op(c, Operation::AllReduce), 0);
    // embedding: 2 × 2 × 100 = 400 bytes
    EXPECT_NEAR(op(c, Operation::Embedding), 1.4 * kMicro, 1e-12);
    // final norm 400 bytes, then 2 × (100 × 1000 + 1100) = 202,200 bytes of LM head
    EXPECT_NEAR(op(c, Operation::LmHead), (1.4 + 203.2) * kMicro, 1e-12);
    EXPECT_NEAR(c.seconds, 447.8 * kMicro, 1e-12);

    HardwareModel noHead = tinyModel();
    noHead.lmHead = LmHead::Excluded;
    EXPECT_NEAR(CostModel(noHead).iterationSeconds(shape), (447.8 - 204.6) * kMicro, 1e-12);
}

TEST(batchingPerOperation, PrefillAttentionCountsCausalPairs)
{
    const CostModel cost(tinyModel());
    IterationShape whole;
    whole.addPrefill(100, 0, true);
    const IterationCost c = cost.iteration(whole);
    // 100 tokens: 100 × 50.5 = 5050 causal pairs, 4 × 100 × 5050 = 2,020,000 FLOPs (202 µs) against
    // 2 × (2 × 100 × 100 + 2 × 50 × 100) = 60,000 bytes (60 µs): compute bound
    EXPECT_NEAR(op(c, Operation::Attention), 203 * kMicro, 1e-12);
    // QKV: 2 × 100 × 100 × 200 = 4,000,000 FLOPs (400 µs) against 2 × (20,000 + 30,000) bytes
    EXPECT_NEAR(op(c, Operation::Qkv), 401 * kMicro, 1e-12);
    IterationShape chunk;
    chunk.addPrefill(50, 50, false); // the second half as a chunk: 50 × (50 + 25.5) = 3775 pairs
    const IterationCost second = cost.iteration(chunk);
    EXPECT_NEAR(op(second, Operation::Attention), 152 * kMicro, 1e-12); // 1,510,000 FLOPs
    EXPECT_EQ(op(second, Operation::LmHead), 0); // emits no token
}

TEST(batchingPerOperation, TensorParallelSplitsTheModelAndAddsAllReduces)
{
    HardwareModel model = tinyModel();
    model.kvHeads = 10;
    model.tensorParallel = 2;
    const CostModel cost(model);
    ASSERT_EQ(cost.error(), "");
    IterationShape shape;
    shape.addDecode(9);
    // two all-reduces of 1 × 100 values × 2 bytes: 5 µs + 2 × (1/2) × 200 bytes at 1 GB/s each
    EXPECT_NEAR(op(cost.iteration(shape), Operation::AllReduce), 2 * (5 + 0.2) * kMicro, 1e-12);
    // each GPU holds 5 query heads: QKV weight 100 × (50 + 2 × 50) = 15,000 values
    EXPECT_NEAR(op(cost.iteration(shape), Operation::Qkv), (2 * (15000 + 250) / 1000.0 + 1) * kMicro, 1e-12);

    // Llama-2-70B does not fit one A100-80GB, but four: 34.49 GB of weights each, and
    // 2 × 80 layers × 2 KV heads × 128 × 2 = 81,920 bytes of KV per token per GPU
    HardwareModel llama = combine(*findModelPreset("llama2-70b"), *findGpuPreset("a100-80gb"));
    EXPECT_EQ(CostModel(llama).error().rfind("gpu_memory_gb: the weights", 0), 0U);
    llama.tensorParallel = 4;
    const CostModel four(llama);
    ASSERT_EQ(four.error(), "");
    EXPECT_DOUBLE_EQ(four.kvBytesPerToken(), 327680.0);
    EXPECT_EQ(four.kvCapacityTokens(), 555541); // (80e9 − 34.49e9) / 81920 = 555,541.99
    llama.tensorParallel = 3;
    EXPECT_EQ(CostModel(llama).error().rfind("tensor_parallel: 3 GPUs cannot split", 0), 0U);
}

TEST(batchingPerOperation, PresetsAreChosenSeparately)
{
    for (const char *model : { "opt-13b", "llama2-7b", "llama2-13b", "llama2-70b", "llama3-8b", "mistral-7b" })
        EXPECT_NE(findModelPreset(model), nullptr) << model;
    for (const char *gpu : { "a100-40gb", "a100-80gb", "h100-80gb", "l40s", "rtx4090" })
        EXPECT_NE(findGpuPreset(gpu), nullptr) << gpu;
    const Preset *old = findPreset("llama3-8b-h100-80gb");
    ASSERT_NE(old, nullptr);
    EXPECT_EQ(old->modelId, "llama3-8b");
    EXPECT_EQ(old->gpuId, "h100-80gb");
    EXPECT_EQ(old->model.intermediateSize, 14336);
    EXPECT_EQ(old->model.peakTflops, 989.4);
}

// Measured seconds per iteration, transformer layers only (issue 15): Llama-2-7B fp16 on one
// A100-80GB, FlashAttention-class kernels.
TEST(batchingCalibration, Llama2On80GBWithinTenPercent)
{
    HardwareModel model = combine(*findModelPreset("llama2-7b"), *findGpuPreset("a100-80gb"));
    model.lmHead = LmHead::Excluded;
    model.gpuMemoryGB = 1000; // 128 sequences of 2048 tokens hold 137 GB of KV
    const CostModel cost(model);
    ASSERT_EQ(cost.error(), "");
    struct Point {
        const char *regime;
        int sequences;
        int prefillTokens; // 0: decode
        int context;
        double measuredSeconds;
    };
    const Point points[] = {
        { "prefill", 1, 128, 0, 0.01275 },
        { "prefill", 1, 512, 0, 0.03666 },
        { "prefill", 1, 2048, 0, 0.1585 },
        { "small-batch decode", 1, 0, 512, 0.00950 },
        { "small-batch decode", 8, 0, 2048, 0.01594 },
        { "large-batch decode", 32, 0, 512, 0.01546 },
        { "large-batch decode", 32, 0, 2048, 0.02966 },
        { "large-batch decode", 128, 0, 2048, 0.08078 },
    };
    double logSum = 0;
    std::string regime;
    double regimeLogSum = 0;
    int regimeCount = 0;
    auto closeRegime = [&] {
        if (regimeCount > 0)
            std::cout << "  " << regime << ": geometric-mean error " << 100 * (std::exp(regimeLogSum / regimeCount) - 1)
                      << " %\n";
        regimeLogSum = 0;
        regimeCount = 0;
    };
    for (const Point &point : points) {
        if (point.regime != regime) {
            closeRegime();
            regime = point.regime;
        }
        IterationShape shape;
        for (int s = 0; s < point.sequences; ++s) {
            if (point.prefillTokens > 0)
                shape.addPrefill(point.prefillTokens, 0, true);
            else
                shape.addDecode(point.context); // the KV read includes the new token
        }
        const double modelled = cost.iterationSeconds(shape);
        const double error = std::abs(std::log(modelled / point.measuredSeconds));
        logSum += error;
        regimeLogSum += error;
        ++regimeCount;
        std::cout << "  " << point.regime << " B=" << point.sequences << " P=" << point.prefillTokens
                  << " C=" << point.context << ": measured " << point.measuredSeconds * 1000 << " ms, model "
                  << modelled * 1000 << " ms (" << 100 * (modelled / point.measuredSeconds - 1) << " %)\n";
        EXPECT_LT(error, std::log(1.20)) << point.regime; // no single point off by more than 20 %
    }
    closeRegime();
    const double geometricMean = std::exp(logSum / std::size(points));
    std::cout << "  all: geometric-mean error " << 100 * (geometricMean - 1) << " %\n";
    EXPECT_LT(geometricMean, 1.10);
}
