// Parsing, checking and converting parameter values against their specs.
#include "parameterschema.h"

#include "text.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>
#include <limits>

namespace conceptlab {

namespace {

    QString kindName(ParameterKind kind)
    {
        switch (kind) {
        case ParameterKind::Integer:
            return QStringLiteral("integer");
        case ParameterKind::Real:
            return QStringLiteral("real number");
        case ParameterKind::Enum:
            return QStringLiteral("choice");
        case ParameterKind::Boolean:
            return QStringLiteral("boolean");
        case ParameterKind::Text:
            return QStringLiteral("text");
        case ParameterKind::Code:
            return QStringLiteral("code");
        case ParameterKind::FilePath:
            return QStringLiteral("file path");
        }
        return {};
    }

    /// The shortest text that reads back as exactly `value` ("1e-06", not "9.99...e-07").
    QString exactText(double value)
    {
        return QString::number(value, 'g', QLocale::FloatingPointShortest);
    }

    QString formatBound(double value, ParameterKind kind)
    {
        if (kind == ParameterKind::Integer)
            return QString::number(static_cast<qint64>(value));
        return exactText(value);
    }

    /// A value as quoted in a message: long values are cut, so one bad value never makes a
    /// message longer than a line.
    QString quoted(const QString &text)
    {
        constexpr qsizetype kShownCharacters = 60;
        if (text.size() <= kShownCharacters)
            return QLatin1Char('\'') + text + QLatin1Char('\'');
        return QStringLiteral("'%1…' (%2 characters)").arg(text.left(kShownCharacters)).arg(text.size());
    }

    /// Why `text` is not a number in the one grammar every parameter uses: decimal digits,
    /// an optional sign, fraction and exponent; no digit grouping, no hexadecimal.
    QString notANumber(const QString &text, const QString &kind)
    {
        QString message = QStringLiteral("%1 is not %2").arg(quoted(text), kind);
        if (text.contains(QLatin1Char(',')))
            message += QStringLiteral(" (write decimals with '.', and no digit grouping)");
        return message;
    }

    ParameterCheck refuse(const ParameterSpec &spec, const QString &what)
    {
        return { {}, QStringLiteral("parameter '%1': %2; expected %3").arg(spec.key, what, spec.allowedText()) };
    }

    ParameterCheck checkInteger(const ParameterSpec &spec, qint64 value)
    {
        if (static_cast<double>(value) < spec.minimum || static_cast<double>(value) > spec.maximum)
            return refuse(spec, QStringLiteral("%1 is out of range").arg(value));
        return { QVariant::fromValue<qint64>(value), {} };
    }

