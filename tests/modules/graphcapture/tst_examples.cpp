// Every example program: exact graphs, op counts, warnings and check results, worked out
// from the semantics (what tracing records, what scripting keeps).
#include "../../support/graphcapturefixtures.h"
#include "core/analysis.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

using namespace conceptlab::graphcapture;

namespace {

Analysis example(const std::string &name)
{
    AnalysisRequest request;
    request.program = fixtures::exampleProgram(name);
    Analysis a = analyze(request);
    EXPECT_TRUE(a.error.empty()) << name << ": " << a.error;
    return a;
}

std::map<std::string, int> ops(const Analysis &a, const char *graph)
{
    std::map<std::string, int> out;
    for (const auto &[kind, count] : a.data.at(graph).at("ops").items())
        out[kind] = count.get<int>();
    return out;
}

std::string graphText(const Analysis &a, const char *graph)
{
    const Json &g = a.data.at(graph).at("graph");
    return g.is_null() ? std::string() : g.get<std::string>();
}

bool flag(const Analysis &a, const char *key)
{
    return a.data.at("check").at(key).get<bool>();
}

const std::string kF13 = "Float(1, 3, strides=[3, 1], requires_grad=0, device=cpu)";
const std::string kF2 = "Float(2, strides=[1], requires_grad=0, device=cpu)";

} // namespace

TEST(graphcapture_Examples, BranchOnTensorData)
{
    const Analysis a = example("branch");
    // x = [1, -2, 3]: sum 2 > 0, so the trace keeps relu and the multiplication only.
    EXPECT_EQ(graphText(a, "trace"),
        "graph(%x : " + kF13 + "):\n  %5 : " + kF13
            + " = aten::relu(%x)\n"
              "  %6 : Long(requires_grad=0, device=cpu) = prim::Constant[value={2}]()\n  %7 : "
            + kF13 + " = aten::mul(%5, %6)\n  return (%7)\n");
    EXPECT_EQ(ops(a, "trace"), (std::map<std::string, int> { { "aten::mul", 1 }, { "aten::relu", 1 } }));
    EXPECT_EQ(graphText(a, "script"),
        "graph(%x.1 : Tensor):\n"
        "  %1 : NoneType = prim::Constant()\n"
        "  %3 : int = prim::Constant[value=0]()\n"
        "  %9 : int = prim::Constant[value=2]()\n"
        "  %2 : Tensor = aten::sum(%x.1, %1)\n"
        "  %4 : Tensor = aten::gt(%2, %3)\n"
        "  %5 : bool = aten::Bool(%4)\n"
        "  %y.3 : Tensor = prim::If(%5)\n"
        "    block0():\n"
        "      %y.1 : Tensor = aten::relu(%x.1)\n"
        "      -> (%y.1)\n"
        "    block1():\n"
        "      %y.2 : Tensor = aten::neg(%x.1)\n"
        "      -> (%y.2)\n"
        "  %10 : Tensor = aten::mul(%y.3, %9)\n"
        "  return (%10)\n");
    EXPECT_EQ(ops(a, "script"),
        (std::map<std::string, int> { { "aten::Bool", 1 }, { "aten::gt", 1 }, { "aten::mul", 1 }, { "aten::neg", 1 },
            { "aten::relu", 1 }, { "aten::sum", 1 }, { "prim::If", 1 } }));
    ASSERT_EQ(a.eager.warnings.size(), 1u);
    EXPECT_EQ(a.eager.warnings[0].line, 8);
    // Check x = [-1, -2, -3]: eager takes the else branch, 2 * [1, 2, 3]; the trace still applies relu.
    EXPECT_EQ(a.data.at("check").at("eager"), Json::parse("[[[2,4,6]]]"));
    EXPECT_EQ(a.data.at("check").at("trace"), Json::parse("[[[0,0,0]]]"));
    EXPECT_FALSE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
    const Json &cause = a.data.at("check").at("cause");
    EXPECT_EQ(cause.at("line").get<int>(), 8);
    EXPECT_EQ(cause.at("construct").get<std::string>(), "branch");
    // The outputs panel opens with the reason, above the numbers it explains.
    const std::string panel = outputsText(a);
    EXPECT_EQ(panel.rfind("why: " + cause.at("message").get<std::string>() + "\n\n", 0), 0u) << panel;
    EXPECT_NE(panel.find("check input: trace (DIFFERS)\n[[[0.0,0.0,0.0]]]"), std::string::npos) << panel;
}

