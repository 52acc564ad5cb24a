// The lambda session and the core's long runs: stepping forward and back restores exactly
// the same snapshot, reset, the end, the CSV table, highlight targets, binder lookup, and
// progress and cancel of run-to-end and comparisons. Values worked out by hand.
#include "../../support/lambdafixtures.h"
#include "core/prelude.h"
#include "core/reductionsession.h"

#include <gtest/gtest.h>

#include <vector>

using namespace conceptlab;
using namespace conceptlab::lambda;

namespace {

Settings settingsFor(const std::string &term, Strategy strategy = Strategy::Normal)
{
    Settings s;
    s.term = term;
    s.strategy = strategy;
    s.preludeText = std::string(preludeText());
    return s;
}

ReductionSession sessionFor(const std::string &term, Strategy strategy = Strategy::Normal)
{
    const WorkControl control;
    return ReductionSession(settingsFor(term, strategy), control);
}

// Every field the view draws.
void expectSameSnapshot(const Snapshot &a, const Snapshot &b)
{
    EXPECT_EQ(a.step, b.step);
    EXPECT_EQ(a.term, b.term);
    EXPECT_EQ(a.expanded, b.expanded);
    EXPECT_EQ(a.deBruijn, b.deBruijn);
    EXPECT_EQ(a.redexFunction.begin, b.redexFunction.begin);
    EXPECT_EQ(a.redexFunction.end, b.redexFunction.end);
    EXPECT_EQ(a.redexArgument.begin, b.redexArgument.begin);
    EXPECT_EQ(a.redexArgument.end, b.redexArgument.end);
    EXPECT_EQ(a.nextRedex, b.nextRedex);
    EXPECT_EQ(a.explanation, b.explanation);
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.redexPath, b.redexPath);
    EXPECT_EQ(a.value, b.value);
    EXPECT_EQ(a.name, b.name);
}

} // namespace

TEST(lambdaSession, SKKStepsToIdentityInFourSteps)
{
    ReductionSession session = sessionFor("S K K");
    EXPECT_EQ(session.currentStep(), 0);
    EXPECT_FALSE(session.atEnd());
    EXPECT_EQ(session.snapshot().term, "S K K");
    // The redex at step 0 is S K: function "S" (code points 0-1), argument "K" (2-3).
    EXPECT_EQ(session.snapshot().redexFunction.begin, 0);
    EXPECT_EQ(session.snapshot().redexFunction.end, 1);
    EXPECT_EQ(session.snapshot().redexArgument.begin, 2);
    EXPECT_EQ(session.snapshot().redexArgument.end, 3);
    const std::vector<std::string> terms = { "(λy.λz.K z (y z)) K", "λz.K z (K z)", "λz.(λy.z) (K z)", "λz.z" };
    for (const std::string &term : terms) {
        ASSERT_TRUE(session.stepForward());
        EXPECT_EQ(session.snapshot().term, term);
    }
    EXPECT_EQ(session.currentStep(), 4);
    EXPECT_TRUE(session.atEnd());
    EXPECT_EQ(session.status(), Status::NormalForm);
    EXPECT_EQ(session.snapshot().name, "I");
    EXPECT_FALSE(session.stepForward());
    EXPECT_EQ(session.currentStep(), 4);
    EXPECT_EQ(session.statusText(), "normal order · normal form · ≡ I");
}

TEST(lambdaSession, StepBackReturnsExactlyTheSameSnapshot)
{
    ReductionSession session = sessionFor("PLUS 2 3");
    const Snapshot initial = session.snapshot();
    ASSERT_TRUE(session.stepForward());
    ASSERT_TRUE(session.stepForward());
    ASSERT_TRUE(session.stepForward());
    const Snapshot third = session.snapshot();
    ASSERT_TRUE(session.stepBackward());
    EXPECT_EQ(session.currentStep(), 2);
    EXPECT_EQ(session.snapshot().step, 2u);
    ASSERT_TRUE(session.stepForward());
    expectSameSnapshot(session.snapshot(), third);
    while (session.stepBackward()) { }
    EXPECT_EQ(session.currentStep(), 0);
    EXPECT_FALSE(session.stepBackward());
    expectSameSnapshot(session.snapshot(), initial);
}

