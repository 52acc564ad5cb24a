// Fuzzes what the user opens: the bytes as a scenario and as a lesson, checked against a
// schema with every parameter kind. Bad input must give an error message, never a crash;
// good input must give values the schema accepts.
#include "lesson.h"
#include "scenario.h"

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
    schema.add({ .key = "program", .label = "Program", .kind = ParameterKind::Code, .defaultValue = "" });
    return schema;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ParameterSchema schema = everyKind();
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
