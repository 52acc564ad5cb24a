// Scenario files: structure checks with JSON paths, parameter checks, round trip.
#include "lesson.h"
#include "scenario.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {
ParameterSchema schema()
{
    ParameterSchema s;
    s.add({ .key = "nodes",
        .label = "Nodes",
        .kind = ParameterKind::Integer,
        .defaultValue = 4,
        .minimum = 1,
        .maximum = 100 });
    s.add({ .key = "hash",
        .label = "Hash",
        .kind = ParameterKind::Enum,
        .defaultValue = "xxh64",
        .choices = { "md5", "xxh64" } });
    s.add({ .key = "epsilon", .label = "Epsilon", .kind = ParameterKind::Real, .defaultValue = 0.25, .maximum = 1.0 });
    return s;
}

QString errorOf(const QByteArray &json)
{
    ScenarioRead read = parseScenario(json);
    if (read.ok())
        checkScenarioParams(read, schema());
    return read.error;
}
} // namespace

TEST(Scenario, ReadsAValidFile)
{
    ScenarioRead read
        = parseScenario(R"({"module": "hashring", "version": 1, "params": {"nodes": 7, "hash": "md5"}, "step": 3})");
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    ASSERT_TRUE(checkScenarioParams(read, schema()));
    EXPECT_EQ(read.scenario.module, QStringLiteral("hashring"));
    EXPECT_EQ(read.scenario.step, 3);
    EXPECT_EQ(read.scenario.params.value(QStringLiteral("nodes")).toLongLong(), 7);
    EXPECT_EQ(read.scenario.params.value(QStringLiteral("hash")).toString(), QStringLiteral("md5"));
    EXPECT_FALSE(read.scenario.params.contains(QStringLiteral("epsilon")));
}

TEST(Scenario, ErrorsNameTheJsonPath)
{
    EXPECT_EQ(errorOf(R"({"version": 1})"), QStringLiteral("$.module: expected a module id (string)"));
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 2})"), QStringLiteral("$.version: expected 1"));
    EXPECT_EQ(
        errorOf(R"({"module": "m", "version": 1, "params": []})"), QStringLiteral("$.params: expected an object"));
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 1, "step": -1})"),
        QStringLiteral("$.step: expected a non-negative integer"));
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 1, "colour": 1})"),
        QStringLiteral("$.colour: unknown key; expected one of module, version, params, step"));
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 1, "params": {"nodes": 0}})"),
        QStringLiteral("$.params.nodes: parameter 'nodes': 0 is out of range; expected an integer in [1, 100]"));
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 1, "params": {"hash": 5}})"),
        QStringLiteral("$.params.hash: parameter 'hash': not a string; expected one of: md5, xxh64"));
    EXPECT_EQ(errorOf("[1, 2]"), QStringLiteral("$: expected an object"));
}

TEST(Scenario, SyntaxErrorsGiveLineAndColumn)
{
    const QString error = errorOf("{\n  \"module\": \"m\",\n  \"version\": 1,,\n}");
    EXPECT_TRUE(error.startsWith(QStringLiteral("line 3, column"))) << error.toStdString();
}

TEST(Scenario, SerializedScenarioReadsBack)
{
    const ParameterValues values { { QStringLiteral("nodes"), QVariant::fromValue<qint64>(12) },
        { QStringLiteral("hash"), QStringLiteral("md5") }, { QStringLiteral("epsilon"), 0.1 } };
    const QByteArray bytes = serializeScenario(QStringLiteral("hashring"), schema(), values, 5);
    ScenarioRead read = parseScenario(bytes);
    ASSERT_TRUE(read.ok());
    ASSERT_TRUE(checkScenarioParams(read, schema()));
    EXPECT_EQ(read.scenario.step, 5);
    EXPECT_EQ(read.scenario.params.value(QStringLiteral("nodes")).toLongLong(), 12);
    EXPECT_EQ(read.scenario.params.value(QStringLiteral("epsilon")).toDouble(), 0.1);
}

namespace {
QString writeTemporary(QTemporaryDir &dir, const QByteArray &content)
{
    const QString path = dir.filePath(QStringLiteral("t.lesson.json"));
    QFile file(path);
    file.open(QIODevice::WriteOnly);
    file.write(content);
    return path;
}

std::optional<ParameterSchema> schemaFor(const QString &id)
{
    if (id == QLatin1String("hashring"))
        return schema();
    return std::nullopt;
}

QStringList resultKeysFor(const QString &)
{
    return { QStringLiteral("moved"), QStringLiteral("moved_fraction"), QStringLiteral("counts"),
        QStringLiteral("at_step.running") };
}
} // namespace

TEST(Lesson, ReadsStepsWithTheirWords)
{
    QTemporaryDir dir;
    const QString path = writeTemporary(dir, R"({"title": "Hashing", "version": 1, "steps": [
        {"module": "hashring", "params": {"nodes": 3}, "title": "Three nodes", "text": "Each owns a third."},
        {"module": "hashring", "params": {"nodes": 4}, "step": 1, "title": "A fourth joins"}]})");
    const LessonRead read = readLessonFile(path, schemaFor, resultKeysFor);
    ASSERT_TRUE(read.ok()) << read.error.toStdString();
    EXPECT_EQ(read.lesson.title, QStringLiteral("Hashing"));
    ASSERT_EQ(read.lesson.steps.size(), 2);
    EXPECT_EQ(read.lesson.steps.at(0).text, QStringLiteral("Each owns a third."));
    EXPECT_EQ(read.lesson.steps.at(1).scenario.params.value(QStringLiteral("nodes")).toLongLong(), 4);
    EXPECT_EQ(read.lesson.steps.at(1).scenario.step, 1);
    EXPECT_TRUE(isLessonFile(path));
    EXPECT_FALSE(isLessonFile(QStringLiteral("a.conceptlab.json")));
}

TEST(Lesson, ErrorsNameTheStepsJsonPath)
{
    QTemporaryDir dir;
    const auto errorOf = [&](const QByteArray &json) {
        const QString error = readLessonFile(writeTemporary(dir, json), schemaFor, resultKeysFor).error;
        return error.mid(error.indexOf(QStringLiteral(": ")) + 2);
    };
    EXPECT_EQ(errorOf(R"({"title": "T", "version": 1, "steps": []})"),
        QStringLiteral("$.steps: expected a non-empty list of steps"));
    EXPECT_EQ(errorOf(R"({"title": "T", "version": 1, "steps": [{"module": "hashring"}, {"module": "nosuch"}]})"),
        QStringLiteral("$.steps[1].module: unknown module 'nosuch'"));
    EXPECT_EQ(errorOf(R"({"title": "T", "version": 1, "steps": [{"module": "hashring", "params": {"nodes": 0}}]})"),
        QStringLiteral(
            "$.steps[0].params.nodes: parameter 'nodes': 0 is out of range; expected an integer in [1, 100]"));
    EXPECT_EQ(errorOf(R"({"title": "T", "version": 1, "steps": [{"module": "hashring", "text": 3}]})"),
        QStringLiteral("$.steps[0].text: expected a string"));
    EXPECT_EQ(
        errorOf(R"({"version": 1, "steps": [{"module": "hashring"}]})"), QStringLiteral("$.title: expected a string"));
}
