// The unrolling plugin: parameters, the headless run and the live view.
#pragma once

#include "conceptmodule.h"

#include <QObject>

#include <memory>

namespace conceptlab::unrolling {

struct RunSettings;
struct Analysis;
class UnrollingSession;

/// Reads the run settings from complete, valid values; throws InputError naming the parameter
/// for values the schema cannot catch (unroll and accumulators not compiled, bad overrides).
RunSettings settingsFromValues(const ParameterValues &values);
/// The session at step 0 for (possibly partial) values: the one factory of createSession()
/// and the view. Throws InputError naming the parameter, Cancelled when cancelled.
std::unique_ptr<UnrollingSession> sessionFromValues(const ParameterValues &values, const WorkControl &control);
/// The documented result keys of an analysis.
QJsonObject resultData(const Analysis &analysis);

class UnrollingModule : public QObject, public conceptlab::ConceptModule {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ConceptModule_iid FILE "../unrolling.json")
    Q_INTERFACES(conceptlab::ConceptModule)
public:
    /// The parameters (the same for every instance).
    static conceptlab::ParameterSchema schema();
    conceptlab::ParameterSchema parameters() const override { return schema(); }
    /// A session at step 0 (see sessionFromValues).
    std::unique_ptr<conceptlab::Session> createSession(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The live view, showing the default parameters.
    conceptlab::ConceptView *createView(QWidget *parent) override;
    conceptlab::ParameterValues compareVariant(const conceptlab::ParameterValues &values) const override;
    /// The whole run: the documented result keys, a summary and one CSV row per unroll x accumulators.
    conceptlab::RunResult run(
        const conceptlab::ParameterValues &values, const conceptlab::WorkControl &control) override;
    /// The keys of run() and of stepResults() (docs/modules/unrolling.md).
    QStringList resultKeys() const override;
    /// The pipeline at the cycle shown: instructions waiting, executing and retired.
    QJsonObject stepResults(const conceptlab::Session &session) const override;
};

} // namespace conceptlab::unrolling
