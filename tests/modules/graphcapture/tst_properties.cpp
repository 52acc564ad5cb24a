// RapidCheck properties: random programs agree across eager, traced and scripted runs, and
// printing then re-parsing a program gives the same tree.
#include "core/analysis.h"
#include "core/interpreter.h"
#include "core/irinterpreter.h"
#include "core/scripter.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace conceptlab::graphcapture;

namespace {

// Small literals keep values finite; exp/log are left out so results stay in range.
std::string genNumber()
{
    const int n = *rc::gen::inRange(1, 9);
    return *rc::gen::element(std::string("0.5"), std::to_string(n), std::to_string(n) + ".25");
}

// An expression over the tensors in `vars` (all of shape [2, 3]).
std::string genTensorExpr(const std::vector<std::string> &vars, int depth)
{
    const std::string a = *rc::gen::elementOf(vars);
    const std::string b = *rc::gen::elementOf(vars);
    const int choice = *rc::gen::inRange(0, depth > 0 ? 12 : 8);
    switch (choice) {
    case 0:
        return "torch.relu(" + a + ")";
    case 1:
        return "torch.tanh(" + a + ")";
    case 2:
        return "torch.sigmoid(" + a + ")";
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
        return "-(" + genTensorExpr(vars, depth - 1) + ")";
    case 9:
        return a + ".sum(1, keepdim=True) + " + b;
    case 10:
        return "torch.softmax(" + a + ", dim=1)";
    case 11:
        return "(" + a + " @ " + b + ".t()) @ " + b + " * 0.125";
    default:
        return "torch.matmul(" + a + ", torch.ones(3, 3)) / 3.0";
    }
}

std::string genStraightLine()
{
    std::vector<std::string> vars { "x", "w" };
    std::string body;
    const int n = *rc::gen::inRange(1, 10);
    for (int k = 0; k < n; ++k) {
        const std::string name = "v" + std::to_string(k);
        body += "    " + name + " = " + genTensorExpr(vars, 2) + "\n";
        vars.push_back(name);
    }
    return "import torch\n\ndef f(x, w):\n" + body + "    return " + vars.back() + "\n";
}

std::string genBranchy()
{
    std::vector<std::string> vars { "x", "w" };
    std::string body;
    const int n = *rc::gen::inRange(1, 6);
    for (int k = 0; k < n; ++k) {
        const std::string name = "v" + std::to_string(k);
        const int kind = *rc::gen::inRange(0, 4);
        const std::string a = *rc::gen::elementOf(vars);
        if (kind == 0) {
            body += "    if " + a + ".sum() > " + genNumber() + ":\n        " + name + " = " + genTensorExpr(vars, 1)
                + "\n    else:\n        " + name + " = " + genTensorExpr(vars, 1) + "\n";
        } else if (kind == 1) {
            body += "    " + name + " = " + a + "\n    for i in range(" + std::to_string(*rc::gen::inRange(0, 4))
                + "):\n        " + name + " = torch.tanh(" + name + ") + " + a + " * i\n";
        } else if (kind == 2) {
            body += "    " + name + " = " + a + "\n    for i in range(int(" + a + ".max().item() > 0) + 1):\n        "
                + name + " = " + name + " * 0.5\n";
        } else {
            body += "    " + name + " = " + genTensorExpr(vars, 1) + "\n";
        }
        vars.push_back(name);
    }
    return "import torch\n\ndef f(x, w):\n" + body + "    return " + vars.back() + "\n";
}

Value randomTensor()
{
    std::vector<float> data;
    for (int k = 0; k < 6; ++k)
        data.push_back(static_cast<float>(*rc::gen::inRange(-40, 41)) / 8.0f);
    return Value::tensor(makeTensor({ 2, 3 }, data));
}

} // namespace

RC_GTEST_PROP(graphcapture_Properties, StraightLineEagerEqualsTracedEqualsScripted, ())
{
    const std::string source = genStraightLine();
    const Module m = parseProgram(source);
    const auto &entry = entryFunction(m);
    ExecutionOptions traceOptions;
    traceOptions.trace = true;
    const auto example = execute(m, entry, { randomTensor(), randomTensor() }, traceOptions);
    RC_ASSERT(example.graph != nullptr);
    RC_ASSERT(!example.traceError);
    const auto script = scriptFunction(m, entry);
    RC_ASSERT(script.graph != nullptr);
    const std::vector<Value> inputs { randomTensor(), randomTensor() };
    const auto eager = execute(m, entry, inputs, {}).output;
    RC_ASSERT(valuesClose(eager, runGraph(*example.graph, inputs).output));
    RC_ASSERT(valuesClose(eager, runGraph(*script.graph, inputs).output));
}

RC_GTEST_PROP(graphcapture_Properties, BranchyScriptedEqualsEagerAndTracedWhenDecisionsMatch, ())
{
    const std::string source = genBranchy();
    const Module m = parseProgram(source);
    const auto &entry = entryFunction(m);
    ExecutionOptions traceOptions;
    traceOptions.trace = true;
    const auto example = execute(m, entry, { randomTensor(), randomTensor() }, traceOptions);
    const auto script = scriptFunction(m, entry);
    RC_ASSERT(script.graph != nullptr);
    const std::vector<Value> inputs { randomTensor(), randomTensor() };
    const auto eager = execute(m, entry, inputs, {});
    RC_ASSERT(valuesClose(eager.output, runGraph(*script.graph, inputs).output));
    bool same = example.decisions.size() == eager.decisions.size();
    for (std::size_t k = 0; same && k < eager.decisions.size(); ++k)
        same = example.decisions[k].line == eager.decisions[k].line
            && example.decisions[k].value == eager.decisions[k].value;
    RC_CLASSIFY(same, "decisions match");
    if (same)
        RC_ASSERT(valuesClose(eager.output, runGraph(*example.graph, inputs).output));
}

RC_GTEST_PROP(graphcapture_Properties, PrintThenParseGivesTheSameTree, ())
{
    const std::string source = *rc::gen::inRange(0, 2) ? genBranchy() : genStraightLine();
    const Module m = parseProgram(source);
    const std::string printed = printProgram(m);
    const Module again = parseProgram(printed);
    RC_ASSERT(sameTree(m, again));
    RC_ASSERT(printProgram(again) == printed);
}

RC_GTEST_PROP(graphcapture_Properties, ArbitraryTextNeverCrashesTheFrontend, (const std::string &text))
{
    AnalysisRequest request;
    request.program = "def f(x):\n    " + text + "\n    return x\n";
    request.inputsJson = "{\"x\": [1.0, 2.0]}";
    request.stepLimit = 2000;
    const Analysis a = analyze(request);
    RC_ASSERT(a.error.empty() || !a.error.empty());
}