TEST(graphcapture_Examples, LoopOverRangeUnrollsInTheTrace)
{
    const Analysis a = example("range_loop");
    // y = ((x*2+0)*2+1)*2+2: three multiplications and three additions.
    EXPECT_EQ(ops(a, "trace"), (std::map<std::string, int> { { "aten::add", 3 }, { "aten::mul", 3 } }));
    EXPECT_EQ(a.data.at("eager").at("outputs"), Json::parse("[[12,20]]"));
    EXPECT_EQ(graphText(a, "script"),
        "graph(%x.1 : Tensor):\n"
        // PyTorch's constant pool: the default alpha, the loop's True, then the literals.
        "  %9 : int = prim::Constant[value=1]()\n"
        "  %4 : bool = prim::Constant[value=1]()\n"
        "  %1 : int = prim::Constant[value=3]()\n"
        "  %7 : int = prim::Constant[value=2]()\n"
        "  %y.3 : Tensor = prim::Loop(%1, %4, %x.1)\n"
        "    block0(%i.1 : int, %y.1 : Tensor):\n"
        "      %8 : Tensor = aten::mul(%y.1, %7)\n"
        "      %y.2 : Tensor = aten::add(%8, %i.1, %9)\n"
        "      -> (%4, %y.2)\n"
        "  return (%y.3)\n");
    EXPECT_EQ(
        ops(a, "script"), (std::map<std::string, int> { { "aten::add", 1 }, { "aten::mul", 1 }, { "prim::Loop", 1 } }));
    EXPECT_TRUE(a.eager.warnings.empty());
    // A constant trip count generalises: both match on the check input ([0.5, -1] -> [8, -4]).
    EXPECT_EQ(a.data.at("check").at("trace"), Json::parse("[[8,-4]]"));
    EXPECT_TRUE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
}

TEST(graphcapture_Examples, DataDependentTripCount)
{
    const Analysis a = example("data_trip");
    EXPECT_EQ(ops(a, "trace"), (std::map<std::string, int> { { "aten::add", 3 }, { "aten::tanh", 3 } }));
    EXPECT_EQ(ops(a, "script"),
        (std::map<std::string, int> {
            { "aten::Int", 1 }, { "aten::add", 1 }, { "aten::tanh", 1 }, { "prim::Loop", 1 } }));
    ASSERT_EQ(a.eager.warnings.size(), 1u);
    EXPECT_EQ(a.eager.warnings[0].line, 9);
    EXPECT_EQ(a.eager.warnings[0].message.substr(0, 40), "Converting a tensor to a Python integer ");
    EXPECT_FALSE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
    const Json &cause = a.data.at("check").at("cause");
    EXPECT_EQ(cause.at("construct").get<std::string>(), "loop");
    EXPECT_EQ(cause.at("example_value").get<double>(), 3);
    EXPECT_EQ(cause.at("check_value").get<double>(), 1);
}

TEST(graphcapture_Examples, ItemFeedsArithmetic)
{
    const Analysis a = example("item_scale");
    // max([1, 2, 3]) = 3 becomes the constant 1/3 in the trace, printed as PyTorch prints a 0-dim tensor.
    EXPECT_EQ(graphText(a, "trace"),
        "graph(%x : Float(3, strides=[1], requires_grad=0, device=cpu)):\n"
        "  %2 : Double(requires_grad=0, device=cpu) = prim::Constant[value={0.333333}]()\n"
        "  %3 : Float(3, strides=[1], requires_grad=0, device=cpu) = aten::mul(%x, %2)\n"
        "  return (%3)\n");
    EXPECT_EQ(graphText(a, "script"),
        "graph(%x.1 : Tensor):\n"
        "  %3 : float = prim::Constant[value=1.]()\n"
        "  %1 : Tensor = aten::max(%x.1)\n"
        "  %m.1 : Scalar = aten::item(%1)\n"
        "  %scale.1 : float = aten::div(%3, %m.1)\n"
        "  %5 : Tensor = aten::mul(%x.1, %scale.1)\n"
        "  return (%5)\n");
    ASSERT_EQ(a.eager.warnings.size(), 1u);
    EXPECT_EQ(a.eager.warnings[0].message.substr(0, 39), "Converting a tensor to a Python number ");
    // Check [4, 5, 6]: eager divides by 6, the trace still by 3.
    EXPECT_EQ(a.data.at("check").at("trace"), Json::parse("[[1.3333334,1.6666667,2]]"));
    EXPECT_FALSE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
}

