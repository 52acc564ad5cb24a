// Links to a state: the exact text written, malformed links refused with the reason and
// position, and state → link → same state for a schema of every kind and for every module.
#include "conceptmodule.h"
#include "moduleregistry.h"
#include "statelink.h"

#include <QLocale>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <clocale>

using namespace conceptlab;

// Failure messages show strings as text, not as UTF-16 code units.
void PrintTo(const QString &text, std::ostream *out)
{
    *out << '"' << text.toStdString() << '"';
}

namespace {

ParameterSchema demoSchema()
{
    ParameterSchema schema;
    schema.add({ .key = "count",
        .label = "Count",
        .kind = ParameterKind::Integer,
        .defaultValue = 4,
        .minimum = 1,
        .maximum = 1000 });
    schema.add({ .key = "rate",
        .label = "Rate",
        .kind = ParameterKind::Real,
        .defaultValue = 0.5,
        .minimum = 0,
        .maximum = 1 });
    schema.add({ .key = "policy",
        .label = "Policy",
        .kind = ParameterKind::Enum,
        .defaultValue = "a",
        .choices = { "a", "b" } });
    schema.add({ .key = "on", .label = "On", .kind = ParameterKind::Boolean, .defaultValue = true });
    schema.add({ .key = "name", .label = "Name", .kind = ParameterKind::Text, .defaultValue = "x" });
    schema.add({ .key = "program", .label = "Program", .kind = ParameterKind::Code, .defaultValue = "pass" });
    return schema;
}

std::optional<ParameterSchema> demoSchemaFor(const QString &id)
{
    if (id == QLatin1String("demo"))
        return demoSchema();
    return std::nullopt;
}

LinkRead read(const QString &link)
{
    return parseLink(link, demoSchemaFor);
}

QString errorOf(const QString &link)
{
    return read(link).error;
}

/// The values a link gives back: the schema's defaults overlaid with what the link names.
ParameterValues valuesOf(const LinkRead &linkRead, const ParameterSchema &schema)
{
    ParameterValues values = schema.defaults();
    for (auto it = linkRead.scenario.params.constBegin(); it != linkRead.scenario.params.constEnd(); ++it)
        values.insert(it.key(), it.value());
    return values;
}

const QString kShape = QStringLiteral("conceptlab://<module>?key=value&…&step=N");

} // namespace

TEST(StateLink, DefaultsAreLeftOut)
{
    const ParameterSchema schema = demoSchema();
    EXPECT_EQ(
        formatLink(QStringLiteral("demo"), schema, schema.defaults(), 0), QStringLiteral("conceptlab://demo?step=0"));
    ParameterValues values = schema.defaults();
    values.insert(QStringLiteral("rate"), 0.5); // the default, given again
    EXPECT_EQ(formatLink(QStringLiteral("demo"), schema, values, 12), QStringLiteral("conceptlab://demo?step=12"));
}

TEST(StateLink, ChangedValuesOfEveryKindAreWrittenInSchemaOrder)
{
    const ParameterSchema schema = demoSchema();
    ParameterValues values = schema.defaults();
    values.insert(QStringLiteral("on"), false);
    values.insert(QStringLiteral("count"), QVariant::fromValue<qint64>(7));
    values.insert(QStringLiteral("policy"), QStringLiteral("b"));
    values.insert(QStringLiteral("rate"), 0.125);
    EXPECT_EQ(formatLink(QStringLiteral("demo"), schema, values, 3),
        QStringLiteral("conceptlab://demo?count=7&rate=0.125&policy=b&on=false&step=3"));
}

