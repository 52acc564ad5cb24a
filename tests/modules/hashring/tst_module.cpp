// The plugin's headless run: result keys, CSV table and parameter errors.
#include "conceptmodule.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPluginLoader>
#include <gtest/gtest.h>

using namespace conceptlab;

namespace {
ConceptModule &plugin()
{
    static QPluginLoader loader(QStringLiteral(HASHRING_PLUGIN_PATH));
    auto *module = qobject_cast<ConceptModule *>(loader.instance());
    if (!module) {
        ADD_FAILURE() << loader.errorString().toStdString();
        std::abort();
    }
    return *module;
}

ParameterValues with(std::initializer_list<std::pair<const char *, QVariant>> values)
{
    ParameterValues all = plugin().parameters().defaults();
    for (const auto &[key, value] : values)
        all.insert(QString::fromUtf8(key), value);
    return all;
}
} // namespace

TEST(HashringModule, ResultKeysAndTable)
{
    ConceptModule &module = plugin();
    const auto result = module.run(with({{"strategy", QStringLiteral("ring")},
                                         {"hash", QStringLiteral("md5")},
                                         {"vnodes", qint64(10)},
                                         {"nodes", qint64(4)},
                                         {"keys", qint64(1000)}}),
                                   Progress());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    const auto &d = result.data;
    for (const char *key : {"counts", "moved", "moved_fraction", "ideal_fraction", "modulo_moved_fraction",
                            "max_over_mean", "stddev"})
        EXPECT_TRUE(d.contains(QString::fromUtf8(key))) << key;
    EXPECT_EQ(d.value("moved").toInteger(), 196);
    EXPECT_DOUBLE_EQ(d.value("ideal_fraction").toDouble(), 0.2);
    EXPECT_DOUBLE_EQ(d.value("modulo_moved_fraction").toDouble(), 0.804);
    EXPECT_EQ(d.value("counts").toObject().value("before").toObject().value("node1").toInteger(), 335);
    EXPECT_EQ(d.value("counts").toObject().value("after").toObject().value("node4").toInteger(), 196);
    EXPECT_EQ(d.value("event_node").toString(), QStringLiteral("node4"));
    EXPECT_EQ(result.table.header, (QStringList{"key", "owner_before", "owner_after"}));
    ASSERT_EQ(result.table.rows.size(), 1000);
    EXPECT_EQ(result.table.rows[0][0], QStringLiteral("key0"));
    int moved = 0;
    for (const auto &row : result.table.rows)
        moved += row[1] != row[2];
    EXPECT_EQ(moved, 196);
}

TEST(HashringModule, KetamaPublishedServers)
{
    ConceptModule &module = plugin();
    const auto result = module.run(with({{"strategy", QStringLiteral("ketama")},
                                         {"node_names", QStringLiteral("127.0.0.1:11211,127.0.0.1:11212")},
                                         {"weights", QStringLiteral("600,400")},
                                         {"event", QStringLiteral("none")},
                                         {"keys", qint64(10)}}),
                                   Progress());
    ASSERT_TRUE(result.error.isEmpty()) << result.error.toStdString();
    EXPECT_EQ(result.data.value("ring_points_before").toInteger(), 320);
}

TEST(HashringModule, BadValuesNameTheParameter)
{
    ConceptModule &module = plugin();
    auto result = module.run(with({{"node_names", QStringLiteral("a,b,a")}}), Progress());
    EXPECT_TRUE(result.error.startsWith("node_names")) << result.error.toStdString();
    result = module.run(with({{"weights", QStringLiteral("1,-1,1,1,1")}}), Progress());
    EXPECT_TRUE(result.error.startsWith("weights")) << result.error.toStdString();
    result = module.run(with({{"event", QStringLiteral("remove")}, {"event_node", QStringLiteral("nope")}}), Progress());
    EXPECT_TRUE(result.error.startsWith("event_node")) << result.error.toStdString();
    result = module.run(with({{"nodes", qint64(0)}}), Progress());
    EXPECT_TRUE(result.error.contains("nodes")) << result.error.toStdString();
    result = module.run(with({{"strategy", QStringLiteral("maglev")}, {"table_size", qint64(1000)}}), Progress());
    EXPECT_TRUE(result.error.startsWith("table_size")) << result.error.toStdString();
}