TEST(graphcapture_Examples, ScriptingRefusesTry)
{
    const Analysis a = example("refused");
    EXPECT_EQ(graphText(a, "script"), "");
    const Json &error = a.data.at("script").at("error");
    EXPECT_EQ(error.at("line").get<int>(), 8);
    EXPECT_EQ(error.at("column").get<int>(), 5);
    EXPECT_EQ(error.at("message").get<std::string>(), "try blocks aren't supported");
    EXPECT_EQ(ops(a, "trace"), (std::map<std::string, int> { { "aten::matmul", 1 }, { "aten::sigmoid", 1 } }));
    EXPECT_TRUE(flag(a, "trace_matches"));
    EXPECT_FALSE(flag(a, "script_matches"));
    // The panel says the script was refused, not that a scripted graph computed a wrong value.
    const std::string panel = outputsText(a);
    EXPECT_NE(panel.find("check input: script (not scriptable: refused)\n"), std::string::npos) << panel;
    EXPECT_EQ(panel.find("DIFFERS"), std::string::npos) << panel;
    EXPECT_NE(panel.find("check input: trace (matches)\n"), std::string::npos) << panel;
}

TEST(graphcapture_Examples, JsonSyntaxErrorsNameTheirPosition)
{
    EXPECT_EQ(jsonSyntaxError(""), "");
    EXPECT_EQ(jsonSyntaxError("  \n"), "");
    EXPECT_EQ(jsonSyntaxError(R"({"x": [1.0]})"), "");
    // {"x": [1.0,  ends after 12 bytes: the error is at the end, line 1, column 13.
    const std::string error = jsonSyntaxError(R"({"x": [1.0, )");
    EXPECT_EQ(error.rfind("malformed JSON at line 1, column 13 (position 12): ", 0), 0u) << error;
    // A second line: the column counts from that line's start.
    const std::string second = jsonSyntaxError("{\"x\":\n  [1.0,, 2]}");
    EXPECT_EQ(second.rfind("malformed JSON at line 2, column 8", 0), 0u) << second;
}

TEST(graphcapture_Examples, TwoLayerMlpIsTheSameEitherWay)
{
    const Analysis a = example("mlp");
    const std::map<std::string, int> expected { { "aten::add", 2 }, { "aten::matmul", 2 }, { "aten::relu", 1 } };
    EXPECT_EQ(ops(a, "trace"), expected);
    EXPECT_EQ(ops(a, "script"), expected);
    // relu([1, -2] @ w1 + b1) = [0, 0, 1.55]; @ w2 = 3.1; + 0.5.
    EXPECT_EQ(a.data.at("eager").at("outputs"), Json::parse("[[[3.6]]]"));
    EXPECT_EQ(graphText(a, "script"),
        "graph(%x.1 : Tensor,\n      %w1.1 : Tensor,\n      %b1.1 : Tensor,\n      %w2.1 : Tensor,\n"
        "      %b2.1 : Tensor):\n"
        "  %6 : int = prim::Constant[value=1]()\n"
        "  %5 : Tensor = aten::matmul(%x.1, %w1.1)\n"
        "  %7 : Tensor = aten::add(%5, %b1.1, %6)\n"
        "  %h.1 : Tensor = aten::relu(%7)\n"
        "  %9 : Tensor = aten::matmul(%h.1, %w2.1)\n"
        "  %11 : Tensor = aten::add(%9, %b2.1, %6)\n"
        "  return (%11)\n");
    EXPECT_TRUE(a.eager.warnings.empty());
    EXPECT_TRUE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
}

