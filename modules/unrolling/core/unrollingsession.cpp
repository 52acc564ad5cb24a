// The unrolling session: timeline stages per cycle, status, sweep table.
#include "unrollingsession.h"

#include "text.h"

namespace conceptlab::unrolling {

namespace {
    std::string optionalNumber(const std::optional<double> &value, int digits)
    {
        return value ? formatNumber(*value, digits) : std::string();
    }
} // namespace

Stage stageAt(const TimelineEntry &entry, std::int64_t cycle)
{
    if (cycle < entry.dispatchCycle)
        return Stage::NotDispatched;
    if (cycle < entry.issueCycle)
        return Stage::Waiting;
    if (cycle < entry.readyCycle)
        return Stage::Executing;
    if (cycle < entry.retireCycle)
        return Stage::Done;
    return Stage::Retired;
}

Table sweepTable(const Analysis &analysis)
{
    Table t;
    t.header = { "unroll", "accumulators", "loop_instructions", "loop_bytes", "remainder_bytes", "cycles_per_element",
        "llvm_mca_cycles_per_element", "measured_ns_per_element", "measured_cycles_per_element",
        "overhead_instructions_per_element", "bottleneck" };
    for (const VariantResult &v : analysis.sweep) {
        t.rows.push_back({ std::to_string(v.unroll), std::to_string(v.accumulators), std::to_string(v.loopInstructions),
            std::to_string(v.loopBytes), std::to_string(v.remainderBytes), formatNumber(v.cyclesPerElement, 4),
            optionalNumber(v.llvmMcaCyclesPerElement, 4),
            v.measured ? formatNumber(v.measured->nsPerElement, 4) : std::string(),
            v.measured ? optionalNumber(v.measured->cyclesPerElement, 4) : std::string(),
            formatNumber(v.overheadInstructionsPerElement, 4), v.bottleneck });
    }
    return t;
}

std::unique_ptr<UnrollingSession> UnrollingSession::create(const RunSettings &settings, const WorkControl &control)
{
    std::unique_ptr<UnrollingSession> session(new UnrollingSession);
    session->m_analysis = std::make_shared<const Analysis>(analyse(settings, control));
    return session;
}

int UnrollingSession::stepCount() const
{
    std::int64_t last = 0;
    for (const TimelineEntry &e : m_analysis->pipeline.timeline)
        last = std::max(last, e.retireCycle);
    return static_cast<int>(last);
}

std::string UnrollingSession::statusText() const
{
    int waiting = 0;
    int executing = 0;
    int retired = 0;
    for (const TimelineEntry &e : m_analysis->pipeline.timeline) {
        const Stage s = stageAt(e, currentStep());
        waiting += s == Stage::Waiting ? 1 : 0;
        executing += s == Stage::Executing ? 1 : 0;
        retired += s == Stage::Retired ? 1 : 0;
    }
    const VariantResult &v = m_analysis->chosen;
    return "cycle " + std::to_string(currentStep()) + ": " + std::to_string(waiting) + " waiting, "
        + std::to_string(executing) + " executing, " + std::to_string(retired) + " retired · model "
        + formatNumber(v.cyclesPerElement, 3) + " cycles/element (" + v.bottleneck + ")";
}

Table UnrollingSession::currentTable() const
{
    return sweepTable(*m_analysis);
}

std::vector<std::string> UnrollingSession::highlightTargets() const
{
    std::vector<std::string> targets;
    const std::size_t n = m_analysis->code.loop.end - m_analysis->code.loop.begin;
    for (std::size_t i = 0; i < n; ++i)
        targets.push_back("instruction:" + std::to_string(i));
    if (!m_analysis->code.remainder.empty())
        targets.emplace_back("remainder");
    targets.emplace_back("chain");
    for (int u : kUnrollFactors)
        targets.push_back("unroll:" + std::to_string(u));
    return targets;
}

} // namespace conceptlab::unrolling
