// Fuzzes what the user opens: the bytes as a scenario and as a lesson, checked against a
// schema with every parameter kind. Bad input must give an error message, never a crash;
// good input must give values the schema accepts.
#include "fuzzsupport.h"
#include "lesson.h"
#include "scenario.h"

#include <cstdint>

using namespace conceptlab;
using conceptlab::fuzz::check;
using conceptlab::fuzz::everyKindSchema;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ParameterSchema schema = everyKindSchema();
    const auto schemaFor = [&](const QString &id) -> std::optional<ParameterSchema> {
        if (id == QLatin1String("fuzz"))
            return schema;
        return std::nullopt;
    };

    ScenarioRead scenario = parseScenario(bytes);
    if (scenario.ok() && scenario.scenario.module == QLatin1String("fuzz") && checkScenarioParams(scenario, schema)) {
        for (auto it = scenario.scenario.params.constBegin(); it != scenario.scenario.params.constEnd(); ++it)
            check(schema.check(it.key(), it.value()).ok());
        check(scenario.scenario.step >= 0);
    }
    if (!scenario.ok())
        check(!scenario.error.isEmpty());

    const auto resultKeysFor = [](const QString &) {
        return QStringList { QStringLiteral("moved"), QStringLiteral("counts") };
    };
    const LessonRead lesson = parseLesson(bytes, schemaFor, resultKeysFor);
    if (lesson.ok()) {
        check(!lesson.lesson.steps.isEmpty());
        for (const LessonStep &step : lesson.lesson.steps) {
            check(step.scenario.module == QLatin1String("fuzz"));
            for (const LessonExpectation &expectation : step.expect)
                check(!expectation.segments.isEmpty() && (!expectation.isRange || expectation.low <= expectation.high));
        }
    }
    return 0;
}
