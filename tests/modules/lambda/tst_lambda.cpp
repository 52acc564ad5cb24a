// Lambda core: exact step counts and normal forms worked out by hand, parse errors,
// printing, decoding, and RapidCheck properties.
#include "../../support/lambdafixtures.h"
#include "core/evaluation.h"
#include "core/prelude.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace conceptlab::lambda;

namespace {

Outcome run(const std::string &term, Strategy strategy = Strategy::Normal, bool prelude = true,
    std::uint64_t maxSteps = 100000, bool trace = false)
{
    Settings s;
    s.term = term;
    s.strategy = strategy;
    s.prelude = prelude;
    s.maxSteps = maxSteps;
    s.maxSize = 1000000;
    s.trace = trace;
    s.table = trace;
    s.preludeText = std::string(preludeText());
    return evaluate(s);
}

// The benchmark encodings, written out with no prelude.
using fixtures::kPlainDefinitions;

} // namespace

TEST(lambdaReduction, SKKTakesFourNormalOrderSteps)
{
    const Outcome out = run("S K K", Strategy::Normal, true, 100000, true);
    ASSERT_TRUE(out.ok);
    EXPECT_EQ(out.status, Status::NormalForm);
    EXPECT_EQ(out.steps, 4u);
    EXPECT_EQ(*out.normalForm, "λz.z");
    EXPECT_EQ(*out.deBruijn, "λ 1");
    EXPECT_EQ(*out.name, "I");
    ASSERT_EQ(out.trace.size(), 5u);
    EXPECT_EQ(out.trace[0], "S K K");
    EXPECT_EQ(out.trace[1], "(λy.λz.K z (y z)) K");
    EXPECT_EQ(out.trace[2], "λz.K z (K z)");
    EXPECT_EQ(out.trace[3], "λz.(λy.z) (K z)");
    EXPECT_EQ(out.trace[4], "λz.z");
    ASSERT_EQ(out.table.size(), 4u);
    EXPECT_EQ(out.table[0].explanation, "expand S, then substitute K for x in λy.λz.x z (y z)");
}

TEST(lambdaReduction, KIOmegaNormalVersusApplicative)
{
    const Outcome normal = run("K I Ω");
    EXPECT_EQ(normal.status, Status::NormalForm);
    EXPECT_EQ(normal.steps, 2u);
    EXPECT_EQ(*normal.normalForm, "λx.x");
    EXPECT_EQ(*normal.name, "I");

    const Outcome applicative = run("K I Ω", Strategy::Applicative);
    EXPECT_EQ(applicative.status, Status::Diverges);
    EXPECT_EQ(applicative.cycleLength, 1u);
    EXPECT_EQ(applicative.steps, 2u);
    EXPECT_FALSE(applicative.normalForm.has_value());
}

TEST(lambdaReduction, OmegaDivergesWithCycleOne)
{
    const Outcome out = run("(λx.x x) (λx.x x)", Strategy::Normal, false);
    EXPECT_EQ(out.status, Status::Diverges);
    EXPECT_EQ(out.cycleLength, 1u);
    EXPECT_EQ(out.steps, 1u);
}

TEST(lambdaReduction, FactorialOfFiveTakes26898Steps)
{
    const Outcome out = run(kPlainDefinitions + "Y FACTF FIVE", Strategy::Normal, false);
    ASSERT_TRUE(out.ok) << out.error.toString();
    EXPECT_EQ(out.status, Status::NormalForm);
    EXPECT_EQ(out.steps, 26898u);
    ASSERT_TRUE(out.value.has_value());
    EXPECT_EQ(out.value->number, 120u);
}

TEST(lambdaReduction, TwoToTheTenTakes2048Steps)
{
    const Outcome out = run(kPlainDefinitions + "POW TWO TEN", Strategy::Normal, false);
    ASSERT_TRUE(out.ok) << out.error.toString();
    EXPECT_EQ(out.status, Status::NormalForm);
    EXPECT_EQ(out.steps, 2048u);
    ASSERT_TRUE(out.value.has_value());
    EXPECT_EQ(out.value->number, 1024u);
}

// ---------------------------------------------------------------------------------------
// Parsing and printing

