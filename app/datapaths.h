// Where the shell finds its data files (icons, lessons): beside the executable, in the
// same relative layout in the build tree and in every install.
#pragma once

#include <QString>

namespace conceptlab {

/// share/conceptlab, found relative to the executable.
QString dataDirectory();

} // namespace conceptlab