TEST(StateLink, TextAndCodeArePercentEncodedAsUtf8)
{
    const ParameterSchema schema = demoSchema();
    ParameterValues values = schema.defaults();
    values.insert(QStringLiteral("name"), QStringLiteral("a b&c=d#e%f+g/h,i"));
    values.insert(QStringLiteral("program"), QStringLiteral("def f(x):\n    return x + 1  # λ→π\n"));
    // Expected text from Python's urllib.parse.quote(value, safe=",:/@").
    const QString expected = QStringLiteral("conceptlab://demo?name=a%20b%26c%3Dd%23e%25f%2Bg/h,i"
                                            "&program=def%20f%28x%29:%0A%20%20%20%20return%20x%20%2B%201%20%20%23%20"
                                            "%CE%BB%E2%86%92%CF%80%0A&step=0");
    const QString link = formatLink(QStringLiteral("demo"), schema, values, 0);
    EXPECT_EQ(link, expected);
    const LinkRead back = read(link);
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(valuesOf(back, schema), values);
}

TEST(StateLink, ReadsAHandWrittenLink)
{
    const LinkRead linkRead = read(QStringLiteral("  ConceptLab://demo/?count=%2012&name=1+1&rate=1e-3&step=5\n"));
    ASSERT_TRUE(linkRead.ok()) << linkRead.error.toStdString();
    EXPECT_EQ(linkRead.scenario.module, QStringLiteral("demo"));
    EXPECT_EQ(linkRead.scenario.step, 5);
    EXPECT_EQ(linkRead.stepPosition, 58); // "  ConceptLab://demo/?count=%2012&name=1+1&rate=1e-3&step=" is 57
    EXPECT_EQ(linkRead.scenario.params.size(), 3);
    EXPECT_EQ(linkRead.scenario.params.value(QStringLiteral("count")).toLongLong(), 12); // " 12", as --set reads it
    EXPECT_EQ(
        linkRead.scenario.params.value(QStringLiteral("name")).toString(), QStringLiteral("1+1")); // '+' is a plus
    EXPECT_EQ(linkRead.scenario.params.value(QStringLiteral("rate")).toDouble(), 0.001);

    const LinkRead bare = read(QStringLiteral("conceptlab://demo"));
    ASSERT_TRUE(bare.ok()) << bare.error.toStdString();
    EXPECT_TRUE(bare.scenario.params.isEmpty());
    EXPECT_EQ(bare.scenario.step, 0);
    EXPECT_EQ(bare.stepPosition, 0);
}

