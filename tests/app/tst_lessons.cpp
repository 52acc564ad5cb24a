// Lessons: `expect` checks are read with their JSON paths, run against the module's results at
// the step, and every bundled lesson holds what its words claim.
#include "conceptmodule.h"
#include "lesson.h"
#include "lessoncheck.h"
#include "moduleregistry.h"

#include <QDir>
#include <QJsonArray>
#include <QSet>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {

struct Modules {
    ModuleRegistry registry;

    Modules() { registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) }); }

    ConceptModule *load(const QString &id, QString *error)
    {
        return registry.find(id) ? registry.load(id, error) : nullptr;
    }

    LessonRead parse(const QByteArray &json)
    {
        QString error;
        return parseLesson(
            json,
            [&](const QString &id) -> std::optional<ParameterSchema> {
                ConceptModule *module = load(id, &error);
                return module ? std::optional(module->parameters()) : std::nullopt;
            },
            [&](const QString &id) {
                ConceptModule *module = load(id, &error);
                return module ? module->resultKeys() : QStringList();
            });
    }

    LessonReport check(const Lesson &lesson)
    {
        return checkLesson(lesson, [this](const QString &id, QString *error) { return load(id, error); });
    }
};

// A one-step hashring lesson: a ring of four nodes with one point each, and a fifth joins.
QByteArray ringLesson(const QByteArray &expect)
{
    return R"({"title": "T", "version": 1, "steps": [{"module": "hashring", "step": 1, "title": "A ring",
        "params": {"strategy": "ring", "nodes": 4, "vnodes": 1, "keys": 10000, "event": "add"},
        "expect": )"
        + expect + "}]}";
}

QString bundledLessonsFolder()
{
    return QStringLiteral(CONCEPTLAB_SOURCE_DIR "/resources/lessons");
}

} // namespace

TEST(LessonExpect, KeysSplitAtUnescapedDots)
{
    EXPECT_EQ(splitResultKey(QStringLiteral("counts.after.node4")),
        (QStringList { QStringLiteral("counts"), QStringLiteral("after"), QStringLiteral("node4") }));
    EXPECT_EQ(splitResultKey(QStringLiteral(R"(counts.after.127\.0\.0\.1:11211)")),
        (QStringList { QStringLiteral("counts"), QStringLiteral("after"), QStringLiteral("127.0.0.1:11211") }));
    EXPECT_EQ(splitResultKey(QStringLiteral("trace.ops.aten::mul")),
        (QStringList { QStringLiteral("trace"), QStringLiteral("ops"), QStringLiteral("aten::mul") }));
    EXPECT_TRUE(splitResultKey(QStringLiteral("counts..after")).isEmpty());
    EXPECT_TRUE(splitResultKey(QString()).isEmpty());
}

TEST(LessonExpect, ReadsRangesAndExactValues)
{
    Modules modules;
    const LessonRead read = modules.parse(ringLesson(
        R"({"moved_fraction": [0.01, 0.04], "event": "add", "at_step.at_end": false, "counts.after.node4": 246})"));
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    const QList<LessonExpectation> &expect = read.lesson.steps.at(0).expect;
    ASSERT_EQ(expect.size(), 4);
    // QJsonObject keeps keys sorted.
    EXPECT_EQ(expect.at(0).key, QStringLiteral("at_step.at_end"));
    EXPECT_FALSE(expect.at(0).isRange);
    EXPECT_EQ(expect.at(0).exact, QJsonValue(false));
    EXPECT_EQ(expect.at(1).jsonPath, QStringLiteral(R"($.steps[0].expect["counts.after.node4"])"));
    EXPECT_EQ(expect.at(3).key, QStringLiteral("moved_fraction"));
    EXPECT_TRUE(expect.at(3).isRange);
    EXPECT_EQ(expect.at(3).low, 0.01);
    EXPECT_EQ(expect.at(3).high, 0.04);
    EXPECT_EQ(expect.at(3).jsonPath, QStringLiteral("$.steps[0].expect.moved_fraction"));
}

TEST(LessonExpect, BadChecksAreRefusedWithTheirJsonPath)
{
    Modules modules;
    const auto errorOf = [&](const QByteArray &expect) { return modules.parse(ringLesson(expect)).error; };
    EXPECT_EQ(errorOf(R"([1, 2])"), QStringLiteral("$.steps[0].expect: expected an object of result keys and values"));
    EXPECT_TRUE(errorOf(R"({"moved_fractoin": 0.2})")
                    .startsWith(QStringLiteral("$.steps[0].expect.moved_fractoin: 'moved_fractoin' is not a "
                                               "documented result key of module 'hashring'; it has counts, moved,")));
    EXPECT_TRUE(errorOf(R"({"at_step.runing": 1})")
                    .startsWith(QStringLiteral(R"($.steps[0].expect["at_step.runing"]: 'at_step.runing' is not)")));
    EXPECT_EQ(errorOf(R"({"moved": [0.3, 0.1]})"),
        QStringLiteral("$.steps[0].expect.moved: the range is empty: low is above high"));
    for (const QByteArray &value :
        { QByteArray("[1]"), QByteArray("[1, 2, 3]"), QByteArray(R"([1, "2"])"), QByteArray("null"), QByteArray("{}") })
        EXPECT_EQ(errorOf(R"({"moved": )" + value + "}"),
            QStringLiteral("$.steps[0].expect.moved: expected a number, a string, true or false, or a range "
                           "[low, high] of two numbers"))
            << value.toStdString();
    EXPECT_EQ(errorOf(R"({"counts..after": 1})"),
        QStringLiteral(R"($.steps[0].expect["counts..after"]: expected a result key such as "moved" or )"
                       R"("counts.after.node4")"));
    // Nested keys extend a documented key; the shell's keys exist for every module.
    EXPECT_TRUE(errorOf(R"({"counts.before.node0": 1, "at_step.status": "x", "at_step.step": 1})").isEmpty());
}

