// The batching plugin: schema, headless run and view factory.
#include "batchingmodule.h"

#include "batchingresult.h"
#include "batchingscenario.h"
#include "batchingview.h"

namespace conceptlab::batching {

ParameterSchema BatchingModule::parameters() const
{
    return batchingSchema();
}

ConceptView *BatchingModule::createView(QWidget *parent)
{
    return new BatchingView(parent);
}

RunResult BatchingModule::run(const ParameterValues &values, const Progress &progress)
{
    const ParameterCheck complete = batchingSchema().complete(values);
    if (!complete.ok())
        return RunResult::failure(complete.error);
    Scenario scenario = buildScenario(complete.value.toMap());
    if (!scenario.error.isEmpty())
        return RunResult::failure(scenario.error);
    const CostModel cost(scenario.model);
    Simulator simulator(cost, scenario.config, std::move(scenario.requests));
    if (!simulator.error().empty())
        return RunResult::failure(QString::fromStdString(simulator.error()));
    const bool finished = simulator.run([&](double fraction) {
        progress.report(fraction);
        return progress.isCancelled();
    });
    RunResult result;
    if (!finished) {
        result.cancelled = true;
        return result;
    }
    if (!simulator.error().empty())
        return RunResult::failure(QString::fromStdString(simulator.error()));
    const Summary summary = summarize(simulator);
    const QString policy = QString::fromLatin1(policyName(scenario.config.policy));
    result.data = summaryJson(summary, policy, scenario.presetId);
    result.summary = summaryText(summary, policy, scenario.presetId);
    result.table = requestTable(simulator);
    return result;
}

} // namespace conceptlab::batching