TEST(StateLink, MalformedLinksAreRefusedWithReasonAndPosition)
{
    struct Case {
        QString link;
        QString error;
    };
    const QString unknownKey = QStringLiteral(
        "link, character 19: unknown parameter 'colour'; known parameters: count, rate, policy, on, name, program");
    const QList<Case> cases = {
        { QStringLiteral("http://demo?count=3"),
            QStringLiteral("link: the scheme 'http' is not conceptlab; expected ") + kShape },
        { QStringLiteral("demo?count=3"), QStringLiteral("link: not a link; expected ") + kShape },
        { QStringLiteral(""), QStringLiteral("link: not a link; expected ") + kShape },
        { QStringLiteral("conceptlab:demo"),
            QStringLiteral("link, character 12: expected '//' after 'conceptlab:'; expected ") + kShape },
        { QStringLiteral("conceptlab://nosuch?step=1"), QStringLiteral("link, character 14: unknown module 'nosuch'") },
        { QStringLiteral("conceptlab://?step=1"),
            QStringLiteral("link, character 14: expected a module id after 'conceptlab://'") },
        { QStringLiteral("conceptlab://demo/x?step=1"),
            QStringLiteral("link, character 18: unexpected path after the module id; expected '?'") },
        { QStringLiteral("conceptlab://demo?colour=red"), unknownKey },
        { QStringLiteral("conceptlab://demo?count=abc"),
            QStringLiteral("link, character 25: parameter 'count': 'abc' is not an integer; expected an integer in "
                           "[1, 1000]") },
        { QStringLiteral("conceptlab://demo?count=0"),
            QStringLiteral(
                "link, character 25: parameter 'count': 0 is out of range; expected an integer in [1, 1000]") },
        { QStringLiteral("conceptlab://demo?rate=0,5"),
            QStringLiteral("link, character 24: parameter 'rate': '0,5' is not a number (write decimals with '.', and "
                           "no digit grouping); expected a real number in [0, 1]") },
        { QStringLiteral("conceptlab://demo?policy=c"),
            QStringLiteral("link, character 26: parameter 'policy': 'c' is not a choice; expected one of: a, b") },
        { QStringLiteral("conceptlab://demo?on=maybe"),
            QStringLiteral("link, character 22: parameter 'on': 'maybe' is not a boolean; expected true or false") },
        { QStringLiteral("conceptlab://demo?count=3&count=4"),
            QStringLiteral("link, character 27: 'count' is given twice (first at character 19)") },
        { QStringLiteral("conceptlab://demo?step=1&step=2"),
            QStringLiteral("link, character 26: 'step' is given twice (first at character 19)") },
        { QStringLiteral("conceptlab://demo?step=-1"),
            QStringLiteral("link, character 24: step '-1' is not an integer in [0, 1000000]") },
        { QStringLiteral("conceptlab://demo?step=1000001"),
            QStringLiteral("link, character 24: step '1000001' is not an integer in [0, 1000000]") },
        { QStringLiteral("conceptlab://demo?step=two"),
            QStringLiteral("link, character 24: step 'two' is not an integer in [0, 1000000]") },
        { QStringLiteral("conceptlab://demo?name=%zz"),
            QStringLiteral(
                "link, character 24: '%' must start an escape of two hexadecimal digits; write '%' as %25") },
        { QStringLiteral("conceptlab://demo?name=%4"),
            QStringLiteral(
                "link, character 24: '%' must start an escape of two hexadecimal digits; write '%' as %25") },
        { QStringLiteral("conceptlab://demo?name=%C3%28"),
            QStringLiteral("link, character 24: not UTF-8 text once percent-decoded") },
        { QStringLiteral("conceptlab://demo?name=a#b"), QStringLiteral("link, character 25: '#' must be written %23") },
        { QStringLiteral("conceptlab://demo?name=a\tb"),
            QStringLiteral("link, character 25: control character U+0009 must be percent-encoded") },
        { QStringLiteral("conceptlab://demo?count"), QStringLiteral("link, character 19: expected key=value") },
        { QStringLiteral("conceptlab://demo?=3"), QStringLiteral("link, character 19: expected key=value") },
        { QStringLiteral("conceptlab://demo?count=3&"), QStringLiteral("link, character 27: expected key=value") },
        { QStringLiteral("conceptlab://demo?count=3&&step=1"),
            QStringLiteral("link, character 27: expected key=value") },
        { QStringLiteral("  conceptlab://demo?count=abc"),
            QStringLiteral("link, character 27: parameter 'count': 'abc' is not an integer; expected an integer in "
                           "[1, 1000]") },
    };
    for (const Case &c : cases) {
        const LinkRead linkRead = read(c.link);
        EXPECT_FALSE(linkRead.ok()) << c.link.toStdString();
        EXPECT_EQ(linkRead.error, c.error) << c.link.toStdString();
    }
}

TEST(StateLink, LengthLimit)
{
    const QString start = QStringLiteral("conceptlab://demo?name=");
    const QString atLimit = start + QString(kMaxLinkCharacters - start.size(), QLatin1Char('a'));
    const LinkRead longest = read(atLimit);
    ASSERT_TRUE(longest.ok()) << longest.error.toStdString();
    EXPECT_EQ(longest.scenario.params.value(QStringLiteral("name")).toString().size(), 65536 - 23);
    EXPECT_EQ(errorOf(atLimit + QLatin1Char('a')),
        QStringLiteral("link: 65537 characters is over the limit of 65536 characters"));
    // White space around the link does not count.
    EXPECT_TRUE(read(QStringLiteral("  ") + atLimit + QStringLiteral("\n")).ok());
}

TEST(StateLink, IsStateLink)
{
    EXPECT_TRUE(isStateLink(QStringLiteral("conceptlab://hashring?step=1")));
    EXPECT_TRUE(isStateLink(QStringLiteral(" CONCEPTLAB:x")));
    EXPECT_FALSE(isStateLink(QStringLiteral("conceptlab.json")));
    EXPECT_FALSE(isStateLink(QStringLiteral("/home/me/conceptlab://x")));
    EXPECT_FALSE(isStateLink(QString()));
}

