// Tensor kernels, ops, eager execution, tracer warnings and scripting errors.
#include "core/analysis.h"
#include "core/interpreter.h"
#include "core/irinterpreter.h"
#include "core/ops.h"
#include "core/scripter.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace conceptlab::graphcapture;

namespace {

Value tensor(std::vector<std::int64_t> shape, std::vector<float> data)
{
    return Value::tensor(makeTensor(std::move(shape), std::move(data)));
}

Analysis run(const std::string &program, const std::string &inputs, const std::string &check = {})
{
    AnalysisRequest request;
    request.program = program;
    request.inputsJson = inputs;
    request.checkInputsJson = check;
    return analyze(request);
}

} // namespace

TEST(graphcapture_Tensor, BroadcastingAdd)
{
    // [[1],[2]] + [10, 20, 30] = [[11, 21, 31], [12, 22, 32]]
    const Value r
        = callOp("aten::add", { tensor({ 2, 1 }, { 1, 2 }), tensor({ 3 }, { 10, 20, 30 }), Value::integer(1) });
    EXPECT_EQ(r.t->shape, (std::vector<std::int64_t> { 2, 3 }));
    EXPECT_EQ(r.t->data, (std::vector<float> { 11, 21, 31, 12, 22, 32 }));
    EXPECT_THROW(
        callOp("aten::add", { tensor({ 2 }, { 1, 2 }), tensor({ 3 }, { 1, 2, 3 }), Value::integer(1) }), TensorError);
}

TEST(graphcapture_Tensor, MatmulShapes)
{
    // [[1,2],[3,4]] @ [[5],[6]] = [[17],[39]]; vector @ matrix and dot products drop dims.
    Value r = callOp("aten::matmul", { tensor({ 2, 2 }, { 1, 2, 3, 4 }), tensor({ 2, 1 }, { 5, 6 }) });
    EXPECT_EQ(r.t->shape, (std::vector<std::int64_t> { 2, 1 }));
    EXPECT_EQ(r.t->data, (std::vector<float> { 17, 39 }));
    r = callOp("aten::matmul", { tensor({ 2 }, { 1, 2 }), tensor({ 2, 2 }, { 1, 2, 3, 4 }) });
    EXPECT_EQ(r.t->shape, (std::vector<std::int64_t> { 2 }));
    EXPECT_EQ(r.t->data, (std::vector<float> { 7, 10 }));
    r = callOp("aten::matmul", { tensor({ 3 }, { 1, 2, 3 }), tensor({ 3 }, { 4, 5, 6 }) });
    EXPECT_TRUE(r.t->shape.empty());
    EXPECT_EQ(r.t->data, (std::vector<float> { 32 }));
    // Batched: two 1x2 @ 2x1.
    r = callOp("aten::matmul", { tensor({ 2, 1, 2 }, { 1, 2, 3, 4 }), tensor({ 2, 1 }, { 1, 1 }) });
    EXPECT_EQ(r.t->shape, (std::vector<std::int64_t> { 2, 1, 1 }));
    EXPECT_EQ(r.t->data, (std::vector<float> { 3, 7 }));
    EXPECT_THROW(
        callOp("aten::matmul", { tensor({ 2, 3 }, { 1, 2, 3, 4, 5, 6 }), tensor({ 2 }, { 1, 2 }) }), TensorError);
}

TEST(graphcapture_Tensor, Reductions)
{
    const Value x = tensor({ 2, 3 }, { 1, 2, 3, 4, 5, 6 });
    EXPECT_EQ(callOp("aten::sum", { x, Value::none() }).t->data, (std::vector<float> { 21 }));
    const Value dims = Value::sequence(ValueKind::List, { Value::integer(1) });
    Value r = callOp("aten::sum", { x, dims, Value::boolean(true), Value::none() });
    EXPECT_EQ(r.t->shape, (std::vector<std::int64_t> { 2, 1 }));
    EXPECT_EQ(r.t->data, (std::vector<float> { 6, 15 }));
    const Value dims0 = Value::sequence(ValueKind::List, { Value::integer(-2) });
    r = callOp("aten::mean", { x, dims0, Value::boolean(false), Value::none() });
    EXPECT_EQ(r.t->shape, (std::vector<std::int64_t> { 3 }));
    EXPECT_EQ(r.t->data, (std::vector<float> { 2.5f, 3.5f, 4.5f }));
    EXPECT_EQ(callOp("aten::max", { x }).t->data, (std::vector<float> { 6 }));
}

