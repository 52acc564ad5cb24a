// torch.compile: graph counts, breaks, guards, recompiles and kernels, with exact values worked
// out from TorchDynamo's and Inductor's rules (see docs/modules/graphcapture.md).
#include "../../support/graphcapturefixtures.h"
#include "core/analysis.h"

#include "core/interpreter.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

using namespace conceptlab;
using namespace conceptlab::graphcapture;

namespace {

Analysis run(
    const std::string &program, const std::string &inputs, const std::string &check = {}, const std::string &calls = {})
{
    AnalysisRequest request;
    request.program = program;
    request.inputsJson = inputs;
    request.checkInputsJson = check;
    request.callsJson = calls;
    Analysis a = analyze(request);
    EXPECT_TRUE(a.error.empty()) << a.error;
    return a;
}

const Json &compiled(const Analysis &a)
{
    return a.data.at("compile");
}

std::vector<std::string> reasons(const Analysis &a)
{
    std::vector<std::string> out;
    for (const auto &r : compiled(a).at("break_reasons"))
        out.push_back(std::to_string(r.at("line").get<int>()) + ": " + r.at("reason").get<std::string>());
    return out;
}

const char *const kToy = R"(import torch

def toy_example(a, b):
    x = a / (torch.abs(a) + 1)
    print("woo")
    if b.sum() < 0:
        b = b * -1
    return x * b
)";

} // namespace

TEST(graphcapture_Compile, DocumentedToyExampleGivesThreeGraphsTwoBreaks)
{
    // Branch taken (b sums below zero): graph 1 abs, add, truediv; graph 2 sum (a method, not
    // counted) and lt; graph 3 (the resume function at the branch) mul, mul.
    const Analysis a = run(kToy, R"({"a": [1.0, -2.0], "b": [-1.0, -3.0]})");
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 3);
    EXPECT_EQ(c.at("graph_break_count"), 2);
    EXPECT_EQ(c.at("op_count"), 6);
    EXPECT_EQ(reasons(a),
        (std::vector<std::string> { "5: call_function BuiltinVariable(print) [ConstantVariable(str)] {}",
            "6: generic_jump TensorVariable()" }));
    EXPECT_EQ(c.at("graphs")[0].at("ops"), Json({ "torch.abs", "operator.add", "operator.truediv" }));
    EXPECT_EQ(c.at("graphs")[1].at("ops"), Json({ "operator.lt" }));
    EXPECT_EQ(c.at("graphs")[2].at("ops"), Json({ "operator.mul", "operator.mul" }));
    // The condition is the second graph's output; the last graph returns only what f returns.
    EXPECT_NE(c.at("graphs")[1].at("code").get<std::string>().find("return (lt,)"), std::string::npos);
    EXPECT_NE(c.at("graphs")[2].at("code").get<std::string>().find("return (mul_1,)"), std::string::npos);
    EXPECT_EQ(c.at("graphs")[0].at("code"),
        "def forward(self, L_a_: \"f32[2]\"):\n    l_a_ = L_a_\n    abs_1: \"f32[2]\" = torch.abs(l_a_)\n"
        "    add: \"f32[2]\" = abs_1 + 1\n    truediv: \"f32[2]\" = l_a_ / add\n    return (truediv,)\n");
    EXPECT_EQ(c.at("graphs")[1].at("frame"), "torch_dynamo_resume_in_toy_example_at_5");
    EXPECT_EQ(c.at("graphs")[2].at("frame"), "torch_dynamo_resume_in_toy_example_at_6");
}

TEST(graphcapture_Compile, ToyExampleBranchNotTakenCountsFiveOps)
{
    const Analysis a = run(kToy, R"({"a": [1.0, -2.0], "b": [1.0, 3.0]})");
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 3);
    EXPECT_EQ(c.at("graph_break_count"), 2);
    EXPECT_EQ(c.at("op_count"), 5); // 3 + lt + the final mul
}

