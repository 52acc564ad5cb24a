// Parameters and the headless run of the lambda module.
#include "lambdamodule.h"

#include "core/evaluation.h"
#include "core/prelude.h"
#include "lambdaview.h"

#include <QJsonArray>

namespace conceptlab::lambda {

namespace {

    QJsonValue toJson(const Value &v)
    {
        switch (v.kind) {
        case Value::Kind::Number:
            return QJsonValue(static_cast<qint64>(v.number));
        case Value::Kind::Boolean:
            return QJsonValue(v.boolean);
        case Value::Kind::List:
        case Value::Kind::Pair: {
            QJsonArray items;
            for (const Value &item : v.items)
                items.append(toJson(item));
            return items;
        }
        }
        return QJsonValue();
    }

    QString qs(const std::string &s)
    {
        return QString::fromStdString(s);
    }

} // namespace

ParameterSchema LambdaModule::parameters() const
{
    ParameterSchema schema;
    auto &term = schema.addCode("term", tr("Term"), QStringLiteral("S K K"));
    term.description = tr("The λ-term to reduce: λx.M or \\x.M, application by juxtaposition, "
                          "`let NAME = term` lines before it, `--` comments.");
    term.group = tr("Term");
    auto &strategy
        = schema.addEnum("strategy", tr("Strategy"), { "normal", "applicative", "cbn", "cbv", "need" }, "normal");
    strategy.description = tr("normal: leftmost-outermost; applicative: leftmost-innermost; cbn: call-by-name; "
                              "cbv: call-by-value; need: call-by-name with sharing.");
    strategy.group = tr("Reduction");
    auto &steps = schema.addInteger("max_steps", tr("Step limit"), 100000, 0, 10000000);
    steps.unit = tr("steps");
    steps.description = tr("Stop after this many β-contractions.");
    steps.group = tr("Limits");
    auto &size = schema.addInteger("max_size", tr("Size limit"), 100000, 1, 10000000);
    size.unit = tr("nodes");
    size.description = tr("Stop when the term has more nodes (variables, abstractions, applications) than this.");
    size.group = tr("Limits");
    auto &prelude = schema.addBoolean("prelude", tr("Prelude"), true);
    prelude.description = tr("Make I, K, S, Ω, Y, TRUE, PLUS, … and numerals written as digits available.");
    prelude.group = tr("Term");
    auto &trace = schema.addBoolean("trace", tr("Trace"), false);
    trace.description = tr("Include the term after every step in the result.");
    trace.group = tr("Output");
    return schema;
}

ConceptView *LambdaModule::createView(QWidget *parent)
{
    return new LambdaView(parameters(), parent);
}

RunResult LambdaModule::run(const ParameterValues &values, const Progress &progress)
{
    const ParameterCheck complete = parameters().complete(values);
    if (!complete.ok())
        return RunResult::failure(complete.error);
    const ParameterValues v = complete.value.toMap();

    Settings settings;
    settings.term = textValue(v, "term").toStdString();
    strategyFromKey(textValue(v, "strategy").toStdString(), settings.strategy);
    settings.maxSteps = static_cast<std::uint64_t>(integerValue(v, "max_steps"));
    settings.maxSize = static_cast<std::uint64_t>(integerValue(v, "max_size"));
    settings.prelude = booleanValue(v, "prelude");
    settings.trace = booleanValue(v, "trace");
    settings.table = true;
    settings.preludeText = std::string(preludeText());
    const double maxSteps = std::max<double>(1.0, static_cast<double>(settings.maxSteps));
    settings.cancelled = [&progress, maxSteps](std::uint64_t steps) {
        if ((steps & 0xFFFF) == 0)
            progress.report(std::min(1.0, static_cast<double>(steps) / maxSteps));
        return progress.isCancelled();
    };

    const Outcome out = evaluate(settings);
    if (!out.ok)
        return RunResult::failure(QStringLiteral("term: %1").arg(qs(out.error.toString())));

    RunResult result;
    if (out.status == Status::Cancelled) {
        result.cancelled = true;
        result.summary = qs(out.message);
        return result;
    }
    QJsonObject data;
    data["input"] = qs(out.input);
    data["normal_form"] = out.normalForm ? QJsonValue(qs(*out.normalForm)) : QJsonValue();
    data["de_bruijn"] = out.deBruijn ? QJsonValue(qs(*out.deBruijn)) : QJsonValue();
    data["steps"] = static_cast<qint64>(out.steps);
    data["status"] = QString::fromLatin1(statusKey(out.status));
    data["value"] = out.value ? toJson(*out.value) : QJsonValue();
    data["name"] = out.name ? QJsonValue(qs(*out.name)) : QJsonValue();
    if (out.status == Status::Diverges)
        data["cycle_length"] = static_cast<qint64>(out.cycleLength);
    if (settings.strategy == Strategy::CallByNeed)
        data["steps_saved"] = out.stepsSaved ? QJsonValue(static_cast<qint64>(*out.stepsSaved)) : QJsonValue();
    if (settings.trace) {
        QJsonArray trace;
        for (const std::string &t : out.trace)
            trace.append(qs(t));
        data["trace"] = trace;
    }
    result.data = data;

    result.table.header = { "step", "term", "redex", "explanation", "renames", "size" };
    for (const StepRecord &row : out.table)
        result.table.rows.append({ QString::number(row.step), qs(row.term), qs(row.redex), qs(row.explanation),
            qs(row.renames), QString::number(row.size) });

    QStringList lines;
    lines << QStringLiteral("input:       %1").arg(qs(out.input));
    lines << QStringLiteral("strategy:    %1").arg(QString::fromLatin1(strategyKey(settings.strategy)));
    lines << QStringLiteral("status:      %1 (%2)").arg(QString::fromLatin1(statusKey(out.status)), qs(out.message));
    lines << QStringLiteral("steps:       %1").arg(out.steps);
    if (out.normalForm)
        lines << QStringLiteral("result:      %1").arg(qs(*out.normalForm));
    if (out.deBruijn)
        lines << QStringLiteral("de Bruijn:   %1").arg(qs(*out.deBruijn));
    if (out.value)
        lines << QStringLiteral("value:       %1").arg(qs(out.value->toString()));
    if (out.name)
        lines << QStringLiteral("name:        %1").arg(qs(*out.name));
    if (out.stepsSaved)
        lines << QStringLiteral("steps saved by sharing: %1").arg(*out.stepsSaved);
    result.summary = lines.join('\n');
    return result;
}

} // namespace conceptlab::lambda
