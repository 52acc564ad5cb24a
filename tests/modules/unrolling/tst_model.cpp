// The pipeline model on loops whose timing follows from the tables by hand, the assembly
// reader and the override text.
#include "core/analysis.h"
#include "core/assembly.h"
#include "core/cpumodel.h"
#include "core/machinecode.h"
#include "core/pipeline.h"
#include "session.h"

#include <gtest/gtest.h>

using namespace conceptlab;
using namespace conceptlab::unrolling;

namespace {
double cyclesPerElement(
    Kernel kernel, ElementType type, int unroll, int accumulators, CpuPreset cpu, std::string_view overrides = {})
{
    CpuModel model = cpuModel(cpu);
    applyOverrides(model, overrides);
    const auto body = kernelListing(kernel, type, unroll, accumulators);
    return simulate(body, model, 400, 0).cyclesPerIteration / unroll;
}
} // namespace

TEST(Assembly, ReadsRegistersAndMemoryForms)
{
    const Instruction add = parseInstruction("addss xmm0, dword ptr [rax + rdx*4 - 0x10]");
    EXPECT_EQ(add.form, OperandForm::Load);
    EXPECT_EQ(add.writes, std::vector<std::string>({ "xmm0" }));
    EXPECT_EQ(add.reads, std::vector<std::string>({ "xmm0", "rax", "rdx" }));
    EXPECT_EQ(add.addressReads, std::vector<std::string>({ "rax", "rdx" }));
    const Instruction store = parseInstruction("mov dword ptr [rsi], r8d");
    EXPECT_EQ(store.form, OperandForm::Store);
    EXPECT_TRUE(store.writes.empty());
    const Instruction rmw = parseInstruction("add dword ptr [rax + 4], ecx");
    EXPECT_EQ(rmw.form, OperandForm::ReadModifyWrite);
    EXPECT_EQ(rmw.writes, std::vector<std::string>({ "flags" }));
    const Instruction jump = parseInstruction("jne 0x1234");
    EXPECT_TRUE(jump.conditional);
    EXPECT_EQ(jump.target, 0x1234);
    EXPECT_EQ(jump.reads, std::vector<std::string>({ "flags" }));
    EXPECT_TRUE(parseInstruction("xor eax, eax").zeroIdiom);
    EXPECT_TRUE(parseInstruction("mov rdi, rax").registerMove);
    EXPECT_EQ(canonicalRegister("r9d"), "r9");
    EXPECT_EQ(canonicalRegister("ymm7"), "xmm7");
}

TEST(Assembly, BadLinesNameTheLine)
{
    EXPECT_THROW(parseInstruction("addss xmm0, [rax", 3), InputError);
    try {
        parseListing("add rax, 4\nadd rax, [rbx*3]\n");
        FAIL();
    } catch (const InputError &e) {
        EXPECT_EQ(e.message().rfind("line 2:", 0), 0U) << e.message();
    }
    EXPECT_THROW(parseInstruction("mov eax, ebx, ecx, edx"), InputError);
    EXPECT_THROW(parseInstruction("mov eax, %%"), InputError);
}

TEST(Overrides, ChangeTheModelOrNameTheError)
{
    CpuModel m = cpuModel(CpuPreset::Skylake);
    applyOverrides(m, "dispatch_width=4, rob_size=100, latency.addss=3, ports.addss=p5");
    EXPECT_EQ(m.dispatchWidth, 4);
    EXPECT_EQ(m.reorderBufferUops, 100);
    const Timing t = timingOf(m, parseInstruction("addss xmm0, dword ptr [rax]"));
    EXPECT_EQ(t.latencyCycles, 8); // 9 − 4 + 3: the folded load's 5 cycles stay
    EXPECT_EQ(t.uses.front().units, std::vector<int>({ m.unitIndex("p5") }));
    for (const char *bad : { "dispatch_width=0", "speed=3", "ports.addss=p9", "latency.addss=x", "noequals" }) {
        CpuModel copy = cpuModel(CpuPreset::Skylake);
        try {
            applyOverrides(copy, bad);
            FAIL() << bad;
        } catch (const InputError &e) {
            EXPECT_EQ(e.message().rfind("overrides:", 0), 0U) << e.message();
        }
    }
    // A long bad value is quoted cut, never echoed whole; past 4096 bytes nothing is parsed.
    CpuModel copy = cpuModel(CpuPreset::Skylake);
    try {
        applyOverrides(copy, "latency.addss=" + std::string(3000, '7'));
        FAIL();
    } catch (const InputError &e) {
        EXPECT_LT(e.message().size(), 200U) << e.message();
        EXPECT_NE(e.message().find("(3000 bytes)"), std::string::npos) << e.message();
    }
    try {
        applyOverrides(copy, std::string(5000, ','));
        FAIL();
    } catch (const InputError &e) {
        EXPECT_EQ(e.message(), "overrides: 5000 bytes; at most 4096 are read");
    }
}