TEST(lambdaSession, ResetGoesBackToStepZeroAndSeekRewinds)
{
    ReductionSession session = sessionFor("PLUS 2 3");
    while (session.stepForward()) { }
    // PLUS 2 3 takes 6 normal-order steps (as in the headless run) and reads as 5.
    EXPECT_EQ(session.currentStep(), 6);
    EXPECT_EQ(session.snapshot().value, "5");
    session.reset();
    EXPECT_EQ(session.currentStep(), 0);
    EXPECT_FALSE(session.atEnd());
    EXPECT_EQ(session.snapshot().term, "PLUS 2 3");
    EXPECT_TRUE(session.seek(4));
    EXPECT_EQ(session.currentStep(), 4);
    EXPECT_FALSE(session.seek(7));
    EXPECT_FALSE(session.seek(-1));
    EXPECT_EQ(session.currentStep(), 4);
}

TEST(lambdaSession, CurrentTableHasTheDocumentedColumnsUpToTheCurrentStep)
{
    ReductionSession session = sessionFor("S K K");
    Table table = session.currentTable();
    const std::vector<std::string> header = { "step", "term", "redex", "explanation", "renames", "size" };
    EXPECT_EQ(table.header, header);
    EXPECT_TRUE(table.rows.empty());
    session.stepForward();
    session.stepForward();
    table = session.currentTable();
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0][0], "1");
    EXPECT_EQ(table.rows[0][1], "(λy.λz.K z (y z)) K");
    EXPECT_EQ(table.rows[0][3], "expand S, then substitute K for x in λy.λz.x z (y z)");
    EXPECT_EQ(table.rows[0][4], "");
    // (λy.λz.K z (y z)) K with K = λx.λy.x expanded: app, λy, λz, app, app, K (3), z,
    // app, y, z, and the argument K (3): 15 nodes.
    EXPECT_EQ(table.rows[0][5], "15");
    EXPECT_EQ(table.rows[1][0], "2");
    EXPECT_EQ(table.rows[1][1], "λz.K z (K z)");
    session.stepBackward();
    EXPECT_EQ(session.currentTable().rows.size(), 1u);
}

TEST(lambdaSession, HighlightTargetsNameTheRedexAndTheBinders)
{
    ReductionSession session = sessionFor("S K K");
    EXPECT_EQ(session.highlightTargets(), std::vector<std::string>({ "redex" }));
    session.stepForward(); // (λy.λz.K z (y z)) K
    EXPECT_EQ(session.highlightTargets(), std::vector<std::string>({ "redex", "binder:y", "binder:z" }));
    while (session.stepForward()) { }
    // λz.z: no redex left.
    EXPECT_EQ(session.highlightTargets(), std::vector<std::string>({ "binder:z" }));
}

TEST(lambdaSession, BinderSpansAreCodePointsOfTheBoundNames)
{
    // λ x . λ y ' . x   y '
    // 0 1 2 3 4 5 6 7 8 9 10
    EXPECT_EQ(binderNames("λx.λy'.x y'"), std::vector<std::string>({ "x", "y'" }));
    const std::vector<Span> spans = binderSpans("λx.λy'.x y'", "y'");
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].begin, 4);
    EXPECT_EQ(spans[0].end, 6);
    const std::vector<Span> twice = binderSpans("(λx.x) (λx.x)", "x");
    ASSERT_EQ(twice.size(), 2u);
    EXPECT_EQ(twice[0].begin, 2);
    EXPECT_EQ(twice[1].begin, 9);
    EXPECT_TRUE(binderSpans("λx.x", "y").empty());
}

TEST(lambdaSession, OmegaEndsAfterOneStepWithACycle)
{
    ReductionSession session = sessionFor("Ω");
    EXPECT_FALSE(session.atEnd());
    ASSERT_TRUE(session.stepForward());
    EXPECT_TRUE(session.atEnd());
    EXPECT_EQ(session.status(), Status::Diverges);
    EXPECT_EQ(session.cycleLength(), 1u);
    EXPECT_FALSE(session.stepForward());
}

