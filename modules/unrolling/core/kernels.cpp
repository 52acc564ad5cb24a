// The compiled kernels, from one template per kernel. This file alone is compiled with
// -fno-tree-vectorize -fno-unroll-loops -fno-peel-loops (see CMakeLists.txt, and the pragma below)
// so that the machine code has exactly the body copies and accumulator chains written here:
// no SIMD, no extra unrolling by the compiler, no re-association of the integer chains (the
// floating-point ones are never re-associated without -ffast-math). A test disassembles them.
#include "kernels.h"

#include <algorithm>
#include <stdexcept>
#include <type_traits>
#include <utility>

// GCC re-associates integer add chains (tree-reassoc) into trees that shorten the loop-carried
// chain; this keeps them in source order. (A pragma rather than a flag: clang and clang-tidy
// do not know the flag.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-reassoc")
#endif

namespace conceptlab::unrolling {

// Not in an anonymous namespace: the kernels' symbols stay in the dynamic symbol table of the
// plugin, where dladdr1 finds their sizes (machinecode.cpp).
namespace compiled {
    // int32 kernels compute in uint32: the same instructions, and wrap-around instead of
    // undefined behaviour on overflow.
    template<class T> using Arith = std::conditional_t<std::is_integral_v<T>, std::uint32_t, T>;

    // The main loop runs U body copies per iteration; copy J adds into accumulator J mod K.
    // The remainder loop (U > 1 only) handles the last n mod U elements one at a time.
    template<class T, int U, int K> [[gnu::noinline]] T sumKernel(const T *x, std::int64_t n)
    {
        Arith<T> acc[K] = {};
        std::int64_t i = 0;
        for (; i + U <= n; i += U)
            [&]<int... J>(std::integer_sequence<int, J...>)
            {
                ((acc[J % K] += static_cast<Arith<T>>(x[i + J])), ...);
            }
        (std::make_integer_sequence<int, U>());
        if constexpr (U > 1)
            for (; i < n; ++i)
                acc[0] += static_cast<Arith<T>>(x[i]);
        Arith<T> total = acc[0];
        for (int k = 1; k < K; ++k)
            total += acc[k];
        return static_cast<T>(total);
    }

    template<class T, int U, int K> [[gnu::noinline]] T dotKernel(const T *x, const T *y, std::int64_t n)
    {
        Arith<T> acc[K] = {};
        std::int64_t i = 0;
        for (; i + U <= n; i += U)
            [&]<int... J>(std::integer_sequence<int, J...>)
            {
                ((acc[J % K] += static_cast<Arith<T>>(x[i + J]) * static_cast<Arith<T>>(y[i + J])), ...);
            }
        (std::make_integer_sequence<int, U>());
        if constexpr (U > 1)
            for (; i < n; ++i)
                acc[0] += static_cast<Arith<T>>(x[i]) * static_cast<Arith<T>>(y[i]);
        Arith<T> total = acc[0];
        for (int k = 1; k < K; ++k)
            total += acc[k];
        return static_cast<T>(total);
    }

    template<class T, int U> [[gnu::noinline]] void saxpyKernel(T a, const T *x, T *y, std::int64_t n)
    {
        const auto alpha = static_cast<Arith<T>>(a);
        std::int64_t i = 0;
        for (; i + U <= n; i += U)
            [&]<int... J>(std::integer_sequence<int, J...>)
            {
                ((y[i + J] = static_cast<T>(alpha * static_cast<Arith<T>>(x[i + J]) + static_cast<Arith<T>>(y[i + J]))),
                    ...);
            }
        (std::make_integer_sequence<int, U>());
        if constexpr (U > 1)
            for (; i < n; ++i)
                y[i] = static_cast<T>(alpha * static_cast<Arith<T>>(x[i]) + static_cast<Arith<T>>(y[i]));
    }

