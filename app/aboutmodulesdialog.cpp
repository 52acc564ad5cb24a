// AboutModulesDialog: a tree of modules and failures.
#include "aboutmodulesdialog.h"

#include "moduleregistry.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace conceptlab {

AboutModulesDialog::AboutModulesDialog(const ModuleRegistry &registry, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About Modules"));
    resize(820, 460);
    auto *layout = new QVBoxLayout(this);
    auto *tree = new QTreeWidget(this);
    tree->setColumnCount(4);
    tree->setHeaderLabels({ tr("Module"), tr("Title"), tr("Version"), tr("File or reason") });
    tree->setRootIsDecorated(true);
    tree->setAlternatingRowColors(true);
    tree->setObjectName(QStringLiteral("moduleTree"));

    auto *found = new QTreeWidgetItem(tree, { tr("Found (%1)").arg(registry.modules().size()) });
    for (const ModuleInfo &info : registry.modules())
        new QTreeWidgetItem(found, { info.id, info.title, info.version, info.filePath });
    auto *failed = new QTreeWidgetItem(tree, { tr("Could not be used (%1)").arg(registry.failures().size()) });
    for (const PluginFailure &failure : registry.failures()) {
        auto *item = new QTreeWidgetItem(
            failed, { QFileInfo(failure.filePath).fileName(), QString(), QString(), failure.reason });
        item->setToolTip(0, failure.filePath);
        item->setToolTip(3, failure.reason);
        item->setForeground(3, QColor(0xd6, 0x33, 0x2f));
    }
    tree->expandAll();
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    tree->header()->setStretchLastSection(true);
    layout->addWidget(tree);

    auto *paths = new QLabel(
        tr("Searched, in order: %1").arg(ModuleRegistry::defaultSearchPaths().join(QStringLiteral("; "))), this);
    paths->setWordWrap(true);
    paths->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(paths);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

} // namespace conceptlab
