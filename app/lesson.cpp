// Lesson file reading and checking.
#include "lesson.h"

#include <QJsonArray>

namespace conceptlab {

bool isLessonFile(const QString &path)
{
    return path.endsWith(QLatin1String(".lesson.json"), Qt::CaseInsensitive);
}

LessonRead readLessonFile(
    const QString &path, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor)
{
    QByteArray contents;
    if (QString readError = readDocumentFile(path, &contents); !readError.isEmpty()) {
        LessonRead result;
        result.error = readError;
        return result;
    }
    LessonRead result = parseLesson(contents, schemaFor);
    if (!result.ok())
        result.error = QStringLiteral("%1: %2").arg(path, result.error);
    return result;
}

LessonRead parseLesson(
    const QByteArray &contents, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor)
{
    LessonRead result;
    const auto fail = [&](const QString &message) {
        result.error = message;
        return result;
    };
    QString error;
    const QJsonDocument document = parseJsonDocument(contents, &error);
    if (!error.isEmpty())
        return fail(error);
    const QJsonObject root = document.object();
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.key() != QLatin1String("title") && it.key() != QLatin1String("version")
            && it.key() != QLatin1String("steps"))
            return fail(QStringLiteral("$.%1: unknown key; expected one of title, version, steps").arg(it.key()));
    }
    if (!root.value(QLatin1String("title")).isString())
        return fail(QStringLiteral("$.title: expected a string"));
    if (root.value(QLatin1String("version")).toDouble() != Scenario::kVersion)
        return fail(QStringLiteral("$.version: expected %1").arg(Scenario::kVersion));
    const QJsonValue steps = root.value(QLatin1String("steps"));
    if (!steps.isArray() || steps.toArray().isEmpty())
        return fail(QStringLiteral("$.steps: expected a non-empty list of steps"));
    result.lesson.title = root.value(QLatin1String("title")).toString();
    const QJsonArray array = steps.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString stepPath = QStringLiteral("$.steps[%1]").arg(i);
        if (!array.at(i).isObject())
            return fail(stepPath + QStringLiteral(": expected an object"));
        const QJsonObject object = array.at(i).toObject();
        ScenarioRead read = parseScenarioObject(
            object, stepPath, { QStringLiteral("title"), QStringLiteral("text"), QStringLiteral("highlight") });
        if (!read.ok())
            return fail(read.error);
        for (const char *key : { "title", "text", "highlight" }) {
            const QJsonValue value = object.value(QLatin1String(key));
            if (!value.isUndefined() && !value.isString())
                return fail(QStringLiteral("%1.%2: expected a string").arg(stepPath, QLatin1String(key)));
        }
        const std::optional<ParameterSchema> schema = schemaFor(read.scenario.module);
        if (!schema)
            return fail(QStringLiteral("%1.module: unknown module '%2'").arg(stepPath, read.scenario.module));
        if (!checkScenarioParams(read, *schema))
            return fail(read.error);
        result.lesson.steps.append({ read.scenario, object.value(QLatin1String("title")).toString(),
            object.value(QLatin1String("text")).toString(), object.value(QLatin1String("highlight")).toString() });
    }
    return result;
}

} // namespace conceptlab
