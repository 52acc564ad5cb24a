// Scenario files: structure checks with JSON paths, parameter checks, round trip.
#include "scenario.h"

#include <QJsonDocument>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {
ParameterSchema schema()
{
    ParameterSchema s;
    s.addInteger(QStringLiteral("nodes"), QStringLiteral("Nodes"), 4, 1, 100);
    s.addEnum(QStringLiteral("hash"), QStringLiteral("Hash"), {QStringLiteral("md5"), QStringLiteral("xxh64")},
              QStringLiteral("xxh64"));
    s.addReal(QStringLiteral("epsilon"), QStringLiteral("Epsilon"), 0.25, 0.0, 1.0);
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
    ScenarioRead read = parseScenario(R"({"module": "hashring", "version": 1, "params": {"nodes": 7, "hash": "md5"}, "step": 3})");
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
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 1, "params": []})"), QStringLiteral("$.params: expected an object"));
    EXPECT_EQ(errorOf(R"({"module": "m", "version": 1, "step": -1})"), QStringLiteral("$.step: expected a non-negative integer"));
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
    const ParameterValues values{{QStringLiteral("nodes"), QVariant::fromValue<qint64>(12)},
                                 {QStringLiteral("hash"), QStringLiteral("md5")},
                                 {QStringLiteral("epsilon"), 0.1}};
    const QByteArray bytes = serializeScenario(QStringLiteral("hashring"), schema(), values, 5);
    ScenarioRead read = parseScenario(bytes);
    ASSERT_TRUE(read.ok());
    ASSERT_TRUE(checkScenarioParams(read, schema()));
    EXPECT_EQ(read.scenario.step, 5);
    EXPECT_EQ(read.scenario.params.value(QStringLiteral("nodes")).toLongLong(), 12);
    EXPECT_EQ(read.scenario.params.value(QStringLiteral("epsilon")).toDouble(), 0.1);
}