TEST(graphcapture_Tensor, SoftmaxCatViewTranspose)
{
    // softmax([0, ln 3]) = [0.25, 0.75]
    const Value s
        = callOp("aten::softmax", { tensor({ 1, 2 }, { 0, std::log(3.0f) }), Value::integer(1), Value::none() });
    EXPECT_NEAR(s.t->data[0], 0.25f, 1e-6);
    EXPECT_NEAR(s.t->data[1], 0.75f, 1e-6);
    const Value list = Value::sequence(ValueKind::List, { tensor({ 1, 2 }, { 1, 2 }), tensor({ 1, 2 }, { 3, 4 }) });
    Value c = callOp("aten::cat", { list, Value::integer(1) });
    EXPECT_EQ(c.t->shape, (std::vector<std::int64_t> { 1, 4 }));
    EXPECT_EQ(c.t->data, (std::vector<float> { 1, 2, 3, 4 }));
    const Value shape = Value::sequence(ValueKind::List, { Value::integer(2), Value::integer(-1) });
    Value v = callOp("aten::view", { c, shape });
    EXPECT_EQ(v.t->shape, (std::vector<std::int64_t> { 2, 2 }));
    Value t = callOp("aten::t", { v });
    EXPECT_EQ(t.t->data, (std::vector<float> { 1, 3, 2, 4 }));
}

TEST(graphcapture_Ops, PythonScalarSemantics)
{
    EXPECT_EQ(callOp("aten::floordiv", { Value::integer(-7), Value::integer(2) }).i, -4);
    EXPECT_EQ(callOp("aten::remainder", { Value::integer(-7), Value::integer(2) }).i, 1);
    EXPECT_DOUBLE_EQ(callOp("aten::div", { Value::integer(7), Value::integer(2) }).f, 3.5);
    EXPECT_THROW(callOp("aten::div", { Value::integer(1), Value::integer(0) }), TensorError);
    EXPECT_EQ(callOp("aten::__range_length", { Value::integer(1), Value::integer(10), Value::integer(3) }).i, 3);
    EXPECT_EQ(callOp("aten::__range_length", { Value::integer(5), Value::integer(0), Value::integer(-2) }).i, 3);
}

TEST(graphcapture_Tracer, WarningsQuotePyTorchExactly)
{
    const auto a = run("def f(x):\n    if bool(x.sum() > 0):\n        x = x * 2\n    n = int(x.max())\n"
                       "    m = float(x.max())\n    k = x.max().item()\n    return x * (n + m + k) + len(x)\n",
        "{\"x\": [1.0, 2.0]}");
    ASSERT_TRUE(a.error.empty()) << a.error;
    // PyTorch 1.13 gives these five warnings for this program (checked with torch.jit.trace).
    ASSERT_EQ(a.eager.warnings.size(), 5u);
    const std::string tail = " might cause the trace to be incorrect. We can't record the data flow of Python "
                             "values, so this value will be treated as a constant in the future. This means that the "
                             "trace might not generalize to other inputs!";
    EXPECT_EQ(a.eager.warnings[0].line, 2);
    EXPECT_EQ(a.eager.warnings[0].message, "Converting a tensor to a Python boolean" + tail);
    EXPECT_EQ(a.eager.warnings[1].line, 4);
    EXPECT_EQ(a.eager.warnings[1].message, "Converting a tensor to a Python integer" + tail);
    EXPECT_EQ(a.eager.warnings[2].line, 5);
    EXPECT_EQ(a.eager.warnings[2].message, "Converting a tensor to a Python float" + tail);
    EXPECT_EQ(a.eager.warnings[3].line, 6);
    EXPECT_EQ(a.eager.warnings[3].message, "Converting a tensor to a Python number" + tail);
    EXPECT_EQ(a.eager.warnings[4].line, 7);
    EXPECT_EQ(a.eager.warnings[4].message,
        "Using len to get tensor shape might cause the trace to be incorrect. Recommended usage would be "
        "tensor.shape[0]. Passing a tensor of different shape might lead to errors or silently give incorrect "
        "results.");
}