TEST(graphcapture_Examples, WhileLoopOnTensorData)
{
    const Analysis a = example("while_norm");
    // [3, 4] has squared norm 25: halved three times to [0.375, 0.5], times 3 steps.
    EXPECT_EQ(a.data.at("eager").at("outputs"), Json::parse("[[1.125,1.5]]"));
    EXPECT_EQ(ops(a, "trace"), (std::map<std::string, int> { { "aten::div", 3 }, { "aten::mul", 1 } }));
    EXPECT_EQ(ops(a, "script"),
        (std::map<std::string, int> { { "aten::Bool", 2 }, { "aten::add", 1 }, { "aten::div", 1 }, { "aten::gt", 2 },
            { "aten::mul", 3 }, { "aten::sum", 2 }, { "prim::Loop", 1 } }));
    EXPECT_NE(graphText(a, "script")
                  .find("prim::Loop(%2, %8, %x.1, %1)\n    block0(%9 : int, %x.2 : Tensor, "
                        "%steps.1 : int):"),
        std::string::npos);
    EXPECT_FALSE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
}

TEST(graphcapture_Examples, TypeChangeBetweenBranches)
{
    const Analysis a = example("type_change");
    const Json &error = a.data.at("script").at("error");
    EXPECT_EQ(error.at("line").get<int>(), 8);
    EXPECT_EQ(error.at("message").get<std::string>(),
        "Type mismatch: y is set to type Tensor in the true branch and type int in the false branch");
    EXPECT_EQ(ops(a, "trace"), (std::map<std::string, int> { { "aten::add", 1 }, { "aten::mul", 1 } }));
}

TEST(graphcapture_Examples, HelperFunctionsAreInlined)
{
    const Analysis a = example("softmax_attention");
    const std::map<std::string, int> expected { { "aten::div", 1 }, { "aten::matmul", 2 }, { "aten::softmax", 1 },
        { "aten::t", 1 } };
    EXPECT_EQ(ops(a, "trace"), expected);
    EXPECT_EQ(ops(a, "script"), expected);
    EXPECT_TRUE(flag(a, "trace_matches"));
    EXPECT_TRUE(flag(a, "script_matches"));
}

// PyTorch 1.13 prints these two graphs for this program (up to value names and source comments;
// tests/modules/graphcapture/differential/ checks that against the real PyTorch): `graph` keeps the
// helper as prim::CallFunction, `inlined_graph` puts its graph where the call was.
TEST(graphcapture_Examples, HelperIsACallInTheGraphAndInlinedInTheInlinedGraph)
{
    const Analysis a = example("softmax_attention");
    EXPECT_EQ(a.data.at("script").at("graph").get<std::string>(),
        "graph(%q.1 : Tensor,\n"
        "      %k.1 : Tensor,\n"
        "      %v.1 : Tensor):\n"
        "  %6 : NoneType = prim::Constant()\n"
        "  %3 : Function = prim::Constant[name=\"scores\"]()\n"
        "  %5 : int = prim::Constant[value=1]()\n"
        "  %4 : Tensor = prim::CallFunction(%3, %q.1, %k.1)\n"
        "  %w.1 : Tensor = aten::softmax(%4, %5, %6)\n"
        "  %8 : Tensor = aten::matmul(%w.1, %v.1)\n"
        "  return (%8)\n");
    EXPECT_EQ(a.data.at("script").at("inlined_graph").get<std::string>(),
        "graph(%q.1 : Tensor,\n"
        "      %k.1 : Tensor,\n"
        "      %v.1 : Tensor):\n"
        "  %3 : NoneType = prim::Constant()\n"
        "  %4 : Function = prim::Constant[name=\"scores\"]()\n"
        "  %5 : int = prim::Constant[value=1]()\n"
        "  %9 : float = prim::Constant[value=2.]()\n"
        "  %10 : Tensor = aten::t(%k.1)\n"
        "  %11 : Tensor = aten::matmul(%q.1, %10)\n"
        "  %12 : Tensor = aten::div(%11, %9)\n"
        "  %w.1 : Tensor = aten::softmax(%12, %5, %3)\n"
        "  %8 : Tensor = aten::matmul(%w.1, %v.1)\n"
        "  return (%8)\n");
    // The ops count the graph that runs (the inlined one).
    EXPECT_EQ(ops(a, "script"),
        (std::map<std::string, int> {
            { "aten::div", 1 }, { "aten::matmul", 2 }, { "aten::softmax", 1 }, { "aten::t", 1 } }));
}
