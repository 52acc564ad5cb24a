// From the module's parameter values to a core scenario: the cost model (a preset with any
// constants overridden), the scheduler configuration and the workload (generated or read from
// a trace file). Shared by the headless run, createSession and the view.
#pragma once

#include "core/batchingsession.h"
#include "core/scenario.h"

#include <parameterschema.h>

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

/// A session at step 0 for `values` (see BatchingSession); throws InputError or Cancelled.
std::unique_ptr<BatchingSession> createBatchingSession(const ParameterValues &values, const WorkControl &control);

} // namespace conceptlab::batching