TEST(graphcapture_Tracer, WarningInALoopIsShownOncePerLine)
{
    const auto a = run("def f(x):\n    while x.sum() < 10:\n        x = x * 2\n    return x\n", "{\"x\": [1.0, 1.0]}");
    ASSERT_TRUE(a.error.empty());
    ASSERT_EQ(a.eager.warnings.size(), 1u);
    EXPECT_EQ(a.eager.warnings[0].line, 2);
    // 2 -> 4 -> 8 -> 16: three multiplications unrolled.
    EXPECT_EQ(a.eager.graph->opCounts().at("aten::mul"), 3);
    EXPECT_EQ(a.eager.graph->opCounts().count("aten::sum"), 0u);
}

TEST(graphcapture_Scripter, RefusesUnsupportedConstructsWithPositions)
{
    auto errorOf = [](const std::string &program) {
        const Module m = parseProgram(program);
        const auto r = scriptFunction(m, entryFunction(m));
        EXPECT_TRUE(r.error.has_value()) << program;
        return r.error.value_or(SourceError {});
    };
    auto e = errorOf(
        "def f(x):\n    y = x\n    try:\n        y = x + 1\n    except Exception:\n        pass\n    return y\n");
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, 5);
    EXPECT_EQ(e.message, "try blocks aren't supported");
    e = errorOf("def f(x):\n    g = lambda t: t * 2\n    return g(x)\n");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 9);
    EXPECT_EQ(e.message, "Lambda aren't supported");
    e = errorOf("def f(x, **kwargs):\n    return x\n");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 11); // PyTorch 1.13 marks "*kwargs"
    EXPECT_EQ(e.message,
        "Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults");
    e = errorOf("def f(x):\n    if x.sum() > 0:\n        y = x\n    else:\n        y = 1\n    return y\n");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.message, "Type mismatch: y is set to type Tensor in the true branch and type int in the false branch");
    // PyTorch 1.13 rebinds a variable of the same block freely and converts a tensor assigned to an
    // int or float variable of an enclosing block (aten::IntImplicit); an int for a float is refused.
    e = errorOf("def f(x, c: bool):\n    y = 1.5\n    if c:\n        y = 1\n    return x * y\n");
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.column, 9);
    EXPECT_EQ(e.message, "Variable 'y' previously had type float but is now being assigned to a value of type int");
    e = errorOf("def f(x):\n    return z\n");
    EXPECT_EQ(e.message, "undefined value z");
}

TEST(graphcapture_Scripter, EarlyReturnBecomesIfOutput)
{
    const Module m = parseProgram("def f(x):\n    if x.sum() > 0:\n        return x\n    return -x\n");
    const auto r = scriptFunction(m, entryFunction(m));
    ASSERT_FALSE(r.error) << r.error->message;
    for (float v : { 1.0f, -1.0f }) {
        const auto out = runGraph(*r.graph, { Value::tensor(makeTensor({ 1 }, { v })) });
        EXPECT_EQ(out.output.t->data[0], std::fabs(v));
    }
    EXPECT_EQ(r.graph->opCounts().at("prim::If"), 1);
}

TEST(graphcapture_Scripter, BareReturnInsideIfReturnsNone)
{
    // Found by fuzzing: both paths return the same None constant.
    const Module m = parseProgram("def f(x):\n    if bool(x.sum() > 0):\n        return\n");
    const auto r = scriptFunction(m, entryFunction(m));
    ASSERT_TRUE(r.graph);
    EXPECT_EQ(r.graph->top.returns.size(), 1u);
    EXPECT_EQ(runGraph(*r.graph, { Value::tensor(makeTensor({ 1 }, { 1 })) }).output.kind, ValueKind::None);
}

TEST(graphcapture_IrInterpreter, LoopStopsAtNodeLimit)
{
    const Module m = parseProgram("def f(x):\n    while x.sum() > 0:\n        x = x + 1\n    return x\n");
    const auto r = scriptFunction(m, entryFunction(m));
    ASSERT_TRUE(r.graph);
    try {
        runGraph(*r.graph, { Value::tensor(makeTensor({ 1 }, { 1 })) }, 500);
        FAIL();
    } catch (const SourceError &e) {
        EXPECT_EQ(e.message, "step limit exceeded: more than 500 graph nodes executed (an infinite loop?)");
    }
}

