// The headless commands of the conceptlab binary: list, sim, export, check, --help, --version.
#pragma once

#include <QStringList>

namespace conceptlab {

/// Whether `arguments` (argv without the program name) ask for a headless command
/// rather than the window.
bool isHeadlessCommand(const QStringList &arguments);

/// Runs a headless command; a Q(Core)Application must exist. Returns the exit status:
/// 0 on success, 1 when the run failed, 2 on bad input (one line on stderr).
int runHeadless(const QStringList &arguments);

} // namespace conceptlab