namespace {

ParsedProgram parseIn(Graph &g, const std::string &text, bool numerals = false)
{
    ParseOptions options;
    options.numerals = numerals;
    return parseProgram(g, text, options);
}

std::string roundTrip(const std::string &text)
{
    Graph g;
    const ParsedProgram p = parseIn(g, text);
    EXPECT_TRUE(p.ok) << p.error.toString();
    return p.ok ? print(g, p.term) : std::string();
}

ParseError errorOf(const std::string &text, bool numerals = false)
{
    Graph g;
    const ParsedProgram p = parseIn(g, text, numerals);
    EXPECT_FALSE(p.ok);
    return p.error;
}

} // namespace

TEST(lambdaParse, PrintsMinimalParentheses)
{
    EXPECT_EQ(roundTrip("\\x y z. x z (y z)"), "λx.λy.λz.x z (y z)");
    EXPECT_EQ(roundTrip("((a b) (c d))"), "a b (c d)");
    EXPECT_EQ(roundTrip("a (\\x.x) b"), "a (λx.x) b");
    EXPECT_EQ(roundTrip("a \\x.x b"), "a (λx.x b)");
    EXPECT_EQ(roundTrip("(\\x.x) (\\y.y)"), "(λx.x) (λy.y)");
    EXPECT_EQ(roundTrip("λx.(λy.y) x -- comment"), "λx.(λy.y) x");
    EXPECT_EQ(roundTrip("x' _y1"), "x' _y1");
}

TEST(lambdaParse, ErrorsCarryLineAndColumn)
{
    ParseError e = errorOf("(\\x.x");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 6);
    EXPECT_NE(e.message.find("expected ')'"), std::string::npos);

    e = errorOf("\\.x");
    EXPECT_EQ(e.column, 2);

    e = errorOf("let A = \\x.x\nA )");
    EXPECT_EQ(e.line, 2);
    EXPECT_EQ(e.column, 3);

    e = errorOf("λx.x $");
    EXPECT_EQ(e.line, 1);
    EXPECT_EQ(e.column, 6);
    EXPECT_NE(e.message.find("unexpected character"), std::string::npos);

    e = errorOf("2");
    EXPECT_NE(e.message.find("needs the prelude"), std::string::npos);

    e = errorOf("");
    EXPECT_EQ(e.message, "expected a term");

    e = errorOf("let = x\nx");
    EXPECT_EQ(e.column, 5);
}

TEST(lambdaParse, DefinitionsAndDeBruijn)
{
    Graph g;
    const ParsedProgram p = parseIn(g, "let T = \\x y.x\nlet F = \\x y.y; T F");
    ASSERT_TRUE(p.ok) << p.error.toString();
    EXPECT_EQ(print(g, p.term, NameMode::KeepNames), "T F");
    EXPECT_EQ(print(g, p.term), "(λx.λy.x) (λx.λy.y)");
    EXPECT_EQ(printDeBruijn(g, p.term), "(λ λ 2) (λ λ 1)");
    EXPECT_EQ(p.head, "T");
}

TEST(lambdaParse, AlphaEquivalence)
{
    Graph g;
    const NodeId a = parseIn(g, "\\x.\\y.x y").term;
    const NodeId b = parseIn(g, "\\p.\\q.p q").term;
    const NodeId c = parseIn(g, "\\x.\\y.y x").term;
    const NodeId d = parseIn(g, "\\x.\\y.z y").term;
    EXPECT_TRUE(alphaEqual(g, a, g, b));
    EXPECT_FALSE(alphaEqual(g, a, g, c));
    EXPECT_FALSE(alphaEqual(g, a, g, d));
}

// ---------------------------------------------------------------------------------------
// Strategies, capture, limits

TEST(lambdaReduction, CaptureIsAvoidedAndReported)
{
    const Outcome out = run("(\\x.\\y.x) y", Strategy::Normal, false, 100, true);
    EXPECT_EQ(out.steps, 1u);
    EXPECT_EQ(*out.normalForm, "λy'.y");
    ASSERT_EQ(out.table.size(), 1u);
    EXPECT_EQ(out.table[0].renames, "y → y'");
    EXPECT_EQ(out.table[0].explanation, "substitute y for x in λy.x; rename y → y' to avoid capture");
}

