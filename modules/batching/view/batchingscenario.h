// From the module's parameter values to a core scenario: the cost model (a preset with any
// constants overridden), the scheduler configuration and the workload (generated or read from
// a trace file). Shared by the headless run, createSession and the view.
#pragma once

#include "core/batchingsession.h"
#include "core/scenario.h"

#include <parameterschema.h>

#include <QList>
#include <QString>

#include <memory>

namespace conceptlab {
class WorkControl;
}

namespace conceptlab::batching {

/// The parameter that sets how many scheduler iterations one playback step runs.
inline const QString kIterationsPerStepKey = QStringLiteral("iterations_per_step");

/// The module's parameter schema (keys are documented in docs/modules/batching.md).
ParameterSchema batchingSchema();

/// Checks `input` against the schema and builds the scenario; reads the trace file if `trace`
/// is set. Throws InputError naming the parameter or the trace position.
Scenario buildScenario(const ParameterValues &input);

/// An example scenario compiled into the plugin, offered in the view.
struct BatchingExample {
    QString title; ///< shown in the view's menu
    QString path; ///< a scenario file (":/batching/…conceptlab.json"); empty: the parameters' defaults
};

/// The small default case, then the scenario resources (busy server, public benchmark).
QList<BatchingExample> batchingExamples();

/// The complete values of a batching scenario file: the schema's defaults overlaid with its
/// "params". Throws InputError naming the file and the JSON path of the first error.
ParameterValues scenarioValues(const QString &path);

/// A session at step 0 for `values` (see BatchingSession); throws InputError or Cancelled.
std::unique_ptr<BatchingSession> createBatchingSession(const ParameterValues &values, const WorkControl &control);

} // namespace conceptlab::batching
