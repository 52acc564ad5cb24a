// Fuzz target: tokenizer, parser, printer round trip and the scripting compiler on
// arbitrary text. Errors must be SourceErrors; a printed tree must parse back to itself.
#include "core/interpreter.h"
#include "core/scripter.h"
#include "core/syntax.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace conceptlab::graphcapture;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size > 4096)
        return 0;
    const std::string source(reinterpret_cast<const char *>(data), size);
    try {
        tokenize(source);
    } catch (const SourceError &) {
    }
    Module module;
    try {
        module = parseProgram(source);
    } catch (const SourceError &e) {
        formatError(e, source);
        return 0;
    }
    const std::string printed = printProgram(module);
    try {
        const Module again = parseProgram(printed);
        if (!sameTree(module, again))
            std::abort();
    } catch (const SourceError &) {
        std::abort();
    }
    for (const auto &f : module.functions) {
        const auto result = scriptFunction(module, f);
        if (result.graph)
            result.graph->str();
    }
    return 0;
}
