// The machine code of a compiled kernel, found in this process: the function's bytes (from
// its symbol's size), disassembled with Capstone on x86-64, and its loops found by their
// backward branches: the main (unrolled) loop and the remainder loop. Elsewhere, or when the
// code cannot be read, the model's own listing of the same loop stands in.
#pragma once

#include "assembly.h"
#include "kernels.h"

#include <cstddef>
#include <string>
#include <vector>

namespace conceptlab::unrolling {

/// Instructions [begin, end) of a function's disassembly.
struct CodeRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    int bytes = 0;
    bool empty() const { return begin == end; }
};

/// A kernel's code and its loops.
struct KernelCode {
    std::vector<Instruction> function; ///< the whole function (or the listing's loop alone)
    CodeRange loop; ///< the main loop, from its first instruction to its backward branch
    CodeRange remainder; ///< the remainder loop (empty for unroll 1 and for a listing)
    int functionBytes = 0;
    bool fromMachineCode = false; ///< false: the model's listing (another architecture, or unreadable)
    std::string note; ///< where the code came from, e.g. "Capstone, 182 bytes from the symbol table"

    /// The main loop's instructions.
    std::vector<Instruction> loopBody() const;
};

/// The kernel's real code when it can be read (x86-64), else its listing.
KernelCode kernelCode(const KernelVariant &variant);

/// The model's own x86-64 listing of the main loop, in the shape the compiler gives it.
std::vector<Instruction> kernelListing(Kernel kernel, ElementType type, int unroll, int accumulators);

/// The byte size of the function at `code`, from the dynamic symbol table or the ELF symbol
/// table of the file that holds it; 0 if neither names it.
std::size_t functionSizeBytes(const void *code);

/// Splits disassembled instructions into loops: the main loop is the largest backward-branch
/// loop, the remainder the next largest one after it. Sets `loop` and `remainder`.
void findLoops(KernelCode &code);

} // namespace conceptlab::unrolling
