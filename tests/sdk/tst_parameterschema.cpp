// ParameterSchema: parsing, range checks, messages, and round trips through text and JSON.
#include "parameterschema.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>

using namespace conceptlab;

namespace {

ParameterSchema makeSchema()
{
    ParameterSchema schema;
    schema.add({ .key = "nodes",
        .label = "Nodes",
        .kind = ParameterKind::Integer,
        .defaultValue = 4,
        .minimum = 1,
        .maximum = 1000,
        .unit = "nodes" });
    schema.add({ .key = "rate",
        .label = "Rate",
        .kind = ParameterKind::Real,
        .defaultValue = 2.5,
        .minimum = 0.001,
        .maximum = 1e6,
        .unit = "req/s" });
    schema.add({ .key = "policy",
        .label = "Policy",
        .kind = ParameterKind::Enum,
        .defaultValue = "static",
        .choices = { "static", "continuous" } });
    schema.add({ .key = "prelude", .label = "Prelude", .kind = ParameterKind::Boolean, .defaultValue = true });
    schema.add({ .key = "prefix", .label = "Prefix", .kind = ParameterKind::Text, .defaultValue = "key" });
    schema.add({ .key = "seed",
        .label = "Seed",
        .kind = ParameterKind::Integer,
        .defaultValue = 0,
        .maximum = static_cast<double>(std::numeric_limits<qint64>::max()) });
    return schema;
}

} // namespace

TEST(ParameterSchema, DefaultsCoverEveryKey)
{
    const ParameterSchema schema = makeSchema();
    const ParameterValues defaults = schema.defaults();
    EXPECT_EQ(defaults.size(), 6);
    EXPECT_EQ(defaults.value(QStringLiteral("nodes")).toLongLong(), 4);
    EXPECT_EQ(defaults.value(QStringLiteral("policy")).toString(), QStringLiteral("static"));
}

TEST(ParameterSchema, ParsesValidText)
{
    const ParameterSchema schema = makeSchema();
    EXPECT_EQ(schema.parseText(QStringLiteral("nodes"), QStringLiteral("1000")).value.toLongLong(), 1000);
    EXPECT_DOUBLE_EQ(schema.parseText(QStringLiteral("rate"), QStringLiteral("1e3")).value.toDouble(), 1000.0);
    EXPECT_EQ(schema.parseText(QStringLiteral("policy"), QStringLiteral("continuous")).value.toString(),
        QStringLiteral("continuous"));
    EXPECT_FALSE(schema.parseText(QStringLiteral("prelude"), QStringLiteral("false")).value.toBool());
    EXPECT_EQ(schema.parseText(QStringLiteral("seed"), QStringLiteral("9223372036854775807")).value.toLongLong(),
        std::numeric_limits<qint64>::max());
}

TEST(ParameterSchema, RefusesWithMessagesNamingTheParameter)
{
    const ParameterSchema schema = makeSchema();
    EXPECT_EQ(schema.parseText(QStringLiteral("nodes"), QStringLiteral("0")).error,
        QStringLiteral("parameter 'nodes': 0 is out of range; expected an integer in [1, 1000] nodes"));
    EXPECT_EQ(schema.parseText(QStringLiteral("nodes"), QStringLiteral("3.5")).error,
        QStringLiteral("parameter 'nodes': '3.5' is not an integer; expected an integer in [1, 1000] nodes"));
    EXPECT_EQ(schema.parseText(QStringLiteral("policy"), QStringLiteral("paged")).error,
        QStringLiteral("parameter 'policy': 'paged' is not a choice; expected one of: static, continuous"));
    EXPECT_EQ(schema.parseText(QStringLiteral("prelude"), QStringLiteral("maybe")).error,
        QStringLiteral("parameter 'prelude': 'maybe' is not a boolean; expected true or false"));
    EXPECT_EQ(schema.parseText(QStringLiteral("colour"), QStringLiteral("red")).error,
        QStringLiteral("unknown parameter 'colour'; known parameters: nodes, rate, policy, prelude, prefix, seed"));
    EXPECT_FALSE(schema.parseText(QStringLiteral("rate"), QStringLiteral("nan")).ok());
    EXPECT_FALSE(schema.parseText(QStringLiteral("rate"), QStringLiteral("inf")).ok());
    EXPECT_FALSE(schema.parseText(QStringLiteral("seed"), QStringLiteral("9223372036854775808")).ok());
}