TEST(graphcapture_Compile, StraightLineProgramIsOneGraphWithFusedKernels)
{
    const Analysis a = run(R"(def f(x, w):
    h = torch.relu(x @ w)
    return h.sum(1) * 2
)",
        R"({"x": [[1, 2, 3], [4, 5, 6]], "w": [[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1]]})");
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 1);
    EXPECT_EQ(c.at("graph_break_count"), 0);
    EXPECT_EQ(c.at("op_count"), 3); // matmul, relu, mul; h.sum(1) is a call_method
    EXPECT_EQ(c.at("break_reasons"), Json::array());
    ASSERT_EQ(c.at("kernels").size(), 2U);
    EXPECT_EQ(c.at("kernels")[0].at("name"), "extern_kernels.mm");
    EXPECT_EQ(c.at("kernels")[0].at("bytes_read"), 72); // 6 + 12 floats
    EXPECT_EQ(c.at("kernels")[0].at("bytes_written"), 32);
    // relu (prologue) into the row sum, the scaling of the sums as epilogue.
    EXPECT_EQ(c.at("kernels")[1].at("name"), "cpp_fused_mul_relu_sum_0");
    EXPECT_EQ(c.at("kernels")[1].at("bytes_read"), 32);
    EXPECT_EQ(c.at("kernels")[1].at("bytes_written"), 8);
    EXPECT_EQ(c.at("bytes_fused"), 144);
    EXPECT_EQ(c.at("bytes_unfused"), 224); // mm 104, relu 64, sum 40, mul 16
    EXPECT_EQ(c.at("graphs")[0].at("guards"),
        Json({ "check_tensor(L['w'], Tensor, DispatchKeySet(CPU, BackendSelect, ADInplaceOrView, AutogradCPU), "
               "torch.float32, device=None, requires_grad=False, size=[3, 4], stride=[4, 1])",
            "check_tensor(L['x'], Tensor, DispatchKeySet(CPU, BackendSelect, ADInplaceOrView, AutogradCPU), "
            "torch.float32, device=None, requires_grad=False, size=[2, 3], stride=[3, 1])" }));
}

TEST(graphcapture_Compile, BreakInNestedHelperBreaksTheCallerToo)
{
    const Analysis a = run(R"(def helper(y):
    z = y * 2
    print("inside")
    return z + 1

def f(x):
    a = x + 1
    b = helper(a)
    return b * 3
)",
        R"({"x": [1.0, 2.0]})");
    const Json &c = compiled(a);
    // f up to the call; helper up to the print; helper after it; f after the call.
    EXPECT_EQ(c.at("graph_count"), 4);
    EXPECT_EQ(c.at("graph_break_count"), 3);
    EXPECT_EQ(c.at("op_count"), 4);
    const std::string print = "call_function BuiltinVariable(print) [ConstantVariable(str)] {}";
    EXPECT_EQ(reasons(a), (std::vector<std::string> { "3: " + print, "3: " + print }));
    std::vector<std::string> frames;
    for (const auto &g : c.at("graphs"))
        frames.push_back(g.at("frame").get<std::string>());
    EXPECT_EQ(frames,
        (std::vector<std::string> {
            "f", "helper", "torch_dynamo_resume_in_helper_at_3", "torch_dynamo_resume_in_f_at_8" }));
    EXPECT_EQ(a.data.at("eager").at("outputs"), Json::parse("[[15.0, 21.0]]"));
}

TEST(graphcapture_Compile, GraphBreakInsideALoopSkipsTheFrame)
{
    const Analysis a = run(R"(def f(x, n: int):
    y = x * 2
    for i in range(n):
        y = y + 1
        print(i)
    return y
)",
        R"({"x": [1.0], "n": 2})");
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 0);
    EXPECT_EQ(c.at("graph_break_count"), -1); // explain's graph_count - 1
    EXPECT_EQ(c.at("op_count"), 0);
    ASSERT_EQ(c.at("skipped_frames").size(), 1U);
    EXPECT_EQ(
        c.at("skipped_frames")[0].at("reason"), "Skipping frame because there is a graph break in a for/while loop");
    EXPECT_EQ(c.at("calls")[0].at("cache"), "eager");
}

