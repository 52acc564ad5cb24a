// What the plugin's tests share (tst_module.cpp and tst_view.cpp, one executable): the one
// application, the plugin loaded as the shell loads it, and parameter values over its defaults.
#pragma once

#include "../../support/loadedmodule.h"
#include "conceptmodule.h"

#include <QApplication>

namespace conceptlab::testing {

inline QApplication &application()
{
    static int argc = 1;
    static char name[] = "tst_graphcapture_module";
    static char *argv[] = { name, nullptr };
    // Never destroyed: tearing Qt down from exit handlers, after the plugin's statics, crashes.
    static auto *app = new QApplication(argc, argv);
    return *app;
}

inline ConceptModule &plugin()
{
    return loadedModule(GRAPHCAPTURE_PLUGIN_PATH);
}

inline ParameterValues with(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    return withDefaults(plugin(), values);
}

} // namespace conceptlab::testing
