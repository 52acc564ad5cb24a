// The batching plugin: parameters, sessions, the headless run and the live view.
#pragma once

#include <conceptmodule.h>

#include <QObject>

namespace conceptlab::batching {

/// The plugin's root object.
class BatchingModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../batching.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    /// The schema of batchingSchema().
    conceptlab::ParameterSchema parameters() const override;
    /// A BatchingSession at step 0 (the whole run is analysed here: may be slow).
    std::unique_ptr<conceptlab::Session> createSession(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// A new BatchingView.
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::ParameterValues compareVariant(const conceptlab::ParameterValues &values) const override;
    /// Simulates to the end: the documented result keys, request table and summary.
    conceptlab::RunResult run(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The keys of run() and of stepResults() (docs/modules/batching.md).
    QStringList resultKeys() const override;
    /// The scheduler's state at the step shown: time, sequences running and waiting, idle slots.
    QJsonObject stepResults(const conceptlab::Session &session) const override;
};

} // namespace conceptlab::batching
