// The underflow plugin: parameters, the headless run and the live view.
#pragma once

#include "conceptmodule.h"

#include <QObject>

#include <memory>

namespace conceptlab::underflow {

struct RunSettings;
class UnderflowSession;

/// Reads the run settings from complete, valid parameter values; throws InputError naming the
/// parameter for values the schema cannot catch (formats, logits).
RunSettings settingsFromValues(const ParameterValues &values);
/// The session at step 0 for (possibly partial) values: the one factory of createSession()
/// and the view. Throws InputError naming the parameter, Cancelled when cancelled.
std::unique_ptr<UnderflowSession> sessionFromValues(const ParameterValues &values, const WorkControl &control);
/// The documented result keys of a session's whole run (formats, exact, logsumexp, softmax).
QJsonObject resultData(const UnderflowSession &session);

class UnderflowModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../underflow.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    /// The parameters (the same for every instance).
    static conceptlab::ParameterSchema schema();
    /// The parameters, with defaults, ranges and units.
    conceptlab::ParameterSchema parameters() const override { return schema(); }
    /// A session at step 0 (see sessionFromValues).
    std::unique_ptr<conceptlab::Session> createSession(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The live view, showing the default parameters.
    conceptlab::ConceptView *createView(QWidget *parent) override;
    /// The whole run: the documented result keys, a summary and one CSV row per step.
    conceptlab::RunResult run(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The keys of run() and of stepResults() (docs/modules/underflow.md).
    QStringList resultKeys() const override;
    /// The product in every shown format at the step shown.
    QJsonObject stepResults(const conceptlab::Session &session) const override;
};

} // namespace conceptlab::underflow
