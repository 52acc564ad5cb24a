// The graphcapture plugin: parameters, sessions, the headless run and the live view.
#pragma once

#include "conceptmodule.h"
#include "core/analysis.h"

#include <QJsonValue>
#include <QObject>

namespace conceptlab::graphcapture {

/// Example program names (file stems under :/graphcapture/), in menu order.
QStringList exampleNames();
/// The source of an example ("" when unknown).
QString exampleSource(const QString &name);
/// The result document as Qt JSON (the shell's RunResult::data); objects sort their keys.
QJsonValue toQJson(const Json &json);
/// The analysis the parameters ask for: the example's source (or the program), the inputs,
/// the check inputs and the step limit.
AnalysisRequest analysisRequest(const ParameterValues &values);

class GraphCaptureModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../graphcapture.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    /// example, program, inputs, check_inputs, step_limit (docs/modules/graphcapture.md).
    conceptlab::ParameterSchema parameters() const override;
    /// The analysis of the program, at step 0 of the trace playback.
    std::unique_ptr<conceptlab::Session> createSession(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// A GraphCaptureView.
    conceptlab::ConceptView *createView(QWidget *parent) override;
    /// The result document of the analysis (eager, trace, script, check).
    conceptlab::RunResult run(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The keys of run() and of stepResults() (docs/modules/graphcapture.md).
    QStringList resultKeys() const override;
    /// The playback of the trace at the step shown: ops recorded so far and the latest one.
    QJsonObject stepResults(const conceptlab::Session &session) const override;
};

} // namespace conceptlab::graphcapture
