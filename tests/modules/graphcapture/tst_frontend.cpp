// Tokenizer, parser, printer and error positions.
#include "core/analysis.h"
#include "core/syntax.h"

#include <gtest/gtest.h>

using namespace conceptlab::graphcapture;

namespace {

std::string kinds(const std::string &source)
{
    std::string out;
    for (const auto &t : tokenize(source)) {
        switch (t.kind) {
        case TokenKind::Name:
            out += "N(" + t.text + ")";
            break;
        case TokenKind::Int:
            out += "I(" + t.text + ")";
            break;
        case TokenKind::Float:
            out += "F(" + t.text + ")";
            break;
        case TokenKind::String:
            out += "S(" + t.text + ")";
            break;
        case TokenKind::Op:
            out += t.text;
            break;
        case TokenKind::Newline:
            out += "NL ";
            break;
        case TokenKind::Indent:
            out += "IN ";
            break;
        case TokenKind::Dedent:
            out += "DE ";
            break;
        case TokenKind::End:
            out += "END";
            break;
        }
    }
    return out;
}

SourceError parseError(const std::string &source)
{
    try {
        parseProgram(source);
    } catch (const SourceError &e) {
        return e;
    }
    ADD_FAILURE() << "no error for: " << source;
    return {};
}

} // namespace

TEST(graphcapture_Tokenizer, IndentAndDedent)
{
    EXPECT_EQ(kinds("def f(x):\n    if x:\n        y = 1\n    return y\n"),
        "N(def)N(f)(N(x)):NL IN N(if)N(x):NL IN N(y)=I(1)NL DE N(return)N(y)NL DE END");
}

TEST(graphcapture_Tokenizer, BlankLinesCommentsAndBrackets)
{
    EXPECT_EQ(kinds("def f(x):\n\n    # note\n    return (x +\n        1.5)  # tail\n"),
        "N(def)N(f)(N(x)):NL IN N(return)(N(x)+F(1.5))NL DE END");
}

TEST(graphcapture_Tokenizer, OperatorsLongestMatch)
{
    EXPECT_EQ(kinds("a //= b ** c @ d -> e"), "N(a)//=N(b)**N(c)@N(d)->N(e)NL END");
}

TEST(graphcapture_Tokenizer, BadIndentationHasPosition)
{
    const auto e = parseError("def f(x):\n        y = 1\n    return y\n");
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 5);
    EXPECT_EQ(e.message, "unindent does not match any outer indentation level");
}

TEST(graphcapture_Parser, ErrorsCarryLineColumnAndCaret)
{
    const std::string source = "def f(x):\n    y = x +\n    return y\n";
    const auto e = parseError(source);
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 12);
    EXPECT_EQ(e.message, "expected an expression, found end of line");
    EXPECT_EQ(formatError(e, source),
        "line 2, column 12: expected an expression, found end of line\n    y = x +\n           ^");
}

TEST(graphcapture_Parser, UnterminatedStringAndBadCharacter)
{
    auto e = parseError("def f(x):\n    print('abc)\n");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 11);
    EXPECT_EQ(e.message, "unterminated string literal");
    e = parseError("def f(x):\n    return x $ 1\n");
    EXPECT_EQ(e.column, 14);
    EXPECT_EQ(e.message, "invalid character '$' in program");
}

TEST(graphcapture_Parser, UnsupportedSyntaxIsRefusedWithPosition)
{
    auto e = parseError("def f(x):\n    with x:\n        pass\n");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 5);
    e = parseError("def f(x):\n    return x[1:2]\n");
    EXPECT_EQ(e.message, "slicing and multi-dimensional indexing are not supported");
    e = parseError("x = 1\n");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 1);
    e = parseError("import torch\n");
    EXPECT_EQ(e.message, "the program defines no function (expected 'def name(...):')");
}

TEST(graphcapture_Parser, DeepNestingIsAnErrorNotACrash)
{
    const std::string source = "def f(x):\n    return " + std::string(5000, '(') + "x" + std::string(5000, ')') + "\n";
    const auto e = parseError(source);
    EXPECT_EQ(e.message, "program nested too deeply");
}