TEST(lambdaReduction, CallByNameStopsAtWeakHeadNormalForm)
{
    const Outcome out = run("(\\x.\\y.x) (I I)", Strategy::CallByName);
    EXPECT_EQ(out.status, Status::WeakHeadNormalForm);
    EXPECT_EQ(out.steps, 1u);
    EXPECT_EQ(*out.normalForm, "λy.(λx.x) (λx.x)");
    const Outcome normal = run("(\\x.\\y.x) (I I)", Strategy::Normal);
    EXPECT_EQ(normal.steps, 2u);
    EXPECT_EQ(*normal.normalForm, "λy.λx.x");
}

TEST(lambdaReduction, CallByValueReducesTheArgumentFirst)
{
    const Outcome out = run("(\\x.\\y.x) (I I)", Strategy::CallByValue, true, 100, true);
    EXPECT_EQ(out.steps, 2u);
    ASSERT_EQ(out.trace.size(), 3u);
    EXPECT_EQ(out.trace[1], "(λx.λy.x) I"); // I I contracts to the name I itself
    EXPECT_EQ(*out.normalForm, "λy.λx.x");
    // No reduction under λ.
    const Outcome under = run("\\z.I z", Strategy::CallByValue);
    EXPECT_EQ(under.steps, 0u);
    EXPECT_EQ(under.status, Status::WeakHeadNormalForm);
}

TEST(lambdaReduction, CallByNeedSharesTheArgument)
{
    const Outcome name = run("(\\x.x x) (I I)", Strategy::CallByName);
    EXPECT_EQ(name.steps, 4u);
    const Outcome need = run("(\\x.x x) (I I)", Strategy::CallByNeed, true, 100, true);
    EXPECT_EQ(need.status, Status::WeakHeadNormalForm);
    EXPECT_EQ(need.steps, 3u);
    EXPECT_EQ(*need.normalForm, "λx.x");
    ASSERT_TRUE(need.stepsSaved.has_value());
    EXPECT_EQ(*need.stepsSaved, 1u);
    ASSERT_EQ(need.table.size(), 3u);
    EXPECT_NE(need.table[0].explanation.find("shared as #1"), std::string::npos);
    EXPECT_NE(need.table[1].explanation.find("inside shared argument #1"), std::string::npos);
}

TEST(lambdaReduction, ApplicativeOrderReducesArgumentsFirst)
{
    const Outcome out = run("(\\x.\\y.y) (I I)", Strategy::Applicative, true, 100, true);
    EXPECT_EQ(out.steps, 2u);
    EXPECT_EQ(out.trace[1], "(λx.λy.y) I");
    const Outcome inside = run("\\z.(\\x.x) ((\\y.y) z)", Strategy::Applicative, false, 100, true);
    EXPECT_EQ(inside.trace[1], "λz.(λx.x) z");
}

TEST(lambdaReduction, YOfIdentityCyclesWithLengthTwo)
{
    const Outcome out = run("Y I");
    EXPECT_EQ(out.status, Status::Diverges);
    EXPECT_EQ(out.cycleLength, 2u);
}

TEST(lambdaReduction, LimitsStopTheRun)
{
    Settings s;
    s.term = "(\\x.x x x) (\\x.x x x)";
    s.maxSize = 100;
    s.prelude = false;
    Outcome out = evaluate(s);
    EXPECT_EQ(out.status, Status::SizeLimit);
    EXPECT_FALSE(out.normalForm.has_value());

    s.term = "FACT 3";
    s.prelude = true;
    s.preludeText = std::string(preludeText());
    s.maxSize = 100000;
    s.maxSteps = 10;
    out = evaluate(s);
    EXPECT_EQ(out.status, Status::StepLimit);
    EXPECT_EQ(out.steps, 10u);
}

TEST(lambdaReduction, LongRunsHandOverToTheFastEngineWithTheSameCount)
{
    // FACT 3 takes more steps than the step-by-step phase; the total must not change.
    Settings s;
    s.term = "FACT 3";
    s.preludeText = std::string(preludeText());
    const Outcome fast = evaluate(s);
    s.table = true;
    const Outcome stepwise = evaluate(s);
    EXPECT_EQ(fast.steps, stepwise.steps);
    EXPECT_EQ(*fast.normalForm, *stepwise.normalForm);
    ASSERT_TRUE(fast.value.has_value());
    EXPECT_EQ(fast.value->number, 6u);
}

