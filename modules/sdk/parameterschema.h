// Typed, ranged, defaulted parameters of a module, and their validation.
// A schema is the single source for the parameter panel, the command line's
// --set parsing and scenario files.
#pragma once

#include "conceptlabsdk_export.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVariantMap>

#include <functional>
#include <optional>

namespace conceptlab {

/// Values of a module's parameters, keyed by parameter key. Integer values are qint64,
/// reals double, enums QString (one of the choices), booleans bool, text and code QString.
using ParameterValues = QVariantMap;

enum class ParameterKind { Integer, Real, Enum, Boolean, Text, Code, FilePath };

/// Where the window edits a parameter: in the parameter panel, or in the module's view with a
/// control of its own (a code editor), so that the panel leaves it out rather than show it twice.
enum class ParameterPlacement { Panel, View };

/// One parameter: its key (stable, used on the command line and in files), how it is shown,
/// its type, range, default and unit.
struct CONCEPTLAB_SDK_EXPORT ParameterSpec {
    QString key;
    QString label;
    ParameterKind kind = ParameterKind::Integer;
    QVariant defaultValue;
    double minimum = 0; ///< Integer and Real: inclusive lower bound
    double maximum = 0; ///< Integer and Real: inclusive upper bound
    QStringList choices; ///< Enum: the allowed values, in display order
    QStringList choiceLabels; ///< Enum: what the panel shows for each choice (empty: the values)
    QString unit; ///< shown after the value, e.g. "ms", "tokens"
    QString description; ///< one sentence, shown as a tool tip and in --help texts
    QString group; ///< the panel groups parameters with the same group name
    /// Integer and Real: what the panel shows instead of the minimum when the minimum stands for
    /// another value (e.g. "OPT-13B: 12.85 billion" where 0 means "the model's value"), computed
    /// from all current values; unset or empty text: the number is shown.
    std::function<QString(const ParameterValues &)> minimumText;
    /// Whether the parameter matters for the other current values (e.g. virtual nodes only for
    /// ring strategies); unset: always. The panel greys out one that does not.
    std::function<bool(const ParameterValues &)> appliesWhen;
    ParameterPlacement placement = ParameterPlacement::Panel;

    /// What values are allowed, in words: "an integer in [1, 1000]", "one of: a, b".
    QString allowedText() const;
};

/// Result of parsing or validating one value: the value, or a message naming the parameter.
struct CONCEPTLAB_SDK_EXPORT ParameterCheck {
    QVariant value;
    QString error; ///< empty when the value is valid

    bool ok() const { return error.isEmpty(); }
};

class CONCEPTLAB_SDK_EXPORT ParameterSchema {
public:
    /// Adds one parameter, written with designated initializers:
    ///   schema.add({.key = "nodes", .label = tr("Nodes"), .kind = ParameterKind::Integer,
    ///               .defaultValue = 5, .minimum = 1, .maximum = 10000, .group = tr("Cluster")});
    /// Code values on the command line may name a readable file (its contents are used);
    /// a FilePath default is empty (none).
    ParameterSchema &add(ParameterSpec spec);

    const QList<ParameterSpec> &specs() const { return m_specs; }
    const ParameterSpec *find(const QString &key) const;
    QStringList keys() const;

    ParameterValues defaults() const;

    /// Parses command-line text ("42", "0.5", "true", "poisson") for the parameter `key`.
    /// Unknown keys, malformed and out-of-range values give an error naming the key
    /// and what is allowed.
    ParameterCheck parseText(const QString &key, const QString &text) const;
    /// Checks a JSON value (from a scenario file) for the parameter `key`.
    ParameterCheck fromJson(const QString &key, const QJsonValue &json) const;
    /// Checks an already typed value; converts compatible types (e.g. int to double).
    ParameterCheck check(const QString &key, const QVariant &value) const;

    /// The value as command-line text; parseText(key, toText(key, v)) gives v back.
    QString toText(const QString &key, const QVariant &value) const;
    QJsonValue toJson(const QString &key, const QVariant &value) const;

    /// Defaults overlaid with `values`, each checked; the first invalid value is reported.
    ParameterCheck complete(const ParameterValues &values) const;

private:
    QList<ParameterSpec> m_specs;
};

/// Reads an integer/real/boolean spec value as the C++ type a core wants.
CONCEPTLAB_SDK_EXPORT qint64 integerValue(const ParameterValues &values, const QString &key);
CONCEPTLAB_SDK_EXPORT double realValue(const ParameterValues &values, const QString &key);
CONCEPTLAB_SDK_EXPORT bool booleanValue(const ParameterValues &values, const QString &key);
CONCEPTLAB_SDK_EXPORT QString textValue(const ParameterValues &values, const QString &key);

/// `values` with `key` set to `contrast` when it holds `usual`, else to `usual`: the one change
/// a side-by-side comparison starts from (ConceptModule::compareVariant).
CONCEPTLAB_SDK_EXPORT ParameterValues contrasted(
    const ParameterValues &values, const QString &key, const QVariant &usual, const QVariant &contrast);

} // namespace conceptlab
