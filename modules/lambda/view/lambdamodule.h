// The lambda plugin: parameters, sessions, the headless run and the live view.
#pragma once

#include "conceptmodule.h"
#include "core/evaluation.h"

#include <QObject>

namespace conceptlab::lambda {

/// The core settings for complete, valid values (shared by run, createSession and the view).
Settings settingsFromValues(const conceptlab::ParameterValues &values);

class LambdaModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../lambda.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    /// term, strategy, max_steps, max_size, prelude, trace (see docs/modules/lambda.md).
    conceptlab::ParameterSchema parameters() const override;
    /// A ReductionSession at step 0; throws InputError for bad values or a term that does not parse.
    std::unique_ptr<conceptlab::Session> createSession(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// A LambdaView showing the default term.
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::ParameterValues compareVariant(const conceptlab::ParameterValues &values) const override;
    /// Reduces to the end; progress is steps done / max_steps.
    conceptlab::RunResult run(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The keys of run() and of stepResults() (docs/modules/lambda.md).
    QStringList resultKeys() const override;
    /// The term at the step shown, the redex contracted to reach it and the next one.
    QJsonObject stepResults(const conceptlab::Session &session) const override;
};

} // namespace conceptlab::lambda