// ---------------------------------------------------------------------------------------
// Decoding and names

TEST(lambdaDecode, NumbersBooleansPairsLists)
{
    auto valueOf = [](const std::string &term) {
        const Outcome out = run(term);
        return out.value ? out.value->toString() : std::string("null");
    };
    EXPECT_EQ(valueOf("PLUS 2 3"), "5");
    EXPECT_EQ(valueOf("MULT 2 3"), "6");
    EXPECT_EQ(valueOf("ISZERO 0"), "TRUE");
    EXPECT_EQ(valueOf("NOT TRUE"), "FALSE");
    EXPECT_EQ(valueOf("SUB 2 2"), "0");
    EXPECT_EQ(valueOf("PAIR 1 TRUE"), "(1, TRUE)");
    EXPECT_EQ(valueOf("CONS 1 (CONS 2 NIL)"), "[1, 2]");
    EXPECT_EQ(valueOf("\\x.x"), "null");

    EXPECT_EQ(*run("NOT FALSE").name, "TRUE");
    EXPECT_EQ(*run("K").name, "K");
    EXPECT_EQ(*run("SUB 3 1").name, "2");
    EXPECT_EQ(*run("S K K").name, "I");
    EXPECT_FALSE(run("\\x.x x").name.has_value());
}

// ---------------------------------------------------------------------------------------
// Properties

#include "core/fastreducer.h"

namespace {

rc::Gen<std::string> genTerm(int depth)
{
    auto variable = rc::gen::element<std::string>("x", "y", "z", "w");
    if (depth <= 0)
        return variable;
    return rc::gen::oneOf(variable,
        rc::gen::map(rc::gen::pair(rc::gen::element<std::string>("x", "y", "z"), genTerm(depth - 1)),
            [](const std::pair<std::string, std::string> &p) { return "(\\" + p.first + "." + p.second + ")"; }),
        rc::gen::map(rc::gen::pair(genTerm(depth - 1), genTerm(depth - 1)),
            [](const std::pair<std::string, std::string> &p) { return "(" + p.first + " " + p.second + ")"; }));
}

// Closed: every variable bound by the prefix or inside.
std::string closed(const std::string &body)
{
    return "\\x y z w." + body;
}

std::uint64_t decodeNumber(const std::string &term)
{
    const Outcome out = run(term);
    RC_ASSERT(out.status == Status::NormalForm);
    RC_ASSERT(out.value.has_value());
    RC_ASSERT(out.value->kind == Value::Kind::Number);
    return out.value->number;
}

std::string renamed(std::string text)
{
    // x→p, y→q, z→r, w→s (all binders come from closed(), so this renames bound variables only)
    for (char &c : text) {
        switch (c) {
        case 'x':
            c = 'p';
            break;
        case 'y':
            c = 'q';
            break;
        case 'z':
            c = 'r';
            break;
        case 'w':
            c = 's';
            break;
        default:
            break;
        }
    }
    return text;
}

} // namespace

RC_GTEST_PROP(lambdaProperties, ChurchArithmetic, ())
{
    const auto m = *rc::gen::inRange<std::uint64_t>(0, 7);
    const auto n = *rc::gen::inRange<std::uint64_t>(0, 7);
    const std::string ms = std::to_string(m);
    const std::string ns = std::to_string(n);
    RC_ASSERT(decodeNumber("PLUS " + ms + " " + ns) == m + n);
    RC_ASSERT(decodeNumber("MULT " + ms + " " + ns) == m * n);
    RC_ASSERT(decodeNumber("PRED " + ms) == (m > 0 ? m - 1 : 0));
    RC_ASSERT(decodeNumber("SUB " + ms + " " + ns) == (m > n ? m - n : 0));
    const auto b = *rc::gen::inRange<std::uint64_t>(0, 4);
    const auto e = *rc::gen::inRange<std::uint64_t>(1, 4);
    std::uint64_t power = 1;
    for (std::uint64_t i = 0; i < e; ++i)
        power *= b;
    RC_ASSERT(decodeNumber("POW " + std::to_string(b) + " " + std::to_string(e)) == power);
}

