// Fuzzes the command line's value parsing: "key=value" lines read through the schema of
// every parameter kind. A value is either refused with a message naming the parameter (and
// never longer than a line) or accepted in range, and an accepted value reads back the same
// from its own text.
#include "fuzzsupport.h"
#include "parameterschema.h"

#include <cstdint>

using namespace conceptlab;
using conceptlab::fuzz::check;
using conceptlab::fuzz::everyKindSchema;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const ParameterSchema schema = everyKindSchema();
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
