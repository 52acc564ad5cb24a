// RapidCheck properties of the model: more accumulators never slower, never faster than any
// bound, code growing with the factor.
#include "core/analysis.h"
#include "core/machinecode.h"
#include "core/pipeline.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace conceptlab::unrolling;

namespace {
Kernel anyKernel(int i)
{
    return std::array { Kernel::Sum, Kernel::Dot, Kernel::Saxpy, Kernel::PrefixSum }[static_cast<std::size_t>(i)];
}
ElementType anyType(int i)
{
    return std::array { ElementType::Float, ElementType::Double, ElementType::Int32 }[static_cast<std::size_t>(i)];
}
} // namespace

RC_GTEST_PROP(Properties, MoreAccumulatorsAreNeverSlower, ())
{
    const Kernel kernel = anyKernel(*rc::gen::inRange(0, 2));
    const ElementType type = anyType(*rc::gen::inRange(0, 3));
    const int unroll = kUnrollFactors[static_cast<std::size_t>(*rc::gen::inRange(0, 5))];
    const CpuModel model = cpuModel(*rc::gen::element(CpuPreset::Skylake, CpuPreset::Zen3));
    double previous = 1e300;
    for (int a : kAccumulatorCounts) {
        const auto body = kernelListing(kernel, type, unroll, a);
        const double cpe = simulate(body, model, 300, 0).cyclesPerIteration / unroll;
        RC_ASSERT(cpe <= previous * 1.001 + 1e-9);
        previous = cpe;
    }
}

RC_GTEST_PROP(Properties, NeverBelowAnyBound, ())
{
    const Kernel kernel = anyKernel(*rc::gen::inRange(0, 4));
    const ElementType type = anyType(*rc::gen::inRange(0, 3));
    const int unroll = kUnrollFactors[static_cast<std::size_t>(*rc::gen::inRange(0, 5))];
    const int accumulators = kAccumulatorCounts[static_cast<std::size_t>(*rc::gen::inRange(0, 4))];
    CpuModel model = cpuModel(*rc::gen::element(CpuPreset::Skylake, CpuPreset::Zen3));
    const std::string overrides = "dispatch_width=" + std::to_string(*rc::gen::inRange(3, 9)) + ", latency.addss="
        + std::to_string(*rc::gen::inRange(1, 12)) + ", latency.addsd=" + std::to_string(*rc::gen::inRange(1, 12));
    applyOverrides(model, overrides);
    const auto body = kernelCode(kernelVariant(kernel, type, unroll, accumulators)).loopBody();
    const PipelineResult r = simulate(body, model, 1000, 0);
    const Bounds &b = r.bounds;
    // The slope is measured over 500 iterations: the retire times at its two ends can be a few
    // cycles out of phase with the work in between.
    const double slack = 5.0 / 500;
    RC_ASSERT(r.cyclesPerIteration >= b.units - slack);
    RC_ASSERT(r.cyclesPerIteration >= b.dispatch - slack);
    RC_ASSERT(r.cyclesPerIteration >= b.latency - slack);
}

RC_GTEST_PROP(Properties, CodeGrowsWithTheFactor, ())
{
    const Kernel kernel = anyKernel(*rc::gen::inRange(0, 4));
    const ElementType type = anyType(*rc::gen::inRange(0, 3));
    const int accumulators = kAccumulatorCounts[static_cast<std::size_t>(*rc::gen::inRange(0, 4))];
    const std::size_t i = static_cast<std::size_t>(*rc::gen::inRange(0, 4));
    const int small = kUnrollFactors[i];
    const int large = kUnrollFactors[i + 1];
    const auto a = kernelCode(kernelVariant(kernel, type, small, accumulators));
    const auto b = kernelCode(kernelVariant(kernel, type, large, accumulators));
    RC_ASSERT(b.loopBody().size() > a.loopBody().size());
    if (a.fromMachineCode && b.fromMachineCode)
        RC_ASSERT(b.loop.bytes > a.loop.bytes);
}
