// The Skylake and Zen 3 presets, the instruction classes and the override text.
//
// Numbers: LLVM 14's scheduling models, as `llvm-mca-14 -mcpu=<cpu> -instruction-info
// -resource-pressure` reports them for each form used here (X86SchedSkylakeClient.td,
// X86ScheduleZnver3.td); they agree with uops.info and Agner Fog's tables for these
// instructions (Skylake addss 4 cycles on p01, Zen 3 addss 3 cycles on FP2/FP3, ...).
#include "cpumodel.h"

#include "session.h"
#include "text.h"

#include <algorithm>

namespace conceptlab::unrolling {

namespace {
    // "p0|p1|p5" → unit indices (every name must exist).
    std::vector<int> unitsOf(const CpuModel &model, std::string_view names)
    {
        std::vector<int> out;
        for (std::string_view name : split(names, '|')) {
            const int index = model.unitIndex(trim(name));
            if (index < 0)
                throw InputError("overrides: unknown unit " + quoted(trim(name)) + " for " + model.name);
            out.push_back(index);
        }
        return out;
    }

    Timing timing(
        const CpuModel &model, int uops, int latency, std::initializer_list<std::string_view> uses, int readAdvance = 0)
    {
        Timing t;
        t.uops = uops;
        t.latencyCycles = latency;
        t.readAdvanceCycles = readAdvance;
        for (std::string_view use : uses) {
            int cycles = 1;
            if (const auto star = use.find('*'); star != std::string_view::npos) {
                cycles = static_cast<int>(parseInteger(use.substr(star + 1)).value_or(1));
                use = use.substr(0, star);
            }
            t.uses.push_back({ unitsOf(model, use), cycles });
        }
        return t;
    }

    Timing eliminatedMove()
    {
        Timing t;
        t.uops = 1;
        t.latencyCycles = 0;
        t.eliminated = true;
        return t;
    }

