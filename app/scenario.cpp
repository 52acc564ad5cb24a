// Scenario file reading, checking and writing.
#include "scenario.h"

#include "files.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace conceptlab {

namespace {

    QString lineColumnOf(const QByteArray &text, int offset)
    {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < text.size(); ++i) {
            if (text.at(i) == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        return QStringLiteral("line %1, column %2").arg(line).arg(column);
    }

    ScenarioRead failed(const QString &message)
    {
        ScenarioRead read;
        read.error = message;
        return read;
    }

} // namespace

ScenarioRead parseScenarioObject(const QJsonObject &root, const QString &path, const QStringList &extraKeys)
{
    static const QStringList kScenarioKeys
        = { QStringLiteral("module"), QStringLiteral("version"), QStringLiteral("params"), QStringLiteral("step") };
    const QStringList knownKeys = kScenarioKeys + extraKeys;
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (!knownKeys.contains(it.key()))
            return failed(QStringLiteral("%1.%2: unknown key; expected one of %3")
                              .arg(path, it.key(), knownKeys.join(QStringLiteral(", "))));
    }
    ScenarioRead read;
    const QJsonValue module = root.value(QLatin1String("module"));
    if (!module.isString() || module.toString().isEmpty())
        return failed(QStringLiteral("%1.module: expected a module id (string)").arg(path));
    read.scenario.module = module.toString();
    const QJsonValue version = root.value(QLatin1String("version"));
    if (!(version.isUndefined() && path != QLatin1String("$"))
        && (!version.isDouble() || version.toDouble() != Scenario::kVersion))
        return failed(QStringLiteral("%1.version: expected %2").arg(path).arg(Scenario::kVersion));
    const QJsonValue params = root.value(QLatin1String("params"));
    if (!params.isUndefined() && !params.isObject())
        return failed(QStringLiteral("%1.params: expected an object").arg(path));
    read.rawParams = params.toObject();
    read.path = path;
    const QJsonValue step = root.value(QLatin1String("step"));
    if (!step.isUndefined()) {
        const double number = step.toDouble(-1);
        if (!step.isDouble() || number < 0 || number != std::floor(number) || number > 1e9)
            return failed(QStringLiteral("%1.step: expected a non-negative integer").arg(path));
        read.scenario.step = static_cast<int>(number);
    }
    return read;
}

QJsonDocument parseJsonDocument(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = QStringLiteral("%1: %2").arg(lineColumnOf(json, parseError.offset), parseError.errorString());
    else if (!document.isObject())
        *error = QStringLiteral("$: expected an object");
    return document;
}

ScenarioRead parseScenario(const QByteArray &json)
{
    QString error;
    const QJsonDocument document = parseJsonDocument(json, &error);
    if (!error.isEmpty())
        return failed(error);
    return parseScenarioObject(document.object(), QStringLiteral("$"), {});
}

bool checkScenarioParams(ScenarioRead &read, const ParameterSchema &schema)
{
    read.scenario.params.clear();
    for (auto it = read.rawParams.constBegin(); it != read.rawParams.constEnd(); ++it) {
        const ParameterCheck checked = schema.fromJson(it.key(), it.value());
        if (!checked.ok()) {
            read.error = QStringLiteral("%1.params.%2: %3").arg(read.path, it.key(), checked.error);
            return false;
        }
        read.scenario.params.insert(it.key(), checked.value);
    }
    return true;
}

QString readDocumentFile(const QString &path, QByteArray *contents)
{
    try {
        const std::string bytes = readFileLimited(QFile::encodeName(path).toStdString(), kMaxDocumentBytes, "file");
        *contents = QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size()));
        return {};
    } catch (const std::exception &error) {
        return QString::fromUtf8(error.what());
    }
}

ScenarioRead readScenarioFile(
    const QString &path, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor)
{
    QByteArray contents;
    if (const QString error = readDocumentFile(path, &contents); !error.isEmpty())
        return failed(error);
    ScenarioRead read = parseScenario(contents);
    if (!read.ok()) {
        read.error = path + QStringLiteral(": ") + read.error;
        return read;
    }
    const std::optional<ParameterSchema> schema = schemaFor(read.scenario.module);
    if (!schema) {
        read.error = QStringLiteral("%1: $.module: unknown module '%2'").arg(path, read.scenario.module);
        return read;
    }
    if (!checkScenarioParams(read, *schema))
        read.error = path + QStringLiteral(": ") + read.error;
    return read;
}

QByteArray serializeScenario(
    const QString &module, const ParameterSchema &schema, const ParameterValues &values, int step)
{
    QJsonObject params;
    for (const ParameterSpec &spec : schema.specs()) {
        if (values.contains(spec.key))
            params.insert(spec.key, schema.toJson(spec.key, values.value(spec.key)));
    }
    const QJsonObject root { { QStringLiteral("module"), module }, { QStringLiteral("version"), Scenario::kVersion },
        { QStringLiteral("params"), params }, { QStringLiteral("step"), step } };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace conceptlab
