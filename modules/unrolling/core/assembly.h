// x86-64 instructions in Intel syntax as the model sees them: the registers each reads and
// writes, its memory operand (load, store or both) and whether it branches. Built from
// Capstone's text of the real code or from the model's own listing, both "mnemonic operands"
// lines (e.g. "addss xmm0, dword ptr [rax + 4]").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab::unrolling {

/// The operand shapes the timing tables distinguish.
enum class OperandForm {
    None, ///< no operands (e.g. ret) or a branch target
    RegReg, ///< register (or immediate) sources only
    Load, ///< a memory source: the instruction loads
    Store, ///< a memory destination that is only written
    ReadModifyWrite, ///< a memory destination that is read and written (add dword ptr [rax], ecx)
};

/// One instruction of a loop body.
struct Instruction {
    std::uint64_t address = 0; ///< bytes from the function's start (0 for a listing)
    int sizeBytes = 0; ///< encoded length (0 if unknown)
    std::string mnemonic; ///< lower case, e.g. "addss"
    std::string operands; ///< as written, e.g. "xmm0, dword ptr [rax + 4]"
    OperandForm form = OperandForm::None;
    std::vector<std::string> reads; ///< canonical registers read ("rax", "xmm0", "flags"), address registers included
    std::vector<std::string> addressReads; ///< the registers of the memory operand's address
    std::vector<std::string> writes; ///< canonical registers written
    bool branch = false; ///< jumps (conditional or not)
    bool conditional = false; ///< a conditional branch (reads flags)
    bool zeroIdiom = false; ///< xor/pxor/sub of a register with itself: no input dependency
    bool registerMove = false; ///< a whole register copied to another (eliminable by renaming)
    std::int64_t target = -1; ///< a branch's target address when it is a number, else -1
    std::vector<std::pair<std::string, int>> addressTerms; ///< the address's registers and scales (sign included)
    std::int64_t displacement = 0; ///< the address's constant, in bytes
    std::int64_t immediate = 0; ///< the last immediate operand (0 if none)

    /// "mnemonic operands".
    std::string text() const { return operands.empty() ? mnemonic : mnemonic + ' ' + operands; }
};

/// The register a name refers to, widened to its full register: "eax", "ax", "al" → "rax",
/// "r8d" → "r8", "ymm3" → "xmm3"; empty if `name` is not a general-purpose or vector register.
std::string canonicalRegister(std::string_view name);

/// Parses one line "mnemonic operands" (Intel syntax, as Capstone and llvm-mca print it).
/// Throws InputError "line <n>: <what>" (n = `lineNumber`) for text it cannot read: an empty
/// mnemonic, an unknown register, an unbalanced bracket, more than three operands.
Instruction parseInstruction(std::string_view line, int lineNumber = 1);

/// Parses a listing, one instruction per line; blank lines, labels ("name:") and comments
/// (";" or "#" to the end of the line) are skipped.
std::vector<Instruction> parseListing(std::string_view text);

} // namespace conceptlab::unrolling