TEST(graphcapture_Compile, ItemBreaksAndTheResumedFrameGuardsTheFloat)
{
    const Analysis a = run(R"(def f(x):
    s = x.sum().item()
    return x * s
)",
        R"({"x": [1.0, 2.0]})", R"({"x": [2.0, 2.0]})");
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 2);
    EXPECT_EQ(c.at("graph_break_count"), 1);
    EXPECT_EQ(c.at("op_count"), 1);
    EXPECT_EQ(reasons(a), (std::vector<std::string> { "2: Tensor.item" }));
    EXPECT_EQ(c.at("graphs")[1].at("guards")[0], "L['___stack0'] == 3.0");
    EXPECT_EQ(c.at("calls")[1].at("cache"), "compile");
    EXPECT_EQ(c.at("calls")[1].at("reason"), "L['___stack0'] == 3.0");
    EXPECT_EQ(c.at("recompiles"), 1);
    EXPECT_EQ(a.data.at("check").at("compiled"), Json::parse("[[8.0, 8.0]]"));
    EXPECT_EQ(a.data.at("check").at("compiled_matches"), true);
}

TEST(graphcapture_Compile, ShapeChangeRecompilesThenGoesDynamic)
{
    const Analysis a = run(R"(def f(x):
    return torch.relu(x) * 2
)",
        R"({"x": [1, 2, 3, 4]})", R"({"x": [1, 2, 3, 4, 5, 6, 7, 8]})",
        R"([{"x": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]}, {"x": [1]}, {"x": [1, 2, 3, 4, 5]}])");
    const Json &calls = compiled(a).at("calls");
    ASSERT_EQ(calls.size(), 5U);
    EXPECT_EQ(calls[0].at("cache"), "compile");
    EXPECT_EQ(calls[0].at("reason"), nullptr);
    EXPECT_EQ(calls[1].at("cache"), "compile");
    EXPECT_EQ(calls[1].at("reason"), "tensor 'L['x']' size mismatch at index 0. expected 4, actual 8");
    EXPECT_EQ(calls[2].at("cache"), "hit");
    EXPECT_EQ(calls[2].at("graphs"), Json({ 1 }));
    // 0/1 specialisation: size 1 fails the dynamic entry's bound and compiles a static entry.
    EXPECT_EQ(calls[3].at("cache"), "compile");
    EXPECT_EQ(calls[3].at("reason"), "2 <= L['x'].size()[0]");
    EXPECT_EQ(calls[4].at("cache"), "hit");
    EXPECT_EQ(calls[4].at("graphs"), Json({ 1 }));
    EXPECT_EQ(compiled(a).at("recompiles"), 2);
    const Json &dynamic = compiled(a).at("recompiled_graphs")[0];
    EXPECT_EQ(dynamic.at("guards"),
        Json({ "check_tensor(L['x'], Tensor, DispatchKeySet(CPU, BackendSelect, ADInplaceOrView, AutogradCPU), "
               "torch.float32, device=None, requires_grad=False, size=[None], stride=[None])",
            "2 <= L['x'].size()[0]" }));
    EXPECT_NE(dynamic.at("code").get<std::string>().find("L_x_: \"f32[s0]\""), std::string::npos);
    for (const auto &call : calls)
        EXPECT_TRUE(call.at("matches_eager").get<bool>());
}

