// Scenario files (*.conceptlab.json): a module, its parameters and a step, validated on
// load with the JSON path of the first error.
#pragma once

#include "parameterschema.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstddef>
#include <functional>
#include <optional>

namespace conceptlab {

struct Scenario {
    static constexpr int kVersion = 1;

    QString module;
    ParameterValues params; ///< checked against the module's schema; only keys present in the file
    int step = 0; ///< playback step to show
};

/// Result of reading a scenario: the scenario, or an error naming the JSON path
/// ("$.params.rate: ...") or the line and column of a syntax error.
struct ScenarioRead {
    Scenario scenario;
    QJsonObject rawParams; ///< the params object as written, before checking against a schema
    QString path; ///< JSON path of the scenario object ("$", or "$.steps[2]" in a lesson)
    QString error;

    bool ok() const { return error.isEmpty(); }
};

/// The most a scenario, lesson or code file may hold: larger files and endless devices
/// (/dev/zero) are refused instead of being read until memory runs out.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t { 16 } << 20;
/// Reads at most kMaxDocumentBytes of `path` into `contents`; on failure returns the reason.
QString readDocumentFile(const QString &path, QByteArray *contents);

/// Reads the structure of a scenario (module, version, params object, step).
ScenarioRead parseScenario(const QByteArray &json);
/// Reads a scenario object found at JSON path `path`; `extraKeys` are further keys allowed
/// (a lesson step's words). Outside the top level, "version" may be left out.
ScenarioRead parseScenarioObject(const QJsonObject &root, const QString &path, const QStringList &extraKeys);
/// Parses JSON text that must hold an object; on failure sets `error` (with line and column).
QJsonDocument parseJsonDocument(const QByteArray &json, QString *error);
/// Checks the raw params of `read` against `schema`, filling read.scenario.params.
bool checkScenarioParams(ScenarioRead &read, const ParameterSchema &schema);
/// Reads a scenario file: structure and params. `schemaFor` gives the schema of a module
/// id, or nothing for an unknown module.
ScenarioRead readScenarioFile(
    const QString &path, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor);

/// Writes a scenario with every parameter of `values` in the schema's order.
QByteArray serializeScenario(
    const QString &module, const ParameterSchema &schema, const ParameterValues &values, int step);

} // namespace conceptlab
