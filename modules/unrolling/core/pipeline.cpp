// The out-of-order core simulation, the bounds and the bottleneck in words.
#include "pipeline.h"

#include "session.h"
#include "text.h"

#include <algorithm>
#include <array>
#include <deque>
#include <map>

namespace conceptlab::unrolling {

namespace {
    // Which cycles each unit is busy: one bit per cycle, grown on demand.
    class UnitCalendar {
    public:
        explicit UnitCalendar(std::size_t units)
            : m_busy(units)
        {
        }
        bool isFree(int unit, std::int64_t from, int cycles) const
        {
            const auto &bits = m_busy[static_cast<std::size_t>(unit)];
            if (cycles == 1) {
                const auto word = static_cast<std::size_t>(from >> 6);
                return word >= bits.size() || ((bits[word] >> (from & 63)) & 1U) == 0;
            }
            for (std::int64_t c = from; c < from + cycles; ++c) {
                const auto word = static_cast<std::size_t>(c >> 6);
                if (word < bits.size() && ((bits[word] >> (c & 63)) & 1U) != 0)
                    return false;
            }
            return true;
        }
        /// The first cycle from `from` on at which `unit` is free for one cycle.
        std::int64_t nextFree(int unit, std::int64_t from) const
        {
            const auto &bits = m_busy[static_cast<std::size_t>(unit)];
            auto word = static_cast<std::size_t>(from >> 6);
            if (word >= bits.size())
                return from;
            std::uint64_t free = ~bits[word] & (~std::uint64_t { 0 } << (from & 63));
            while (free == 0) {
                if (++word >= bits.size())
                    return static_cast<std::int64_t>(word) << 6;
                free = ~bits[word];
            }
            return (static_cast<std::int64_t>(word) << 6) + __builtin_ctzll(free);
        }
        void set(int unit, std::int64_t from, int cycles, bool busy)
        {
            auto &bits = m_busy[static_cast<std::size_t>(unit)];
            for (std::int64_t c = from; c < from + cycles; ++c) {
                const auto word = static_cast<std::size_t>(c >> 6);
                if (word >= bits.size())
                    bits.resize(word + 64, 0);
                const std::uint64_t mask = std::uint64_t { 1 } << (c & 63);
                bits[word] = busy ? (bits[word] | mask) : (bits[word] & ~mask);
            }
        }

    private:
        std::vector<std::vector<std::uint64_t>> m_busy;
    };

    // Registers as small integers, and each instruction's operands in them.
    struct Operands {
        std::vector<int> data; ///< registers read as data (may arrive late for a folded load)
        std::vector<int> address; ///< registers of the address (needed at issue)
        std::vector<int> writes;
    };

    std::vector<Operands> numberRegisters(const std::vector<Instruction> &body, int &count)
    {
        std::map<std::string, int> ids;
        auto id = [&ids](const std::string &name) {
            const auto [it, inserted] = ids.emplace(name, static_cast<int>(ids.size()));
            return it->second;
        };
        std::vector<Operands> out;
        for (const Instruction &ins : body) {
            Operands ops;
            for (const std::string &r : ins.reads) {
                const bool address
                    = std::find(ins.addressReads.begin(), ins.addressReads.end(), r) != ins.addressReads.end();
                (address ? ops.address : ops.data).push_back(id(r));
            }
            for (const std::string &w : ins.writes)
                ops.writes.push_back(id(w));
            out.push_back(ops);
        }
        count = static_cast<int>(ids.size());
        return out;
    }

    int effectiveLatency(const Timing &t)
    {
        return std::max(0, t.latencyCycles - t.readAdvanceCycles);
    }

