// A user's text quoted in a message: cut past 60 bytes (with its length), so one bad value
// never makes a message longer than a line (core/text.h's quoted(), for QStrings).
#pragma once

#include "text.h"

#include <QString>

namespace conceptlab {

inline QString quotedText(const QString &text)
{
    return QString::fromStdString(quoted(text.toStdString()));
}

} // namespace conceptlab
