// GraphCaptureModule: schema, headless run (the result document as JSON) and view factory.
#include "graphcapturemodule.h"

#include "core/graphcapturesession.h"
#include "graphcaptureview.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace conceptlab::graphcapture {

QStringList exampleNames()
{
    return { QStringLiteral("branch"), QStringLiteral("range_loop"), QStringLiteral("data_trip"),
        QStringLiteral("item_scale"), QStringLiteral("refused"), QStringLiteral("mlp"), QStringLiteral("while_norm"),
        QStringLiteral("type_change"), QStringLiteral("softmax_attention"), QStringLiteral("print_break"),
        QStringLiteral("shape_change"), QStringLiteral("one_graph"), QStringLiteral("nested_break"),
        QStringLiteral("recompile_limit") };
}

QString exampleSource(const QString &name)
{
    QFile file(QStringLiteral(":/graphcapture/%1.py").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QJsonValue toQJson(const Json &json)
{
    switch (json.type()) {
    case Json::value_t::boolean:
        return json.get<bool>();
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
        return json.get<qint64>();
    case Json::value_t::number_float: {
        // Non-finite numbers have no JSON form: null, as nlohmann's dump writes them.
        const double value = json.get<double>();
        return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
    }
    case Json::value_t::string:
        return QString::fromStdString(json.get<std::string>());
    case Json::value_t::array: {
        QJsonArray array;
        for (const Json &item : json)
            array.append(toQJson(item));
        return array;
    }
    case Json::value_t::object: {
        QJsonObject object;
        for (const auto &[key, value] : json.items())
            object.insert(QString::fromStdString(key), toQJson(value));
        return object;
    }
    default:
        return {};
    }
}

AnalysisRequest analysisRequest(const ParameterValues &values)
{
    AnalysisRequest request;
    const QString example = values.value(QStringLiteral("example")).toString();
    request.program = (example.isEmpty() || example == QLatin1String("custom"))
        ? values.value(QStringLiteral("program")).toString().toStdString()
        : exampleSource(example).toStdString();
    request.inputsJson = values.value(QStringLiteral("inputs")).toString().trimmed().toStdString();
    request.checkInputsJson = values.value(QStringLiteral("check_inputs")).toString().trimmed().toStdString();
    request.callsJson = values.value(QStringLiteral("calls")).toString().trimmed().toStdString();
    if (values.value(QStringLiteral("script_graph")).toString() == QLatin1String("inlined_graph"))
        request.scriptGraphForm = ScriptGraphForm::Inlined;
    if (values.contains(QStringLiteral("step_limit")))
        request.stepLimit = values.value(QStringLiteral("step_limit")).toLongLong();
    return request;
}

ParameterSchema GraphCaptureModule::parameters() const
{
    ParameterSchema schema;
    QStringList examples { QStringLiteral("custom") };
    examples += exampleNames();
    schema.add({ .key = QStringLiteral("example"),
        .label = tr("Example"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("custom"),
        .choices = examples,
        .description = tr("A built-in example program; 'custom' runs the program parameter.") });
    schema.add({ .key = QStringLiteral("program"),
        .label = tr("Program"),
        .kind = ParameterKind::Code,
        .defaultValue = exampleSource(QStringLiteral("branch")),
        .description = tr("Python source (the documented subset); the last def is traced and scripted."),
        .placement = ParameterPlacement::View });
    schema.add({ .key = QStringLiteral("inputs"),
        .label = tr("Example inputs"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("JSON mapping parameter names to nested number lists; empty: the program's "
                          "'# inputs:' comment.") });
    schema.add({ .key = QStringLiteral("check_inputs"),
        .label = tr("Check inputs"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("JSON for a second input to compare eager, traced and scripted; empty: the "
                          "'# check_inputs:' comment.") });
    schema.add({ .key = QStringLiteral("calls"),
        .label = tr("Further calls"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("JSON list of further input objects for the torch.compile'd function, called after the "
                          "example and check inputs; empty: the program's '# calls:' comment.") });
    schema.add({ .key = QStringLiteral("script_graph"),
        .label = tr("Scripted graph"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("graph"),
        .choices = { QStringLiteral("graph"), QStringLiteral("inlined_graph") },
        .description = tr("The scripted graph the view draws: PyTorch's graph (helpers as prim::CallFunction) or "
                          "its inlined_graph. The result has both.") });
    schema.add({ .key = QStringLiteral("step_limit"),
        .label = tr("Step limit"),
        .kind = ParameterKind::Integer,
        .defaultValue = 100000,
        .minimum = 100,
        .maximum = 10000000,
        .unit = tr("statements"),
        .description = tr("Eager statements before a run is stopped (graphs get 20 times as many nodes).") });
    return schema;
}

std::unique_ptr<Session> GraphCaptureModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    return createGraphCaptureSession(analysisRequest(values), control);
}

ConceptView *GraphCaptureModule::createView(QWidget *parent)
{
    return new GraphCaptureView(parent);
}

RunResult GraphCaptureModule::run(const ParameterValues &values, const WorkControl &control)
{
    const AnalysisRequest request = analysisRequest(values);
    Analysis analysis;
    try {
        analysis = analyze(request, control);
    } catch (const Cancelled &) {
        RunResult cancelled;
        cancelled.cancelled = true;
        cancelled.error = tr("cancelled");
        return cancelled;
    }
    if (!analysis.error.empty())
        return RunResult::failure(QString::fromStdString(analysis.error));
    RunResult result;
    result.data = toQJson(analysis.data).toObject();
    result.table.header = { QStringLiteral("graph"), QStringLiteral("op"), QStringLiteral("count") };
    auto count = [&](const char *graph) {
        int n = 0;
        for (const auto &[kind, ops] : analysis.data.at(graph).at("ops").items())
            n += ops.get<int>();
        return n;
    };
    for (const char *graph : { "trace", "script" })
        for (const auto &[kind, ops] : analysis.data.at(graph).at("ops").items())
            result.table.rows.append(
                { QString::fromLatin1(graph), QString::fromStdString(kind), QString::number(ops.get<int>()) });
    QStringList summary;
    summary << tr("traced: %1 ops, %2 warnings").arg(count("trace")).arg(analysis.eager.warnings.size());
    if (analysis.script.error)
        summary << tr("scripted: refused at line %1, column %2: %3")
                       .arg(analysis.script.error->line)
                       .arg(analysis.script.error->column)
                       .arg(QString::fromStdString(analysis.script.error->message));
    else
        summary << tr("scripted: %1 ops").arg(count("script"));
    const Json &check = analysis.data.at("check");
    auto verdict
        = [&](const char *key) { return check.at(key).get<bool>() ? tr("matches eager") : tr("differs from eager"); };
    if (!check.at("trace_matches").is_null())
        summary << tr("check input: trace %1, script %2")
                       .arg(analysis.eager.graph && !analysis.eager.traceError ? verdict("trace_matches")
                                                                               : tr("not traceable"),
                           analysis.script.graph ? verdict("script_matches") : tr("not scriptable (refused)"));
    if (!check.at("cause").is_null())
        summary << QString::fromStdString(check.at("cause").at("message").get<std::string>());
    summary << QString::fromStdString(explainText(analysis.compiled));
    std::map<std::string, int> compiledOps;
    for (const auto &g : analysis.compiled.graphs)
        if (g.call == 0)
            for (const auto &op : g.ops)
                ++compiledOps[op];
    for (const auto &[op, n] : compiledOps)
        result.table.rows.append({ QStringLiteral("compile"), QString::fromStdString(op), QString::number(n) });
    result.summary = summary.join(QLatin1Char('\n'));
    control.report(1.0);
    return result;
}

QStringList GraphCaptureModule::resultKeys() const
{
    QStringList keys;
    for (const char *key : { "eager.outputs", "eager.prints", "trace.graph", "trace.ops", "trace.warnings",
             "trace.error", "script.graph", "script.inlined_graph", "script.ops", "script.error", "check.eager",
             "check.trace", "check.script", "check.trace_matches", "check.script_matches", "check.differing_outputs",
             "check.compiled", "check.compiled_matches", "check.cause", "compile.graph_count",
             "compile.graph_break_count", "compile.op_count", "compile.break_reasons", "compile.graphs",
             "compile.kernels", "compile.bytes_unfused", "compile.bytes_fused", "compile.calls", "compile.recompiles",
             "compile.skipped_frames", "compile.warnings", "compile.recompiled_graphs", "at_step.ops_shown",
             "at_step.ops", "at_step.complete", "at_step.current_op", "at_step.current_line" })
        keys.append(QLatin1String(key));
    return keys;
}

QJsonObject GraphCaptureModule::stepResults(const Session &session) const
{
    const auto *capture = dynamic_cast<const GraphCaptureSession *>(&session);
    if (!capture)
        return {};
    const GraphCaptureSnapshot now = capture->snapshot();
    QJsonObject d;
    d.insert(QStringLiteral("ops_shown"), now.step);
    d.insert(QStringLiteral("ops"), now.stepCount);
    d.insert(QStringLiteral("complete"), now.complete);
    d.insert(QStringLiteral("current_op"), now.current ? QString::fromStdString(now.current->kind) : QString());
    d.insert(QStringLiteral("current_line"), now.current ? now.current->line : 0);
    return d;
}

} // namespace conceptlab::graphcapture
