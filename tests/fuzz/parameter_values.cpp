// Fuzzes the command line's value parsing: "key=value" lines read through the schema of
// every parameter kind. A value is either refused with a message naming the parameter (and
// never longer than a line) or accepted in range, and an accepted value reads back the same
// from its own text.
#include "parameterschema.h"

#include <cstdint>
#include <cstdlib>

using namespace conceptlab;

namespace {
void check(bool condition)
{
    if (!condition)
        std::abort();
}

ParameterSchema everyKind()
{
    ParameterSchema schema;
    schema.add({ .key = "count",
        .label = "Count",
        .kind = ParameterKind::Integer,
        .defaultValue = 4,
        .minimum = -1000,
        .maximum = 1000 });
    schema.add({ .key = "seed",
        .label = "Seed",
        .kind = ParameterKind::Integer,
        .defaultValue = 0,
        .maximum = 9007199254740991.0 });
    schema.add({ .key = "rate",
        .label = "Rate",
        .kind = ParameterKind::Real,
        .defaultValue = 0.5,
        .minimum = 1e-6,
        .maximum = 1e6 });
    schema.add({ .key = "policy",
        .label = "Policy",
        .kind = ParameterKind::Enum,
        .defaultValue = "a",
        .choices = { "a", "b" } });
    schema.add({ .key = "on", .label = "On", .kind = ParameterKind::Boolean, .defaultValue = true });
    schema.add({ .key = "name", .label = "Name", .kind = ParameterKind::Text, .defaultValue = "x" });
    return schema;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const ParameterSchema schema = everyKind();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    const QString key = equals < 0 ? QStringLiteral("rate") : text.left(equals);
    const QString value = equals < 0 ? text : text.mid(equals + 1);
    const ParameterCheck parsed = schema.parseText(key, value);
    if (!parsed.ok()) {
        check(parsed.error.size() < 400 + schema.keys().join(QStringLiteral(", ")).size());
        return 0;
    }
    const ParameterSpec *spec = schema.find(key);
    check(spec != nullptr);
    if (spec->kind == ParameterKind::Integer || spec->kind == ParameterKind::Real) {
        const double number = parsed.value.toDouble();
        check(number >= spec->minimum && number <= spec->maximum);
    }
    const ParameterCheck again = schema.parseText(key, schema.toText(key, parsed.value));
    check(again.ok() && again.value == parsed.value);
    return 0;
}
