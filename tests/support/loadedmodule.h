// A module plugin loaded as the shell loads it (QPluginLoader), for module tests.
#pragma once

#include "conceptmodule.h"

#include <QPluginLoader>

#include <gtest/gtest.h>

#include <cstdlib>
#include <initializer_list>
#include <utility>

namespace conceptlab::testing {

/// The plugin at `path`, loaded once and never unloaded; aborts the test run if it cannot load.
inline ConceptModule &loadedModule(const char *path)
{
    static QPluginLoader loader;
    if (!loader.isLoaded())
        loader.setFileName(QString::fromUtf8(path));
    auto *module = qobject_cast<ConceptModule *>(loader.instance());
    if (!module) {
        ADD_FAILURE() << loader.errorString().toStdString();
        std::abort();
    }
    return *module;
}

/// The module's defaults with `values` over them.
inline ParameterValues withDefaults(
    const ConceptModule &module, std::initializer_list<std::pair<const char *, QVariant>> values)
{
    ParameterValues all = module.parameters().defaults();
    for (const auto &[key, value] : values)
        all.insert(QString::fromUtf8(key), value);
    return all;
}

} // namespace conceptlab::testing
