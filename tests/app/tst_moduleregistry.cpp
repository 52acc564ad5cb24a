// ModuleRegistry against the fixture plugins: a good one, and each way a plugin can fail.
#include "conceptmodule.h"
#include "moduleregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {

const QString kFixtureDir = QStringLiteral(CONCEPTLAB_FIXTURE_PLUGIN_DIR);

QString reasonFor(const ModuleRegistry &registry, const QString &fileName)
{
    for (const PluginFailure &failure : registry.failures()) {
        if (failure.filePath.endsWith(fileName))
            return failure.reason;
    }
    return {};
}

int argc = 1;
char name[] = "tst_moduleregistry";
char *argv[] = { name, nullptr };
QCoreApplication app(argc, argv);

} // namespace

TEST(ModuleRegistry, FindsTheGoodFixtureFromMetadata)
{
    ModuleRegistry registry;
    registry.scan({ kFixtureDir });
    ASSERT_EQ(registry.modules().size(), 2); // good, and missingsymbol: its metadata is fine
    const ModuleInfo *info = registry.find(QStringLiteral("fixturegood"));
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->title, QStringLiteral("Fixture module"));
    EXPECT_EQ(info->card, QStringLiteral("A module used by the tests."));
    EXPECT_EQ(info->version, QStringLiteral("1.0"));
    EXPECT_EQ(info->order, 1);
    EXPECT_EQ(info->tags, QStringList { QStringLiteral("test") });
}

TEST(ModuleRegistry, ReportsEachBrokenPluginWithItsReason)
{
    ModuleRegistry registry;
    registry.scan({ kFixtureDir });
    EXPECT_EQ(registry.failures().size(), 3);
    EXPECT_EQ(reasonFor(registry, QStringLiteral("libfixture_wrongiid.so")),
        QStringLiteral("wrong interface 'org.example.OtherInterface/1' (expected 'org.conceptlab.ConceptModule/3')"));
    EXPECT_EQ(reasonFor(registry, QStringLiteral("libfixture_brokenmeta.so")),
        QStringLiteral("metadata: 'title' must be a non-empty string"));
    EXPECT_TRUE(
        reasonFor(registry, QStringLiteral("libfixture_notalibrary.so")).startsWith(QStringLiteral("not a Qt plugin")));
}

TEST(ModuleRegistry, LoadsTheGoodModuleOnDemand)
{
    ModuleRegistry registry;
    registry.scan({ kFixtureDir });
    QString error;
    ConceptModule *module = registry.load(QStringLiteral("fixturegood"), &error);
    ASSERT_NE(module, nullptr) << error.toStdString();
    EXPECT_EQ(module->parameters().keys(),
        (QStringList { QStringLiteral("count"), QStringLiteral("rate"), QStringLiteral("mode"), QStringLiteral("flag"),
            QStringLiteral("label"), QStringLiteral("program") }));
    EXPECT_EQ(registry.load(QStringLiteral("fixturegood")), module); // loaded once
}

TEST(ModuleRegistry, AMissingSymbolFailsAtLoadWithAReason)
{
    ModuleRegistry registry;
    registry.scan({ kFixtureDir });
    QString error;
    EXPECT_EQ(registry.load(QStringLiteral("fixturemissing"), &error), nullptr);
    EXPECT_TRUE(error.contains(QStringLiteral("conceptlab_fixture_symbol_that_does_not_exist"))) << error.toStdString();
    EXPECT_TRUE(reasonFor(registry, QStringLiteral("libfixture_missingsymbol.so"))
                    .startsWith(QStringLiteral("failed to load")));
}

TEST(ModuleRegistry, UnknownModuleIsAnError)
{
    ModuleRegistry registry;
    registry.scan({ kFixtureDir });
    QString error;
    EXPECT_EQ(registry.load(QStringLiteral("nosuchmodule"), &error), nullptr);
    EXPECT_EQ(error, QStringLiteral("unknown module 'nosuchmodule'"));
}

TEST(ModuleRegistry, EarlierFolderWinsOnDuplicateIds)
{
    QTemporaryDir copyDir;
    ASSERT_TRUE(copyDir.isValid());
    const QString copy = copyDir.filePath(QStringLiteral("libfixture_good_copy.so"));
    ASSERT_TRUE(QFile::copy(QDir(kFixtureDir).filePath(QStringLiteral("libfixture_good.so")), copy));
    ModuleRegistry registry;
    registry.scan({ copyDir.path(), kFixtureDir });
    ASSERT_NE(registry.find(QStringLiteral("fixturegood")), nullptr);
    EXPECT_EQ(registry.find(QStringLiteral("fixturegood"))->filePath, copy);
    EXPECT_TRUE(reasonFor(registry, QStringLiteral("libfixture_good.so"))
                    .startsWith(QStringLiteral("duplicate module id 'fixturegood'")));
}

TEST(ModuleRegistry, MissingFoldersAreSkipped)
{
    ModuleRegistry registry;
    registry.scan({ QStringLiteral("/nonexistent/conceptlab"), kFixtureDir, kFixtureDir });
    EXPECT_EQ(registry.modules().size(), 2);
    EXPECT_EQ(registry.failures().size(), 3); // the folder named twice is scanned once
}

TEST(ModuleRegistry, EnvironmentPathComesFirst)
{
    qputenv("CONCEPTLAB_PLUGIN_PATH", "/first/path:/second/path");
    const QStringList paths = ModuleRegistry::defaultSearchPaths();
    qunsetenv("CONCEPTLAB_PLUGIN_PATH");
    ASSERT_GE(paths.size(), 3);
    EXPECT_EQ(paths.at(0), QStringLiteral("/first/path"));
    EXPECT_EQ(paths.at(1), QStringLiteral("/second/path"));
    EXPECT_TRUE(paths.at(2).endsWith(QStringLiteral("../lib/conceptlab/plugins")));
}
