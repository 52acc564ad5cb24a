// The lambda plugin: parameters, headless run and the live view.
#pragma once

#include "conceptmodule.h"

#include <QObject>

namespace conceptlab::lambda {

class LambdaModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../lambda.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    conceptlab::ParameterSchema parameters() const override;
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::RunResult run(const conceptlab::ParameterValues &values, const conceptlab::Progress &progress) override;
};

} // namespace conceptlab::lambda