TEST(lambdaSession, AParseErrorIsAnInputErrorWithLineAndColumn)
{
    const WorkControl control;
    try {
        ReductionSession session(settingsFor("let A = \\x.x\nA )"), control);
        FAIL() << "no error";
    } catch (const InputError &error) {
        EXPECT_EQ(error.message(), "line 2, column 3: unexpected ')'");
    }
    const auto parseError = parseErrorOf(settingsFor("let A = \\x.x\nA )"));
    ASSERT_TRUE(parseError.has_value());
    EXPECT_EQ(parseError->line, 2);
    EXPECT_EQ(parseError->column, 3);
    EXPECT_FALSE(parseErrorOf(settingsFor("S K K")).has_value());
}

TEST(lambdaRun, ProgressIsStepsDoneOverTheStepLimit)
{
    // Y FACTF FIVE needs 26898 steps: with max_steps = 1000 the run checks in at steps 0,
    // 256, 512 and 768, then stops at the limit (before handing over to the fast engine).
    Settings s = settingsFor(fixtures::kPlainDefinitions + "Y FACTF FIVE");
    s.prelude = false;
    s.maxSteps = 1000;
    std::vector<double> reported;
    const WorkControl control([&reported](double fraction, std::string_view) { reported.push_back(fraction); });
    const Outcome out = evaluate(s, control);
    EXPECT_EQ(out.status, Status::StepLimit);
    EXPECT_EQ(out.steps, 1000u);
    EXPECT_EQ(reported, std::vector<double>({ 0.0, 0.256, 0.512, 0.768 }));
}

TEST(lambdaRun, ACancelledRunThrowsCancelled)
{
    WorkControl control;
    control.cancel();
    EXPECT_THROW(evaluate(settingsFor("FACT 3"), control), Cancelled);
    EXPECT_THROW(compareStrategies(settingsFor("K I Ω"), Strategy::Normal, Strategy::Applicative, control), Cancelled);
}

TEST(lambdaRun, ComparisonRunsBothStrategiesOverHalfTheProgressEach)
{
    std::vector<double> reported;
    const WorkControl control([&reported](double fraction, std::string_view) { reported.push_back(fraction); });
    const Comparison c = compareStrategies(settingsFor("K I Ω"), Strategy::Normal, Strategy::Applicative, control);
    EXPECT_EQ(c.firstStrategy, Strategy::Normal);
    ASSERT_TRUE(c.secondStrategy.has_value());
    EXPECT_EQ(c.first.status, Status::NormalForm);
    EXPECT_EQ(c.first.steps, 2u);
    EXPECT_EQ(c.second.status, Status::Diverges);
    EXPECT_EQ(c.second.cycleLength, 1u);
    // Each run checks in once, at step 0 (its share starts at 0 and at 0.5), then 1 at the end.
    EXPECT_EQ(reported, std::vector<double>({ 0.0, 0.5, 1.0 }));

    const Comparison one = compareStrategies(settingsFor("K I Ω"), Strategy::Applicative, std::nullopt, control);
    EXPECT_FALSE(one.secondStrategy.has_value());
    EXPECT_EQ(one.first.status, Status::Diverges);
}

TEST(lambdaSession, StrategiesHaveOneListOfKeysAndTitles)
{
    std::vector<std::string> keys;
    std::vector<std::string> titles;
    for (Strategy s : kAllStrategies) {
        keys.emplace_back(strategyKey(s));
        titles.push_back(strategyTitle(s));
        Strategy back = Strategy::Normal;
        ASSERT_TRUE(strategyFromKey(strategyKey(s), back));
        EXPECT_EQ(back, s);
        EXPECT_FALSE(strategyRule(s).empty());
    }
    EXPECT_EQ(keys, std::vector<std::string>({ "normal", "applicative", "cbn", "cbv", "need" }));
    EXPECT_EQ(titles,
        std::vector<std::string>(
            { "normal order", "applicative order", "call-by-name", "call-by-value", "call-by-need" }));
}

