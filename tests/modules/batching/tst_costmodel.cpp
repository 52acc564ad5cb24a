// Cost model: published presets, the roofline iteration time and the per-operation model,
// checked by hand.
#include "batchingfixtures.h"
#include "core/costmodel.h"
#include "core/metrics.h"

#include <gtest/gtest.h>

using namespace conceptlab::batching;

TEST(batchingCostModel, Opt13bOnA100_40GB)
{
    const CostModel cost(findPreset("opt-13b-a100-40gb")->model);
    ASSERT_EQ(cost.error(), "");
    // 2 × 40 layers × 40 heads × 128 dims × 2 bytes
    EXPECT_DOUBLE_EQ(cost.kvBytesPerToken(), 819200.0);
    EXPECT_DOUBLE_EQ(cost.weightBytes(), 25.7e9);
    // (40e9 − 25.7e9) / 819200 = 17456.05
    EXPECT_EQ(cost.kvCapacityTokens(), 17456);
    // weights only: 25.7e9 / 1555e9
    EXPECT_NEAR(cost.memorySeconds(0), 25.7e9 / 1555e9, 1e-15);
    // at 70 % of the bandwidth
    EXPECT_NEAR(cost.weightReadSeconds(), 25.7e9 / (1555e9 * 0.7), 1e-15);
    // the former roofline: 512 prompt tokens, 2 × 12.85e9 × 512 / (312e12 × 0.64)
    HardwareModel roofline = cost.model();
    roofline.formula = CostFormula::Roofline;
    IterationShape prefill;
    prefill.addPrefill(512, 0, true);
    EXPECT_NEAR(CostModel(roofline).iterationSeconds(prefill), 2 * 12.85e9 * 512 / (312e12 * 0.64), 1e-15);
}

TEST(batchingCostModel, Llama2On80GB)
{
    const CostModel cost(findPreset("llama2-7b-a100-80gb")->model);
    EXPECT_DOUBLE_EQ(cost.kvBytesPerToken(), 524288.0); // 2 × 32 × 4096 × 2
    EXPECT_EQ(cost.kvCapacityTokens(), 126876); // (80e9 − 13.48e9) / 524288
}

TEST(batchingCostModel, Llama3UsesGroupedQueryAttention)
{
    const CostModel cost(findPreset("llama3-8b-h100-80gb")->model);
    EXPECT_DOUBLE_EQ(cost.kvBytesPerToken(), 131072.0); // 2 × 32 layers × 8 KV heads × 128 × 2
    EXPECT_EQ(cost.kvCapacityTokens(), 487823); // (80e9 − 16.06e9) / 131072
    EXPECT_NEAR(cost.memorySeconds(0), 16.06e9 / 3350e9, 1e-15);
}

TEST(batchingCostModel, RooflineTakesTheLargerTerm)
{
    const CostModel cost(test::roundModel(1000));
    EXPECT_EQ(cost.kvCapacityTokens(), 1000);
    EXPECT_DOUBLE_EQ(cost.kvBytesPerToken(), 4000.0);
    IterationShape decode;
    decode.addDecode(99);
    EXPECT_NEAR(cost.iterationSeconds(decode), 0.002 + 100 * 4e-9, 1e-15); // memory bound
    IterationShape prefill;
    prefill.addPrefill(500, 0, true);
    EXPECT_NEAR(cost.iterationSeconds(prefill), 500 * 20e-6, 1e-15); // compute bound
}

TEST(batchingCostModel, RejectsImpossibleModels)
{
    HardwareModel model = test::roundModel(10);
    model.gpuMemoryGB = 1.5; // less than the weights
    EXPECT_NE(CostModel(model).error().find("no room"), std::string::npos);
    model = test::roundModel(10);
    model.kvHeads = 11;
    EXPECT_NE(CostModel(model).error().find("kv_heads"), std::string::npos);
    model = test::roundModel(10);
    model.hiddenSize = 1001;
    EXPECT_NE(CostModel(model).error().find("multiple"), std::string::npos);
}

TEST(batchingMetrics, NearestRankPercentiles)
{
    std::vector<double> values;
    for (int i = 10; i >= 1; --i)
        values.push_back(i);
    const Distribution d = describe(values);
    EXPECT_EQ(d.p50, 5); // rank ceil(5.0) = 5
    EXPECT_EQ(d.p90, 9); // rank ceil(9.0) = 9
    EXPECT_EQ(d.p99, 10); // rank ceil(9.9) = 10
    EXPECT_DOUBLE_EQ(d.mean, 5.5);
    std::vector<double> hundred;
    for (int i = 1; i <= 100; ++i)
        hundred.push_back(i);
    EXPECT_EQ(describe(hundred).p99, 99);
    EXPECT_EQ(describe({ 7 }).p50, 7);
    EXPECT_EQ(describe({}).p99, 0);
}

TEST(batchingCostModel, RefusesMeaninglessConstantsNamingTheParameter)
{
    HardwareModel model = test::roundModel(10);
    model.bandwidthGBs = 1e-300; // would make one iteration last 1e300 s
    EXPECT_EQ(
        CostModel(model).error(), "bandwidth_gb_s: 1e-300 GB/s is below 1 GB/s, the least the cost model accepts");
    model = test::roundModel(10);
    model.flopsEfficiency = 1.5;
    EXPECT_EQ(CostModel(model).error(), "flops_efficiency: 1.5 is above 1");
    model = test::roundModel(10);
    model.gpuMemoryGB = 1.5; // less than the weights
    EXPECT_EQ(CostModel(model).error().rfind("gpu_memory_gb: the weights", 0), 0U);
}
