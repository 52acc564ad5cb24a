// The run: code, model, llvm-mca and timings of the chosen variant and the sweep.
#include "analysis.h"

#include "llvmmca.h"

#include <map>

namespace conceptlab::unrolling {

namespace {
    bool is64BitRegister(const std::string &operand)
    {
        const std::string name(trim(operand));
        return canonicalRegister(name) == name && name.rfind("xmm", 0) != 0;
    }

    VariantResult evaluate(
        const KernelCode &code, const PipelineResult &pipeline, int unroll, int accumulators, int effective)
    {
        VariantResult v;
        v.unroll = unroll;
        v.accumulators = accumulators;
        v.effectiveAccumulators = effective;
        const auto body = code.loopBody();
        v.loopInstructions = static_cast<int>(body.size());
        v.elementsPerIteration = unroll;
        v.loopBytes = code.loop.bytes;
        v.remainderBytes = code.remainder.bytes;
        v.cyclesPerIteration = pipeline.cyclesPerIteration;
        v.cyclesPerElement = pipeline.cyclesPerIteration / unroll;
        v.bounds = pipeline.bounds;
        v.bottleneck = pipeline.bottleneck;
        int overhead = 0;
        for (const Instruction &ins : body)
            overhead += isOverhead(ins) ? 1 : 0;
        v.overheadInstructionsPerElement = static_cast<double>(overhead) / unroll;
        return v;
    }
} // namespace

bool isOverhead(const Instruction &ins)
{
    if (ins.branch || ins.mnemonic == "cmp" || ins.mnemonic == "test")
        return true;
    if (ins.form != OperandForm::RegReg || ins.writes.empty())
        return false;
    const std::string first(trim(ins.operands.substr(0, ins.operands.find(','))));
    return is64BitRegister(first)
        && (ins.mnemonic == "add" || ins.mnemonic == "sub" || ins.mnemonic == "lea" || ins.mnemonic == "mov"
            || ins.mnemonic == "inc" || ins.mnemonic == "dec");
}

std::vector<int> bodyCopies(const std::vector<Instruction> &body, int unroll, int elementBytes)
{
    std::map<std::string, std::int64_t> moved; // bytes a register was advanced earlier in the body
    std::map<std::string, int> copyIn; // the copy a register's value (written in this body) belongs to
    std::vector<int> copies;
    copies.reserve(body.size());
    for (const Instruction &ins : body) {
        int copy = -1;
        if (isOverhead(ins)) {
            const std::string dest = ins.writes.empty() ? std::string() : ins.writes.front();
            if ((ins.mnemonic == "add" || ins.mnemonic == "sub") && !dest.empty() && dest != "flags")
                moved[dest] += ins.mnemonic == "add" ? ins.immediate : -ins.immediate;
            else if (ins.mnemonic == "mov" && ins.registerMove && !ins.reads.empty())
                moved[dest] = moved[ins.reads.front()];
        } else if (ins.form != OperandForm::RegReg && ins.form != OperandForm::None) {
            std::int64_t offset = ins.displacement;
            for (const auto &[reg, scale] : ins.addressTerms)
                offset += scale * moved[reg];
            const std::int64_t element
                = offset >= 0 ? offset / elementBytes : -((-offset + elementBytes - 1) / elementBytes);
            copy = static_cast<int>(((element % unroll) + unroll) % unroll);
        } else {
            for (const std::string &reg : ins.reads)
                if (const auto it = copyIn.find(reg); it != copyIn.end())
                    copy = std::max(copy, it->second);
        }
        for (const std::string &reg : ins.writes)
            if (copy >= 0)
                copyIn[reg] = copy;
        copies.push_back(copy);
    }
    return copies;
}

Analysis analyse(const RunSettings &settings, const WorkControl &control)
{
    Analysis a;
    a.settings = settings;
    a.model = cpuModel(settings.cpu);
    applyOverrides(a.model, settings.overrides);
    a.llvmMcaFound = settings.llvmMca && !llvmMcaPath().empty();
    if (settings.measure)
        a.clock = detectCycleClock();
    MeasureSettings measureSettings;
    measureSettings.elements = settings.elements;
    const std::size_t total = kUnrollFactors.size() * kAccumulatorCounts.size();
    // Saxpy and prefix sum compile the same code for every accumulator count: computed once.
    std::map<std::pair<int, int>, VariantResult> done;
    for (int unroll : kUnrollFactors)
        for (int accumulators : kAccumulatorCounts) {
            control.checkpoint();
            control.report(static_cast<double>(a.sweep.size()) / static_cast<double>(total),
                "unroll " + std::to_string(unroll) + " x " + std::to_string(accumulators) + " accumulators");
            const int effective = effectiveAccumulators(settings.kernel, unroll, accumulators);
            const auto key = std::make_pair(unroll, effective);
            if (const auto it = done.find(key); it != done.end()) {
                VariantResult copy = it->second;
                copy.accumulators = accumulators;
                a.sweep.push_back(copy);
                continue;
            }
            const KernelVariant &variant = kernelVariant(settings.kernel, settings.type, unroll, accumulators);
            const KernelCode code = kernelCode(variant);
            const auto body = code.loopBody();
            const PipelineResult pipeline = simulate(body, a.model, settings.modelIterations, 0);
            VariantResult v = evaluate(code, pipeline, unroll, accumulators, effective);
            if (a.llvmMcaFound)
                if (const auto mca = runLlvmMca(body, a.model.name))
                    v.llvmMcaCyclesPerElement = mca->cyclesPerIteration / unroll;
            if (settings.measure)
                v.measured = measureKernel(variant, measureSettings, a.clock, control);
            done.emplace(key, v);
            a.sweep.push_back(v);
        }
    const KernelVariant &chosen = kernelVariant(settings.kernel, settings.type, settings.unroll, settings.accumulators);
    a.code = kernelCode(chosen);
    a.pipeline = simulate(a.code.loopBody(), a.model, settings.modelIterations, settings.timelineIterations);
    for (const VariantResult &v : a.sweep)
        if (v.unroll == settings.unroll && v.accumulators == settings.accumulators)
            a.chosen = v;
    control.report(1.0, "done");
    return a;
}

} // namespace conceptlab::unrolling