TEST(lambdaSession, RunToEndStopsAtTheLastStepOrTheCap)
{
    // PLUS 2 3 takes 6 normal-order steps: m := 2, n := 3, then 2's f and x, then 3's f and x;
    // it ends at the numeral 5.
    ReductionSession plus = sessionFor("PLUS 2 3");
    std::vector<double> reported;
    const WorkControl control([&reported](double fraction, std::string_view) { reported.push_back(fraction); });
    EXPECT_EQ(plus.runToEnd(control), 6);
    EXPECT_EQ(plus.currentStep(), 6);
    EXPECT_TRUE(plus.atEnd());
    EXPECT_EQ(plus.status(), Status::NormalForm);
    EXPECT_EQ(plus.snapshot().value, "5");
    ASSERT_FALSE(reported.empty());
    EXPECT_EQ(reported.back(), 1.0);

    // Y (λf.λx.f x) never ends and never repeats: the cap of 10 stops it, not at the end.
    ReductionSession grows = sessionFor("(\\f.(\\x.f (x x)) (\\x.f (x x))) (\\g.\\y.y g)");
    EXPECT_EQ(grows.runToEnd(WorkControl(), 10), 10);
    EXPECT_EQ(grows.currentStep(), 10);
    EXPECT_FALSE(grows.atEnd());

    WorkControl cancelled;
    cancelled.cancel();
    ReductionSession fact = sessionFor("FACT 3");
    EXPECT_THROW(fact.runToEnd(cancelled), Cancelled);
}

TEST(lambdaSession, OmegaIsACycleOfOneStepFoundAtStepOne)
{
    // (λx.x x) (λx.x x) contracts to itself: step 1 equals step 0, a cycle of 1 step.
    ReductionSession session = sessionFor("(\\x.x x) (\\x.x x)");
    EXPECT_EQ(session.cycleStart(), -1);
    EXPECT_EQ(session.cycleText(), "");
    ASSERT_TRUE(session.stepForward());
    EXPECT_TRUE(session.atEnd());
    EXPECT_EQ(session.status(), Status::Diverges);
    EXPECT_EQ(session.cycleStart(), 0);
    EXPECT_EQ(session.cycleLength(), 1u);
    EXPECT_EQ(session.snapshot().repeatsStep, 0);
    EXPECT_EQ(session.history()[0].repeatsStep, -1);
    EXPECT_EQ(session.cycleText(), "step 1 equals step 0: this term loops forever (a cycle of 1 step)");
    // The repeated state still shows the redex that goes round again: all of it.
    EXPECT_TRUE(session.snapshot().redexFunction.valid());
    EXPECT_TRUE(session.onCycle(0));
    EXPECT_TRUE(session.onCycle(1));
    EXPECT_FALSE(session.onCycle(2));
}

TEST(lambdaSession, ACycleIsFoundUpToRenamingOfBoundVariables)
{
    // (λx.x x) (λy.y y) → (λy.y y) (λy.y y): another text, the same term up to renaming.
    ReductionSession session = sessionFor("(\\x.x x) (\\y.y y)");
    ASSERT_TRUE(session.stepForward());
    EXPECT_EQ(session.snapshot().term, "(λy.y y) (λy.y y)");
    EXPECT_NE(session.snapshot().term, session.history()[0].term);
    EXPECT_EQ(session.status(), Status::Diverges);
    EXPECT_EQ(session.snapshot().repeatsStep, 0);
}

TEST(lambdaSession, YOfIdentityReturnsToStepOneEveryTwoSteps)
{
    // Y I → (λx.I (x x)) (λx.I (x x)) → I ((λx.I (x x)) (λx.I (x x))) → step 1 again.
    ReductionSession session = sessionFor("Y I");
    EXPECT_EQ(session.runToEnd(WorkControl()), 3);
    EXPECT_EQ(session.status(), Status::Diverges);
    EXPECT_EQ(session.cycleStart(), 1);
    EXPECT_EQ(session.cycleLength(), 2u);
    EXPECT_EQ(session.snapshot().repeatsStep, 1);
    EXPECT_EQ(session.cycleText(), "step 3 equals step 1: this term loops forever (a cycle of 2 steps)");
    EXPECT_FALSE(session.onCycle(0));
    EXPECT_TRUE(session.onCycle(1));
    EXPECT_TRUE(session.onCycle(3));
}
