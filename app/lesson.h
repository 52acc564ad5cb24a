// Lesson files (*.lesson.json): a title and ordered steps, each a scenario plus the words
// to show while it is on screen. Presenter mode walks through them.
#pragma once

#include "scenario.h"

#include <QList>
#include <QString>

namespace conceptlab {

struct LessonStep {
    Scenario scenario;
    QString title; ///< a heading for this step
    QString text; ///< what to say about it, a few sentences
    QString highlight; ///< a target the module declares (e.g. "node:node3"); empty for none
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

/// Checks a lesson's JSON text: every step's module must be known (`schemaFor`) and its
/// parameters valid. The error names the JSON path, without a file name.
LessonRead parseLesson(
    const QByteArray &contents, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor);
/// Reads and checks a lesson file (parseLesson); the error starts with the file name.
LessonRead readLessonFile(
    const QString &path, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor);

/// Whether `path` names a lesson rather than a scenario.
bool isLessonFile(const QString &path);

} // namespace conceptlab
