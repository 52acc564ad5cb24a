// The C source of each kernel, rolled and unrolled, as the view shows it.
#include "kernels.h"

namespace conceptlab::unrolling {

namespace {
    std::string typeName(ElementType type)
    {
        return type == ElementType::Float ? "float" : type == ElementType::Double ? "double" : "int32_t";
    }

    std::string statement(Kernel kernel, const std::string &acc, const std::string &index)
    {
        switch (kernel) {
        case Kernel::Sum:
            return acc + " += x[" + index + "];";
        case Kernel::Dot:
            return acc + " += x[" + index + "] * y[" + index + "];";
        case Kernel::Saxpy:
            return "y[" + index + "] = a * x[" + index + "] + y[" + index + "];";
        case Kernel::PrefixSum:
            return "acc += x[" + index + "]; out[" + index + "] = acc;";
        }
        return {};
    }

    std::string signature(Kernel kernel, const std::string &t)
    {
        switch (kernel) {
        case Kernel::Sum:
            return t + " sum(const " + t + " *x, long n)";
        case Kernel::Dot:
            return t + " dot(const " + t + " *x, const " + t + " *y, long n)";
        case Kernel::Saxpy:
            return "void saxpy(" + t + " a, const " + t + " *x, " + t + " *y, long n)";
        case Kernel::PrefixSum:
            return "void prefix_sum(const " + t + " *x, " + t + " *out, long n)";
        }
        return {};
    }
} // namespace

std::string kernelSource(Kernel kernel, ElementType type, int unroll, int accumulators)
{
    const std::string t = typeName(type);
    const int k = effectiveAccumulators(kernel, unroll, accumulators);
    const bool reduction = isReduction(kernel);
    std::string s = signature(kernel, t) + "\n{\n";
    if (reduction)
        s += k == 1 ? "    " + t + " acc = 0;\n" : "    " + t + " acc[" + std::to_string(k) + "] = {0};\n";
    if (kernel == Kernel::PrefixSum)
        s += "    " + t + " acc = 0;\n";
    s += "    long i = 0;\n";
    if (unroll == 1) {
        s += "    for (; i < n; ++i)\n        " + statement(kernel, reduction ? "acc" : "", "i") + "\n";
    } else {
        s += "    for (; i + " + std::to_string(unroll) + " <= n; i += " + std::to_string(unroll) + ") {\n";
        for (int j = 0; j < unroll; ++j) {
            const std::string acc = k == 1 ? "acc" : "acc[" + std::to_string(j % k) + "]";
            s += "        " + statement(kernel, acc, j == 0 ? "i" : "i + " + std::to_string(j)) + "\n";
        }
        s += "    }\n    for (; i < n; ++i) /* remainder */\n        "
            + statement(kernel, k == 1 ? "acc" : "acc[0]", "i") + "\n";
    }
    if (reduction) {
        if (k == 1) {
            s += "    return acc;\n";
        } else {
            s += "    " + t + " total = acc[0];\n    for (int j = 1; j < " + std::to_string(k)
                + "; ++j)\n        total += acc[j];\n    return total;\n";
        }
    }
    return s + "}\n";
}

} // namespace conceptlab::unrolling
