// Fuzz target: tokenizer, parser, printer round trip and the scripting compiler on
// arbitrary text. Errors must be SourceErrors; a printed tree must parse back to itself.
// Programs that run are then torch.compile'd and called twice (a second shape too): every
// call that does not fail must equal eager.
#include "core/dynamo.h"
#include "core/interpreter.h"
#include "core/scripter.h"
#include "core/syntax.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace conceptlab::graphcapture;

namespace {

// An input for each parameter of the entry function, by its annotation; tensors have `rows` rows.
std::vector<Value> inputsFor(const FunctionDef &entry, std::int64_t rows)
{
    std::vector<Value> inputs;
    for (const auto &p : entry.params) {
        if (p.annotation == "int")
            inputs.push_back(Value::integer(2));
        else if (p.annotation == "float")
            inputs.push_back(Value::real(0.5));
        else if (p.annotation == "bool")
            inputs.push_back(Value::boolean(true));
        else if (p.annotation.rfind("List", 0) == 0)
            inputs.push_back(Value::sequence(ValueKind::List, { Value::integer(1), Value::integer(2) }));
        else
            inputs.push_back(
                Value::tensor(makeTensor({ rows, 2 }, std::vector<float>(static_cast<std::size_t>(rows) * 2, 0.5f))));
    }
    return inputs;
}

void compileAndCompare(const Module &module)
{
    const FunctionDef &entry = entryFunction(module);
    const std::vector<CompileCall> calls { { "example", inputsFor(entry, 2) }, { "check", inputsFor(entry, 3) } };
    try {
        ExecutionOptions options;
        options.stepLimit = 2000;
        execute(module, entry, calls[0].inputs, options);
    } catch (const SourceError &) {
        return;
    } catch (const StepLimitError &) {
        return;
    }
    const CompileResult r = compileCalls(module, entry, calls, 2000, conceptlab::WorkControl());
    for (const auto &call : r.calls)
        if (!call.error && !call.matchesEager)
            std::abort();
    if (r.graphBreakCount != r.graphCount - 1)
        std::abort();
}

} // namespace

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
    if (!module.functions.empty())
        compileAndCompare(module);
    return 0;
}