// One accumulator: every add waits for the previous one, so a sum runs at the add's latency
// per element whatever the unroll factor (Skylake addss 4 cycles, Zen 3 3 cycles).
TEST(Model, OneAccumulatorRunsAtTheAddLatency)
{
    for (int unroll : { 1, 2, 4, 8, 16 }) {
        EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, unroll, 1, CpuPreset::Skylake), 4.0, 0.01);
        EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Double, unroll, 1, CpuPreset::Zen3), 3.0, 0.01);
    }
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Int32, 4, 1, CpuPreset::Skylake), 1.0, 0.01);
}

// k accumulators: k independent chains, L/k per element, until the ports bind: Skylake has two
// FP add ports (p0, p1) and two load ports, so never below 0.5 cycles per element.
TEST(Model, AccumulatorsDivideTheLatencyUntilPortsBind)
{
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, 8, 2, CpuPreset::Skylake), 2.0, 0.01);
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, 8, 4, CpuPreset::Skylake), 1.0, 0.01);
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, 8, 8, CpuPreset::Skylake), 0.5, 0.01);
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, 16, 8, CpuPreset::Skylake), 0.5, 0.01);
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, 8, 2, CpuPreset::Zen3), 1.5, 0.01);
    EXPECT_NEAR(cyclesPerElement(Kernel::Sum, ElementType::Float, 8, 8, CpuPreset::Zen3), 0.5, 0.01);
}

// Prefix sum: element i needs element i−1's sum; unrolling only removes loop control.
TEST(Model, PrefixSumStaysLatencyBound)
{
    for (int unroll : { 1, 2, 4, 8, 16 }) {
        EXPECT_NEAR(cyclesPerElement(Kernel::PrefixSum, ElementType::Float, unroll, 1, CpuPreset::Skylake), 4.0, 0.01);
        EXPECT_NEAR(cyclesPerElement(Kernel::PrefixSum, ElementType::Double, unroll, 1, CpuPreset::Zen3), 3.0, 0.01);
    }
}

// Saxpy, 4 elements per iteration on Skylake: 8 loads on p2/p3, 4 stores on p4, 8 FP ops on
// p0/p1 → 4 cycles of port work; 27 micro-ops → 4.5 cycles at 6 per cycle. With 8 per cycle
// the ports bind: 1 cycle per element.
TEST(Model, SaxpyIsThroughputBound)
{
    const CpuModel skylake = cpuModel(CpuPreset::Skylake);
    const auto body = kernelListing(Kernel::Saxpy, ElementType::Float, 4, 1);
    const Bounds b = computeBounds(body, skylake);
    EXPECT_DOUBLE_EQ(b.units, 4.0);
    EXPECT_DOUBLE_EQ(b.dispatch, 4.5);
    EXPECT_DOUBLE_EQ(b.latency, 1.0); // the pointer increment
    const PipelineResult r = simulate(body, skylake, 400, 0);
    EXPECT_GE(r.cyclesPerIteration, 4.5 - 1e-9);
    EXPECT_LE(r.cyclesPerIteration, 5.0);
    EXPECT_EQ(r.bottleneck.rfind("dispatch width 6", 0), 0U) << r.bottleneck;
    EXPECT_NEAR(
        cyclesPerElement(Kernel::Saxpy, ElementType::Float, 4, 1, CpuPreset::Skylake, "dispatch_width=8"), 1.0, 0.02);
    const PipelineResult sum = simulate(kernelListing(Kernel::Sum, ElementType::Float, 4, 1), skylake, 400, 0);
    EXPECT_EQ(sum.bottleneck, "loop-carried dependency: addss latency 4 cycles x 4 in a chain per iteration");
}

TEST(Model, TimelineFollowsTheStages)
{
    const auto body = kernelListing(Kernel::Sum, ElementType::Float, 1, 1);
    const PipelineResult r = simulate(body, cpuModel(CpuPreset::Skylake), 50, 3);
    ASSERT_EQ(r.timeline.size(), 3 * body.size());
    for (const TimelineEntry &e : r.timeline) {
        EXPECT_LT(e.dispatchCycle, e.issueCycle);
        EXPECT_LE(e.issueCycle, e.readyCycle);
        EXPECT_LT(e.readyCycle, e.retireCycle);
    }
    // The second addss waits for the first: issue 4 cycles later, and says whom it waited for.
    EXPECT_EQ(r.timeline[4].issueCycle - r.timeline[0].issueCycle, 4);
    EXPECT_EQ(r.timeline[4].producerIndex, 0);
    EXPECT_EQ(r.timeline[4].producerIteration, 0);
}