TEST(graphcapture_Parser, LongOperatorChainsAreBounded)
{
    std::string chain = "x";
    for (int k = 0; k < 150; ++k)
        chain += " + x";
    EXPECT_NO_THROW(parseProgram("def f(x):\n    return " + chain + "\n"));
    for (int k = 0; k < 100; ++k)
        chain += " - x";
    const auto e = parseError("def f(x):\n    return " + chain + "\n");
    EXPECT_EQ(e.message, "expression nested too deeply");
}

TEST(graphcapture_Parser, PrintsAndReparsesToTheSameTree)
{
    const std::string source = "import torch\n\ndef f(x, n: int, **kw):\n    if x.sum() > 0 and not n == 2:\n"
                               "        y = -x ** 2 @ x.t()\n    elif n >= 3:\n        y = torch.softmax(x, dim=1)\n"
                               "    else:\n        y = (x - 1) - (2 - x)\n    for i in range(1, n, 2):\n"
                               "        y += i // 2 % 3\n    a, b = (y, x)\n    g = lambda z: z * 2\n"
                               "    try:\n        pass\n    except Exception:\n        print('s', 1.5e-3)\n"
                               "    return a, b\n";
    const Module m = parseProgram(source);
    const std::string printed = printProgram(m);
    const Module again = parseProgram(printed);
    EXPECT_TRUE(sameTree(m, again)) << printed;
    EXPECT_EQ(printProgram(again), printed);
}

TEST(graphcapture_Inputs, MalformedJsonReportsPosition)
{
    const Module m = parseProgram("def f(x):\n    return x\n");
    try {
        parseInputs("{\"x\": [1.0, 2.0,]}", m.functions[0], "inputs");
        FAIL();
    } catch (const std::string &message) {
        EXPECT_EQ(message,
            "inputs: malformed JSON at line 1, column 17 (position 16): syntax error while parsing value - "
            "unexpected ']'; expected '[', '{', or a literal");
    }
    try {
        // The failing byte on the third line: line and column count from the line breaks.
        parseInputs("{\n  \"x\": [1.0,\n   2.0,]}", m.functions[0], "inputs");
        FAIL();
    } catch (const std::string &message) {
        EXPECT_EQ(
            message.substr(0, message.find("):") + 1), "inputs: malformed JSON at line 3, column 8 (position 22)");
    }
    try {
        parseInputs("{\"x\": [[1.0, 2.0], [3.0]]}", m.functions[0], "inputs");
        FAIL();
    } catch (const std::string &message) {
        EXPECT_EQ(message, "inputs.x: ragged nested list (a list of 1 where 2 elements were expected at depth 1)");
    }
    try {
        parseInputs("{\"y\": 1}", m.functions[0], "check_inputs");
        FAIL();
    } catch (const std::string &message) {
        EXPECT_EQ(message, "check_inputs: 'y' is not a parameter of f(x)");
    }
}

TEST(graphcapture_Analysis, BadProgramsGiveAPositionedErrorNeverACrash)
{
    struct Case {
        const char *program;
        int line, column;
        const char *message;
    };
    // Positions worked out by hand: columns count from 1, "    return " is 11 characters.
    const Case cases[] = {
        // Nothing to parse: the error sits at the end token, 1:1.
        { "", 1, 1, "the program defines no function (expected 'def name(...):')" },
        // The name after "def" would start at column 4.
        { "def", 1, 4, "expected a name, found end of line" },
        // The tokenizer finds the '(' never closed when the file ends, at the start of line 2.
        { "def f(:\n", 2, 1, "unexpected end of file inside brackets" },
        { "def f(x):\nreturn x\n", 2, 1, "expected an indented block, found 'return'" },
        // Runtime errors: at the name, at the operator, at the call.
        { "def f(x):\n    return y\n", 2, 12, "name 'y' is not defined" },
        { "def f(x):\n    return x @ 2\n", 2, 14, "unsupported operand type(s) for @: 'Tensor' and 'int'" },
        { "def f(x):\n    return torch.nope(x)\n", 2, 12, "unknown function 'torch.nope'" },
        { "def f(x):\n    return x.view(7)\n", 2, 12, "shape '[7]' is invalid for input of size 2" },
        { "def f(x):\n    return f(x)\n", 2, 12, "maximum call depth of 20 exceeded (recursion?)" },
        // A tab indents to column 9; two spaces match neither level 0 nor that one.
        { "def f(x):\n\treturn x\n  return x\n", 3, 3, "unindent does not match any outer indentation level" },
    };
    for (const Case &c : cases) {
        AnalysisRequest request;
        request.program = c.program;
        request.inputsJson = "{\"x\": [1.0, 2.0]}";
        const Analysis a = analyze(request);
        ASSERT_TRUE(a.errorAt.has_value()) << c.program;
        EXPECT_EQ(a.errorAt->line, c.line) << c.program;
        EXPECT_EQ(a.errorAt->column, c.column) << c.program;
        EXPECT_EQ(a.errorAt->message, c.message) << c.program;
    }
}

