// The underflow plugin: schema, settings from values, headless run (JSON keys, CSV table).
#include "underflowmodule.h"

#include "core/underflowsession.h"
#include "underflowview.h"

#include <QJsonArray>
#include <QJsonObject>

#include <array>
#include <cmath>

namespace conceptlab::underflow {

namespace {
    std::string utf8(const QString &text)
    {
        return text.toStdString();
    }

    QString nameOf(std::string_view name)
    {
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }

    // JSON has no inf or NaN: they become the strings "inf", "-inf" and "nan".
    QJsonValue number(double value)
    {
        if (std::isnan(value))
            return QStringLiteral("nan");
        if (std::isinf(value))
            return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
        return value;
    }

    QJsonValue step(const std::optional<std::int64_t> &value)
    {
        return value ? QJsonValue(static_cast<qint64>(*value)) : QJsonValue(QJsonValue::Null);
    }

    QJsonArray numbers(const std::vector<double> &values)
    {
        QJsonArray array;
        for (double v : values)
            array.append(number(v));
        return array;
    }
} // namespace

namespace {
    // The CSV shows the chosen formats only: drops the other formats' value and bits columns.
    void keepFormatColumns(ResultTable &table, const std::vector<Format> &shown)
    {
        QList<int> keep { 0, 1 }; // step, p
        for (int column = 2; column < table.header.size(); ++column) {
            const QString name = table.header[column].section(QStringLiteral("_bits"), 0, 0);
            for (Format f : shown)
                if (name == nameOf(kFormatNames.name(f)))
                    keep.append(column);
        }
        auto filter = [&keep](const QStringList &cells) {
            QStringList kept;
            for (int column : keep)
                kept.append(cells[column]);
            return kept;
        };
        table.header = filter(table.header);
        for (QStringList &row : table.rows)
            row = filter(row);
    }
} // namespace

ParameterSchema UnderflowModule::schema()
{
    QStringList sources;
    for (const auto &[value, name] : kSourceNames.entries)
        sources.append(nameOf(name));
    ParameterSchema schema;
    schema.add({ .key = QStringLiteral("source"),
        .label = tr("Probabilities"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("constant"),
        .choices = sources,
        .description = tr("Where p1, p2, … come from: a constant, seeded uniform or beta draws, a file, or the "
                          "built-in sentence of token probabilities."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("p"),
        .label = tr("p"),
        .kind = ParameterKind::Real,
        .defaultValue = 0.5,
        .minimum = 1e-6, // also gives the panel six decimals (0.999 must not show as 1.00)
        .maximum = 1.0,
        .description = tr("The constant probability, in [1e-6, 1]."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("steps"),
        .label = tr("Steps"),
        .kind = ParameterKind::Integer,
        .defaultValue = 2000,
        .minimum = 1,
        .maximum = static_cast<double>(kMaxSteps),
        .unit = tr("factors"),
        .description = tr("Number of probabilities multiplied (file and sentence: at most this many)."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("seed"),
        .label = tr("Seed"),
        .kind = ParameterKind::Integer,
        .defaultValue = 1,
        .minimum = 0,
        .maximum = 9007199254740991.0,
        .description = tr("Seed of the uniform and beta draws."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("uniform_low"),
        .label = tr("Uniform low"),
        .kind = ParameterKind::Real,
        .defaultValue = 0.5,
        .minimum = 1e-6,
        .maximum = 1.0,
        .description = tr("Uniform draws lie in (low, high]."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("uniform_high"),
        .label = tr("Uniform high"),
        .kind = ParameterKind::Real,
        .defaultValue = 1.0,
        .minimum = 1e-6,
        .maximum = 1.0,
        .description = tr("Uniform draws lie in (low, high]."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("beta_alpha"),
        .label = tr("Beta α"),
        .kind = ParameterKind::Real,
        .defaultValue = 8.0,
        .minimum = 0.01,
        .maximum = 1000.0,
        .description = tr("Shape α of the Beta(α, β) draws (mean α / (α + β))."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("beta_beta"),
        .label = tr("Beta β"),
        .kind = ParameterKind::Real,
        .defaultValue = 2.0,
        .minimum = 0.01,
        .maximum = 1000.0,
        .description = tr("Shape β of the Beta(α, β) draws."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("file"),
        .label = tr("Probability file"),
        .kind = ParameterKind::FilePath,
        .defaultValue = QString(),
        .description = tr("Text file with one probability in (0, 1] per line (source file)."),
        .group = tr("Sequence") });
    schema.add({ .key = QStringLiteral("ftz"),
        .label = tr("Flush to zero"),
        .kind = ParameterKind::Boolean,
        .defaultValue = false,
        .description = tr("FTZ/DAZ: subnormal results and operands become zero, as on GPUs and with -ffast-math."),
        .group = tr("Arithmetic") });
    schema.add({ .key = QStringLiteral("logits"),
        .label = tr("Logits"),
        .kind = ParameterKind::Text,
        .defaultValue = QStringLiteral("1000, 1001, 1002"),
        .description = tr("Softmax inputs z; logsumexp adds exp(log product + z − max z)."),
        .group = tr("Log space") });
    schema.add({ .key = QStringLiteral("formats"),
        .label = tr("Formats"),
        .kind = ParameterKind::Text,
        .defaultValue = QStringLiteral("all"),
        .description = tr("Formats the view and CSV show: all, or a comma-separated list of float64, float32, "
                          "bfloat16, float16, float8_e4m3fn, float8_e5m2."),
        .group = tr("View") });
    return schema;
}

RunSettings settingsFromValues(const ParameterValues &values)
{
    RunSettings s;
    const auto source = kSourceNames.parse(utf8(textValue(values, QStringLiteral("source"))));
    if (!source)
        throw InputError("source: expected " + kSourceNames.allowed());
    s.source.source = *source;
    s.source.p = realValue(values, QStringLiteral("p"));
    s.source.steps = integerValue(values, QStringLiteral("steps"));
    s.source.seed = static_cast<std::uint64_t>(integerValue(values, QStringLiteral("seed")));
    s.source.uniformLow = realValue(values, QStringLiteral("uniform_low"));
    s.source.uniformHigh = realValue(values, QStringLiteral("uniform_high"));
    s.source.betaAlpha = realValue(values, QStringLiteral("beta_alpha"));
    s.source.betaBeta = realValue(values, QStringLiteral("beta_beta"));
    s.filePath = utf8(textValue(values, QStringLiteral("file")));
    s.subnormals = booleanValue(values, QStringLiteral("ftz")) ? Subnormals::FlushToZero : Subnormals::Gradual;
    s.logits = parseLogits(utf8(textValue(values, QStringLiteral("logits"))));
    s.shown = parseFormats(utf8(textValue(values, QStringLiteral("formats"))));
    return s;
}

std::unique_ptr<UnderflowSession> sessionFromValues(const ParameterValues &values, const WorkControl &control)
{
    const auto completed = UnderflowModule::schema().complete(values);
    if (!completed.ok())
        throw InputError(completed.error.toStdString());
    return UnderflowSession::create(settingsFromValues(completed.value.toMap()), control);
}

std::unique_ptr<Session> UnderflowModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    return sessionFromValues(values, control);
}

ConceptView *UnderflowModule::createView(QWidget *parent)
{
    auto *view = new UnderflowView(parent);
    view->setParameters(parameters().defaults());
    return view;
}

QJsonObject resultData(const UnderflowSession &session)
{
    const Trace &trace = session.trace();
    const UnderflowSnapshot last = session.snapshotAt(trace.steps());
    QJsonObject formats, lseNaive, lseStable, softNaive, softStable;
    for (const FormatState &state : last.formats) {
        const FormatSpec &spec = specOf(state.format);
        const FormatTrace &t = trace.of(state.format);
        QJsonObject f;
        f.insert(QStringLiteral("first_subnormal_step"), step(t.firstSubnormalStep));
        f.insert(QStringLiteral("first_zero_step"), step(t.firstZeroStep));
        f.insert(QStringLiteral("stuck_from_step"), step(t.stuckFromStep));
        f.insert(QStringLiteral("stuck_value"),
            t.stuckFromStep ? number(toDouble(spec, t.productBits[static_cast<std::size_t>(*t.stuckFromStep - 1)]))
                            : QJsonValue(QJsonValue::Null));
        f.insert(QStringLiteral("final_value"), number(state.value));
        f.insert(QStringLiteral("final_bits"), QString::fromStdString(hexBits(spec, state.bits)));
        f.insert(QStringLiteral("log_sum"), number(state.logSum));
        f.insert(QStringLiteral("log_sum_abs_error"), number(std::abs(state.logSum - trace.finalExactLogProduct)));
        f.insert(QStringLiteral("max_relative_error"), number(state.maxRelativeError));
        const QString name = nameOf(kFormatNames.name(state.format));
        formats.insert(name, f);
        lseNaive.insert(name, number(state.logSumExp.naive));
        lseStable.insert(name, number(state.logSumExp.stable));
        softNaive.insert(name, numbers(state.softmax.naive));
        softStable.insert(name, numbers(state.softmax.stable));
    }
    QJsonObject d;
    d.insert(QStringLiteral("steps"), static_cast<qint64>(trace.steps()));
    d.insert(QStringLiteral("ftz"), trace.subnormals == Subnormals::FlushToZero);
    d.insert(QStringLiteral("formats"), formats);
    d.insert(
        QStringLiteral("exact"), QJsonObject { { QStringLiteral("log_product"), number(trace.finalExactLogProduct) } });
    d.insert(QStringLiteral("logsumexp"),
        QJsonObject { { QStringLiteral("naive"), lseNaive }, { QStringLiteral("stable"), lseStable },
            { QStringLiteral("exact"), number(last.exactLogSumExp) } });
    d.insert(QStringLiteral("softmax"),
        QJsonObject { { QStringLiteral("naive"), softNaive }, { QStringLiteral("stable"), softStable } });
    return d;
}

RunResult UnderflowModule::run(const ParameterValues &values, const WorkControl &control)
{
    std::unique_ptr<UnderflowSession> session;
    std::vector<Format> shown;
    try {
        shown = parseFormats(utf8(values.value(QStringLiteral("formats"), QStringLiteral("all")).toString()));
        ParameterValues all = values;
        all.insert(QStringLiteral("formats"), QStringLiteral("all")); // the result keys name every format
        session = sessionFromValues(all, control);
    } catch (const InputError &error) {
        return RunResult::failure(QString::fromStdString(error.message()));
    } catch (const Cancelled &) {
        RunResult result;
        result.cancelled = true;
        result.error = tr("cancelled");
        return result;
    }
    while (session->stepForward()) { }
    RunResult result;
    result.data = resultData(*session);
    result.table = ResultTable::fromTable(session->currentTable());
    keepFormatColumns(result.table, shown);
    const QJsonObject formats = result.data.value(QStringLiteral("formats")).toObject();
    QStringList lines;
    lines << tr("%1 steps, exact ln(product) = %2")
                 .arg(session->trace().steps())
                 .arg(QString::fromStdString(formatNumber(session->trace().finalExactLogProduct, 12)));
    for (const QString &name : formats.keys()) {
        const QJsonObject f = formats.value(name).toObject();
        auto text = [&f](const char *key) {
            const QJsonValue v = f.value(QLatin1String(key));
            return v.isNull() ? QStringLiteral("never") : v.toVariant().toString();
        };
        lines << tr("%1: first subnormal %2, first zero %3, stuck from %4, final %5 (%6)")
                     .arg(name, text("first_subnormal_step"), text("first_zero_step"), text("stuck_from_step"),
                         text("final_value"), text("final_bits"));
    }
    result.summary = lines.join(QLatin1Char('\n'));
    return result;
}

QStringList UnderflowModule::resultKeys() const
{
    QStringList keys;
    for (const char *key : { "steps", "ftz", "formats.<name>.first_subnormal_step", "formats.<name>.first_zero_step",
             "formats.<name>.stuck_from_step", "formats.<name>.stuck_value", "formats.<name>.final_value",
             "formats.<name>.final_bits", "formats.<name>.log_sum", "formats.<name>.log_sum_abs_error",
             "formats.<name>.max_relative_error", "exact.log_product", "logsumexp.naive.<name>",
             "logsumexp.stable.<name>", "logsumexp.exact", "softmax.naive.<name>", "softmax.stable.<name>", "at_step.p",
             "at_step.exact_log_product", "at_step.formats.<name>.value", "at_step.formats.<name>.bits",
             "at_step.formats.<name>.class", "at_step.formats.<name>.log_sum" })
        keys.append(QLatin1String(key));
    return keys;
}

QJsonObject UnderflowModule::stepResults(const Session &session) const
{
    const auto *underflow = dynamic_cast<const UnderflowSession *>(&session);
    if (!underflow)
        return {};
    const UnderflowSnapshot now = underflow->snapshot();
    static constexpr std::array<const char *, 5> kClassNames { "zero", "subnormal", "normal", "infinite", "nan" };
    QJsonObject formats;
    for (const FormatState &state : now.formats) {
        QJsonObject f;
        f.insert(QStringLiteral("value"), number(state.value));
        f.insert(QStringLiteral("bits"), QString::fromStdString(hexBits(specOf(state.format), state.bits)));
        f.insert(QStringLiteral("class"), QLatin1String(kClassNames.at(static_cast<std::size_t>(state.valueClass))));
        f.insert(QStringLiteral("log_sum"), number(state.logSum));
        formats.insert(nameOf(kFormatNames.name(state.format)), f);
    }
    QJsonObject d;
    d.insert(QStringLiteral("p"), number(now.probability));
    d.insert(QStringLiteral("exact_log_product"), number(now.exactLogProduct));
    d.insert(QStringLiteral("formats"), formats);
    return d;
}

} // namespace conceptlab::underflow