TEST(ParameterSchema, OneDecimalNumberGrammarForEveryNumber)
{
    const ParameterSchema schema = makeSchema();
    // A comma is neither a decimal point nor digit grouping, in any locale.
    EXPECT_EQ(schema.parseText(QStringLiteral("rate"), QStringLiteral("2,500")).error,
        QStringLiteral("parameter 'rate': '2,500' is not a number (write decimals with '.', and no digit "
                       "grouping); expected a real number in [0.001, 1e+06] req/s"));
    EXPECT_FALSE(schema.parseText(QStringLiteral("rate"), QStringLiteral("0,250")).ok());
    EXPECT_FALSE(schema.parseText(QStringLiteral("nodes"), QStringLiteral("1,000")).ok());
    // No hexadecimal, integer or floating.
    EXPECT_FALSE(schema.parseText(QStringLiteral("rate"), QStringLiteral("0x1p3")).ok());
    EXPECT_FALSE(schema.parseText(QStringLiteral("nodes"), QStringLiteral("0x10")).ok());
    EXPECT_FALSE(schema.parseText(QStringLiteral("nodes"), QStringLiteral("1e2")).ok());
    // Signs, fractions and exponents are fine.
    EXPECT_EQ(schema.parseText(QStringLiteral("rate"), QStringLiteral("+.5e1")).value.toDouble(), 5.0);
    EXPECT_EQ(schema.parseText(QStringLiteral("nodes"), QStringLiteral(" +12 ")).value.toLongLong(), 12);
    // Text handed to check() (a scenario written by hand) follows the same grammar.
    EXPECT_FALSE(schema.check(QStringLiteral("rate"), QStringLiteral("2,500")).ok());
    EXPECT_EQ(schema.check(QStringLiteral("rate"), QStringLiteral("2.5")).value.toDouble(), 2.5);
}

TEST(ParameterSchema, LongValuesAreCutInMessages)
{
    const ParameterSchema schema = makeSchema();
    const QString huge(100000, QLatin1Char('9'));
    const QString error = schema.parseText(QStringLiteral("policy"), huge).error;
    EXPECT_EQ(error,
        QStringLiteral("parameter 'policy': '%1…' (100000 characters) is not a choice; expected one of: static, "
                       "continuous")
            .arg(QString(60, QLatin1Char('9'))));
    EXPECT_LT(schema.parseText(QString(5000, QLatin1Char('k')), QStringLiteral("1")).error.size(), 200);
}

TEST(ParameterSchema, JsonTypesAreChecked)
{
    const ParameterSchema schema = makeSchema();
    EXPECT_FALSE(schema.fromJson(QStringLiteral("nodes"), QJsonValue(QStringLiteral("4"))).ok());
    EXPECT_FALSE(schema.fromJson(QStringLiteral("nodes"), QJsonValue(4.5)).ok());
    EXPECT_TRUE(schema.fromJson(QStringLiteral("nodes"), QJsonValue(4.0)).ok());
    EXPECT_FALSE(schema.fromJson(QStringLiteral("prelude"), QJsonValue(1)).ok());
    EXPECT_FALSE(schema.fromJson(QStringLiteral("prefix"), QJsonValue(3)).ok());
}

TEST(ParameterSchema, CompleteReportsFirstInvalidValue)
{
    const ParameterSchema schema = makeSchema();
    const ParameterCheck complete = schema.complete({ { QStringLiteral("nodes"), 5 } });
    ASSERT_TRUE(complete.ok());
    EXPECT_EQ(complete.value.toMap().value(QStringLiteral("nodes")).toLongLong(), 5);
    EXPECT_EQ(complete.value.toMap().value(QStringLiteral("rate")).toDouble(), 2.5);
    EXPECT_FALSE(schema.complete({ { QStringLiteral("nodes"), 5000 } }).ok());
}