    // Tries to take a unit for every use at `cycle`; on failure takes none. Of the free units
    // a use may take, it takes the one the rest of the loop needs least (`demand`), so that a
    // store address goes to p7 rather than to a load port on Skylake.
    bool tryReserve(UnitCalendar &calendar, const Timing &t, std::int64_t cycle, const std::vector<double> &demand)
    {
        constexpr std::size_t kMaxUses = 8;
        std::uint64_t taken = 0; // units chosen for earlier uses of this instruction
        std::array<int, kMaxUses> chosenUnits; // filled before use; not zeroed: this runs for every try
        const std::size_t uses = std::min(t.uses.size(), kMaxUses);
        for (std::size_t i = 0; i < uses; ++i) {
            const UnitUse &use = t.uses[i];
            int chosen = -1;
            int selfTaken = -1; // free, but chosen for an earlier use of this instruction
            for (int unit : use.units) {
                if (!calendar.isFree(unit, cycle, use.cycles))
                    continue;
                if (((taken >> unit) & 1U) != 0) {
                    selfTaken = unit;
                    continue;
                }
                if (chosen < 0
                    || demand[static_cast<std::size_t>(unit)] < demand[static_cast<std::size_t>(chosen)] - 1e-9)
                    chosen = unit;
            }
            // Two uses that can only take the same unit (an override may do that) share it.
            if (chosen < 0 && selfTaken >= 0
                && std::all_of(use.units.begin(), use.units.end(), [taken](int u) { return ((taken >> u) & 1U) != 0; }))
                chosen = selfTaken;
            if (chosen < 0)
                return false;
            taken |= std::uint64_t { 1 } << chosen;
            chosenUnits[i] = chosen;
        }
        for (std::size_t i = 0; i < uses; ++i)
            calendar.set(chosenUnits[i], cycle, t.uses[i].cycles, true);
        return true;
    }

    Bounds latencyBound(const std::vector<Instruction> &body, const std::vector<Timing> &timings,
        const std::vector<Operands> &ops, int registerCount)
    {
        constexpr int kHalf = 64;
        std::vector<std::int64_t> ready(static_cast<std::size_t>(registerCount), 0);
        std::vector<std::int64_t> atHalf;
        for (int it = 0; it < 2 * kHalf; ++it) {
            if (it == kHalf)
                atHalf = ready;
            for (std::size_t k = 0; k < body.size(); ++k) {
                const Timing &t = timings[k];
                std::int64_t start = 0;
                for (int r : ops[k].address)
                    start = std::max(start, ready[static_cast<std::size_t>(r)]);
                for (int r : ops[k].data)
                    start = std::max(start, ready[static_cast<std::size_t>(r)] - t.readAdvanceCycles);
                if (body[k].zeroIdiom)
                    start = 0;
                for (int w : ops[k].writes)
                    ready[static_cast<std::size_t>(w)] = start + t.latencyCycles;
            }
        }
        Bounds b;
        std::vector<double> slope(ready.size());
        for (std::size_t r = 0; r < ready.size(); ++r) {
            slope[r] = static_cast<double>(ready[r] - atHalf[r]) / kHalf;
            b.latency = std::max(b.latency, slope[r]);
        }
        // The chain's instruction: the longest-latency writer of a carried register (read before
        // it is written in the body) growing at that rate.
        std::vector<bool> carried(ready.size(), false);
        std::vector<bool> written(ready.size(), false);
        for (std::size_t k = 0; k < body.size(); ++k) {
            for (int r : ops[k].data)
                carried[static_cast<std::size_t>(r)]
                    = carried[static_cast<std::size_t>(r)] || !written[static_cast<std::size_t>(r)];
            for (int r : ops[k].address)
                carried[static_cast<std::size_t>(r)]
                    = carried[static_cast<std::size_t>(r)] || !written[static_cast<std::size_t>(r)];
            for (int w : ops[k].writes)
                written[static_cast<std::size_t>(w)] = true;
        }
        int bestLatency = -1;
        for (std::size_t k = 0; k < body.size(); ++k)
            for (int w : ops[k].writes)
                if (carried[static_cast<std::size_t>(w)] && slope[static_cast<std::size_t>(w)] >= b.latency - 1e-9
                    && b.latency > 0 && effectiveLatency(timings[k]) > bestLatency && !body[k].branch) {
                    bestLatency = effectiveLatency(timings[k]);
                    b.chainInstruction = static_cast<int>(k);
                }
        if (bestLatency > 0)
            b.chainLength = b.latency / bestLatency;
        return b;
    }

    void unitBound(Bounds &b, const std::vector<Timing> &timings)
    {
        std::map<std::vector<int>, double> demand; // allowed set → cycles of work per iteration
        for (const Timing &t : timings)
            for (const UnitUse &use : t.uses) {
                std::vector<int> units = use.units;
                std::sort(units.begin(), units.end());
                demand[units] += use.cycles;
            }
        std::vector<std::pair<std::vector<int>, double>> sets(demand.begin(), demand.end());
        const std::size_t n = std::min<std::size_t>(sets.size(), 14);
        for (std::uint32_t mask = 1; mask < (1U << n); ++mask) {
            std::vector<int> united;
            for (std::size_t i = 0; i < n; ++i)
                if ((mask >> i) & 1U)
                    united.insert(united.end(), sets[i].first.begin(), sets[i].first.end());
            std::sort(united.begin(), united.end());
            united.erase(std::unique(united.begin(), united.end()), united.end());
            double work = 0;
            for (const auto &[units, cycles] : sets)
                if (std::includes(united.begin(), united.end(), units.begin(), units.end()))
                    work += cycles;
            const double bound = work / static_cast<double>(united.size());
            if (bound > b.units + 1e-12 || (bound > b.units - 1e-12 && united.size() < b.busiestUnits.size())) {
                b.units = bound;
                b.busiestUnits = united;
            }
        }
    }

