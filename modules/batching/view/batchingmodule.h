// The batching plugin: parameters, the headless run and the live view.
#pragma once

#include <conceptmodule.h>

#include <QObject>

namespace conceptlab::batching {

class BatchingModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../batching.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    conceptlab::ParameterSchema parameters() const override;
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::RunResult run(const conceptlab::ParameterValues &values, const conceptlab::Progress &progress) override;
};

} // namespace conceptlab::batching