    void fillSkylake(CpuModel &m)
    {
        m.name = "skylake";
        m.dispatchWidth = 6;
        m.reorderBufferUops = 224;
        m.retireWidth = 0;
        m.loadLatencyCycles = 5;
        m.moveElimination = false;
        m.units = { "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "taken-branch" };
        auto &t = m.table;
        for (const char *fp : { "fpadd", "fpmul" }) {
            t[std::string(fp) + "/reg"] = timing(m, 1, 4, { "p0|p1" });
            t[std::string(fp) + "/load"] = timing(m, 2, 9, { "p0|p1", "p2|p3" }, 5);
        }
        t["fpmov/load"] = timing(m, 1, 5, { "p2|p3" });
        t["fpmov/store"] = timing(m, 2, 1, { "p2|p3|p7", "p4" });
        t["fpmov/reg"] = timing(m, 1, 1, { "p0|p1|p5" });
        t["mov/load"] = timing(m, 1, 5, { "p2|p3" });
        t["mov/store"] = timing(m, 1, 1, { "p2|p3|p7", "p4" }); // one fused micro-op in LLVM
        t["mov/reg"] = timing(m, 1, 1, { "p0|p1|p5|p6" });
        t["alu/reg"] = timing(m, 1, 1, { "p0|p1|p5|p6" });
        t["alu/load"] = timing(m, 2, 6, { "p0|p1|p5|p6", "p2|p3" }, 5);
        t["alu/rmw"] = timing(m, 3, 7, { "p0|p1|p5|p6", "p2|p3", "p2|p3|p7", "p4" }, 5);
        t["alu/store"] = t["alu/rmw"];
        t["imul/reg"] = timing(m, 1, 3, { "p1" });
        t["imul/load"] = timing(m, 2, 8, { "p1", "p2|p3" }, 5);
        t["lea/reg"] = timing(m, 1, 1, { "p1|p5" });
        t["lea/complex"] = timing(m, 1, 1, { "p1|p5" });
        t["branch/none"] = timing(m, 1, 1, { "p0|p6" });
        t["nop/none"] = timing(m, 1, 1, {});
    }

    void fillZen3(CpuModel &m)
    {
        m.name = "znver3";
        m.dispatchWidth = 6;
        m.reorderBufferUops = 256;
        m.retireWidth = 8;
        m.loadLatencyCycles = 4;
        m.moveElimination = true;
        m.units = { "alu0", "alu1", "alu2", "alu3", "agu0", "agu1", "agu2", "bru1", "fp0", "fp1", "fp2", "fp3", "fpld0",
            "fpld1", "fpst", "lsu0", "lsu1", "lsu2", "ld0", "ld1", "ld2", "st0", "st1", "taken-branch" };
        constexpr std::string_view alu = "alu0|alu1|alu2|alu3";
        constexpr std::string_view agu = "agu0|agu1|agu2";
        constexpr std::string_view lsu = "lsu0|lsu1|lsu2";
        constexpr std::string_view ld = "ld0|ld1|ld2";
        constexpr std::string_view st = "st0|st1";
        constexpr std::string_view fpld = "fpld0|fpld1";
        auto &t = m.table;
        t["fpadd/reg"] = timing(m, 1, 3, { "fp2|fp3" });
        t["fpadd/load"] = timing(m, 1, 10, { "fp2|fp3", fpld, lsu, ld }, 7);
        t["fpmul/reg"] = timing(m, 1, 3, { "fp0|fp1" });
        t["fpmul/load"] = timing(m, 1, 10, { "fp0|fp1", fpld, lsu, ld }, 7);
        t["fpmov/load"] = timing(m, 1, 8, { fpld, lsu, ld });
        t["fpmov/store"] = timing(m, 1, 1, { fpld, "fpst", lsu, st });
        t["fpmov/reg"] = eliminatedMove();
        t["mov/load"] = timing(m, 1, 5, { agu, lsu, ld });
        t["mov/store"] = timing(m, 1, 1, { agu, "lsu0|lsu1|lsu2*2", "st0|st1*2" });
        t["mov/reg"] = eliminatedMove();
        t["alu/reg"] = timing(m, 1, 1, { alu });
        t["alu/load"] = timing(m, 1, 5, { alu, agu, lsu, ld }, 4);
        t["alu/rmw"] = timing(m, 1, 6, { alu, "agu0|agu1|agu2*2", "lsu0|lsu1|lsu2*2", ld, st }, 4);
        t["alu/store"] = t["alu/rmw"];
        t["imul/reg"] = timing(m, 1, 3, { "alu1" });
        t["imul/load"] = timing(m, 1, 7, { "alu1", agu, lsu, ld }, 4);
        t["lea/reg"] = timing(m, 1, 1, { alu });
        t["lea/complex"] = timing(m, 2, 2, { alu });
        t["branch/none"] = timing(m, 1, 1, { "alu0|bru1" });
        t["nop/none"] = timing(m, 1, 1, {});
    }

    std::string formName(const Instruction &ins, const std::string &cls)
    {
        if (cls == "branch" || cls == "nop")
            return "none";
        if (cls == "lea")
            return ins.addressReads.size() >= 2 ? "complex" : "reg";
        switch (ins.form) {
        case OperandForm::Load:
            return "load";
        case OperandForm::Store:
            return "store";
        case OperandForm::ReadModifyWrite:
            return "rmw";
        default:
            return "reg";
        }
    }

    int parseCount(std::string_view key, std::string_view value, int minimum, int maximum)
    {
        const auto number = parseInteger(trim(value));
        if (!number || *number < minimum || *number > maximum)
            throw InputError("overrides: " + std::string(key) + " must be an integer in [" + std::to_string(minimum)
                + ", " + std::to_string(maximum) + "], not " + quoted(trim(value)));
        return static_cast<int>(*number);
    }
} // namespace

int CpuModel::unitIndex(std::string_view unitName) const
{
    const auto it = std::find(units.begin(), units.end(), unitName);
    return it == units.end() ? -1 : static_cast<int>(it - units.begin());
}

CpuModel cpuModel(CpuPreset preset)
{
    CpuModel model;
    model.preset = preset;
    if (preset == CpuPreset::Zen3)
        fillZen3(model);
    else
        fillSkylake(model);
    return model;
}

std::string instructionClass(std::string_view m)
{
    auto is = [m](std::initializer_list<std::string_view> names) {
        return std::find(names.begin(), names.end(), m) != names.end();
    };
    if (is({ "addss", "addsd", "subss", "subsd", "addps", "addpd", "subps", "subpd" }))
        return "fpadd";
    if (is({ "mulss", "mulsd", "mulps", "mulpd" }))
        return "fpmul";
    if (is({ "movss", "movsd", "movaps", "movapd", "movups", "movupd", "movdqa", "movdqu", "movd", "movq" }))
        return "fpmov";
    if (is({ "mov", "movzx", "movsx", "movsxd", "movabs" }))
        return "mov";
    if (m == "imul")
        return "imul";
    if (m == "lea")
        return "lea";
    if (!m.empty() && m.front() == 'j')
        return "branch";
    if (m == "nop")
        return "nop";
    return "alu";
}

Timing timingOf(const CpuModel &model, const Instruction &ins)
{
    const std::string cls = instructionClass(ins.mnemonic);
    if (ins.registerMove && model.moveElimination)
        return eliminatedMove();
    std::string form = formName(ins, cls);
    auto it = model.table.find(cls + "/" + form);
    if (it == model.table.end())
        it = model.table.find("alu/" + form);
    if (it == model.table.end())
        it = model.table.find("alu/reg");
    Timing t = it->second;
    if (t.eliminated)
        return t;
    const auto regTable = model.table.find(cls + "/reg");
    if (const auto lat = model.latencyOverride.find(ins.mnemonic); lat != model.latencyOverride.end()) {
        const int base = regTable != model.table.end() ? regTable->second.latencyCycles : t.latencyCycles;
        t.latencyCycles = std::max(0, t.latencyCycles - base + lat->second);
    }
    if (const auto units = model.unitsOverride.find(ins.mnemonic);
        units != model.unitsOverride.end() && !t.uses.empty())
        t.uses.front().units = units->second;
    if (ins.branch)
        t.uses.push_back({ { model.unitIndex("taken-branch") }, 1 });
    return t;
}

void applyOverrides(CpuModel &model, std::string_view text)
{
    if (text.size() > kMaxOverridesBytes)
        throw InputError("overrides: " + std::to_string(text.size()) + " bytes; at most "
            + std::to_string(kMaxOverridesBytes) + " are read");
    for (std::string_view entry : split(text, ',')) {
        entry = trim(entry);
        if (entry.empty())
            continue;
        const auto equals = entry.find('=');
        if (equals == std::string_view::npos)
            throw InputError("overrides: expected key=value, found " + quoted(entry));
        const std::string_view key = trim(entry.substr(0, equals));
        const std::string_view value = trim(entry.substr(equals + 1));
        if (key == "dispatch_width") {
            model.dispatchWidth = parseCount(key, value, 1, 64);
        } else if (key == "rob_size") {
            model.reorderBufferUops = parseCount(key, value, 1, 4096);
        } else if (key == "retire_width") {
            model.retireWidth = parseCount(key, value, 0, 64);
        } else if (key == "load_latency") {
            const int latency = parseCount(key, value, 1, 1000);
            const int delta = latency - model.loadLatencyCycles;
            for (auto &[name, t] : model.table)
                if (name.find("/load") != std::string::npos || name.find("/rmw") != std::string::npos) {
                    t.latencyCycles = std::max(0, t.latencyCycles + delta);
                    if (t.readAdvanceCycles > 0)
                        t.readAdvanceCycles = std::max(0, t.readAdvanceCycles + delta);
                }
            model.loadLatencyCycles = latency;
        } else if (key.substr(0, 8) == "latency." && key.size() > 8) {
            model.latencyOverride[std::string(key.substr(8))] = parseCount(key, value, 0, 1000);
        } else if (key.substr(0, 6) == "ports." && key.size() > 6) {
            if (value.empty())
                throw InputError("overrides: " + quoted(key) + " needs unit names joined by '|'");
            model.unitsOverride[std::string(key.substr(6))] = unitsOf(model, value);
        } else {
            throw InputError("overrides: unknown key " + quoted(key)
                + " (dispatch_width, rob_size, retire_width, load_latency, "
                  "latency.<mnemonic>, ports.<mnemonic>)");
        }
    }
}

} // namespace conceptlab::unrolling
