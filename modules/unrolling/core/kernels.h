// The loop kernels the module runs for real: sum, dot product, saxpy and prefix sum over
// float, double and int32, unrolled 1, 2, 4, 8 or 16 times with 1, 2, 4 or 8 accumulators,
// every combination compiled into this library (kernels.cpp, with flags that stop the
// compiler from vectorising, unrolling or re-associating them itself).
#pragma once

#include "text.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab::unrolling {

enum class Kernel { Sum, Dot, Saxpy, PrefixSum };
enum class ElementType { Float, Double, Int32 };

inline constexpr EnumNames<Kernel, 4> kKernelNames { { { { Kernel::Sum, "sum" }, { Kernel::Dot, "dot" },
    { Kernel::Saxpy, "saxpy" }, { Kernel::PrefixSum, "prefix_sum" } } } };
inline constexpr EnumNames<ElementType, 3> kTypeNames {
    { { { ElementType::Float, "float" }, { ElementType::Double, "double" }, { ElementType::Int32, "int32" } } }
};

inline constexpr std::array<int, 5> kUnrollFactors { 1, 2, 4, 8, 16 };
inline constexpr std::array<int, 4> kAccumulatorCounts { 1, 2, 4, 8 };

/// Whether the kernel is a reduction (sum, dot): only reductions use several accumulators.
constexpr bool isReduction(Kernel kernel)
{
    return kernel == Kernel::Sum || kernel == Kernel::Dot;
}
/// Bytes per element of the type.
constexpr int elementBytes(ElementType type)
{
    return type == ElementType::Double ? 8 : 4;
}

/// Input and output arrays of one kernel call; the data is the kernel's element type.
struct KernelBuffers {
    const void *x = nullptr; ///< read by every kernel
    void *y = nullptr; ///< dot: read; saxpy: read and written; prefix sum: written
    std::int64_t elements = 0;
};

/// One compiled kernel.
struct KernelVariant {
    Kernel kernel = Kernel::Sum;
    ElementType type = ElementType::Float;
    int unroll = 1;
    int accumulators = 1; ///< as compiled: 1 for saxpy and prefix sum, which have none to split
    const void *code = nullptr; ///< the kernel function's first instruction
    /// Calls the kernel once on the buffers; returns the reduction (0 for saxpy, prefix sum)
    /// as a double so the call cannot be optimised away.
    double (*call)(const KernelBuffers &buffers) = nullptr;
};

/// The compiled kernel for the combination. Saxpy and prefix sum ignore `accumulators` (their
/// iterations carry no reduction to split); reductions with more accumulators than the unroll
/// factor use the first `unroll` of them (the rest stay zero), so the code is the same as with
/// min(unroll, accumulators). Throws std::invalid_argument for a factor or count not compiled.
const KernelVariant &kernelVariant(Kernel kernel, ElementType type, int unroll, int accumulators);

/// The accumulators the variant really uses: min(unroll, accumulators) for reductions, else 1.
int effectiveAccumulators(Kernel kernel, int unroll, int accumulators);

/// The C source of the kernel, rolled (unroll 1, one accumulator) or unrolled as compiled.
std::string kernelSource(Kernel kernel, ElementType type, int unroll, int accumulators);

/// Arithmetic operations per element (sum and prefix sum: 1 add; dot and saxpy: mul and add).
int arithmeticPerElement(Kernel kernel);

} // namespace conceptlab::unrolling
