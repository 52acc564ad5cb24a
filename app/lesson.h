// Lesson files (*.lesson.json): a title and ordered steps, each a scenario plus the words
// to show while it is on screen and checks on the module's results that pin what the words
// claim. Presenter mode walks through them; `conceptlab check` runs the checks.
#pragma once

#include "scenario.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace conceptlab {

/// One check of a lesson step: a documented result key and the value it must have.
struct LessonExpectation {
    QString key; ///< as written: "moved_fraction", "counts.after.node4", "at_step.running"
    QStringList segments; ///< the key split at unescaped dots
    QString jsonPath; ///< where it is written, e.g. "$.steps[2].expect.moved_fraction"
    bool isRange = false; ///< true: a number in [low, high]; false: exactly `exact`
    double low = 0;
    double high = 0;
    QJsonValue exact; ///< a string, bool or number
};

struct LessonStep {
    Scenario scenario;
    QString title; ///< a heading for this step
    QString text; ///< what to say about it, a few sentences
    QString highlight; ///< a target the module declares (e.g. "node:node3"); empty for none
    QList<LessonExpectation> expect; ///< checks on the results at this step, in file order
};

struct Lesson {
    QString title;
    QList<LessonStep> steps;
};

struct LessonRead {
    Lesson lesson;
    QString error; ///< with the file name and the JSON path of the first error

    bool ok() const { return error.isEmpty(); }
};

/// A module's schema by id, or nothing for an unknown module.
using SchemaLookup = std::function<std::optional<ParameterSchema>(const QString &)>;
/// A known module's documented result keys (ConceptModule::resultKeys()).
using ResultKeysLookup = std::function<QStringList(const QString &)>;

/// Keys the shell adds to every module's results at a lesson step: the step shown, whether
/// the simulation ends there, and the status line.
QStringList shellResultKeys();
/// Splits a result key at its dots; "\." is a dot inside a name. Empty on an empty segment.
QStringList splitResultKey(const QString &key);

/// Checks a lesson's JSON text: every step's module must be known (`schemaFor`), its
/// parameters valid and every `expect` key documented (`resultKeysFor`, shellResultKeys(),
/// or a key nested in one of them). The error names the JSON path, without a file name.
LessonRead parseLesson(
    const QByteArray &contents, const SchemaLookup &schemaFor, const ResultKeysLookup &resultKeysFor);
/// Reads and checks a lesson file (parseLesson); the error starts with the file name.
LessonRead readLessonFile(const QString &path, const SchemaLookup &schemaFor, const ResultKeysLookup &resultKeysFor);

/// Whether `path` names a lesson rather than a scenario.
bool isLessonFile(const QString &path);

} // namespace conceptlab