TEST(graphcapture_Analysis, InfiniteWhileStopsAtTheStepLimit)
{
    AnalysisRequest request;
    request.program = "def f(x):\n    while True:\n        x = x + 1\n    return x\n";
    request.inputsJson = "{\"x\": [1.0]}";
    request.stepLimit = 1000;
    const Analysis a = analyze(request);
    // Statements and loop iterations alternate; the 1001st step is the loop's next iteration.
    EXPECT_EQ(a.error,
        "line 2, column 5: step limit exceeded: more than 1000 statements executed (an infinite loop?)\n"
        "    while True:\n    ^");
}

TEST(graphcapture_Parser, NonAsciiCharactersAreShownAsThemselvesOrTheirByte)
{
    // é is U+00E9, two bytes in UTF-8; a lone 0xC3 byte is not a character at all.
    EXPECT_EQ(parseError("def f(x):\n    return x + \xc3\xa9\n").message, "invalid character 'é' (U+00E9) in program");
    EXPECT_EQ(parseError("def f(x):\n    return x + \xc3\n").message, "invalid character '\\xc3' in program");
}

TEST(graphcapture_Parser, LongLinesAreShownAsAWindowAroundTheColumn)
{
    // 60 characters before the column and 40 from it are shown, with an ellipsis for the rest.
    std::string chain;
    for (int i = 0; i < 1000; ++i)
        chain += "1+";
    const std::string source = "def f(x):\n    return x + " + chain + "$" + chain + "\n";
    const auto e = parseError(source);
    ASSERT_EQ(e.column, 2016); // "    return x + " is 15 characters, the chain 2000
    std::string before;
    for (int i = 0; i < 30; ++i)
        before += "1+";
    const std::string after = "$" + chain.substr(0, 39);
    EXPECT_EQ(formatError(e, source),
        "line 2, column 2016: invalid character '$' in program\n…" + before + after + "…\n" + std::string(61, ' ')
            + "^");
}

TEST(graphcapture_Analysis, HugeTensorsAndRunawayWorkAreRefusedWithAPosition)
{
    // The message starts with the position and the reason; the source line and caret follow.
    const auto expectRefused = [](const std::string &body, const std::string &message) {
        AnalysisRequest request;
        request.program = "def f(x):\n" + body;
        request.inputsJson = "{\"x\": [1.0, 2.0]}";
        const std::string error = analyze(request).error;
        EXPECT_EQ(error.substr(0, error.find('\n')), message);
    };
    // [2^24, 1] + [1, 2^24] broadcasts to 2^48 elements.
    expectRefused("    return torch.zeros(16777216, 1) + torch.zeros(1, 16777216)\n",
        "runtime error: line 2, column 37: aten::add: the result of shape [16777216, 16777216] would hold "
        "281474976710656 elements; "
        "a tensor holds at most 16777216");
    // x holds 2^(k+1) elements after k doublings: the 24th cat would make 2^25.
    expectRefused("    for i in range(30):\n        x = torch.cat([x, x])\n    return x\n",
        "runtime error: line 3, column 13: aten::cat: the result would hold 33554432 elements; a tensor holds at most "
        "16777216");
    // 4096^3 = 2^36 multiply-adds, past the 2^30 budget.
    expectRefused("    a = torch.ones(4096, 4096)\n    return torch.matmul(a, a)\n",
        "runtime error: line 3, column 12: tensor work limit: this run needs more than 1073741824 element operations "
        "(a matmul of "
        "m×k by k×n costs m·n·k); use smaller tensors");
    // Integers are 64-bit: 2^63 does not fit.
    expectRefused("    return x * (2 ** 63)\n",
        "runtime error: line 2, column 19: integer overflow: 2 ** 63 does not fit in a 64-bit integer");
}
