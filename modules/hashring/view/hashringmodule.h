// The hashring plugin: parameters, the headless run and the live view.
#pragma once

#include "conceptmodule.h"

#include <QObject>

#include <memory>

namespace conceptlab::hashring {

struct ScenarioParameters;
class HashringSession;

/// Reads the scenario from validated parameter values (throws std::invalid_argument naming
/// the parameter on values the schema cannot catch).
ScenarioParameters scenarioFromValues(const ParameterValues &values);
/// The session at step 0 for (possibly partial) values: the one factory of createSession()
/// and the view. Throws InputError naming the parameter, Cancelled when cancelled.
std::unique_ptr<HashringSession> sessionFromValues(const ParameterValues &values, const WorkControl &control);

class HashringModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../hashring.json")
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
    conceptlab::ParameterValues compareVariant(const conceptlab::ParameterValues &values) const override;
    /// One event on all keys: the documented result keys, a summary and the per-key table.
    conceptlab::RunResult run(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The keys of run() and of stepResults() (docs/modules/hashring.md).
    QStringList resultKeys() const override;
    /// The event that led to the step shown and the cluster after it.
    QJsonObject stepResults(const conceptlab::Session &session) const override;
};

} // namespace conceptlab::hashring
