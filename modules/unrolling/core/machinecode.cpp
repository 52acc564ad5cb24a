// Finding a kernel's bytes in this process, disassembling them with Capstone and finding
// the loops; the model's listing for other architectures.
#include "machinecode.h"

#include "session.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

#if defined(__x86_64__)
#include <capstone/capstone.h>
#endif

namespace conceptlab::unrolling {

namespace {
    using SymbolSizes = std::map<std::uint64_t, std::uint64_t>; // st_value → st_size of functions

    SymbolSizes readSymbolSizes(const std::string &path)
    {
        SymbolSizes sizes;
        std::ifstream file(path, std::ios::binary);
        if (!file)
            return sizes;
        const std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (bytes.size() < sizeof(Elf64_Ehdr) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0
            || bytes[EI_CLASS] != ELFCLASS64)
            return sizes;
        Elf64_Ehdr header;
        std::memcpy(&header, bytes.data(), sizeof header);
        if (header.e_shoff == 0 || header.e_shentsize != sizeof(Elf64_Shdr)
            || header.e_shoff + std::uint64_t { header.e_shnum } * sizeof(Elf64_Shdr) > bytes.size())
            return sizes;
        std::vector<Elf64_Shdr> sections(header.e_shnum);
        std::memcpy(sections.data(), bytes.data() + header.e_shoff, sections.size() * sizeof(Elf64_Shdr));
        for (const Elf64_Shdr &section : sections) {
            if (section.sh_type != SHT_SYMTAB || section.sh_entsize != sizeof(Elf64_Sym)
                || section.sh_offset + section.sh_size > bytes.size())
                continue;
            const std::size_t count = section.sh_size / sizeof(Elf64_Sym);
            for (std::size_t i = 0; i < count; ++i) {
                Elf64_Sym symbol;
                std::memcpy(&symbol, bytes.data() + section.sh_offset + i * sizeof(Elf64_Sym), sizeof symbol);
                if (ELF64_ST_TYPE(symbol.st_info) == STT_FUNC && symbol.st_size > 0)
                    sizes[symbol.st_value] = symbol.st_size;
            }
        }
        return sizes;
    }

    // The size of the function at file-relative address `offset` (or absolute `address`) in the
    // ELF file's .symtab; 0 if absent. Each file is read once (the table never changes).
    std::size_t symbolSizeInFile(const std::string &path, std::uint64_t offset, std::uint64_t address)
    {
        static std::mutex mutex;
        static std::map<std::string, SymbolSizes> files;
        const std::lock_guard lock(mutex);
        auto it = files.find(path);
        if (it == files.end())
            it = files.emplace(path, readSymbolSizes(path)).first;
        for (const std::uint64_t key : { offset, address })
            if (const auto found = it->second.find(key); found != it->second.end())
                return found->second;
        return 0;
    }

    std::string suffix(ElementType type)
    {
        return type == ElementType::Double ? "sd" : "ss";
    }

    std::string memory(ElementType type, const char *base, int offset)
    {
        std::string text = type == ElementType::Double ? "qword ptr [" : "dword ptr [";
        text += base;
        text += " + rax";
        if (offset != 0)
            text += " + " + std::to_string(offset);
        return text + "]";
    }

    std::string intAccumulator(int k)
    {
        return "r" + std::to_string(8 + k) + "d";
    }

