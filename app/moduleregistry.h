// Finds concept-module plugins, reads their metadata without loading them, and loads
// a module on demand. Plugins that cannot be used are kept with the reason.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QPluginLoader;
QT_END_NAMESPACE

namespace conceptlab {

class ConceptModule;

/// What a plugin says about itself in its <id>.json, read without loading the library.
struct ModuleInfo {
    QString id;
    QString title;
    QString card; ///< one-line description for the gallery
    QString version;
    QStringList tags;
    int order = 0; ///< gallery position, ascending
    QString filePath; ///< the plugin library

    QJsonObject toJson() const;
};

/// A plugin file that cannot be used, and why.
struct PluginFailure {
    QString filePath;
    QString reason;
};

class ModuleRegistry {
public:
    ModuleRegistry();
    ~ModuleRegistry();
    ModuleRegistry(const ModuleRegistry &) = delete;
    ModuleRegistry &operator=(const ModuleRegistry &) = delete;

    /// The folders searched, in order: $CONCEPTLAB_PLUGIN_PATH (':'-separated), the plugin
    /// folder relative to the executable, the compiled-in install path.
    static QStringList defaultSearchPaths();

    /// Scans `searchPaths` (replacing earlier results). Earlier folders win on duplicate ids.
    void scan(const QStringList &searchPaths = defaultSearchPaths());

    /// Modules found, sorted by order, then title.
    const QList<ModuleInfo> &modules() const { return m_modules; }
    /// Plugins that failed: bad metadata, wrong interface, duplicate id, or a failed load.
    const QList<PluginFailure> &failures() const { return m_failures; }
    const ModuleInfo *find(const QString &id) const;

    /// Loads the module `id` (once) and returns it, or null with `error` set; a failed
    /// load is also recorded in failures().
    ConceptModule *load(const QString &id, QString *error = nullptr);

private:
    void inspect(const QString &filePath);

    QList<ModuleInfo> m_modules;
    QList<PluginFailure> m_failures;
    std::vector<std::pair<QString, std::unique_ptr<QPluginLoader>>> m_loaded;
};

} // namespace conceptlab