TEST(LessonExpect, ValuesAreFoundByPathAndCompared)
{
    const QJsonObject results { { QStringLiteral("a"), 0.25 },
        { QStringLiteral("b"), QJsonObject { { QStringLiteral("c"), QJsonArray { 1, QStringLiteral("x") } } } },
        { QStringLiteral("d"), true } };
    EXPECT_EQ(resultAt(results, { QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("1") }),
        QJsonValue(QStringLiteral("x")));
    EXPECT_TRUE(resultAt(results, { QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("2") }).isUndefined());
    EXPECT_TRUE(resultAt(results, { QStringLiteral("a"), QStringLiteral("c") }).isUndefined());
    const auto check
        = [&](const QString &key, const QJsonValue &exact, bool isRange = false, double low = 0, double high = 0) {
              LessonExpectation expectation;
              expectation.key = key;
              expectation.segments = splitResultKey(key);
              expectation.exact = exact;
              expectation.isRange = isRange;
              expectation.low = low;
              expectation.high = high;
              return expectationFailure(expectation, results);
          };
    EXPECT_EQ(check(QStringLiteral("a"), {}, true, 0.25, 0.25), QString());
    EXPECT_EQ(check(QStringLiteral("a"), {}, true, 0.26, 1), QStringLiteral("a = 0.25, expected in [0.26, 1]"));
    EXPECT_EQ(check(QStringLiteral("a"), 0.25), QString());
    EXPECT_EQ(check(QStringLiteral("d"), true), QString());
    EXPECT_EQ(check(QStringLiteral("d"), 1), QStringLiteral("d = true, expected 1"));
    EXPECT_EQ(check(QStringLiteral("b.c.1"), QStringLiteral("y")), QStringLiteral(R"(b.c.1 = "x", expected "y")"));
    EXPECT_EQ(check(QStringLiteral("b"), {}, true, 0, 1), QStringLiteral("b = an object, expected in [0, 1]"));
    EXPECT_EQ(check(QStringLiteral("z"), 1), QStringLiteral("z = missing, expected 1"));
}

// The contradiction found in front of a class: the text said "about a fifth of the keys move"
// while the header showed 2.46 % (246 of 10 000 keys; node4's single point lands on a short arc).
TEST(LessonCheck, AClaimTheScreenContradictsFailsNamingTheKey)
{
    Modules modules;
    const LessonRead read = modules.parse(ringLesson(
        R"({"moved_fraction": [0.15, 0.25], "at_step.moved": 246, "at_step.event": "+node4", "ideal_fraction": 0.2})"));
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    const LessonReport report = modules.check(read.lesson);
    ASSERT_EQ(report.steps.size(), 1);
    EXPECT_FALSE(report.ok());
    EXPECT_EQ(
        report.steps.at(0).failed, QStringList { QStringLiteral("moved_fraction = 0.0246, expected in [0.15, 0.25]") });
    EXPECT_EQ(report.steps.at(0).passed.size(), 3);
    EXPECT_TRUE(report.text().contains(
        QStringLiteral("step 1 of 1 · A ring: FAILED\n  FAIL  moved_fraction = 0.0246, expected in [0.15, 0.25]\n")))
        << report.text().toStdString();
}

TEST(LessonCheck, AStepPastTheEndOrAnAbsentHighlightFails)
{
    Modules modules;
    // hash mod n: the script has 7 events (docs/modules/hashring.md), so step 50 is past it.
    LessonRead read = modules.parse(R"({"title": "T", "version": 1, "steps": [
        {"module": "hashring", "params": {"strategy": "modulo", "nodes": 4, "keys": 100}, "step": 50},
        {"module": "hashring", "params": {"strategy": "modulo", "nodes": 4, "keys": 100}, "step": 0,
         "highlight": "node:node4"}]})");
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    const LessonReport report = modules.check(read.lesson);
    ASSERT_EQ(report.steps.size(), 2);
    EXPECT_TRUE(report.steps.at(0).error.startsWith(QStringLiteral("step 50 is past the end")))
        << report.steps.at(0).error.toStdString();
    // node4 joins only at step 1.
    EXPECT_EQ(
        report.steps.at(1).failed, QStringList { QStringLiteral("highlight 'node:node4' is not offered at step 0") });
}