    std::string unitList(const CpuModel &model, const std::vector<int> &units)
    {
        std::string out;
        for (int u : units) {
            if (!out.empty())
                out += ", ";
            out += model.units[static_cast<std::size_t>(u)];
        }
        return out;
    }

    bool allLoadUnits(const CpuModel &model, const std::vector<int> &units)
    {
        return std::all_of(units.begin(), units.end(), [&model](int u) {
            const std::string &name = model.units[static_cast<std::size_t>(u)];
            return name == "p2" || name == "p3" || name.rfind("ld", 0) == 0 || name.rfind("fpld", 0) == 0;
        });
    }

    std::string describe(const std::vector<Instruction> &body, const CpuModel &model, const PipelineResult &r)
    {
        const Bounds &b = r.bounds;
        const double top = std::max({ b.latency, b.units, b.dispatch });
        const double cpi = r.cyclesPerIteration;
        std::string words;
        if (b.latency >= top - 1e-9 && b.chainInstruction >= 0) {
            const auto k = static_cast<std::size_t>(b.chainInstruction);
            words = "loop-carried dependency: " + body[k].mnemonic + " latency "
                + std::to_string(effectiveLatency(r.timings[k]))
                + (effectiveLatency(r.timings[k]) == 1 ? " cycle" : " cycles");
            if (b.chainLength > 1.01)
                words += " x " + formatNumber(b.chainLength, 3) + " in a chain per iteration";
        } else if (b.units >= top - 1e-9) {
            const std::size_t count = b.busiestUnits.size();
            if (count == 1 && model.units[static_cast<std::size_t>(b.busiestUnits.front())] == "taken-branch") {
                words = "one taken branch per cycle";
            } else if (allLoadUnits(model, b.busiestUnits)) {
                words = formatNumber(b.units * static_cast<double>(count), 4) + " loads per iteration, "
                    + std::to_string(count) + " loads per cycle (" + unitList(model, b.busiestUnits) + ")";
            } else {
                words = "execution units " + unitList(model, b.busiestUnits) + ": "
                    + formatNumber(b.units * static_cast<double>(count), 4) + " cycles of work per iteration on "
                    + std::to_string(count) + (count == 1 ? " unit" : " units");
            }
        } else {
            words = "dispatch width " + std::to_string(model.dispatchWidth) + ": " + std::to_string(r.uopsPerIteration)
                + " micro-ops per iteration";
        }
        if (cpi > top * 1.1)
            words += " (the schedule adds " + formatFixed(cpi - top, 2) + " cycles: no single limit)";
        return words;
    }

    constexpr std::int64_t kGiveUpCycles = 1'000'000;

    // Where an instruction's operand comes from: the producing body instruction in this
    // iteration (offset 0) or the previous one (offset 1), and how late the operand may be.
    struct Source {
        int producer = 0;
        int offset = 0;
        int readAdvance = 0;
    };

    // The core, one iteration at a time: dispatch in program order (width, reorder buffer),
    // issue in the order of llvm-mca's scheduler (rank = age - number of dependants, so an
    // instruction many others wait for goes first; ties: the oldest), retire in order.
    class Simulator {
    public:
        Simulator(const std::vector<Instruction> &body, const CpuModel &model, const std::vector<Timing> &timings)
            : m_body(body)
            , m_model(model)
            , m_timings(timings)
            , m_calendar(model.units.size())
            , m_demand(model.units.size(), 0)
            , m_sources(body.size())
            , m_dispatch(body.size(), 0)
            , m_issue(body.size(), 0)
            , m_ready(body.size(), 0)
            , m_previousReady(body.size(), 0)
            , m_producer(body.size(), { -1, -1 })
        {
            for (const Timing &t : timings)
                for (const UnitUse &use : t.uses)
                    for (int unit : use.units)
                        m_demand[static_cast<std::size_t>(unit)]
                            += static_cast<double>(use.cycles) / static_cast<double>(use.units.size());
            findSources();
            orderByRank();
        }

