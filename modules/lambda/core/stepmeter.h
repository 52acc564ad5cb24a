// Progress and cancel for the lambda core's long runs: progress is steps done / step limit,
// mapped into a part [offset, offset + width] of a WorkControl's range (a comparison runs
// two strategies, each over half of it); cancel is the WorkControl's checkpoint.
#pragma once

#include "workcontrol.h"

#include <algorithm>
#include <cstdint>

namespace conceptlab::lambda {

/// Reports steps done against a step limit and stops the run when it is cancelled.
class StepMeter {
public:
    /// `stepLimit` steps fill [offset, offset + width] of `control`'s progress.
    StepMeter(const WorkControl &control, std::uint64_t stepLimit, double offset = 0, double width = 1)
        : m_control(control)
        , m_stepLimit(static_cast<double>(std::max<std::uint64_t>(1, stepLimit)))
        , m_offset(offset)
        , m_width(width)
    {
    }

    /// Reports `stepsDone` (of the whole run) and throws Cancelled once cancel was asked for.
    void check(std::uint64_t stepsDone) const
    {
        m_control.report(m_offset + m_width * std::min(1.0, static_cast<double>(stepsDone) / m_stepLimit));
        m_control.checkpoint();
    }
    /// The control it reports to.
    const WorkControl &control() const { return m_control; }

private:
    const WorkControl &m_control;
    double m_stepLimit;
    double m_offset;
    double m_width;
};

} // namespace conceptlab::lambda
