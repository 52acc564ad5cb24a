// Fuzz target: parse arbitrary text as a program, reduce it a bounded number of steps with
// both engines, print, decode, and check that printing re-parses to an alpha-equal term.
#include "core/decode.h"
#include "core/fastreducer.h"
#include "core/parser.h"
#include "core/prelude.h"

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace conceptlab::lambda;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    const std::uint8_t control = data[0];
    const auto strategy = static_cast<Strategy>(control % 5);
    const bool prelude = (control & 0x80) != 0;
    const std::string text(reinterpret_cast<const char *>(data + 1), size - 1);

    // The prelude is parsed once; each input starts from a copy.
    static const Graph withPrelude = [] {
        Graph base;
        ParseOptions options;
        options.requireTerm = false;
        options.prelude = true;
        if (!parseProgram(base, preludeText(), options).ok)
            std::abort();
        return base;
    }();
    Graph g = prelude ? withPrelude : Graph();
    ParseOptions options;
    options.numerals = prelude;
    const ParsedProgram program = parseProgram(g, text, options);
    if (!program.ok) {
        if (program.error.line < 1 || program.error.column < 1 || program.error.message.empty())
            std::abort();
        return 0;
    }
    if (g.node(program.term).size > 1500)
        return 0;

    // Printing re-parses to the same term.
    const std::string printed = print(g, program.term, NameMode::ExpandNames);
    Graph again;
    ParseOptions plain;
    plain.numerals = false;
    const ParsedProgram reparsed = parseProgram(again, printed, plain);
    if (!reparsed.ok || !alphaEqual(g, program.term, again, reparsed.term))
        std::abort();

    Reducer stepper(g, program.term, strategy);
    StepInfo info;
    for (int i = 0; i < 30 && stepper.step(&info, i < 10); ++i) {
        const auto extent = stepper.extent();
        if (extent.first > 1500 || extent.second > 1000)
            return 0;
    }
    (void)print(g, stepper.root(), NameMode::KeepNames);
    (void)printDeBruijn(g, stepper.root());
    (void)decode(g, stepper.root(), false);

    if (strategy != Strategy::CallByNeed) {
        FastReducer fast(g, stepper.root(), strategy);
        if (fast.run(200, 1500) == FastReducer::End::Final) {
            const NodeId result = fast.readBack(g);
            (void)print(g, result, NameMode::ExpandNames);
            (void)decode(g, result, true);
        }
    }
    return 0;
}
