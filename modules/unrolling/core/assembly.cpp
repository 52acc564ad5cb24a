// Reading Intel-syntax instructions into registers read and written, memory form and branch.
#include "assembly.h"

#include "session.h"
#include "text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace conceptlab::unrolling {

namespace {
    struct RegisterName {
        std::string_view name;
        std::string_view full;
        int bits;
    };

    // The width in bits of a general-purpose register name and its full register, or 0.
    int generalRegister(std::string_view name, std::string &full)
    {
        static constexpr std::array<RegisterName, 36> kLegacy { { { "eax", "rax", 32 }, { "ebx", "rbx", 32 },
            { "ecx", "rcx", 32 }, { "edx", "rdx", 32 }, { "esi", "rsi", 32 }, { "edi", "rdi", 32 },
            { "ebp", "rbp", 32 }, { "esp", "rsp", 32 }, { "ax", "rax", 16 }, { "bx", "rbx", 16 }, { "cx", "rcx", 16 },
            { "dx", "rdx", 16 }, { "si", "rsi", 16 }, { "di", "rdi", 16 }, { "bp", "rbp", 16 }, { "sp", "rsp", 16 },
            { "al", "rax", 8 }, { "bl", "rbx", 8 }, { "cl", "rcx", 8 }, { "dl", "rdx", 8 }, { "ah", "rax", 8 },
            { "bh", "rbx", 8 }, { "ch", "rcx", 8 }, { "dh", "rdx", 8 }, { "sil", "rsi", 8 }, { "dil", "rdi", 8 },
            { "bpl", "rbp", 8 }, { "spl", "rsp", 8 }, { "rax", "rax", 64 }, { "rbx", "rbx", 64 }, { "rcx", "rcx", 64 },
            { "rdx", "rdx", 64 }, { "rsi", "rsi", 64 }, { "rdi", "rdi", 64 }, { "rbp", "rbp", 64 },
            { "rsp", "rsp", 64 } } };
        for (const RegisterName &r : kLegacy)
            if (r.name == name) {
                full = std::string(r.full);
                return r.bits;
            }
        if (name.size() >= 2 && name[0] == 'r' && std::isdigit(static_cast<unsigned char>(name[1]))) {
            std::size_t digits = 1;
            while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits])))
                ++digits;
            const auto number = parseInteger(name.substr(1, digits - 1));
            if (!number || *number < 8 || *number > 15)
                return 0;
            const std::string_view suffix = name.substr(digits);
            const int bits = suffix.empty() ? 64 : suffix == "d" ? 32 : suffix == "w" ? 16 : suffix == "b" ? 8 : 0;
            if (bits != 0)
                full = "r" + std::to_string(*number);
            return bits;
        }
        return 0;
    }

    // xmm0..31, ymm, zmm → "xmmN"; 128 (or wider) bits.
    int vectorRegister(std::string_view name, std::string &full)
    {
        if (name.size() < 4 || name.substr(1, 2) != "mm" || (name[0] != 'x' && name[0] != 'y' && name[0] != 'z'))
            return 0;
        const auto number = parseInteger(name.substr(3));
        if (!number || *number < 0 || *number > 31 || name.substr(3).front() == '+' || name.substr(3).front() == '-')
            return 0;
        full = "xmm" + std::to_string(*number);
        return 128;
    }

    int registerBits(std::string_view name, std::string &full)
    {
        if (const int bits = generalRegister(name, full))
            return bits;
        return vectorRegister(name, full);
    }

    std::string lower(std::string_view text)
    {
        std::string out(text);
        std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
        return out;
    }

    bool isNumber(std::string_view text)
    {
        if (!text.empty() && (text.front() == '-' || text.front() == '+'))
            text.remove_prefix(1);
        if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
            return std::all_of(text.begin() + 2, text.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
        return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
    }

    std::int64_t numberValue(std::string_view text)
    {
        bool negative = false;
        if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
            negative = text.front() == '-';
            text.remove_prefix(1);
        }
        std::uint64_t value = 0;
        if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
            std::from_chars(text.data() + 2, text.data() + text.size(), value, 16);
        } else {
            std::from_chars(text.data(), text.data() + text.size(), value, 10);
        }
        const auto signedValue = static_cast<std::int64_t>(value);
        return negative ? -signedValue : signedValue;
    }

    bool isLabel(std::string_view text)
    {
        return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) {
            return std::isalnum(c) || c == '_' || c == '.' || c == '$' || c == '@';
        });
    }

    enum class OperandKind { Register, Memory, Immediate, Label };

    struct Operand {
        OperandKind kind = OperandKind::Immediate;
        std::string reg; ///< canonical register (Register)
        int bits = 0; ///< register width (Register)
        std::vector<std::string> address; ///< address registers (Memory)
        std::vector<std::pair<std::string, int>> terms; ///< registers with their scales, signed (Memory)
        std::int64_t displacement = 0; ///< (Memory)
        std::int64_t value = 0; ///< Immediate
    };

    [[noreturn]] void fail(int lineNumber, const std::string &what)
    {
        throw InputError("line " + std::to_string(lineNumber) + ": " + what);
    }

    // "[rax + rdx*4 - 0x10]" into `op`: terms are registers, register*scale and numbers.
    void parseAddress(std::string_view inside, int lineNumber, Operand &op)
    {
        std::string term;
        int sign = 1;
        auto flush = [&]() {
            const std::string text(trim(term)); // a copy: `term` is cleared for the next term
            const std::string_view t = text;
            term.clear();
            if (t.empty())
                return;
            std::string_view base = t;
            int scale = 1;
            if (const auto star = t.find('*'); star != std::string_view::npos) {
                const std::string_view scaleText = trim(t.substr(star + 1));
                base = trim(t.substr(0, star));
                if (scaleText != "1" && scaleText != "2" && scaleText != "4" && scaleText != "8")
                    fail(lineNumber, "bad scale '" + std::string(scaleText) + "' in an address");
                scale = static_cast<int>(scaleText.front() - '0');
            }
            std::string full;
            if (base == "rip" || base == "eip") {
            } else if (registerBits(base, full) >= 32 && full.rfind("xmm", 0) != 0) {
                op.address.push_back(full);
                op.terms.emplace_back(full, sign * scale);
            } else if (isNumber(base)) {
                op.displacement += sign * numberValue(base);
            } else if (!isLabel(base)) {
                fail(lineNumber, "cannot read '" + std::string(t) + "' in an address");
            }
        };
        for (char c : inside) {
            if (c == '+' || c == '-') {
                flush();
                sign = c == '-' ? -1 : 1;
                continue;
            }
            term += c;
        }
        flush();
    }

    Operand parseOperand(std::string_view text, int lineNumber)
    {
        Operand op;
        const std::string_view t = trim(text);
        if (t.empty())
            fail(lineNumber, "empty operand");
        if (const auto open = t.find('['); open != std::string_view::npos) {
            const auto close = t.rfind(']');
            if (close == std::string_view::npos || close < open || t.find('[', open + 1) != std::string_view::npos)
                fail(lineNumber, "unbalanced brackets in '" + std::string(t) + "'");
            op.kind = OperandKind::Memory;
            parseAddress(t.substr(open + 1, close - open - 1), lineNumber, op);
            return op;
        }
        std::string full;
        if (const int bits = registerBits(t, full)) {
            op.kind = OperandKind::Register;
            op.reg = full;
            op.bits = bits;
            return op;
        }
        if (isNumber(t)) {
            op.kind = OperandKind::Immediate;
            op.value = numberValue(t);
            return op;
        }
        if (isLabel(t)) {
            op.kind = OperandKind::Label;
            return op;
        }
        fail(lineNumber, "cannot read operand '" + std::string(t) + "'");
    }

    std::vector<std::string_view> splitOperands(std::string_view text)
    {
        std::vector<std::string_view> parts;
        int depth = 0;
        std::size_t start = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '[')
                ++depth;
            else if (text[i] == ']')
                --depth;
            else if (text[i] == ',' && depth == 0) {
                parts.push_back(text.substr(start, i - start));
                start = i + 1;
            }
        }
        if (!trim(text).empty())
            parts.push_back(text.substr(start));
        return parts;
    }

    bool oneOf(std::string_view m, std::initializer_list<std::string_view> names)
    {
        return std::find(names.begin(), names.end(), m) != names.end();
    }

    bool startsWith(std::string_view text, std::string_view prefix)
    {
        return text.substr(0, prefix.size()) == prefix;
    }

    bool writesOnlyDestination(std::string_view m, std::size_t operandCount)
    {
        if (oneOf(m,
                { "mov", "movss", "movsd", "movaps", "movapd", "movups", "movupd", "movdqa", "movdqu", "movd", "movq",
                    "movzx", "movsx", "movsxd", "movabs", "lea", "cvtss2sd", "cvtsd2ss", "cvttss2si", "cvttsd2si",
                    "pop", "vmovss", "vmovsd", "vmovaps", "vmovups" }))
            return true;
        if (m.substr(0, 3) == "set")
            return true;
        return m == "imul" && operandCount == 3;
    }

    bool hasNoDestination(std::string_view m)
    {
        return oneOf(m, { "cmp", "test", "ucomiss", "ucomisd", "comiss", "comisd", "bt", "push", "nop" })
            || startsWith(m, "j") || m == "ret" || m == "call";
    }

    bool writesFlags(std::string_view m)
    {
        return oneOf(m,
            { "add", "sub", "adc", "sbb", "and", "or", "xor", "inc", "dec", "neg", "cmp", "test", "imul", "mul", "shl",
                "shr", "sar", "sal", "rol", "ror", "bt", "ucomiss", "ucomisd", "comiss", "comisd" });
    }

    bool readsFlags(std::string_view m)
    {
        return (startsWith(m, "j") && m != "jmp") || oneOf(m, { "adc", "sbb" }) || startsWith(m, "cmov")
            || startsWith(m, "set");
    }

    void addUnique(std::vector<std::string> &list, const std::string &reg)
    {
        if (!reg.empty() && std::find(list.begin(), list.end(), reg) == list.end())
            list.push_back(reg);
    }

    // Registers read and written by the operands (destination first, Intel order).
    void addOperandRegisters(Instruction &ins, const std::vector<Operand> &ops)
    {
        const std::string_view m = ins.mnemonic;
        const bool writeOnly = writesOnlyDestination(m, ops.size());
        const bool noDest = hasNoDestination(m) || ops.size() < 2;
        const bool singleOperandRmw = ops.size() == 1 && oneOf(m, { "inc", "dec", "neg", "not", "pop" });
        for (std::size_t i = 0; i < ops.size(); ++i) {
            const Operand &op = ops[i];
            const bool destination = i == 0 && (!noDest || singleOperandRmw);
            if (op.kind == OperandKind::Memory) {
                if (m != "nop") {
                    ins.addressTerms = op.terms;
                    ins.displacement = op.displacement;
                }
                for (const std::string &reg : op.address) {
                    addUnique(ins.reads, reg);
                    addUnique(ins.addressReads, reg);
                }
                if (m == "lea" || m == "nop")
                    continue;
                if (destination)
                    ins.form = writeOnly ? OperandForm::Store : OperandForm::ReadModifyWrite;
                else if (ins.form != OperandForm::Store && ins.form != OperandForm::ReadModifyWrite)
                    ins.form = OperandForm::Load;
                continue;
            }
            if (op.kind != OperandKind::Register)
                continue;
            if (!destination) {
                addUnique(ins.reads, op.reg);
                continue;
            }
            // A partial write (8 or 16 bits, or movss/movsd between registers) keeps the rest.
            const bool partial = op.bits < 32
                || ((m == "movss" || m == "movsd") && ops.size() == 2 && ops[1].kind == OperandKind::Register);
            if (!writeOnly || partial || singleOperandRmw)
                addUnique(ins.reads, op.reg);
            addUnique(ins.writes, op.reg);
        }
        if (m == "pop" || m == "push" || m == "call" || m == "ret") {
            addUnique(ins.reads, "rsp");
            addUnique(ins.writes, "rsp");
        }
        if ((m == "mul" || m == "imul") && ops.size() == 1) {
            addUnique(ins.reads, "rax");
            addUnique(ins.writes, "rax");
            addUnique(ins.writes, "rdx");
        }
    }
} // namespace

