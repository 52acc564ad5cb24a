// The data folder, relative to the executable.
#include "datapaths.h"

#include <QCoreApplication>
#include <QDir>

#ifndef CONCEPTLAB_RELATIVE_DATA_DIR
#define CONCEPTLAB_RELATIVE_DATA_DIR "../share/conceptlab"
#endif

namespace conceptlab {

QString dataDirectory()
{
    return QDir::cleanPath(
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral(CONCEPTLAB_RELATIVE_DATA_DIR)));
}

} // namespace conceptlab