        void runIteration(int iteration, std::vector<TimelineEntry> *timeline)
        {
            dispatchIteration();
            for (std::size_t k : m_order)
                issue(k, iteration);
            retireIteration(iteration, timeline);
            m_previousReady = m_ready;
        }
        std::int64_t lastRetire() const { return m_lastRetire; }
        const std::vector<double> &demand() const { return m_demand; }

    private:
        void findSources()
        {
            std::vector<int> users(m_body.size(), 0);
            for (std::size_t k = 0; k < m_body.size(); ++k) {
                if (m_body[k].zeroIdiom)
                    continue;
                for (const std::string &reg : m_body[k].reads) {
                    const bool address = std::find(m_body[k].addressReads.begin(), m_body[k].addressReads.end(), reg)
                        != m_body[k].addressReads.end();
                    const int advance = address ? 0 : m_timings[k].readAdvanceCycles;
                    const int before = lastWriter(reg, k);
                    const int any = lastWriter(reg, m_body.size());
                    if (before >= 0)
                        m_sources[k].push_back({ before, 0, advance });
                    else if (any >= 0)
                        m_sources[k].push_back({ any, 1, advance });
                    else
                        continue;
                    ++users[static_cast<std::size_t>(m_sources[k].back().producer)];
                }
            }
            m_users = users;
        }

        int lastWriter(const std::string &reg, std::size_t before) const
        {
            for (std::size_t j = before; j-- > 0;)
                if (std::find(m_body[j].writes.begin(), m_body[j].writes.end(), reg) != m_body[j].writes.end())
                    return static_cast<int>(j);
            return -1;
        }

        // A topological order of the body (producers in the same iteration first) that takes
        // the lowest rank (index - dependants, then index) among the instructions free to go.
        void orderByRank()
        {
            const std::size_t n = m_body.size();
            std::vector<bool> placed(n, false);
            for (std::size_t step = 0; step < n; ++step) {
                std::size_t best = n;
                for (std::size_t k = 0; k < n; ++k) {
                    if (placed[k] || !producersPlaced(k, placed))
                        continue;
                    const int rank = static_cast<int>(k) - m_users[k];
                    if (best == n || rank < static_cast<int>(best) - m_users[best])
                        best = k;
                }
                placed[best] = true;
                m_order.push_back(best);
            }
        }

        bool producersPlaced(std::size_t k, const std::vector<bool> &placed) const
        {
            return std::all_of(m_sources[k].begin(), m_sources[k].end(),
                [&placed](const Source &s) { return s.offset != 0 || placed[static_cast<std::size_t>(s.producer)]; });
        }

        void dispatchIteration()
        {
            const int width = m_model.dispatchWidth;
            for (std::size_t k = 0; k < m_body.size(); ++k) {
                const Timing &t = m_timings[k];
                const int uops = std::min(std::max(t.uops, 1), width);
                if (m_slots + uops > width) {
                    ++m_dispatchCycle;
                    m_slots = 0;
                }
                while (!m_rob.empty() && m_robUops + m_pendingUops + t.uops > m_model.reorderBufferUops) {
                    if (m_rob.front().second > m_dispatchCycle) {
                        m_dispatchCycle = m_rob.front().second;
                        m_slots = 0;
                    }
                    m_robUops -= m_rob.front().first;
                    m_rob.pop_front();
                }
                m_slots += uops;
                m_pendingUops += t.uops;
                m_dispatch[k] = m_dispatchCycle;
            }
        }

        void issue(std::size_t k, int iteration)
        {
            const Timing &t = m_timings[k];
            std::int64_t earliest = m_dispatch[k] + 1;
            m_producer[k] = { -1, -1 };
            for (const Source &s : m_sources[k]) {
                const auto p = static_cast<std::size_t>(s.producer);
                const std::int64_t at = (s.offset == 0 ? m_ready[p] : m_previousReady[p]) - s.readAdvance;
                if (at > earliest) {
                    earliest = at;
                    m_producer[k] = { s.producer, iteration - s.offset };
                }
            }
            std::int64_t cycle = earliest;
            if (!t.eliminated)
                while (!tryReserve(m_calendar, t, cycle, m_demand)) {
                    cycle = nextCandidate(t, cycle + 1);
                    if (cycle - earliest > kGiveUpCycles)
                        throw InputError("the model found no unit for " + m_body[k].text());
                }
            m_issue[k] = cycle;
            m_ready[k] = cycle + t.latencyCycles;
        }