RC_GTEST_PROP(ParameterSchemaProperties, AcceptedIntegersRoundTripThroughTextAndJson, ())
{
    const ParameterSchema schema = makeSchema();
    const auto value = *rc::gen::inRange<qint64>(1, 1001);
    const ParameterCheck parsed = schema.parseText(QStringLiteral("nodes"), QString::number(value));
    RC_ASSERT(parsed.ok());
    const QString text = schema.toText(QStringLiteral("nodes"), parsed.value);
    RC_ASSERT(schema.parseText(QStringLiteral("nodes"), text).value.toLongLong() == value);
    const QJsonValue json = schema.toJson(QStringLiteral("nodes"), parsed.value);
    RC_ASSERT(schema.fromJson(QStringLiteral("nodes"), json).value.toLongLong() == value);
}

RC_GTEST_PROP(ParameterSchemaProperties, AcceptedRealsRoundTripExactly, ())
{
    const ParameterSchema schema = makeSchema();
    const double fraction
        = static_cast<double>(*rc::gen::inRange<std::int64_t>(0, 1LL << 52)) / static_cast<double>(1LL << 52);
    const double value = 0.001 + fraction * (1e6 - 0.001);
    const ParameterCheck checked = schema.check(QStringLiteral("rate"), value);
    RC_ASSERT(checked.ok());
    const QString text = schema.toText(QStringLiteral("rate"), checked.value);
    RC_ASSERT(schema.parseText(QStringLiteral("rate"), text).value.toDouble() == value);
    RC_ASSERT(schema.fromJson(QStringLiteral("rate"), schema.toJson(QStringLiteral("rate"), value)).value.toDouble()
        == value);
}

RC_GTEST_PROP(ParameterSchemaProperties, OutOfRangeValuesAreRefused, ())
{
    const ParameterSchema schema = makeSchema();
    const bool below = *rc::gen::arbitrary<bool>();
    const qint64 value = below ? *rc::gen::inRange<qint64>(-1000000, 1) : *rc::gen::inRange<qint64>(1001, 100000000);
    const ParameterCheck parsed = schema.parseText(QStringLiteral("nodes"), QString::number(value));
    RC_ASSERT(!parsed.ok());
    RC_ASSERT(parsed.error.startsWith(QStringLiteral("parameter 'nodes': ")));
    RC_ASSERT(!schema.fromJson(QStringLiteral("nodes"), QJsonValue(static_cast<double>(value))).ok());
}

RC_GTEST_PROP(ParameterSchemaProperties, EnumAcceptsExactlyItsChoices, (const std::string &word))
{
    const ParameterSchema schema = makeSchema();
    const QString text = QString::fromStdString(word).trimmed();
    const bool isChoice = text == QLatin1String("static") || text == QLatin1String("continuous");
    RC_ASSERT(schema.parseText(QStringLiteral("policy"), text).ok() == isChoice);
}

RC_GTEST_PROP(ParameterSchemaProperties, TextRoundTripsUnchanged, (const std::string &word))
{
    const ParameterSchema schema = makeSchema();
    const QString text = QString::fromStdString(word);
    const ParameterCheck checked
        = schema.fromJson(QStringLiteral("prefix"), schema.toJson(QStringLiteral("prefix"), text));
    RC_ASSERT(checked.ok());
    RC_ASSERT(checked.value.toString() == text);
}

TEST(ParameterSchema, ContrastedSwapsBetweenTheUsualValueAndItsContrast)
{
    const ParameterValues usual { { QStringLiteral("policy"), QStringLiteral("continuous") },
        { QStringLiteral("slots"), QVariant::fromValue<qint64>(8) } };
    const QString key = QStringLiteral("policy");
    const ParameterValues swapped = contrasted(usual, key, QStringLiteral("continuous"), QStringLiteral("static"));
    EXPECT_EQ(swapped.value(key).toString(), QStringLiteral("static"));
    EXPECT_EQ(swapped.value(QStringLiteral("slots")).toLongLong(), 8); // the rest stays
    // Any other value is contrasted with the usual one.
    ParameterValues other = usual;
    other.insert(key, QStringLiteral("paged"));
    EXPECT_EQ(contrasted(other, key, QStringLiteral("continuous"), QStringLiteral("static")).value(key).toString(),
        QStringLiteral("continuous"));
}