    template<class T, int U> [[gnu::noinline]] void prefixSumKernel(const T *x, T *out, std::int64_t n)
    {
        Arith<T> acc = 0;
        std::int64_t i = 0;
        for (; i + U <= n; i += U)
            [&]<int... J>(std::integer_sequence<int, J...>)
            {
                ((acc += static_cast<Arith<T>>(x[i + J]), out[i + J] = static_cast<T>(acc)), ...);
            }
        (std::make_integer_sequence<int, U>());
        if constexpr (U > 1)
            for (; i < n; ++i) {
                acc += static_cast<Arith<T>>(x[i]);
                out[i] = static_cast<T>(acc);
            }
    }

} // namespace compiled

namespace {
    using namespace compiled;

    template<class T, int U, int K> double callSum(const KernelBuffers &b)
    {
        return static_cast<double>(sumKernel<T, U, K>(static_cast<const T *>(b.x), b.elements));
    }
    template<class T, int U, int K> double callDot(const KernelBuffers &b)
    {
        return static_cast<double>(
            dotKernel<T, U, K>(static_cast<const T *>(b.x), static_cast<const T *>(b.y), b.elements));
    }
    template<class T, int U> double callSaxpy(const KernelBuffers &b)
    {
        saxpyKernel<T, U>(static_cast<T>(3), static_cast<const T *>(b.x), static_cast<T *>(b.y), b.elements);
        return 0;
    }
    template<class T, int U> double callPrefixSum(const KernelBuffers &b)
    {
        prefixSumKernel<T, U>(static_cast<const T *>(b.x), static_cast<T *>(b.y), b.elements);
        return 0;
    }

    template<class T> constexpr ElementType typeOf()
    {
        if constexpr (std::is_same_v<T, float>)
            return ElementType::Float;
        else if constexpr (std::is_same_v<T, double>)
            return ElementType::Double;
        else
            return ElementType::Int32;
    }

    template<class T, int U, int K> void addReductions(std::vector<KernelVariant> &out)
    {
        if constexpr (K <= U) {
            out.push_back({ Kernel::Sum, typeOf<T>(), U, K, reinterpret_cast<const void *>(&sumKernel<T, U, K>),
                &callSum<T, U, K> });
            out.push_back({ Kernel::Dot, typeOf<T>(), U, K, reinterpret_cast<const void *>(&dotKernel<T, U, K>),
                &callDot<T, U, K> });
        }
    }

    template<class T, int U> void addFactor(std::vector<KernelVariant> &out)
    {
        addReductions<T, U, 1>(out);
        addReductions<T, U, 2>(out);
        addReductions<T, U, 4>(out);
        addReductions<T, U, 8>(out);
        out.push_back(
            { Kernel::Saxpy, typeOf<T>(), U, 1, reinterpret_cast<const void *>(&saxpyKernel<T, U>), &callSaxpy<T, U> });
        out.push_back({ Kernel::PrefixSum, typeOf<T>(), U, 1, reinterpret_cast<const void *>(&prefixSumKernel<T, U>),
            &callPrefixSum<T, U> });
    }

    template<class T> void addType(std::vector<KernelVariant> &out)
    {
        addFactor<T, 1>(out);
        addFactor<T, 2>(out);
        addFactor<T, 4>(out);
        addFactor<T, 8>(out);
        addFactor<T, 16>(out);
    }

    const std::vector<KernelVariant> &allVariants()
    {
        static const std::vector<KernelVariant> variants = [] {
            std::vector<KernelVariant> out;
            addType<float>(out);
            addType<double>(out);
            addType<std::int32_t>(out);
            return out;
        }();
        return variants;
    }
} // namespace

int effectiveAccumulators(Kernel kernel, int unroll, int accumulators)
{
    return isReduction(kernel) ? std::min(unroll, accumulators) : 1;
}

const KernelVariant &kernelVariant(Kernel kernel, ElementType type, int unroll, int accumulators)
{
    const int compiled = effectiveAccumulators(kernel, unroll, accumulators);
    for (const KernelVariant &v : allVariants())
        if (v.kernel == kernel && v.type == type && v.unroll == unroll && v.accumulators == compiled)
            return v;
    throw std::invalid_argument("no compiled kernel for this unroll factor and accumulator count");
}

int arithmeticPerElement(Kernel kernel)
{
    return kernel == Kernel::Dot || kernel == Kernel::Saxpy ? 2 : 1;
}

} // namespace conceptlab::unrolling
