// "About modules": every module found, every plugin that could not be used with the
// reason, and the folders searched.
#pragma once

#include <QDialog>

namespace conceptlab {

class ModuleRegistry;

class AboutModulesDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutModulesDialog(const ModuleRegistry &registry, QWidget *parent = nullptr);
};

} // namespace conceptlab
