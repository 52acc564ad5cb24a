// Lesson checks: each step simulated headless and its `expect` compared with the results.
#include "lessoncheck.h"

#include "conceptmodule.h"
#include "viewrenderer.h"

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <charconv>

namespace conceptlab {

namespace {
    // Shortest text that reads back to the same double, without the locale.
    QString numberText(double value)
    {
        std::array<char, 32> buffer {};
        const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        if (error != std::errc())
            return QStringLiteral("?");
        return QString::fromLatin1(buffer.data(), end - buffer.data());
    }

    QString valueText(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::Double:
            return numberText(value.toDouble());
        case QJsonValue::String:
            return QLatin1Char('"') + value.toString() + QLatin1Char('"');
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Array:
            return QStringLiteral("a list");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            break;
        }
        return QStringLiteral("missing");
    }

    QString expectedText(const LessonExpectation &expectation)
    {
        if (expectation.isRange)
            return QStringLiteral("in [%1, %2]").arg(numberText(expectation.low), numberText(expectation.high));
        return valueText(expectation.exact);
    }

    bool holds(const LessonExpectation &expectation, const QJsonValue &found)
    {
        if (expectation.isRange)
            return found.isDouble() && found.toDouble() >= expectation.low && found.toDouble() <= expectation.high;
        if (expectation.exact.isDouble())
            return found.isDouble() && found.toDouble() == expectation.exact.toDouble();
        return found == expectation.exact;
    }
} // namespace

bool LessonReport::ok() const
{
    return std::all_of(steps.begin(), steps.end(), [](const LessonStepReport &step) { return step.ok(); });
}

QString LessonReport::text() const
{
    QString text;
    for (const LessonStepReport &step : steps) {
        const QString title = step.title.isEmpty() ? QString() : QStringLiteral(" · ") + step.title;
        text += QStringLiteral("step %1 of %2%3: %4\n")
                    .arg(step.index + 1)
                    .arg(steps.size())
                    .arg(title, step.ok() ? QStringLiteral("ok") : QStringLiteral("FAILED"));
        if (!step.error.isEmpty())
            text += QStringLiteral("  FAIL  %1\n").arg(step.error);
        for (const QString &line : step.failed)
            text += QStringLiteral("  FAIL  %1\n").arg(line);
        for (const QString &line : step.passed)
            text += QStringLiteral("  ok    %1\n").arg(line);
    }
    return text;
}

QJsonObject LessonReport::toJson() const
{
    QJsonArray array;
    for (const LessonStepReport &step : steps) {
        array.append(QJsonObject { { QStringLiteral("step"), step.index + 1 }, { QStringLiteral("title"), step.title },
            { QStringLiteral("ok"), step.ok() }, { QStringLiteral("error"), step.error },
            { QStringLiteral("failed"), QJsonArray::fromStringList(step.failed) },
            { QStringLiteral("passed"), QJsonArray::fromStringList(step.passed) },
            { QStringLiteral("results"), step.results } });
    }
    return { { QStringLiteral("ok"), ok() }, { QStringLiteral("steps"), array } };
}

QJsonValue resultAt(const QJsonObject &results, const QStringList &segments)
{
    QJsonValue value(results);
    for (const QString &segment : segments) {
        if (value.isObject()) {
            value = value.toObject().value(segment);
        } else if (value.isArray()) {
            bool ok = false;
            const int index = segment.toInt(&ok);
            const QJsonArray array = value.toArray();
            if (!ok || index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            value = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return value;
}

QString describeExpectation(const LessonExpectation &expectation, const QJsonObject &results)
{
    return QStringLiteral("%1 = %2, expected %3")
        .arg(expectation.key, valueText(resultAt(results, expectation.segments)), expectedText(expectation));
}

QString expectationFailure(const LessonExpectation &expectation, const QJsonObject &results)
{
    if (holds(expectation, resultAt(results, expectation.segments)))
        return {};
    return describeExpectation(expectation, results);
}

StepResults lessonStepResults(ConceptModule &module, const Scenario &scenario)
{
    StepResults step;
    ParameterValues values = module.parameters().defaults();
    for (auto it = scenario.params.constBegin(); it != scenario.params.constEnd(); ++it)
        values.insert(it.key(), it.value());
    const RunResult run = module.run(values, WorkControl());
    if (!run.error.isEmpty()) {
        step.error = run.error;
        return step;
    }
    const SteppedSession stepped = steppedSession(module, values, StepRequest::at(scenario.step));
    if (!stepped.error.isEmpty()) {
        step.error = stepped.error;
        return step;
    }
    // A lesson names a step its text describes: one past the end is an error, not the end.
    if (stepped.clamped) {
        step.error = QStringLiteral("step %1 is past the end: the simulation ends at step %2")
                         .arg(scenario.step)
                         .arg(stepped.lastStep);
        return step;
    }
    const Session &session = *stepped.session;
    QJsonObject atStep = module.stepResults(session);
    atStep.insert(QStringLiteral("step"), session.currentStep());
    atStep.insert(QStringLiteral("at_end"), session.atEnd());
    atStep.insert(QStringLiteral("status"), QString::fromStdString(session.statusText()));
    step.results = run.data;
    step.results.insert(QStringLiteral("at_step"), atStep);
    for (const std::string &target : session.highlightTargets())
        step.highlightTargets.append(QString::fromStdString(target));
    return step;
}

LessonReport checkLesson(const Lesson &lesson, const ModuleLookup &moduleFor)
{
    LessonReport report;
    for (qsizetype i = 0; i < lesson.steps.size(); ++i) {
        const LessonStep &step = lesson.steps.at(i);
        LessonStepReport stepReport;
        stepReport.index = static_cast<int>(i);
        stepReport.title = step.title;
        QString loadError;
        ConceptModule *module = moduleFor(step.scenario.module, &loadError);
        const StepResults results = module ? lessonStepResults(*module, step.scenario) : StepResults();
        stepReport.error = module ? results.error : loadError;
        stepReport.results = results.results;
        if (stepReport.error.isEmpty()) {
            if (!step.highlight.isEmpty() && !results.highlightTargets.contains(step.highlight))
                stepReport.failed.append(QStringLiteral("highlight '%1' is not offered at step %2")
                                             .arg(step.highlight)
                                             .arg(step.scenario.step));
            for (const LessonExpectation &expectation : step.expect) {
                const QString failure = expectationFailure(expectation, results.results);
                if (failure.isEmpty())
                    stepReport.passed.append(describeExpectation(expectation, results.results));
                else
                    stepReport.failed.append(failure);
            }
        }
        report.steps.append(stepReport);
    }
    return report;
}

} // namespace conceptlab
