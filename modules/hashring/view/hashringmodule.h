// The hashring plugin: parameters, the headless run and the live view.
#pragma once

#include "conceptmodule.h"

#include <QObject>

namespace conceptlab::hashring {

struct ScenarioParameters;

/// Reads the scenario from validated parameter values (throws std::invalid_argument naming
/// the parameter on values the schema cannot catch).
ScenarioParameters scenarioFromValues(const ParameterValues &values);

class HashringModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../hashring.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    conceptlab::ParameterSchema parameters() const override;
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::RunResult run(const conceptlab::ParameterValues &values, const conceptlab::Progress &progress) override;
};

} // namespace conceptlab::hashring
