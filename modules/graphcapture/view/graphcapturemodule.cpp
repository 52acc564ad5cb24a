// GraphCaptureModule: schema, headless run (the result document as JSON) and view factory.
#include "graphcapturemodule.h"

#include "core/analysis.h"
#include "graphcaptureview.h"

#include <QFile>
#include <QJsonDocument>

namespace conceptlab::graphcapture {

QStringList exampleNames()
{
    return { QStringLiteral("branch"), QStringLiteral("range_loop"), QStringLiteral("data_trip"),
        QStringLiteral("item_scale"), QStringLiteral("refused"), QStringLiteral("mlp"), QStringLiteral("while_norm"),
        QStringLiteral("type_change"), QStringLiteral("softmax_attention") };
}

QString exampleSource(const QString &name)
{
    QFile file(QStringLiteral(":/graphcapture/%1.py").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

ParameterSchema GraphCaptureModule::parameters() const
{
    ParameterSchema schema;
    QStringList examples { QStringLiteral("custom") };
    examples += exampleNames();
    schema.addEnum(QStringLiteral("example"), tr("Example"), examples, QStringLiteral("custom")).description
        = tr("A built-in example program; 'custom' runs the program parameter.");
    auto &program = schema.addCode(QStringLiteral("program"), tr("Program"), exampleSource(QStringLiteral("branch")));
    program.description = tr("Python source (the documented subset); the last def is traced and scripted.");
    schema.addText(QStringLiteral("inputs"), tr("Example inputs"), QString()).description
        = tr("JSON mapping parameter names to nested number lists; empty: the program's '# inputs:' comment.");
    schema.addText(QStringLiteral("check_inputs"), tr("Check inputs"), QString()).description
        = tr("JSON for a second input to compare eager, traced and scripted; empty: the '# check_inputs:' comment.");
    auto &limit = schema.addInteger(QStringLiteral("step_limit"), tr("Step limit"), 100000, 100, 10000000);
    limit.unit = tr("statements");
    limit.description = tr("Eager statements before a run is stopped (graphs get 20 times as many nodes).");
    return schema;
}

ConceptView *GraphCaptureModule::createView(QWidget *parent)
{
    return new GraphCaptureView(parent);
}

RunResult GraphCaptureModule::run(const ParameterValues &values, const Progress &progress)
{
    AnalysisRequest request;
    const QString example = values.value(QStringLiteral("example")).toString();
    request.program = (example.isEmpty() || example == QLatin1String("custom"))
        ? values.value(QStringLiteral("program")).toString().toStdString()
        : exampleSource(example).toStdString();
    request.inputsJson = values.value(QStringLiteral("inputs")).toString().trimmed().toStdString();
    request.checkInputsJson = values.value(QStringLiteral("check_inputs")).toString().trimmed().toStdString();
    if (values.contains(QStringLiteral("step_limit")))
        request.stepLimit = values.value(QStringLiteral("step_limit")).toLongLong();
    progress.report(0.1, tr("analysing"));
    const Analysis analysis = analyze(request);
    if (!analysis.error.empty())
        return RunResult::failure(QString::fromStdString(analysis.error));
    RunResult result;
    result.data = QJsonDocument::fromJson(QByteArray::fromStdString(analysis.data.dump(-1))).object();
    result.table.header = { QStringLiteral("graph"), QStringLiteral("op"), QStringLiteral("count") };
    for (const char *graph : { "trace", "script" }) {
        const Json *ops = analysis.data.find(graph)->find("ops");
        for (const auto &[kind, count] : ops->members())
            result.table.rows.append(
                { QString::fromLatin1(graph), QString::fromStdString(kind), QString::number(count.asInt()) });
    }
    auto count = [&](const char *graph) {
        int n = 0;
        for (const auto &m : analysis.data.find(graph)->find("ops")->members())
            n += static_cast<int>(m.second.asInt());
        return n;
    };
    QStringList summary;
    summary << tr("traced: %1 ops, %2 warnings").arg(count("trace")).arg(analysis.eager.warnings.size());
    if (analysis.script.error)
        summary << tr("scripted: refused at line %1, column %2: %3")
                       .arg(analysis.script.error->line)
                       .arg(analysis.script.error->column)
                       .arg(QString::fromStdString(analysis.script.error->message));
    else
        summary << tr("scripted: %1 ops").arg(count("script"));
    const Json &check = *analysis.data.find("check");
    if (!check.find("trace_matches")->isNull())
        summary << tr("check input: trace %1, script %2")
                       .arg(check.find("trace_matches")->asBool() ? tr("matches eager") : tr("differs from eager"),
                           check.find("script_matches")->asBool() ? tr("matches eager") : tr("differs from eager"));
    if (const Json *cause = check.find("cause"); cause && !cause->isNull())
        summary << QString::fromStdString(cause->find("message")->asString());
    result.summary = summary.join(QLatin1Char('\n'));
    progress.report(1.0);
    return result;
}

} // namespace conceptlab::graphcapture
