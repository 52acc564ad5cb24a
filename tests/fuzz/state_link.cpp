// Fuzzes links to a state: the bytes as a conceptlab:// link, read against a schema with
// every parameter kind. Bad input must give a short error, never a crash; a good link
// must give values the schema accepts, and the link written for them must read back the same.
#include "fuzzsupport.h"
#include "statelink.h"

#include <cstdint>

using namespace conceptlab;
using conceptlab::fuzz::check;
using conceptlab::fuzz::everyKindSchema;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const ParameterSchema schema = everyKindSchema();
    const auto schemaFor = [](const QString &id) -> std::optional<ParameterSchema> {
        if (id == QLatin1String("fuzz"))
            return schema;
        return std::nullopt;
    };
    const QString link = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const LinkRead read = parseLink(link, schemaFor);
    if (!read.ok()) {
        check(read.error.startsWith(QLatin1String("link")));
        check(read.error.size() < 600);
        return 0;
    }
    check(read.scenario.module == QLatin1String("fuzz"));
    check(read.scenario.step >= 0 && read.scenario.step <= kMaxLinkStep);
    ParameterValues values = schema.defaults();
    for (auto it = read.scenario.params.constBegin(); it != read.scenario.params.constEnd(); ++it) {
        check(schema.check(it.key(), it.value()).ok());
        values.insert(it.key(), it.value());
    }
    const LinkRead again = parseLink(formatLink(read.scenario.module, schema, values, read.scenario.step), schemaFor);
    check(again.ok() && again.scenario.step == read.scenario.step);
    ParameterValues valuesAgain = schema.defaults();
    for (auto it = again.scenario.params.constBegin(); it != again.scenario.params.constEnd(); ++it)
        valuesAgain.insert(it.key(), it.value());
    check(valuesAgain == values);
    return 0;
}