TEST(graphcapture_Compile, SpecialisedIntRecompilesUntilTheLimitThenRunsEager)
{
    std::string calls = "[";
    for (int n = 2; n <= 10; ++n)
        calls += std::string(n > 2 ? ", " : "") + "{\"x\": [1.0], \"n\": " + std::to_string(n) + "}";
    calls += "]";
    const Analysis a = run(R"(def f(x, n: int):
    for i in range(n):
        x = x * 2
    return x
)",
        R"({"x": [1.0], "n": 1})", "", calls);
    const Json &c = compiled(a);
    ASSERT_EQ(c.at("calls").size(), 10U);
    for (int k = 1; k < 8; ++k) {
        EXPECT_EQ(c.at("calls")[k].at("cache"), "compile") << k;
        EXPECT_EQ(c.at("calls")[k].at("reason"), "L['n'] == " + std::to_string(k)) << k;
    }
    EXPECT_EQ(c.at("recompiles"), 7);
    EXPECT_EQ(c.at("calls")[8].at("cache"), "eager"); // the ninth compile would pass the limit of 8
    EXPECT_EQ(c.at("calls")[9].at("cache"), "eager");
    ASSERT_EQ(c.at("warnings").size(), 1U);
    EXPECT_EQ(c.at("warnings")[0].get<std::string>().rfind("torch._dynamo hit config.cache_size_limit (8)", 0), 0U);
    EXPECT_EQ(c.at("calls")[9].at("matches_eager"), true);
}

TEST(graphcapture_Compile, ExplicitGraphBreakAndConversions)
{
    const Analysis a = run(R"(def f(x):
    y = x + 1
    torch._dynamo.graph_break()
    z = y * 2
    n = int(z.sum())
    if bool(z.max() > 3):
        z = z - n
    return z
)",
        R"({"x": [1.0, 2.0]})");
    EXPECT_EQ(reasons(a),
        (std::vector<std::string> { "3: skip function graph_break in file torch/_dynamo/decorators.py",
            "5: call_function BuiltinVariable(int) [TensorVariable()] {}",
            "6: call_function BuiltinVariable(bool) [TensorVariable()] {}" }));
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 4);
    EXPECT_EQ(c.at("op_count"), 4); // add | mul | gt (sum, max are methods) | sub
    EXPECT_EQ(a.data.at("eager").at("outputs"), Json::parse("[[-6.0, -4.0]]"));
}

TEST(graphcapture_Compile, PrintBeforeAnyOpCompilesNoGraphAndExplainDoesNotCountIt)
{
    const Analysis a = run(R"(def f(x):
    print("start")
    return x + 1
)",
        R"({"x": [1.0]})");
    const Json &c = compiled(a);
    EXPECT_EQ(c.at("graph_count"), 1);
    EXPECT_EQ(c.at("graph_break_count"), 0);
    EXPECT_EQ(c.at("break_reasons"), Json::array());
}

namespace {

struct Expected {
    const char *name;
    int graphs, breaks, ops;
    std::vector<std::string> reasons; ///< "line: reason"
    std::vector<std::string> kernels;
    std::vector<std::string> caches; ///< per call
};

} // namespace

