// Parameters, sessions and the headless run of the lambda module.
#include "lambdamodule.h"

#include "core/prelude.h"
#include "core/reductionsession.h"
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

    // The parameter's values and their words, both from the core's one list of strategies.
    QStringList strategyChoices()
    {
        QStringList choices;
        for (Strategy s : kAllStrategies)
            choices << QString::fromLatin1(strategyKey(s));
        return choices;
    }

    QStringList strategyLabels()
    {
        QStringList labels;
        for (Strategy s : kAllStrategies)
            labels << QString::fromStdString(strategyTitle(s));
        return labels;
    }

    QString strategyDescription()
    {
        QStringList parts;
        for (Strategy s : kAllStrategies)
            parts << QStringLiteral("%1: %2 (%3)")
                         .arg(QString::fromLatin1(strategyKey(s)), qs(strategyTitle(s)), qs(strategyRule(s)));
        return parts.join(QStringLiteral("; ")) + QLatin1Char('.');
    }

} // namespace

Settings settingsFromValues(const ParameterValues &values)
{
    Settings settings;
    settings.term = textValue(values, "term").toStdString();
    strategyFromKey(textValue(values, "strategy").toStdString(), settings.strategy);
    settings.maxSteps = static_cast<std::uint64_t>(integerValue(values, "max_steps"));
    settings.maxSize = static_cast<std::uint64_t>(integerValue(values, "max_size"));
    settings.prelude = booleanValue(values, "prelude");
    settings.trace = booleanValue(values, "trace");
    settings.preludeText = std::string(preludeText());
    return settings;
}

ParameterSchema LambdaModule::parameters() const
{
    ParameterSchema schema;
    schema.add({ .key = "term",
        .label = tr("Term"),
        .kind = ParameterKind::Code,
        .defaultValue = QStringLiteral("S K K"),
        .description = tr("The λ-term to reduce: λx.M or \\x.M, application by juxtaposition, "
                          "`let NAME = term` lines before it, `--` comments."),
        .group = tr("Term"),
        .placement = ParameterPlacement::View });
    schema.add({ .key = "strategy",
        .label = tr("Strategy"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("normal"),
        .choices = strategyChoices(),
        .choiceLabels = strategyLabels(),
        .description = strategyDescription(),
        .group = tr("Reduction") });
    schema.add({ .key = "max_steps",
        .label = tr("Step limit"),
        .kind = ParameterKind::Integer,
        .defaultValue = qint64(100000),
        .minimum = 0,
        .maximum = 10000000,
        .unit = tr("steps"),
        .description = tr("Stop after this many β-contractions."),
        .group = tr("Limits") });
    schema.add({ .key = "max_size",
        .label = tr("Size limit"),
        .kind = ParameterKind::Integer,
        .defaultValue = qint64(100000),
        .minimum = 1,
        .maximum = 10000000,
        .unit = tr("nodes"),
        .description = tr("Stop when the term has more nodes (variables, abstractions, applications) than this."),
        .group = tr("Limits") });
    schema.add({ .key = "prelude",
        .label = tr("Prelude"),
        .kind = ParameterKind::Boolean,
        .defaultValue = true,
        .description = tr("Make I, K, S, Ω, Y, TRUE, PLUS, … and numerals written as digits available."),
        .group = tr("Term") });
    schema.add({ .key = "trace",
        .label = tr("Trace"),
        .kind = ParameterKind::Boolean,
        .defaultValue = false,
        .description = tr("Include the term after every step in the result."),
        .group = tr("Output") });
    return schema;
}

std::unique_ptr<Session> LambdaModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    const ParameterCheck complete = parameters().complete(values);
    if (!complete.ok())
        throw InputError(complete.error.toStdString());
    return std::make_unique<ReductionSession>(settingsFromValues(complete.value.toMap()), control);
}

ConceptView *LambdaModule::createView(QWidget *parent)
{
    return new LambdaView(parameters(), parent);
}

RunResult LambdaModule::run(const ParameterValues &values, const WorkControl &control)
{
    const ParameterCheck complete = parameters().complete(values);
    if (!complete.ok())
        return RunResult::failure(complete.error);
    Settings settings = settingsFromValues(complete.value.toMap());
    settings.table = true;

    Outcome out;
    try {
        out = evaluate(settings, control);
    } catch (const Cancelled &) {
        RunResult cancelled;
        cancelled.cancelled = true;
        cancelled.summary = tr("cancelled");
        return cancelled;
    }
    if (!out.ok)
        return RunResult::failure(QStringLiteral("term: %1").arg(qs(out.error.toString())));

    RunResult result;
    QJsonObject data;
    data["input"] = qs(out.input);
    data["normal_form"] = out.normalForm ? QJsonValue(qs(*out.normalForm)) : QJsonValue();
    data["de_bruijn"] = out.deBruijn ? QJsonValue(qs(*out.deBruijn)) : QJsonValue();
    data["steps"] = static_cast<qint64>(out.steps);
    data["status"] = QString::fromLatin1(statusKey(out.status));
    data["message"] = qs(out.message);
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

ParameterValues LambdaModule::compareVariant(const ParameterValues &values) const
{
    // Applicative order against normal order: where a term's normal form is reached or not.
    return contrasted(values, QStringLiteral("strategy"), QStringLiteral("normal"), QStringLiteral("applicative"));
}

QStringList LambdaModule::resultKeys() const
{
    QStringList keys;
    for (const char *key : { "input", "normal_form", "de_bruijn", "steps", "status", "message", "value", "name",
             "cycle_length", "steps_saved", "trace", "at_step.term", "at_step.contracted", "at_step.next_redex",
             "at_step.size", "at_step.value" })
        keys.append(QLatin1String(key));
    return keys;
}

QJsonObject LambdaModule::stepResults(const Session &session) const
{
    const auto *reduction = dynamic_cast<const ReductionSession *>(&session);
    if (!reduction)
        return {};
    const Snapshot &now = reduction->snapshot();
    // Spans count code points, not UTF-16 units (Ω is one code point).
    const QList<uint> codePoints = QString::fromStdString(now.term).toUcs4();
    QString nextRedex;
    if (now.redexFunction.valid() && now.redexArgument.valid() && now.redexArgument.end > now.redexFunction.begin
        && now.redexArgument.end <= codePoints.size()) {
        for (int i = now.redexFunction.begin; i < now.redexArgument.end; ++i) {
            const char32_t codePoint = codePoints.at(i);
            nextRedex += QString::fromUcs4(&codePoint, 1);
        }
    }
    QJsonObject d;
    d.insert(QStringLiteral("term"), QString::fromStdString(now.term));
    d.insert(QStringLiteral("contracted"), QString::fromStdString(now.nextRedex));
    d.insert(QStringLiteral("next_redex"), nextRedex);
    d.insert(QStringLiteral("size"), static_cast<qint64>(now.size));
    d.insert(QStringLiteral("value"), QString::fromStdString(now.value));
    return d;
}

} // namespace conceptlab::lambda