    ParameterCheck checkReal(const ParameterSpec &spec, double value)
    {
        if (!std::isfinite(value))
            return refuse(spec, QStringLiteral("%1 is not a finite number").arg(value));
        if (value < spec.minimum || value > spec.maximum)
            return refuse(spec, QStringLiteral("%1 is out of range").arg(exactText(value)));
        return { value, {} };
    }

} // namespace

QString ParameterSpec::allowedText() const
{
    switch (kind) {
    case ParameterKind::Integer:
    case ParameterKind::Real:
        return QStringLiteral("%1 %2 in [%3, %4]%5")
            .arg(kind == ParameterKind::Integer ? QStringLiteral("an") : QStringLiteral("a"), kindName(kind),
                formatBound(minimum, kind), formatBound(maximum, kind),
                unit.isEmpty() ? QString() : QStringLiteral(" ") + unit);
    case ParameterKind::Enum:
        return QStringLiteral("one of: ") + choices.join(QStringLiteral(", "));
    case ParameterKind::Boolean:
        return QStringLiteral("true or false");
    case ParameterKind::Text:
        return QStringLiteral("text");
    case ParameterKind::Code:
        return QStringLiteral("source text, or the path of a file holding it");
    case ParameterKind::FilePath:
        return QStringLiteral("a file path");
    }
    return {};
}

ParameterSchema &ParameterSchema::add(ParameterSpec spec)
{
    Q_ASSERT_X(!find(spec.key), "ParameterSchema", "duplicate parameter key");
    // Designated initializers give `.defaultValue = 160` as an int: store the kind's own type.
    switch (spec.kind) {
    case ParameterKind::Integer:
        spec.defaultValue = QVariant::fromValue<qint64>(spec.defaultValue.toLongLong());
        break;
    case ParameterKind::Real:
        spec.defaultValue = spec.defaultValue.toDouble();
        break;
    case ParameterKind::Boolean:
        spec.defaultValue = spec.defaultValue.toBool();
        break;
    case ParameterKind::Enum:
        Q_ASSERT_X(spec.choices.contains(spec.defaultValue.toString()), "ParameterSchema", "default not a choice");
        [[fallthrough]];
    case ParameterKind::Text:
    case ParameterKind::Code:
    case ParameterKind::FilePath:
        spec.defaultValue = spec.defaultValue.toString();
        break;
    }
    m_specs.append(std::move(spec));
    return *this;
}

const ParameterSpec *ParameterSchema::find(const QString &key) const
{
    for (const ParameterSpec &spec : m_specs) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

QStringList ParameterSchema::keys() const
{
    QStringList result;
    for (const ParameterSpec &spec : m_specs)
        result.append(spec.key);
    return result;
}

ParameterValues ParameterSchema::defaults() const
{
    ParameterValues values;
    for (const ParameterSpec &spec : m_specs)
        values.insert(spec.key, spec.defaultValue);
    return values;
}

static ParameterCheck unknownKey(const ParameterSchema &schema, const QString &key)
{
    return { {},
        QStringLiteral("unknown parameter %1; known parameters: %2")
            .arg(quoted(key), schema.keys().join(QStringLiteral(", "))) };
}

ParameterCheck ParameterSchema::parseText(const QString &key, const QString &text) const
{
    const ParameterSpec *spec = find(key);
    if (!spec)
        return unknownKey(*this, key);
    const QString trimmed = text.trimmed();
    switch (spec->kind) {
    case ParameterKind::Integer: {
        const std::optional<std::int64_t> value = parseInteger(trimmed.toStdString());
        if (!value)
            return refuse(*spec, notANumber(text, QStringLiteral("an integer")));
        return checkInteger(*spec, *value);
    }
    case ParameterKind::Real: {
        const std::optional<double> value = parseDouble(trimmed.toStdString());
        if (!value)
            return refuse(*spec, notANumber(text, QStringLiteral("a number")));
        return checkReal(*spec, *value);
    }
    case ParameterKind::Enum:
        if (!spec->choices.contains(trimmed))
            return refuse(*spec, QStringLiteral("%1 is not a choice").arg(quoted(text)));
        return { trimmed, {} };
    case ParameterKind::Boolean: {
        const QString lower = trimmed.toLower();
        if (lower == QLatin1String("true") || lower == QLatin1String("1") || lower == QLatin1String("yes")
            || lower == QLatin1String("on"))
            return { true, {} };
        if (lower == QLatin1String("false") || lower == QLatin1String("0") || lower == QLatin1String("no")
            || lower == QLatin1String("off"))
            return { false, {} };
        return refuse(*spec, QStringLiteral("%1 is not a boolean").arg(quoted(text)));
    }
    case ParameterKind::Text:
    case ParameterKind::Code:
    case ParameterKind::FilePath:
        return { text, {} };
    }
    return refuse(*spec, QStringLiteral("unsupported kind"));
}

ParameterCheck ParameterSchema::fromJson(const QString &key, const QJsonValue &json) const
{
    const ParameterSpec *spec = find(key);
    if (!spec)
        return unknownKey(*this, key);
    switch (spec->kind) {
    case ParameterKind::Integer: {
        if (!json.isDouble())
            return refuse(*spec, QStringLiteral("not a number"));
        const double number = json.toDouble();
        if (number != std::floor(number) || std::abs(number) > 9007199254740992.0)
            return refuse(*spec, QStringLiteral("%1 is not an integer").arg(exactText(number)));
        return checkInteger(*spec, static_cast<qint64>(number));
    }
    case ParameterKind::Real:
        if (!json.isDouble())
            return refuse(*spec, QStringLiteral("not a number"));
        return checkReal(*spec, json.toDouble());
    case ParameterKind::Boolean:
        if (!json.isBool())
            return refuse(*spec, QStringLiteral("not a boolean"));
        return { json.toBool(), {} };
    case ParameterKind::Enum:
        if (!json.isString())
            return refuse(*spec, QStringLiteral("not a string"));
        return parseText(key, json.toString());
    case ParameterKind::Text:
    case ParameterKind::Code:
    case ParameterKind::FilePath:
        if (!json.isString())
            return refuse(*spec, QStringLiteral("not a string"));
        return { json.toString(), {} };
    }
    return refuse(*spec, QStringLiteral("unsupported kind"));
}

ParameterCheck ParameterSchema::check(const QString &key, const QVariant &value) const
{
    const ParameterSpec *spec = find(key);
    if (!spec)
        return unknownKey(*this, key);
    // Text is read with the one number grammar of parseText, whatever the kind.
    if (value.typeId() == QMetaType::QString)
        return parseText(key, value.toString());
    switch (spec->kind) {
    case ParameterKind::Integer: {
        bool ok = false;
        const qint64 number = value.toLongLong(&ok);
        if (!ok || (value.typeId() == QMetaType::Double && value.toDouble() != static_cast<double>(number)))
            return refuse(*spec, QStringLiteral("%1 is not an integer").arg(quoted(value.toString())));
        return checkInteger(*spec, number);
    }
    case ParameterKind::Real: {
        bool ok = false;
        const double number = value.toDouble(&ok);
        if (!ok)
            return refuse(*spec, QStringLiteral("%1 is not a number").arg(quoted(value.toString())));
        return checkReal(*spec, number);
    }
    case ParameterKind::Boolean:
        if (value.typeId() != QMetaType::Bool)
            return parseText(key, value.toString());
        return { value, {} };
    case ParameterKind::Enum:
    case ParameterKind::Text:
    case ParameterKind::Code:
    case ParameterKind::FilePath:
        return parseText(key, value.toString());
    }
    return refuse(*spec, QStringLiteral("unsupported kind"));
}

QString ParameterSchema::toText(const QString &key, const QVariant &value) const
{
    const ParameterSpec *spec = find(key);
    if (spec && spec->kind == ParameterKind::Real)
        return exactText(value.toDouble());
    if (spec && spec->kind == ParameterKind::Boolean)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.toString();
}

QJsonValue ParameterSchema::toJson(const QString &key, const QVariant &value) const
{
    const ParameterSpec *spec = find(key);
    if (!spec)
        return QJsonValue::fromVariant(value);
    switch (spec->kind) {
    case ParameterKind::Integer:
        return QJsonValue(static_cast<qint64>(value.toLongLong()));
    case ParameterKind::Real:
        return QJsonValue(value.toDouble());
    case ParameterKind::Boolean:
        return QJsonValue(value.toBool());
    default:
        return QJsonValue(value.toString());
    }
}

ParameterCheck ParameterSchema::complete(const ParameterValues &values) const
{
    ParameterValues result = defaults();
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        ParameterCheck checked = check(it.key(), it.value());
        if (!checked.ok())
            return checked;
        result.insert(it.key(), checked.value);
    }
    return { result, {} };
}

ParameterValues contrasted(
    const ParameterValues &values, const QString &key, const QVariant &usual, const QVariant &contrast)
{
    ParameterValues variant = values;
    variant.insert(key, values.value(key) == usual ? contrast : usual);
    return variant;
}

qint64 integerValue(const ParameterValues &values, const QString &key)
{
    return values.value(key).toLongLong();
}

double realValue(const ParameterValues &values, const QString &key)
{
    return values.value(key).toDouble();
}

bool booleanValue(const ParameterValues &values, const QString &key)
{
    return values.value(key).toBool();
}

QString textValue(const ParameterValues &values, const QString &key)
{
    return values.value(key).toString();
}

} // namespace conceptlab