TEST(graphcapture_Compile, ExamplesAsDynamoAndInductorWouldDoThem)
{
    const std::string print = "call_function BuiltinVariable(print) [ConstantVariable(str)] {}";
    const std::vector<Expected> expected = {
        // The check input takes the other branch: a new resume frame, compiled the first time.
        { "branch", 2, 1, 3, { "8: generic_jump TensorVariable()" }, { "cpp_fused_gt_sum_0", "cpp_fused_mul_relu_0" },
            { "compile", "compile" } },
        { "range_loop", 1, 0, 6, {}, { "cpp_fused_add_mul_0" }, { "compile", "hit" } },
        // int(n) breaks before any op: no graph, not counted; the trip count is a stack value.
        { "data_trip", 1, 0, 6, {}, { "cpp_fused_add_tanh_0" }, { "compile", "compile" } },
        { "item_scale", 2, 1, 1, { "8: Tensor.item" }, { "cpp_fused_max_0", "cpp_fused_mul_0" },
            { "compile", "compile" } },
        { "refused", 1, 0, 2, {}, { "extern_kernels.mm", "cpp_fused_sigmoid_0" }, { "compile", "hit" } },
        { "mlp", 1, 0, 5, {}, { "extern_kernels.mm", "cpp_fused_add_relu_0", "extern_kernels.mm", "cpp_fused_add_1" },
            { "compile", "compile" } },
        { "while_norm", 0, -1, 0, {}, {}, { "eager", "eager" } },
        { "type_change", 2, 1, 3, { "8: call_function BuiltinVariable(bool) [TensorVariable()] {}" },
            { "cpp_fused_gt_sum_0", "cpp_fused_add_mul_0" }, { "compile", "compile" } },
        { "softmax_attention", 1, 0, 4, {}, { "extern_kernels.mm", "cpp_fused__softmax_div_0", "extern_kernels.mm" },
            { "compile", "hit" } },
        { "print_break", 3, 2, 6, { "10: " + print, "11: generic_jump TensorVariable()" },
            { "cpp_fused_abs_add_div_0", "cpp_fused_lt_sum_0", "cpp_fused_mul_0" }, { "compile", "compile" } },
        { "shape_change", 1, 0, 3, {}, { "extern_kernels.mm", "cpp_fused_mul_sigmoid_0" },
            { "compile", "compile", "hit", "compile" } },
        { "one_graph", 1, 0, 5, {}, { "cpp_fused_add_exp_mul_sub_sum_tanh_0" }, { "compile", "hit" } },
        { "nested_break", 4, 3, 5, { "10: " + print, "10: " + print },
            { "cpp_fused_add_relu_0", "cpp_fused_mul_0", "cpp_fused_add_0", "cpp_fused_mul_0" }, { "compile", "hit" } },
        { "recompile_limit", 1, 0, 2, {}, { "cpp_fused_add_mul_0" },
            { "compile", "compile", "compile", "compile", "compile", "compile", "compile", "compile", "eager",
                "eager" } },
    };
    for (const auto &e : expected) {
        AnalysisRequest request;
        request.program = fixtures::exampleProgram(e.name);
        const Analysis a = analyze(request);
        ASSERT_TRUE(a.error.empty()) << e.name << ": " << a.error;
        const Json &c = compiled(a);
        EXPECT_EQ(c.at("graph_count"), e.graphs) << e.name;
        EXPECT_EQ(c.at("graph_break_count"), e.breaks) << e.name;
        EXPECT_EQ(c.at("op_count"), e.ops) << e.name;
        EXPECT_EQ(reasons(a), e.reasons) << e.name;
        std::vector<std::string> kernels, caches;
        for (const auto &k : c.at("kernels"))
            kernels.push_back(k.at("name").get<std::string>());
        for (const auto &call : c.at("calls")) {
            caches.push_back(call.at("cache").get<std::string>());
            EXPECT_TRUE(call.at("matches_eager").get<bool>()) << e.name;
        }
        EXPECT_EQ(kernels, e.kernels) << e.name;
        EXPECT_EQ(caches, e.caches) << e.name;
        EXPECT_EQ(a.data.at("check").at("compiled_matches"), true) << e.name;
    }
}

TEST(graphcapture_Compile, ResumeAfterAHelperGetsTheReturnedValueOnTheStack)
{
    AnalysisRequest request;
    request.program = fixtures::exampleProgram("nested_break");
    const Analysis a = analyze(request);
    const Json &last = compiled(a).at("graphs")[3];
    EXPECT_EQ(last.at("frame"), "torch_dynamo_resume_in_f_at_16");
    EXPECT_EQ(last.at("guards")[0].get<std::string>().rfind("check_tensor(L['___stack0']", 0), 0U);
    EXPECT_EQ(a.data.at("check").at("compiled"), Json::parse("[[27.0, 33.0]]"));
}

