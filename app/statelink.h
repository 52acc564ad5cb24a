// Links to a state, conceptlab://<module>?key=value&...&step=N: written from a module's
// values and step, read back through the same checks as scenario files and --set.
#pragma once

#include "scenario.h"

#include <QString>

#include <functional>
#include <optional>

namespace conceptlab {

/// The longest link read or written, in characters. A desktop handler passes the link as one
/// command-line argument, and Linux allows at most 128 KiB for one.
inline constexpr qsizetype kMaxLinkCharacters = 65536;
/// The highest step a link may name (the same bound as `export --step`).
inline constexpr int kMaxLinkStep = 1000000;

/// Result of reading a link: a scenario holding the parameters the link names, or an error
/// that names the position ("link, character 31: ...").
struct LinkRead {
    Scenario scenario;
    qsizetype stepPosition = 0; ///< 1-based character where the step's value starts; 0 without one
    QString error;

    bool ok() const { return error.isEmpty(); }
};

/// Whether `text` (an argument, the clipboard) is meant as a link: after leading white space
/// it starts with "conceptlab:", in any case.
bool isStateLink(const QString &text);

/// Reads a link. `schemaFor` gives the schema of a module id, or nothing for an unknown module.
/// Values are percent-decoded UTF-8 ('+' is a plus sign) and checked with
/// ParameterSchema::parseText; a code value is never read from a file.
LinkRead parseLink(
    const QString &link, const std::function<std::optional<ParameterSchema>(const QString &)> &schemaFor);

/// The link to `module` with `values` at `step`: parameters in the schema's order, those at
/// their default left out, values percent-encoded as UTF-8. It may exceed kMaxLinkCharacters.
QString formatLink(const QString &module, const ParameterSchema &schema, const ParameterValues &values, int step);

/// An error about a link at the 1-based character `position` (0: the link as a whole).
QString linkError(qsizetype position, const QString &message);

} // namespace conceptlab