std::string canonicalRegister(std::string_view name)
{
    std::string full;
    return registerBits(lower(name), full) != 0 ? full : std::string();
}

Instruction parseInstruction(std::string_view line, int lineNumber)
{
    Instruction ins;
    const std::string_view text = trim(line);
    const auto space = text.find_first_of(" \t");
    ins.mnemonic = lower(text.substr(0, space));
    if (ins.mnemonic.empty() || !isLabel(ins.mnemonic))
        fail(lineNumber, "expected an instruction, found '" + std::string(text.substr(0, 40)) + "'");
    const std::string_view rest = space == std::string_view::npos ? std::string_view() : trim(text.substr(space));
    ins.operands = lower(rest);
    const auto parts = splitOperands(ins.operands);
    if (parts.size() > 3)
        fail(lineNumber, "more than three operands");
    std::vector<Operand> ops;
    ops.reserve(parts.size());
    for (std::string_view part : parts)
        ops.push_back(parseOperand(part, lineNumber));
    if (ins.mnemonic.empty())
        fail(lineNumber, "empty instruction");
    const std::string_view m = ins.mnemonic;
    ins.branch = startsWith(m, "j");
    ins.conditional = ins.branch && m != "jmp";
    if (ins.branch && !ops.empty() && ops[0].kind == OperandKind::Immediate)
        ins.target = ops[0].value;
    for (const Operand &op : ops)
        if (op.kind == OperandKind::Immediate)
            ins.immediate = op.value;
    ins.form = OperandForm::RegReg;
    if (ops.empty()
        || (ins.branch && !ops.empty() && ops[0].kind != OperandKind::Register && ops[0].kind != OperandKind::Memory))
        ins.form = OperandForm::None;
    if (ops.size() == 2 && ops[0].kind == OperandKind::Register && ops[1].kind == OperandKind::Register
        && ops[0].reg == ops[1].reg && oneOf(m, { "xor", "pxor", "xorps", "xorpd", "sub", "psubd", "psubq" })) {
        ins.zeroIdiom = true;
        ins.writes.push_back(ops[0].reg);
    } else {
        addOperandRegisters(ins, ops);
    }
    ins.registerMove = ops.size() == 2 && ops[0].kind == OperandKind::Register && ops[1].kind == OperandKind::Register
        && ops[0].bits >= 32 && ops[0].bits == ops[1].bits && ops[0].reg != ops[1].reg
        && oneOf(m, { "mov", "movaps", "movapd", "movdqa", "movups", "movupd", "movdqu" });
    if (readsFlags(m))
        addUnique(ins.reads, "flags");
    if (writesFlags(m))
        addUnique(ins.writes, "flags");
    return ins;
}

std::vector<Instruction> parseListing(std::string_view text)
{
    std::vector<Instruction> out;
    int lineNumber = 0;
    for (std::string_view line : split(text, '\n')) {
        ++lineNumber;
        if (const auto comment = line.find_first_of(";#"); comment != std::string_view::npos)
            line = line.substr(0, comment);
        line = trim(line);
        if (line.empty() || line.front() == '.' || line.back() == ':')
            continue;
        out.push_back(parseInstruction(line, lineNumber));
    }
    return out;
}

} // namespace conceptlab::unrolling
