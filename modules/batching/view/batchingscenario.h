// From the module's parameter values to a core scenario: the cost model (a preset with
// any constants overridden), the scheduler configuration and the workload (generated or
// read from a trace file). Shared by the headless run and the view.
#pragma once

#include "core/costmodel.h"
#include "core/simulator.h"
#include "core/workload.h"

#include <parameterschema.h>

#include <QString>

namespace conceptlab::batching {

struct Scenario {
    HardwareModel model;
    SchedulerConfig config;
    std::vector<Request> requests;
    QString presetId;
    QString error; ///< non-empty: bad input, naming the parameter or the trace position
};

/// The module's parameter schema (keys are documented in docs/modules/batching.md).
ParameterSchema batchingSchema();

/// Builds the scenario; reads the trace file if `trace` is set.
Scenario buildScenario(const ParameterValues &values);

/// Policy enum values in the order of the schema.
Policy policyFromText(const QString &text);

} // namespace conceptlab::batching
