// Running a lesson headless: each step's scenario is built, stepped to its step, and its
// results are compared with the step's `expect` checks and its highlight. `conceptlab check`
// and the test of the bundled lessons use it.
#pragma once

#include "lesson.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace conceptlab {

class ConceptModule;

/// What one lesson step's checks found.
struct LessonStepReport {
    int index = 0; ///< 0-based step of the lesson
    QString title;
    QStringList passed; ///< one line per check that held, e.g. "moved_fraction = 0.0246 in [0.01, 0.04]"
    QStringList failed; ///< one line per check that did not, and a highlight not offered at the step
    QString error; ///< the step could not be simulated (bad input, a step past the end)
    QJsonObject results; ///< what the checks read (see lessonStepResults)

    bool ok() const { return error.isEmpty() && failed.isEmpty(); }
};

struct LessonReport {
    QList<LessonStepReport> steps;

    bool ok() const;
    /// One block per step: "step 2 of 5 · A ring: ok" and the checks, failures marked "FAIL".
    QString text() const;
    /// {"ok", "steps": [{"step", "title", "ok", "error", "failed", "passed", "results"}]}.
    QJsonObject toJson() const;
};

/// The loaded module of an id, or null with the reason in `error`.
using ModuleLookup = std::function<ConceptModule *(const QString &id, QString *error)>;

/// The results a lesson step's checks read: run()'s data for the step's parameters, with
/// "at_step" holding the module's stepResults() at the step plus step, at_end and status;
/// and the highlight targets the session offers there.
struct StepResults {
    QJsonObject results;
    QStringList highlightTargets;
    QString error; ///< bad parameters, or the step is past the end
};
StepResults lessonStepResults(ConceptModule &module, const Scenario &scenario);

/// The value at `segments` in `results` (objects by key, arrays by a 0-based index), or
/// undefined.
QJsonValue resultAt(const QJsonObject &results, const QStringList &segments);
/// Empty when `expectation` holds for `results`; otherwise what was found and expected.
QString expectationFailure(const LessonExpectation &expectation, const QJsonObject &results);
/// The check in words, e.g. "moved_fraction = 0.0246, expected in [0.01, 0.04]".
QString describeExpectation(const LessonExpectation &expectation, const QJsonObject &results);

/// Runs every step of `lesson` and checks it.
LessonReport checkLesson(const Lesson &lesson, const ModuleLookup &moduleFor);

} // namespace conceptlab