TEST(StateLink, NumbersIgnoreACommaDecimalLocale)
{
    const QLocale before;
    const std::string cLocale = std::setlocale(LC_ALL, nullptr);
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    std::setlocale(LC_ALL, "de_DE.UTF-8"); // may be missing; QLocale alone still changes Qt's default
    const ParameterSchema schema = demoSchema();
    ParameterValues values = schema.defaults();
    values.insert(QStringLiteral("rate"), 0.25);
    values.insert(QStringLiteral("count"), QVariant::fromValue<qint64>(1000));
    const QString link = formatLink(QStringLiteral("demo"), schema, values, 1234);
    const LinkRead back = read(QStringLiteral("conceptlab://demo?rate=0.75&step=1000"));
    std::setlocale(LC_ALL, cLocale.c_str());
    QLocale::setDefault(before);
    EXPECT_EQ(link, QStringLiteral("conceptlab://demo?count=1000&rate=0.25&step=1234"));
    ASSERT_TRUE(back.ok()) << back.error.toStdString();
    EXPECT_EQ(back.scenario.params.value(QStringLiteral("rate")).toDouble(), 0.75);
    EXPECT_EQ(back.scenario.step, 1000);
}

RC_GTEST_PROP(StateLinkProperties, StateRoundTripsThroughALink,
    (const std::string &name, const std::string &program, bool on, bool policyB))
{
    const ParameterSchema schema = demoSchema();
    ParameterValues values = schema.defaults();
    values.insert(QStringLiteral("count"), QVariant::fromValue<qint64>(*rc::gen::inRange<qint64>(1, 1001)));
    const double fraction
        = static_cast<double>(*rc::gen::inRange<std::int64_t>(0, 1LL << 53)) / static_cast<double>(1LL << 53);
    values.insert(QStringLiteral("rate"), fraction);
    values.insert(QStringLiteral("policy"), policyB ? QStringLiteral("b") : QStringLiteral("a"));
    values.insert(QStringLiteral("on"), on);
    // Any text at all: arbitrary bytes read as UTF-8 (invalid sequences become U+FFFD), and
    // strings made of the characters a link treats specially.
    values.insert(QStringLiteral("name"), QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())));
    const std::string special
        = *rc::gen::container<std::string>(rc::gen::elementOf(std::string(" &=#%+?/\n\t\r,:@~λ")));
    values.insert(QStringLiteral("program"),
        QString::fromUtf8(program.data(), static_cast<qsizetype>(program.size())) + QString::fromStdString(special));
    const int step = *rc::gen::inRange(0, kMaxLinkStep + 1);

    const QString link = formatLink(QStringLiteral("demo"), schema, values, step);
    const LinkRead back = read(link);
    RC_ASSERT(back.ok());
    RC_ASSERT(back.scenario.module == QStringLiteral("demo"));
    RC_ASSERT(back.scenario.step == step);
    RC_ASSERT(valuesOf(back, schema) == values);
    // What the app writes is plain ASCII: it survives any channel that carries a URL.
    for (const QChar c : link)
        RC_ASSERT(c.unicode() > 0x20 && c.unicode() < 0x7f);
}

namespace {

/// A value of `spec` other than its default, in range: what a user could have changed it to.
QVariant changedValue(const ParameterSpec &spec)
{
    switch (spec.kind) {
    case ParameterKind::Integer: {
        const auto value = spec.defaultValue.toLongLong();
        return QVariant::fromValue<qint64>(value < static_cast<qint64>(spec.maximum) ? value + 1 : value - 1);
    }
    case ParameterKind::Real: {
        // An inexact binary fraction, so the link must carry all 17 significant digits.
        const double value = spec.defaultValue.toDouble();
        const double step = (spec.maximum - spec.minimum) / 3.0;
        return value + step <= spec.maximum ? value + step : value - step;
    }
    case ParameterKind::Enum:
        if (spec.choices.size() < 2)
            return spec.defaultValue;
        return spec.choices.at(spec.choices.indexOf(spec.defaultValue.toString()) == 0 ? 1 : 0);
    case ParameterKind::Boolean:
        return !spec.defaultValue.toBool();
    case ParameterKind::Code:
        return QStringLiteral("# naïve → ✓ \"quotes\" & = # % + 100%\n\tdef f(x):  \r\n    return x+1 # ünïcode 𝛌\n");
    case ParameterKind::Text:
    case ParameterKind::FilePath:
        return QStringLiteral(" a b&c=d#e%f+g?h/i,j:k@l~m λ ");
    }
    return {};
}

} // namespace

