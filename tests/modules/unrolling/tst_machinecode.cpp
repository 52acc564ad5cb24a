// The compiled kernels, found in this process and disassembled: the compiler kept exactly the
// unrolling and accumulators written in the source (no SIMD, one arithmetic instruction per
// operation per body copy), the loop grows with the factor and a remainder loop follows.
#include "core/analysis.h"
#include "core/kernels.h"
#include "core/machinecode.h"
#include "core/pipeline.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace conceptlab::unrolling;

namespace {
bool isPackedArithmetic(const Instruction &ins)
{
    const std::string &m = ins.mnemonic;
    const bool packedFloat = m.size() > 2 && (m.substr(m.size() - 2) == "ps" || m.substr(m.size() - 2) == "pd")
        && m.rfind("mov", 0) != 0 && m.rfind("xor", 0) != 0;
    const bool packedInteger = m.rfind("padd", 0) == 0 || m.rfind("pmul", 0) == 0 || m.rfind("phadd", 0) == 0;
    return packedFloat || packedInteger || m.rfind("vadd", 0) == 0 || m.rfind("vfmadd", 0) == 0;
}

// add/mul/imul instructions of the data (not 64-bit pointer or index updates).
int arithmeticCount(const std::vector<Instruction> &body)
{
    int count = 0;
    for (const Instruction &ins : body) {
        const std::string &m = ins.mnemonic;
        const bool floating = m == "addss" || m == "addsd" || m == "mulss" || m == "mulsd";
        const bool integer = m == "imul" || (m == "add" && !isOverhead(ins));
        count += floating || integer ? 1 : 0;
    }
    return count;
}

std::vector<KernelVariant> everyVariant()
{
    std::vector<KernelVariant> out;
    for (Kernel k : { Kernel::Sum, Kernel::Dot, Kernel::Saxpy, Kernel::PrefixSum })
        for (ElementType t : { ElementType::Float, ElementType::Double, ElementType::Int32 })
            for (int u : kUnrollFactors)
                for (int a : kAccumulatorCounts)
                    if (effectiveAccumulators(k, u, a) == a)
                        out.push_back(kernelVariant(k, t, u, a));
    return out;
}
} // namespace

#if defined(__x86_64__)
TEST(MachineCode, KernelsAreScalarAndUnrolledExactlyAsWritten)
{
    const auto variants = everyVariant();
    ASSERT_EQ(variants.size(), 2U * 3 * (1 + 2 + 3 + 4 + 4) + 2U * 3 * 5);
    for (const KernelVariant &v : variants) {
        SCOPED_TRACE(std::string(kKernelNames.name(v.kernel)) + " " + std::string(kTypeNames.name(v.type)) + " x"
            + std::to_string(v.unroll) + " acc " + std::to_string(v.accumulators));
        const KernelCode code = kernelCode(v);
        ASSERT_TRUE(code.fromMachineCode) << code.note;
        for (const Instruction &ins : code.function)
            EXPECT_FALSE(isPackedArithmetic(ins)) << ins.text();
        const auto body = code.loopBody();
        EXPECT_EQ(arithmeticCount(body), v.unroll * arithmeticPerElement(v.kernel));
        EXPECT_TRUE(body.back().conditional);
        if (v.unroll > 1) {
            ASSERT_FALSE(code.remainder.empty());
            EXPECT_EQ(arithmeticCount({ code.function.begin() + static_cast<std::ptrdiff_t>(code.remainder.begin),
                          code.function.begin() + static_cast<std::ptrdiff_t>(code.remainder.end) }),
                arithmeticPerElement(v.kernel));
        } else {
            EXPECT_TRUE(code.remainder.empty());
        }
    }
}

// The accumulator chains as written: with k accumulators each chain has unroll / k adds per
// iteration (prefix sum: one chain of unroll adds; saxpy: only the pointer update's 1 cycle),
// so the loop-carried latency is that many add latencies (Skylake: FP add 4, integer add 1).
// A compiler re-associating the integer adds into a tree would shorten it.
TEST(MachineCode, AccumulatorChainsAreKept)
{
    const CpuModel skylake = cpuModel(CpuPreset::Skylake);
    for (const KernelVariant &v : everyVariant()) {
        const double add = v.type == ElementType::Int32 ? 1.0 : 4.0;
        double expected = 1.0;
        if (isReduction(v.kernel))
            expected = std::max(1.0, add * v.unroll / v.accumulators);
        else if (v.kernel == Kernel::PrefixSum)
            expected = add * v.unroll;
        const Bounds b = computeBounds(kernelCode(v).loopBody(), skylake);
        EXPECT_DOUBLE_EQ(b.latency, expected) << kKernelNames.name(v.kernel) << ' ' << kTypeNames.name(v.type) << " x"
                                              << v.unroll << " acc " << v.accumulators;
    }
}