        // The first cycle from `from` on at which every use has some unit free for a cycle: no
        // earlier cycle can take the instruction (units and cycles beyond are checked by tryReserve).
        std::int64_t nextCandidate(const Timing &t, std::int64_t from) const
        {
            std::int64_t cycle = from;
            for (bool moved = true; moved;) {
                moved = false;
                for (const UnitUse &use : t.uses) {
                    std::int64_t first = -1;
                    for (int unit : use.units) {
                        const std::int64_t free = m_calendar.nextFree(unit, cycle);
                        first = first < 0 ? free : std::min(first, free);
                    }
                    if (first > cycle) {
                        cycle = first;
                        moved = true;
                    }
                }
            }
            return cycle;
        }

        void retireIteration(int iteration, std::vector<TimelineEntry> *timeline)
        {
            for (std::size_t k = 0; k < m_body.size(); ++k) {
                std::int64_t retire = std::max(m_ready[k] + 1, m_lastRetire);
                if (retire == m_lastRetire && m_model.retireWidth > 0 && m_retiredInLast >= m_model.retireWidth)
                    ++retire;
                m_retiredInLast = retire == m_lastRetire ? m_retiredInLast + 1 : 1;
                m_lastRetire = retire;
                m_rob.emplace_back(m_timings[k].uops, retire);
                m_robUops += m_timings[k].uops;
                if (timeline != nullptr)
                    timeline->push_back({ iteration, static_cast<int>(k), m_dispatch[k], m_issue[k], m_ready[k], retire,
                        m_producer[k].first, m_producer[k].second });
            }
            m_pendingUops = 0;
        }

        const std::vector<Instruction> &m_body;
        const CpuModel &m_model;
        const std::vector<Timing> &m_timings;
        UnitCalendar m_calendar;
        std::vector<double> m_demand;
        std::vector<std::vector<Source>> m_sources;
        std::vector<int> m_users;
        std::vector<std::size_t> m_order;
        std::vector<std::int64_t> m_dispatch;
        std::vector<std::int64_t> m_issue;
        std::vector<std::int64_t> m_ready;
        std::vector<std::int64_t> m_previousReady;
        std::vector<std::pair<int, int>> m_producer;
        std::deque<std::pair<int, std::int64_t>> m_rob; // uops, retire cycle of earlier iterations
        int m_robUops = 0;
        int m_pendingUops = 0; // this iteration's, not yet retired
        std::int64_t m_dispatchCycle = 0;
        int m_slots = 0;
        std::int64_t m_lastRetire = 0;
        int m_retiredInLast = 0;
    };
} // namespace

Bounds computeBounds(const std::vector<Instruction> &body, const CpuModel &model)
{
    std::vector<Timing> timings;
    int uops = 0;
    for (const Instruction &ins : body) {
        timings.push_back(timingOf(model, ins));
        uops += timings.back().uops;
    }
    int registerCount = 0;
    const auto ops = numberRegisters(body, registerCount);
    Bounds b = latencyBound(body, timings, ops, registerCount);
    unitBound(b, timings);
    b.dispatch = static_cast<double>(uops) / model.dispatchWidth;
    return b;
}

PipelineResult simulate(
    const std::vector<Instruction> &body, const CpuModel &model, int iterations, int timelineIterations)
{
    if (body.empty())
        throw InputError("the loop body is empty");
    PipelineResult r;
    r.iterations = std::max(2, iterations);
    for (const Instruction &ins : body) {
        r.timings.push_back(timingOf(model, ins));
        r.uopsPerIteration += r.timings.back().uops;
    }
    r.bounds = computeBounds(body, model);
    Simulator simulator(body, model, r.timings);
    std::vector<std::int64_t> iterationEnd(static_cast<std::size_t>(r.iterations), 0);
    for (int it = 0; it < r.iterations; ++it) {
        simulator.runIteration(it, it < timelineIterations ? &r.timeline : nullptr);
        iterationEnd[static_cast<std::size_t>(it)] = simulator.lastRetire();
    }
    const int half = r.iterations / 2;
    r.cyclesPerIteration = static_cast<double>(iterationEnd.back() - iterationEnd[static_cast<std::size_t>(half - 1)])
        / (r.iterations - half);
    r.totalCycles = simulator.lastRetire() + 1;
    r.unitBusyPerIteration = simulator.demand();
    r.bottleneck = describe(body, model, r);
    return r;
}

} // namespace conceptlab::unrolling
