// Lesson file reading and checking.
#include "lesson.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace conceptlab {

QStringList shellResultKeys()
{
    return { QStringLiteral("at_step.step"), QStringLiteral("at_step.at_end"), QStringLiteral("at_step.status") };
}

QStringList splitResultKey(const QString &key)
{
    QStringList segments(QString {});
    for (qsizetype i = 0; i < key.size(); ++i) {
        if (key.at(i) == QLatin1Char('\\') && i + 1 < key.size() && key.at(i + 1) == QLatin1Char('.')) {
            segments.last() += QLatin1Char('.');
            ++i;
        } else if (key.at(i) == QLatin1Char('.')) {
            segments.append(QString());
        } else {
            segments.last() += key.at(i);
        }
    }
    for (const QString &segment : segments) {
        if (segment.isEmpty())
            return {};
    }
    return segments;
}

namespace {
    // "$.steps[1].expect.moved", or ["..."] for a key that is not a plain name.
    QString expectPath(const QString &stepPath, const QString &key)
    {
        static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
        if (plain.match(key).hasMatch())
            return QStringLiteral("%1.expect.%2").arg(stepPath, key);
        QString quoted = key;
        quoted.replace(QLatin1String("\\"), QLatin1String("\\\\")).replace(QLatin1String("\""), QLatin1String("\\\""));
        return QStringLiteral("%1.expect[\"%2\"]").arg(stepPath, quoted);
    }

    bool isDocumented(const QStringList &segments, const QStringList &documented)
    {
        for (const QString &key : documented) {
            const QStringList prefix = splitResultKey(key);
            // A documented segment in angle brackets ("formats.<name>.value") stands for any name.
            const auto matches = [](const QString &documentedSegment, const QString &segment) {
                return documentedSegment == segment
                    || (documentedSegment.startsWith(QLatin1Char('<')) && documentedSegment.endsWith(QLatin1Char('>')));
            };
            if (!prefix.isEmpty() && prefix.size() <= segments.size()
                && std::equal(prefix.begin(), prefix.end(), segments.begin(), matches))
                return true;
        }
        return false;
    }

    // One `expect` entry; returns the error (with its JSON path) or empty.
    QString parseExpectation(
        const QString &key, const QJsonValue &value, const QString &path, LessonExpectation *expectation)
    {
        expectation->key = key;
        expectation->segments = splitResultKey(key);
        expectation->jsonPath = path;
        if (expectation->segments.isEmpty())
            return QStringLiteral("%1: expected a result key such as \"moved\" or \"counts.after.node4\"").arg(path);
        if (value.isString() || value.isBool() || value.isDouble()) {
            expectation->exact = value;
            return {};
        }
        const QJsonArray range = value.toArray();
        if (!value.isArray() || range.size() != 2 || !range.at(0).isDouble() || !range.at(1).isDouble())
            return QStringLiteral("%1: expected a number, a string, true or false, or a range [low, high] of two "
                                  "numbers")
                .arg(path);
        expectation->isRange = true;
        expectation->low = range.at(0).toDouble();
        expectation->high = range.at(1).toDouble();
        if (!(expectation->low <= expectation->high))
            return QStringLiteral("%1: the range is empty: low is above high").arg(path);
        return {};
    }

    // The step's `expect` object; returns the error or empty.
    QString parseExpectations(const QJsonObject &step, const QString &stepPath, const QString &module,
        const QStringList &documented, QList<LessonExpectation> *expectations)
    {
        const QJsonValue value = step.value(QLatin1String("expect"));
        if (value.isUndefined())
            return {};
        if (!value.isObject())
            return QStringLiteral("%1.expect: expected an object of result keys and values").arg(stepPath);
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            LessonExpectation expectation;
            const QString path = expectPath(stepPath, it.key());
            if (QString error = parseExpectation(it.key(), it.value(), path, &expectation); !error.isEmpty())
                return error;
            if (!isDocumented(expectation.segments, documented))
                return QStringLiteral("%1: '%2' is not a documented result key of module '%3'; it has %4")
                    .arg(path, it.key(), module, documented.join(QStringLiteral(", ")));
            expectations->append(expectation);
        }
        return {};
    }
} // namespace

bool isLessonFile(const QString &path)
{
    return path.endsWith(QLatin1String(".lesson.json"), Qt::CaseInsensitive);
}

LessonRead readLessonFile(const QString &path, const SchemaLookup &schemaFor, const ResultKeysLookup &resultKeysFor)
{
    QByteArray contents;
    if (QString readError = readDocumentFile(path, &contents); !readError.isEmpty()) {
        LessonRead result;
        result.error = readError;
        return result;
    }
    LessonRead result = parseLesson(contents, schemaFor, resultKeysFor);
    if (!result.ok())
        result.error = QStringLiteral("%1: %2").arg(path, result.error);
    return result;
}

LessonRead parseLesson(const QByteArray &contents, const SchemaLookup &schemaFor, const ResultKeysLookup &resultKeysFor)
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
        ScenarioRead read = parseScenarioObject(object, stepPath,
            { QStringLiteral("title"), QStringLiteral("text"), QStringLiteral("highlight"), QStringLiteral("expect") });
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
        LessonStep step { read.scenario, object.value(QLatin1String("title")).toString(),
            object.value(QLatin1String("text")).toString(), object.value(QLatin1String("highlight")).toString(), {} };
        const QStringList documented = resultKeysFor(read.scenario.module) + shellResultKeys();
        if (QString error = parseExpectations(object, stepPath, read.scenario.module, documented, &step.expect);
            !error.isEmpty())
            return fail(error);
        result.lesson.steps.append(step);
    }
    return result;
}

} // namespace conceptlab