// Each body copy (the original iteration it came from) gets the same instructions: found from
// the element each memory access touches, whatever order the compiler scheduled them in.
TEST(MachineCode, EveryBodyCopyHasTheSameWork)
{
    for (const KernelVariant &v : everyVariant()) {
        const auto body = kernelCode(v).loopBody();
        const std::vector<int> copies = bodyCopies(body, v.unroll, elementBytes(v.type));
        std::vector<int> count(static_cast<std::size_t>(v.unroll), 0);
        int control = 0;
        for (int c : copies)
            (c < 0 ? control : count[static_cast<std::size_t>(c)]) += 1;
        for (int c : count)
            EXPECT_EQ(c, count.front()) << kKernelNames.name(v.kernel) << ' ' << kTypeNames.name(v.type) << " x"
                                        << v.unroll << " acc " << v.accumulators;
        EXPECT_GE(control, 2); // at least the compare and the branch
    }
    // The listing: sum x4 adds elements 0, 1, 2, 3 in order.
    const auto listing = kernelListing(Kernel::Sum, ElementType::Float, 4, 2);
    EXPECT_EQ(bodyCopies(listing, 4, 4), std::vector<int>({ 0, 1, 2, 3, -1, -1, -1 }));
}

TEST(MachineCode, LoopBytesGrowWithTheFactor)
{
    for (Kernel k : { Kernel::Sum, Kernel::Dot, Kernel::Saxpy, Kernel::PrefixSum })
        for (ElementType t : { ElementType::Float, ElementType::Double, ElementType::Int32 }) {
            int previous = 0;
            for (int u : kUnrollFactors) {
                const KernelCode code = kernelCode(kernelVariant(k, t, u, 1));
                EXPECT_GT(code.loop.bytes, previous) << kKernelNames.name(k) << " x" << u;
                previous = code.loop.bytes;
            }
        }
}

TEST(MachineCode, FunctionSizeComesFromTheSymbolTable)
{
    const KernelVariant &v = kernelVariant(Kernel::Sum, ElementType::Float, 4, 1);
    const std::size_t size = functionSizeBytes(v.code);
    EXPECT_GT(size, 20U);
    EXPECT_LT(size, 400U);
}
#endif

TEST(Kernels, ComputeTheirResults)
{
    std::vector<float> x(37), y(37);
    for (std::size_t i = 0; i < x.size(); ++i) {
        x[i] = static_cast<float>(i % 4);
        y[i] = 1;
    }
    const double expectedSum = 9 * (0 + 1 + 2 + 3) + 0; // 36 elements in 9 groups, then x[36] = 0
    for (int u : kUnrollFactors)
        for (int a : kAccumulatorCounts) {
            KernelBuffers b { x.data(), y.data(), 37 };
            EXPECT_EQ(kernelVariant(Kernel::Sum, ElementType::Float, u, a).call(b), expectedSum);
            EXPECT_EQ(kernelVariant(Kernel::Dot, ElementType::Float, u, a).call(b), expectedSum);
        }
    std::vector<std::int32_t> xi(10, 2), out(10, 0);
    KernelBuffers b { xi.data(), out.data(), 10 };
    kernelVariant(Kernel::PrefixSum, ElementType::Int32, 4, 1).call(b);
    EXPECT_EQ(out[9], 20);
    std::vector<double> xd(5, 1.0), yd(5, 0.5);
    KernelBuffers bd { xd.data(), yd.data(), 5 };
    kernelVariant(Kernel::Saxpy, ElementType::Double, 2, 1).call(bd);
    EXPECT_EQ(yd[4], 3.5); // 3 · 1 + 0.5
    EXPECT_THROW(kernelVariant(Kernel::Sum, ElementType::Float, 3, 1), std::invalid_argument);
}