// Applicative order reduces K I Ω = (K I) Ω leftmost-innermost: K I first (the function part, whose
// argument I is already a value), giving (λy.I) Ω; then Ω's own redex, which reproduces itself.
TEST(LessonCheck, StepResultsFollowTheSession)
{
    Modules modules;
    const LessonRead read = modules.parse(R"({"title": "T", "version": 1, "steps": [
        {"module": "lambda", "params": {"term": "K I Ω", "strategy": "applicative"}, "step": 1,
         "expect": {"at_step.contracted": "K I", "at_step.term": "(λy.I) Ω", "at_step.step": 1,
                    "at_step.at_end": false, "status": "diverges"}},
        {"module": "lambda", "params": {"term": "K I Ω", "strategy": "applicative"}, "step": 1,
         "expect": {"at_step.contracted": "Ω"}}]})");
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    const LessonReport report = modules.check(read.lesson);
    ASSERT_EQ(report.steps.size(), 2);
    EXPECT_TRUE(report.steps.at(0).ok()) << report.text().toStdString();
    EXPECT_EQ(report.steps.at(1).failed, QStringList { QStringLiteral(R"(at_step.contracted = "K I", expected "Ω")") });
}

// Every module documents the keys its run and its steps produce: a lesson can check any of them.
TEST(LessonCheck, ModulesDocumentEveryResultKey)
{
    Modules modules;
    ASSERT_FALSE(modules.registry.modules().isEmpty());
    for (const ModuleInfo &info : modules.registry.modules()) {
        QString error;
        ConceptModule *module = modules.load(info.id, &error);
        ASSERT_NE(module, nullptr) << error.toStdString();
        const QStringList documented = module->resultKeys();
        QSet<QString> firstSegments;
        QSet<QString> stepSegments; // "at_step.formats.<name>.value" gives "formats"
        for (const QString &key : documented + shellResultKeys()) {
            const QStringList segments = splitResultKey(key);
            firstSegments.insert(segments.value(0));
            if (segments.value(0) == QLatin1String("at_step"))
                stepSegments.insert(segments.value(1));
        }
        Scenario scenario;
        scenario.module = info.id;
        scenario.step = 1;
        if (info.id == QLatin1String("unrolling")) // no timing runs in a unit test
            scenario.params.insert(QStringLiteral("measure"), false);
        const StepResults results = lessonStepResults(*module, scenario);
        ASSERT_TRUE(results.error.isEmpty()) << info.id.toStdString() << ": " << results.error.toStdString();
        for (const QString &key : results.results.keys())
            EXPECT_TRUE(firstSegments.contains(key)) << info.id.toStdString() << ": " << key.toStdString();
        const QJsonObject atStep = results.results.value(QStringLiteral("at_step")).toObject();
        EXPECT_GT(atStep.size(), 3) << info.id.toStdString() << ": the module adds no keys of its own at a step";
        for (const QString &key : atStep.keys())
            EXPECT_TRUE(stepSegments.contains(key)) << info.id.toStdString() << ": at_step." << key.toStdString();
    }
}

// Every bundled lesson, run headless: each step's scenario stepped to its step, its checks held.
TEST(BundledLessons, EveryStepHoldsWhatItsWordsClaim)
{
    Modules modules;
    const QDir folder(bundledLessonsFolder());
    const QStringList files = folder.entryList({ QStringLiteral("*.lesson.json") }, QDir::Files, QDir::Name);
    ASSERT_EQ(files.size(), 6);
    QSet<QString> modulesTaught;
    for (const QString &name : files) {
        QFile file(folder.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::ReadOnly));
        const LessonRead read = modules.parse(file.readAll());
        ASSERT_TRUE(read.ok()) << name.toStdString() << ": " << read.error.toStdString();
        const Lesson &lesson = read.lesson;
        EXPECT_GE(lesson.steps.size(), 6) << name.toStdString();
        EXPECT_LE(lesson.steps.size(), 12) << name.toStdString();
        bool highlights = false;
        for (const LessonStep &step : lesson.steps) {
            modulesTaught.insert(step.scenario.module);
            highlights = highlights || !step.highlight.isEmpty();
            EXPECT_FALSE(step.title.isEmpty() || step.text.isEmpty()) << name.toStdString();
            EXPECT_FALSE(step.expect.isEmpty()) << name.toStdString() << ": " << step.title.toStdString();
        }
        EXPECT_TRUE(highlights) << name.toStdString() << ": no step marks a highlight target";
        const LessonReport report = modules.check(lesson);
        for (const LessonStepReport &step : report.steps) {
            EXPECT_TRUE(step.error.isEmpty()) << name.toStdString() << " step " << step.index + 1 << " ("
                                              << step.title.toStdString() << "): " << step.error.toStdString();
            for (const QString &failure : step.failed)
                ADD_FAILURE() << name.toStdString() << " step " << step.index + 1 << " (" << step.title.toStdString()
                              << "): " << failure.toStdString();
        }
    }
    QSet<QString> ids;
    for (const ModuleInfo &info : modules.registry.modules())
        ids.insert(info.id);
    EXPECT_EQ(modulesTaught, ids) << "every module has a bundled lesson";
}
