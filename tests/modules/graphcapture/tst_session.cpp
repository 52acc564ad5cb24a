// The session: playback of the trace op by op, exact step back, reset, the CSV table,
// highlight targets, input errors and cancellation.
#include "../../support/graphcapturefixtures.h"
#include "core/graphcapturesession.h"

#include <gtest/gtest.h>

using namespace conceptlab;
using namespace conceptlab::graphcapture;

namespace {

std::unique_ptr<GraphCaptureSession> sessionOf(const std::string &program, const std::string &inputs = {})
{
    AnalysisRequest request;
    request.program = program;
    request.inputsJson = inputs;
    const WorkControl control;
    return createGraphCaptureSession(request, control);
}

std::string inputErrorOf(const std::string &program, const std::string &inputs = {})
{
    try {
        sessionOf(program, inputs);
    } catch (const InputError &e) {
        return e.message();
    }
    ADD_FAILURE() << "no input error for: " << program;
    return {};
}

bool contains(const std::vector<std::string> &list, const std::string &item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST(graphcapture_Session, StepsThroughTheTracedOpsOneByOne)
{
    // branch.py with x = [1, -2, 3]: the trace keeps relu (line 9) and the multiplication
    // (line 12); the constant 2 is not a step.
    auto session = sessionOf(fixtures::exampleProgram("branch"));
    EXPECT_EQ(session->currentStep(), 0);
    EXPECT_FALSE(session->atEnd());
    GraphCaptureSnapshot s = session->snapshot();
    EXPECT_EQ(s.stepCount, 2);
    EXPECT_EQ(s.current, nullptr);
    EXPECT_EQ(s.maxOrder, -1);
    EXPECT_FALSE(s.complete);
    EXPECT_FALSE(session->stepBackward());

    ASSERT_TRUE(session->stepForward());
    s = session->snapshot();
    ASSERT_NE(s.current, nullptr);
    EXPECT_EQ(s.current->kind, "aten::relu");
    EXPECT_EQ(s.current->line, 9);
    EXPECT_FALSE(s.complete);

    ASSERT_TRUE(session->stepForward());
    s = session->snapshot();
    EXPECT_EQ(s.current->kind, "aten::mul");
    EXPECT_EQ(s.current->line, 12);
    EXPECT_TRUE(s.complete);
    EXPECT_TRUE(session->atEnd());
    EXPECT_FALSE(session->stepForward());
    EXPECT_EQ(session->currentStep(), 2);
}

TEST(graphcapture_Session, StepBackIsExactAndResetReturnsToStepZero)
{
    auto session = sessionOf(fixtures::exampleProgram("branch"));
    session->stepForward();
    const GraphCaptureSnapshot one = session->snapshot();
    const Table oneTable = session->currentTable();
    session->stepForward();
    ASSERT_TRUE(session->stepBackward());
    const GraphCaptureSnapshot back = session->snapshot();
    EXPECT_EQ(session->currentStep(), 1);
    EXPECT_EQ(back.current, one.current);
    EXPECT_EQ(back.maxOrder, one.maxOrder);
    EXPECT_EQ(back.complete, one.complete);
    EXPECT_EQ(session->currentTable().rows, oneTable.rows);
    session->reset();
    EXPECT_EQ(session->currentStep(), 0);
    EXPECT_EQ(session->snapshot().current, nullptr);
    EXPECT_TRUE(session->currentTable().rows.empty());
}

TEST(graphcapture_Session, TableListsTheOpsShownWithTheirLines)
{
    auto session = sessionOf(fixtures::exampleProgram("branch"));
    EXPECT_EQ(session->currentTable().header, (std::vector<std::string> { "step", "op", "line" }));
    EXPECT_TRUE(session->currentTable().rows.empty());
    session->stepForward();
    session->stepForward();
    EXPECT_EQ(session->currentTable().rows,
        (std::vector<std::vector<std::string>> { { "1", "aten::relu", "9" }, { "2", "aten::mul", "12" } }));
}

TEST(graphcapture_Session, StatusCountsWarningsAndNamesTheScriptOutcome)
{
    // branch.py: one TracerWarning (the tensor condition at line 8); scripting compiles.
    EXPECT_EQ(sessionOf(fixtures::exampleProgram("branch"))->statusText(),
        "1 tracer warning · script ok · compiled 2 graphs, 1 break");
    // refused.py: scripting refuses a construct.
    EXPECT_NE(sessionOf(fixtures::exampleProgram("refused"))->statusText().find("script refused"), std::string::npos);
}

TEST(graphcapture_Session, HighlightTargetsNameLinesAndValuesShown)
{
    auto session = sessionOf(fixtures::exampleProgram("branch"));
    // At step 0 the script graph alone: sum, gt, Bool and If at line 8, relu at 9, neg at 11,
    // mul at 12; its values %2, %4, %5, %y.3, %y.1, %y.2 and %10.
    EXPECT_EQ(session->highlightTargets(),
        (std::vector<std::string> { "line:8", "line:9", "line:11", "line:12", "node:10", "node:2", "node:4", "node:5",
            "node:y.1", "node:y.2", "node:y.3" }));
    // The trace's multiplication (%7) appears only once it is recorded, at step 2.
    session->stepForward();
    EXPECT_FALSE(contains(session->highlightTargets(), "node:7"));
    session->stepForward();
    EXPECT_TRUE(contains(session->highlightTargets(), "node:7"));
}

TEST(graphcapture_Session, ProgramThatDoesNotParseIsAnInputErrorWithLineAndColumn)
{
    EXPECT_EQ(inputErrorOf("def f(x):\n    y = x +\n    return y\n", "{\"x\": [1.0]}"),
        "line 2, column 12: expected an expression, found end of line");
    EXPECT_EQ(inputErrorOf("def f(x):\n    return x\n", "{\"y\": [1.0]}"), "inputs: 'y' is not a parameter of f(x)");
}

TEST(graphcapture_Session, CancelStopsTheAnalysis)
{
    AnalysisRequest request;
    request.program = "def f(x):\n    while True:\n        x = x + 1\n    return x\n";
    request.inputsJson = "{\"x\": [1.0]}";
    WorkControl control;
    control.cancel();
    EXPECT_THROW(createGraphCaptureSession(request, control), Cancelled);
}