TEST(graphcapture_Compile, CallsParameterErrorsNameTheCall)
{
    AnalysisRequest request;
    request.program = "def f(x):\n    return x + 1\n";
    request.inputsJson = R"({"x": [1.0]})";
    request.callsJson = R"([{"x": [1.0]}, {"y": 2}])";
    EXPECT_EQ(analyze(request).error, "calls[1]: 'y' is not a parameter of f(x)");
    request.callsJson = R"({"x": [1.0]})";
    EXPECT_EQ(analyze(request).error, "calls: expected a JSON list of input objects, e.g. [{\"x\": [1.0]}]");
    request.callsJson = "[";
    EXPECT_EQ(analyze(request).error.rfind("calls: malformed JSON at line 1, column 2", 0), 0U);
}

// ---- Properties -------------------------------------------------------------------------

namespace {

std::string cat(std::initializer_list<std::string> parts)
{
    std::string out;
    for (const auto &p : parts)
        out += p;
    return out;
}

std::string genNumber()
{
    const int n = *rc::gen::inRange(1, 9);
    return *rc::gen::element(std::string("0.5"), std::to_string(n), std::to_string(n) + ".25");
}

// One tensor op on `a` (and `b`), all of shape [rows, 3]; each a single traced op.
std::string genOp(const std::string &a, const std::string &b)
{
    switch (*rc::gen::inRange(0, 11)) {
    case 0:
        return "torch.relu(" + a + ")";
    case 1:
        return "torch.tanh(" + a + ")";
    case 2:
        return a + ".sigmoid()";
    case 3:
        return a + " + " + b;
    case 4:
        return a + " - " + b;
    case 5:
        return a + " * " + b;
    case 6:
        return a + " * " + genNumber();
    case 7:
        return genNumber() + " - " + a;
    case 8:
        return "-" + a;
    case 9:
        return "torch.softmax(" + a + ", 1)";
    default:
        return a + " / " + genNumber();
    }
}

// A chain of ops, every result used by the next (no dead code), optionally with prints.
std::string genChain(bool prints)
{
    std::string body, prev = "x";
    const int n = *rc::gen::inRange(1, 12);
    for (int k = 0; k < n; ++k) {
        const std::string name = "v" + std::to_string(k);
        body += "    " + name + " = " + genOp(prev, *rc::gen::element(std::string("x"), std::string("w"), prev)) + "\n";
        if (prints && *rc::gen::inRange(0, 4) == 0)
            body += "    print(\"step\", " + std::to_string(k) + ")\n";
        prev = name;
    }
    return "import torch\n\ndef f(x, w):\n" + body + "    return " + prev + "\n";
}

// Programs with every kind of graph break: prints, branches on data, .item(), helpers.
std::string genBreaky()
{
    std::string helper = cat({ "def helper(a, b):\n    c = ", genOp("a", "b"), "\n" });
    if (*rc::gen::inRange(0, 2))
        helper += "    print(\"in helper\")\n";
    helper += cat({ "    return ", genOp("c", "b"), "\n\n" });
    std::string body, prev = "x";
    const int n = *rc::gen::inRange(1, 7);
    for (int k = 0; k < n; ++k) {
        const std::string name = "v" + std::to_string(k);
        const std::string s = "s" + std::to_string(k);
        switch (*rc::gen::inRange(0, 6)) {
        case 0:
            body += cat({ "    if ", prev, ".sum() > ", genNumber(), ":\n        ", name, " = ", genOp(prev, "w"),
                "\n    else:\n        ", name, " = ", genOp(prev, "x"), "\n" });
            break;
        case 1:
            body += cat({ "    ", s, " = ", prev, ".max().item()\n    ", name, " = ", prev, " * ", s, "\n" });
            break;
        case 2:
            body += cat({ "    ", name, " = helper(", prev, ", w)\n" });
            break;
        case 3:
            body += cat({ "    print(", prev, ")\n    ", name, " = ", genOp(prev, "w"), "\n" });
            break;
        case 4:
            body += cat({ "    ", name, " = ", prev, "\n    for i in range(", std::to_string(*rc::gen::inRange(0, 3)),
                "):\n        ", name, " = torch.tanh(", name, ") + w * i\n" });
            break;
        default:
            body += "    " + name + " = " + genOp(prev, "w") + "\n";
        }
        prev = name;
    }
    return "import torch\n\n" + helper + "def f(x, w):\n" + body + "    return " + prev + "\n";
}

Value randomTensor(int rows)
{
    std::vector<float> data;
    data.reserve(static_cast<std::size_t>(rows) * 3);
    for (int k = 0; k < rows * 3; ++k)
        data.push_back(static_cast<float>(*rc::gen::inRange(-40, 41)) / 8.0f);
    return Value::tensor(makeTensor({ rows, 3 }, data));
}

CompileCall callOf(const std::string &label, int rows)
{
    return { label, { randomTensor(rows), randomTensor(rows) } };
}

} // namespace