RC_GTEST_PROP(lambdaProperties, ChurchRosserWhenBothTerminate, ())
{
    const std::string term = closed(*genTerm(5));
    const Outcome normal = run(term, Strategy::Normal, false, 300);
    const Outcome applicative = run(term, Strategy::Applicative, false, 300);
    RC_PRE(normal.status == Status::NormalForm && applicative.status == Status::NormalForm);
    Graph g;
    const NodeId a = parseIn(g, *normal.normalForm).term;
    const NodeId b = parseIn(g, *applicative.normalForm).term;
    RC_ASSERT(alphaEqual(g, a, g, b));
}

RC_GTEST_PROP(lambdaProperties, RenamingBoundVariablesKeepsTheResult, ())
{
    const std::string term = closed(*genTerm(5));
    const auto strategy = *rc::gen::element(
        Strategy::Normal, Strategy::Applicative, Strategy::CallByName, Strategy::CallByValue, Strategy::CallByNeed);
    const Outcome original = run(term, strategy, false, 200);
    const Outcome other = run(renamed(term), strategy, false, 200);
    RC_ASSERT(original.status == other.status);
    RC_ASSERT(original.steps == other.steps);
    RC_PRE(original.normalForm.has_value());
    Graph g;
    const NodeId a = parseIn(g, *original.normalForm).term;
    const NodeId b = parseIn(g, *other.normalForm).term;
    RC_ASSERT(alphaEqual(g, a, g, b));
}

RC_GTEST_PROP(lambdaProperties, SubstitutionNeverCaptures, ())
{
    const std::string body = *genTerm(4);
    const std::string argument = *genTerm(3);
    Graph g;
    const ParsedProgram m = parseIn(g, body);
    const ParsedProgram n = parseIn(g, argument);
    const ParsedProgram redex = parseIn(g, "(\\x." + body + ") " + argument);
    RC_ASSERT(m.ok && n.ok && redex.ok);
    std::vector<std::string> expected;
    const auto fvM = freeVariables(g, m.term);
    const bool used = std::find(fvM.begin(), fvM.end(), "x") != fvM.end();
    for (const std::string &v : fvM)
        if (v != "x")
            expected.push_back(v);
    if (used)
        for (const std::string &v : freeVariables(g, n.term))
            expected.push_back(v);
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    Reducer r(g, redex.term, Strategy::Normal);
    RC_ASSERT(r.step());
    RC_ASSERT(freeVariables(g, r.root()) == expected);
    // And the printed result, parsed again, is the same term.
    const std::string printed = print(g, r.root());
    const ParsedProgram again = parseIn(g, printed);
    RC_ASSERT(again.ok);
    RC_ASSERT(alphaEqual(g, r.root(), g, again.term));
}

RC_GTEST_PROP(lambdaProperties, PrintParseRoundTrip, ())
{
    const std::string text = *genTerm(6);
    Graph g;
    const ParsedProgram p = parseIn(g, text);
    RC_ASSERT(p.ok);
    const std::string printed = print(g, p.term);
    const ParsedProgram q = parseIn(g, printed);
    RC_ASSERT(q.ok);
    RC_ASSERT(alphaEqual(g, p.term, g, q.term));
    RC_ASSERT(print(g, q.term) == printed);
}

RC_GTEST_PROP(lambdaProperties, FastEngineMatchesStepByStep, ())
{
    const std::string term = closed(*genTerm(5));
    const auto strategy
        = *rc::gen::element(Strategy::Normal, Strategy::Applicative, Strategy::CallByName, Strategy::CallByValue);
    Graph g;
    const ParsedProgram p = parseIn(g, term);
    Reducer stepper(g, p.term, strategy);
    std::uint64_t steps = 0;
    while (steps < 300 && stepper.step())
        ++steps;
    RC_PRE(!stepper.hasRedex());
    FastReducer fast(g, p.term, strategy);
    RC_ASSERT(fast.run(1000, 100000) == FastReducer::End::Final);
    RC_ASSERT(fast.steps() == steps);
    RC_ASSERT(alphaEqual(g, fast.readBack(g), g, stepper.root()));
}