TEST(graphcapture_Tracer, SizesAreTracedAsTensors)
{
    // PyTorch hands out sizes as 0-dim tensors while tracing: aten::size, prim::NumToTensor,
    // then aten::Int where an int is needed. x.shape traces both dims (%1-%6); dim 1 is dead.
    const auto a = run("def f(x):\n    return x.view(x.shape[0], -1)\n", "{\"x\": [[1.0, 2.0], [3.0, 4.0]]}");
    ASSERT_TRUE(a.error.empty()) << a.error;
    const std::string f22 = "Float(2, 2, strides=[2, 1], requires_grad=0, device=cpu)";
    EXPECT_EQ(a.eager.graph->str(),
        "graph(%x : " + f22
            + "):\n"
              "  %1 : int = prim::Constant[value=0]()\n"
              "  %2 : int = aten::size(%x, %1)\n"
              "  %3 : Long(device=cpu) = prim::NumToTensor(%2)\n"
              "  %7 : int = aten::Int(%3)\n"
              "  %8 : int = prim::Constant[value=-1]()\n"
              "  %9 : int[] = prim::ListConstruct(%7, %8)\n"
              "  %10 : "
            + f22
            + " = aten::view(%x, %9)\n"
              "  return (%10)\n");
    // The traced size generalises to another batch size.
    AnalysisRequest request;
    request.program = "def f(x):\n    return x.view(x.shape[0], -1)\n";
    request.inputsJson = "{\"x\": [[1.0, 2.0], [3.0, 4.0]]}";
    request.checkInputsJson = "{\"x\": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}";
    EXPECT_TRUE(analyze(request).data.at("check").at("trace_matches").get<bool>());
}

// PyTorch 1.13 gives no TracerWarning here, yet the trip count is frozen; the check finds it.
TEST(graphcapture_Tracer, LoopOverATracedSizeIsFrozenWithoutAWarning)
{
    const auto a = run("def f(x):\n    for i in range(x.shape[0]):\n        x = x + 1\n    return x\n",
        "{\"x\": [1.0, 2.0]}", "{\"x\": [1.0, 2.0, 3.0]}");
    EXPECT_TRUE(a.eager.warnings.empty());
    EXPECT_FALSE(a.data.at("check").at("trace_matches").get<bool>());
    EXPECT_EQ(a.data.at("check").at("cause").at("message").get<std::string>(),
        "the loop condition or trip count at line 2 is 2 for the example input but 3 for the check input; the "
        "trace recorded only the example's path");
}

// PyTorch 1.13 prints the same graph: 1 - t is TorchScript's builtin neg(t) + 1, and -1 is neg(1)
// folded where the neg was, so it comes first in the constant pool.
TEST(graphcapture_Scripter, NegativeLiteralsAreConstantsAndReflectedSubIsNegThenAdd)
{
    const Module m = parseProgram("def f(x):\n    return 1 - x.view(-1)\n");
    const auto r = scriptFunction(m, entryFunction(m));
    ASSERT_TRUE(r.graph);
    EXPECT_EQ(r.graph->str(),
        "graph(%x.1 : Tensor):\n"
        "  %8 : int = prim::Constant[value=-1]()\n"
        "  %1 : int = prim::Constant[value=1]()\n"
        "  %3 : int[] = prim::ListConstruct(%8)\n"
        "  %4 : Tensor = aten::view(%x.1, %3)\n"
        "  %5 : Tensor = aten::neg(%4)\n"
        "  %7 : Tensor = aten::add(%5, %1, %1)\n"
        "  return (%7)\n");
}

TEST(graphcapture_Tracer, TransposeIsAViewWithSwappedStrides)
{
    const auto a = run("def f(x, w):\n    return torch.relu(x @ w.t())\n",
        "{\"x\": [[1.0, 2.0]], \"w\": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}");
    ASSERT_TRUE(a.error.empty()) << a.error;
    const std::string graph = a.eager.graph->str();
    EXPECT_NE(graph.find("Float(2, 3, strides=[1, 2], requires_grad=0, device=cpu) = aten::t(%w)"), std::string::npos)
        << graph;
    EXPECT_NE(
        graph.find("Float(1, 3, strides=[3, 1], requires_grad=0, device=cpu) = aten::matmul(%x, %"), std::string::npos);
    // [1, 2] @ [[1, 3, 5], [2, 4, 6]] = [5, 11, 17]
    EXPECT_EQ(a.data.at("eager").at("outputs"), Json::parse("[[[5,11,17]]]"));
    const auto bad = run("def f(x):\n    return x.t().view(-1)\n", "{\"x\": [[1.0, 2.0], [3.0, 4.0]]}");
    EXPECT_EQ(bad.errorAt->line, 2);
    EXPECT_EQ(bad.errorAt->message.substr(0, 55), "view size is not compatible with input tensor's size an");
}