    std::string listingBody(Kernel kernel, ElementType type, int unroll, int accumulators)
    {
        const int size = elementBytes(type);
        const bool integer = type == ElementType::Int32;
        const std::string s = suffix(type);
        const int k = effectiveAccumulators(kernel, unroll, accumulators);
        const std::string add = integer ? "add" : "add" + s;
        const std::string mul = integer ? "imul" : "mul" + s;
        const std::string mov = integer ? "mov" : "mov" + s;
        std::string text;
        auto emit = [&text](std::initializer_list<std::string_view> parts) {
            for (std::string_view part : parts)
                text += part;
            text += '\n';
        };
        for (int j = 0; j < unroll; ++j) {
            const int offset = j * size;
            const std::string acc = integer ? intAccumulator(j % k) : "xmm" + std::to_string(j % k);
            const std::string temp = integer ? "ecx" : "xmm" + std::to_string(8 + j % 8);
            const std::string x = memory(type, "rdi", offset);
            const std::string y = memory(type, "rsi", offset);
            switch (kernel) {
            case Kernel::Sum:
                emit({ add, " ", acc, ", ", x });
                break;
            case Kernel::Dot:
                emit({ mov, " ", temp, ", ", x });
                emit({ mul, " ", temp, ", ", y });
                emit({ add, " ", acc, ", ", temp });
                break;
            case Kernel::Saxpy:
                emit({ mov, " ", temp, ", ", x });
                if (integer) {
                    emit({ "imul ecx, r9d" });
                    emit({ "add ", y, ", ecx" });
                } else {
                    emit({ mul, " ", temp, ", xmm15" });
                    emit({ add, " ", temp, ", ", y });
                    emit({ mov, " ", y, ", ", temp });
                }
                break;
            case Kernel::PrefixSum:
                emit({ add, " ", acc, ", ", x });
                emit({ mov, " ", y, ", ", acc });
                break;
            }
        }
        text += "add rax, " + std::to_string(unroll * size) + "\ncmp rax, rdx\njne .Lloop\n";
        return text;
    }

#if defined(__x86_64__)
    // Disassembles [code, code + size) into instructions; empty on failure.
    std::vector<Instruction> disassemble(const void *code, std::size_t size)
    {
        std::vector<Instruction> out;
        csh handle = 0;
        if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK)
            return out;
        cs_insn *insns = nullptr;
        // Addresses relative to the function's start: the same text on every run, whatever
        // address the loader chose.
        const std::size_t count = cs_disasm(handle, static_cast<const std::uint8_t *>(code), size, 0, 0, &insns);
        for (std::size_t i = 0; i < count; ++i) {
            const std::string line = std::string(insns[i].mnemonic) + ' ' + insns[i].op_str;
            Instruction ins;
            try {
                ins = parseInstruction(line);
            } catch (const InputError &) {
                ins.mnemonic = insns[i].mnemonic; // an instruction the model does not read: kept as text
                ins.operands = insns[i].op_str;
            }
            ins.address = insns[i].address;
            ins.sizeBytes = insns[i].size;
            out.push_back(std::move(ins));
        }
        if (count > 0)
            cs_free(insns, count);
        cs_close(&handle);
        return out;
    }
#endif
} // namespace

std::vector<Instruction> KernelCode::loopBody() const
{
    return { function.begin() + static_cast<std::ptrdiff_t>(loop.begin),
        function.begin() + static_cast<std::ptrdiff_t>(loop.end) };
}

std::size_t functionSizeBytes(const void *code)
{
    Dl_info info {};
    void *entry = nullptr;
    if (dladdr1(code, &info, &entry, RTLD_DL_SYMENT) == 0)
        return 0;
    const auto *symbol = static_cast<const ElfW(Sym) *>(entry);
    if (symbol != nullptr && symbol->st_size > 0 && info.dli_saddr == code)
        return symbol->st_size;
    const auto address = reinterpret_cast<std::uint64_t>(code);
    const auto offset = address - reinterpret_cast<std::uint64_t>(info.dli_fbase);
    std::size_t size = info.dli_fname != nullptr ? symbolSizeInFile(info.dli_fname, offset, address) : 0;
    if (size == 0)
        size = symbolSizeInFile("/proc/self/exe", offset, address);
    return size;
}

void findLoops(KernelCode &code)
{
    std::vector<CodeRange> loops;
    const auto &f = code.function;
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (!f[i].conditional || f[i].target < 0 || static_cast<std::uint64_t>(f[i].target) > f[i].address)
            continue;
        const auto begin = std::find_if(f.begin(), f.end(),
            [&](const Instruction &ins) { return ins.address == static_cast<std::uint64_t>(f[i].target); });
        if (begin == f.end())
            continue;
        CodeRange range;
        range.begin = static_cast<std::size_t>(begin - f.begin());
        range.end = i + 1;
        range.bytes = static_cast<int>(f[i].address + static_cast<std::uint64_t>(f[i].sizeBytes) - begin->address);
        loops.push_back(range);
    }
    code.loop = {};
    code.remainder = {};
    if (loops.empty())
        return;
    const auto main = std::max_element(
        loops.begin(), loops.end(), [](const CodeRange &a, const CodeRange &b) { return a.bytes < b.bytes; });
    code.loop = *main;
    loops.erase(main);
    for (const CodeRange &other : loops)
        if (other.begin >= code.loop.end && (code.remainder.empty() || other.bytes > code.remainder.bytes))
            code.remainder = other;
}

std::vector<Instruction> kernelListing(Kernel kernel, ElementType type, int unroll, int accumulators)
{
    return parseListing(listingBody(kernel, type, unroll, accumulators));
}

KernelCode kernelCode(const KernelVariant &variant)
{
    KernelCode code;
#if defined(__x86_64__)
    const std::size_t size = functionSizeBytes(variant.code);
    if (size > 0 && size < 65536) {
        code.function = disassemble(variant.code, size);
        code.functionBytes = static_cast<int>(size);
        findLoops(code);
        if (!code.loop.empty()) {
            code.fromMachineCode = true;
            code.note = "machine code disassembled with Capstone, " + std::to_string(size) + " bytes";
            return code;
        }
    }
#endif
    code = {};
    code.function = kernelListing(variant.kernel, variant.type, variant.unroll, variant.accumulators);
    code.loop = { 0, code.function.size(), 0 };
    code.note = "the model's listing (no machine code readable on this architecture)";
    return code;
}

} // namespace conceptlab::unrolling