RC_GTEST_PROP(graphcapture_Compile, CompiledEqualsEagerOnEveryCall, ())
{
    const std::string source = genBreaky();
    const Module m = parseProgram(source);
    std::vector<CompileCall> calls;
    const int n = *rc::gen::inRange(1, 6);
    calls.reserve(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k)
        calls.push_back(callOf("call" + std::to_string(k), *rc::gen::inRange(1, 5)));
    const CompileResult r = compileCalls(m, entryFunction(m), calls, 100000, WorkControl());
    RC_ASSERT(r.calls.size() == calls.size());
    for (std::size_t k = 0; k < calls.size(); ++k) {
        const auto eager = execute(m, entryFunction(m), calls[k].inputs, {});
        RC_ASSERT(!r.calls[k].error);
        RC_ASSERT(r.calls[k].matchesEager);
        RC_ASSERT(valuesClose(r.calls[k].output, eager.output));
    }
    RC_ASSERT(r.graphBreakCount == r.graphCount - 1);
}

RC_GTEST_PROP(graphcapture_Compile, BreakFreeStraightLineIsOneGraphWithOneNodePerTracedOp, ())
{
    const std::string source = genChain(false);
    const Module m = parseProgram(source);
    const CompileCall call = callOf("example", *rc::gen::inRange(1, 4));
    ExecutionOptions traceOptions;
    traceOptions.trace = true;
    const auto traced = execute(m, entryFunction(m), call.inputs, traceOptions);
    int tracedOps = 0;
    for (const IrNode *node : traced.graph->allNodes())
        if (node->kind != "prim::Constant" && node->kind != "prim::ListConstruct"
            && node->kind != "prim::TupleConstruct")
            ++tracedOps;
    const CompileResult r = compileCalls(m, entryFunction(m), { call }, 100000, WorkControl());
    RC_ASSERT(r.graphCount == 1);
    RC_ASSERT(r.graphBreakCount == 0);
    RC_ASSERT(r.breakReasons.empty());
    int fxNodes = 0;
    for (const auto &node : r.graphs.at(0).nodes)
        if (node.op != "placeholder")
            ++fxNodes;
    RC_ASSERT(fxNodes == tracedOps);
}

RC_GTEST_PROP(graphcapture_Compile, SameShapesNeverRecompile, ())
{
    const std::string source = genChain(true);
    const Module m = parseProgram(source);
    const int rows = *rc::gen::inRange(1, 5);
    std::vector<CompileCall> calls;
    const int n = *rc::gen::inRange(2, 6);
    calls.reserve(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k)
        calls.push_back(callOf("call" + std::to_string(k), rows));
    const CompileResult r = compileCalls(m, entryFunction(m), calls, 100000, WorkControl());
    RC_ASSERT(r.recompiles == 0);
    for (std::size_t k = 1; k < r.calls.size(); ++k) {
        RC_ASSERT(r.calls[k].cache == std::string("hit"));
        RC_ASSERT(r.calls[k].graphs == r.calls[0].graphs);
    }
}