TEST(StateLinkModules, EveryModuleRoundTripsAtItsDefaults)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
    ASSERT_GE(registry.modules().size(), 6);
    for (const ModuleInfo &info : registry.modules()) {
        QString error;
        ConceptModule *module = registry.load(info.id, &error);
        ASSERT_NE(module, nullptr) << error.toStdString();
        const ParameterSchema schema = module->parameters();
        const QString link = formatLink(info.id, schema, schema.defaults(), 0);
        EXPECT_EQ(link, QStringLiteral("conceptlab://%1?step=0").arg(info.id));
        const LinkRead back = parseLink(link, [&](const QString &id) -> std::optional<ParameterSchema> {
            return id == info.id ? std::optional(schema) : std::nullopt;
        });
        ASSERT_TRUE(back.ok()) << back.error.toStdString();
        EXPECT_EQ(valuesOf(back, schema), schema.defaults()) << info.id.toStdString();
    }
}

TEST(StateLinkModules, EveryParameterOfEveryModuleRoundTripsChanged)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral(CONCEPTLAB_BUILD_PLUGIN_DIR) });
    ASSERT_GE(registry.modules().size(), 6);
    int parameters = 0;
    int changedParameters = 0;
    for (const ModuleInfo &info : registry.modules()) {
        QString error;
        ConceptModule *module = registry.load(info.id, &error);
        ASSERT_NE(module, nullptr) << error.toStdString();
        const ParameterSchema schema = module->parameters();
        const auto schemaFor = [&](const QString &id) -> std::optional<ParameterSchema> {
            return id == info.id ? std::optional(schema) : std::nullopt;
        };
        ParameterValues all = schema.defaults();
        qsizetype changedHere = 0;
        for (const ParameterSpec &spec : schema.specs()) {
            ++parameters;
            ASSERT_NE(spec.key, QStringLiteral("step")) << "'step' is the link's own key";
            const ParameterCheck changed = schema.check(spec.key, changedValue(spec));
            ASSERT_TRUE(changed.ok()) << changed.error.toStdString();
            if (schema.toText(spec.key, changed.value) == schema.toText(spec.key, spec.defaultValue))
                continue; // a choice of one
            ++changedParameters;
            ++changedHere;
            // One parameter changed: the link names that one only.
            ParameterValues one = schema.defaults();
            one.insert(spec.key, changed.value);
            const QString link = formatLink(info.id, schema, one, 7);
            EXPECT_TRUE(link.startsWith(QStringLiteral("conceptlab://%1?%2=").arg(info.id, spec.key)))
                << link.toStdString();
            EXPECT_EQ(link.count(QLatin1Char('&')), 1) << link.toStdString();
            const LinkRead back = parseLink(link, schemaFor);
            ASSERT_TRUE(back.ok()) << back.error.toStdString();
            EXPECT_EQ(back.scenario.step, 7);
            EXPECT_EQ(valuesOf(back, schema), one) << info.id.toStdString() << "." << spec.key.toStdString();
            all.insert(spec.key, changed.value);
        }
        // Every parameter changed at once.
        const LinkRead back = parseLink(formatLink(info.id, schema, all, 2), schemaFor);
        ASSERT_TRUE(back.ok()) << back.error.toStdString();
        EXPECT_EQ(back.scenario.params.size(), changedHere);
        EXPECT_EQ(valuesOf(back, schema), all) << info.id.toStdString();
    }
    EXPECT_GE(parameters, 60);
    EXPECT_EQ(changedParameters, parameters);
}
