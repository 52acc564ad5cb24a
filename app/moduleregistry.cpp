// ModuleRegistry: plugin discovery from metadata and lazy loading.
#include "moduleregistry.h"

#include "conceptmodule.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLibrary>
#include <QPluginLoader>
#include <QRegularExpression>

#include <algorithm>

#ifndef CONCEPTLAB_INSTALL_PLUGIN_DIR
#define CONCEPTLAB_INSTALL_PLUGIN_DIR ""
#endif
#ifndef CONCEPTLAB_RELATIVE_PLUGIN_DIR
#define CONCEPTLAB_RELATIVE_PLUGIN_DIR "../lib/conceptlab/plugins"
#endif

namespace conceptlab {

namespace {

    /// Checks the plugin's own metadata object; returns the reason it is unusable, or empty.
    QString readModuleInfo(const QJsonObject &metaData, ModuleInfo &info)
    {
        static const QRegularExpression idPattern(QStringLiteral("^[a-z][a-z0-9_]*$"));
        if (metaData.isEmpty())
            return QStringLiteral("metadata: missing or not a JSON object");
        for (const char *key : { "id", "title", "card", "version" }) {
            const QJsonValue value = metaData.value(QLatin1String(key));
            if (!value.isString() || value.toString().trimmed().isEmpty())
                return QStringLiteral("metadata: '%1' must be a non-empty string").arg(QLatin1String(key));
        }
        const QJsonValue order = metaData.value(QLatin1String("order"));
        if (!order.isDouble())
            return QStringLiteral("metadata: 'order' must be a number");
        const QJsonValue tags = metaData.value(QLatin1String("tags"));
        if (!tags.isUndefined() && !tags.isArray())
            return QStringLiteral("metadata: 'tags' must be a list of strings");
        info.id = metaData.value(QLatin1String("id")).toString();
        if (!idPattern.match(info.id).hasMatch())
            return QStringLiteral("metadata: 'id' must match [a-z][a-z0-9_]*, not '%1'").arg(info.id);
        info.title = metaData.value(QLatin1String("title")).toString();
        info.card = metaData.value(QLatin1String("card")).toString();
        info.version = metaData.value(QLatin1String("version")).toString();
        info.order = order.toInt();
        for (const QJsonValue tag : tags.toArray())
            info.tags.append(tag.toString());
        return {};
    }

} // namespace

QJsonObject ModuleInfo::toJson() const
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("title"), title }, { QStringLiteral("card"), card },
        { QStringLiteral("version"), version }, { QStringLiteral("order"), order },
        { QStringLiteral("tags"), QJsonArray::fromStringList(tags) }, { QStringLiteral("path"), filePath } };
}

ModuleRegistry::ModuleRegistry() = default;

// Deleting a QPluginLoader leaves its library loaded: views a module created may outlive
// the registry, and Qt unloads plugin libraries itself at shutdown.
ModuleRegistry::~ModuleRegistry() = default;

QStringList ModuleRegistry::defaultSearchPaths()
{
    QStringList paths;
    const QString fromEnvironment = qEnvironmentVariable("CONCEPTLAB_PLUGIN_PATH");
    for (const QString &path : fromEnvironment.split(QLatin1Char(':'), Qt::SkipEmptyParts))
        paths.append(path);
    paths.append(QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral(CONCEPTLAB_RELATIVE_PLUGIN_DIR)));
    const QString installed = QStringLiteral(CONCEPTLAB_INSTALL_PLUGIN_DIR);
    if (!installed.isEmpty())
        paths.append(installed);
    return paths;
}

void ModuleRegistry::scan(const QStringList &searchPaths)
{
    m_modules.clear();
    m_failures.clear();
    QStringList seenFolders;
    for (const QString &path : searchPaths) {
        const QFileInfo folder(path);
        if (!folder.isDir())
            continue;
        const QString canonical = folder.canonicalFilePath();
        if (seenFolders.contains(canonical))
            continue;
        seenFolders.append(canonical);
        const QDir dir(canonical);
        for (const QString &name : dir.entryList(QDir::Files, QDir::Name)) {
            if (QLibrary::isLibrary(name))
                inspect(dir.filePath(name));
        }
    }
    std::sort(m_modules.begin(), m_modules.end(), [](const ModuleInfo &a, const ModuleInfo &b) {
        return a.order != b.order ? a.order < b.order : a.title < b.title;
    });
}

void ModuleRegistry::inspect(const QString &filePath)
{
    QPluginLoader loader(filePath);
    const QJsonObject raw = loader.metaData();
    if (raw.isEmpty()) {
        const QString why = loader.errorString();
        m_failures.append({ filePath, QStringLiteral("not a Qt plugin: %1").arg(why) });
        return;
    }
    const QString iid = raw.value(QLatin1String("IID")).toString();
    if (iid != QLatin1String(ConceptModule_iid)) {
        m_failures.append({ filePath,
            QStringLiteral("wrong interface '%1' (expected '%2')").arg(iid, QLatin1String(ConceptModule_iid)) });
        return;
    }
    ModuleInfo info;
    const QString problem = readModuleInfo(raw.value(QLatin1String("MetaData")).toObject(), info);
    if (!problem.isEmpty()) {
        m_failures.append({ filePath, problem });
        return;
    }
    info.filePath = filePath;
    if (const ModuleInfo *existing = find(info.id)) {
        m_failures.append({ filePath,
            QStringLiteral("duplicate module id '%1' (already provided by %2)").arg(info.id, existing->filePath) });
        return;
    }
    m_modules.append(info);
}

const ModuleInfo *ModuleRegistry::find(const QString &id) const
{
    for (const ModuleInfo &info : m_modules) {
        if (info.id == id)
            return &info;
    }
    return nullptr;
}

ConceptModule *ModuleRegistry::load(const QString &id, QString *error)
{
    for (auto &[loadedId, loader] : m_loaded) {
        if (loadedId == id)
            return qobject_cast<ConceptModule *>(loader->instance());
    }
    const ModuleInfo *info = find(id);
    if (!info) {
        if (error)
            *error = QStringLiteral("unknown module '%1'").arg(id);
        return nullptr;
    }
    auto loader = std::make_unique<QPluginLoader>(info->filePath);
    // Resolve every symbol now: a missing one then fails here, with a reason, and not
    // later as a crash in the middle of a call.
    loader->setLoadHints(QLibrary::ResolveAllSymbolsHint);
    QObject *instance = loader->instance();
    auto *module = qobject_cast<ConceptModule *>(instance);
    if (!module) {
        const QString reason
            = instance ? QStringLiteral("the plugin object does not implement ConceptModule") : loader->errorString();
        m_failures.append({ info->filePath, QStringLiteral("failed to load: %1").arg(reason) });
        if (error)
            *error = QStringLiteral("module '%1' failed to load: %2").arg(id, reason);
        return nullptr;
    }
    m_loaded.emplace_back(id, std::move(loader));
    return module;
}

} // namespace conceptlab
