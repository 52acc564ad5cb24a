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
        std::array<std::pair<int, int>, 16> taken {};
        std::size_t takenCount = 0;
        for (const UnitUse &use : t.uses) {
            int chosen = -1;
            for (int unit : use.units)
                if (calendar.isFree(unit, cycle, use.cycles)
                    && (chosen < 0
                        || demand[static_cast<std::size_t>(unit)] < demand[static_cast<std::size_t>(chosen)] - 1e-9))
                    chosen = unit;
            if (chosen < 0) {
                for (std::size_t i = 0; i < takenCount; ++i)
                    calendar.set(taken[i].first, cycle, taken[i].second, false);
                return false;
            }
            calendar.set(chosen, cycle, use.cycles, true);
            if (takenCount < taken.size())
                taken[takenCount++] = { chosen, use.cycles };
        }
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
        // The chain's instruction: the longest-latency writer of a register growing at that rate.
        int bestLatency = -1;
        for (std::size_t k = 0; k < body.size(); ++k)
            for (int w : ops[k].writes)
                if (slope[static_cast<std::size_t>(w)] >= b.latency - 1e-9 && b.latency > 0
                    && effectiveLatency(timings[k]) > bestLatency && !body[k].branch) {
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
                + std::to_string(effectiveLatency(r.timings[k])) + " cycles";
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
    int registerCount = 0;
    const auto ops = numberRegisters(body, registerCount);
    r.bounds = computeBounds(body, model);

    UnitCalendar calendar(model.units.size());
    std::vector<double> demand(model.units.size(), 0);
    for (const Timing &t : r.timings)
        for (const UnitUse &use : t.uses)
            for (int unit : use.units)
                demand[static_cast<std::size_t>(unit)]
                    += static_cast<double>(use.cycles) / static_cast<double>(use.units.size());
    std::vector<std::int64_t> regReady(static_cast<std::size_t>(registerCount), 0);
    std::vector<std::pair<int, int>> regProducer(static_cast<std::size_t>(registerCount), { -1, -1 });
    struct InFlight {
        int uops;
        std::int64_t retireCycle;
    };
    std::deque<InFlight> rob;
    int robUops = 0;
    std::int64_t dispatchCycle = 0;
    int slots = 0;
    std::int64_t lastRetire = 0;
    int retiredInLast = 0;
    std::vector<std::int64_t> iterationEnd(static_cast<std::size_t>(r.iterations), 0);
    const int width = model.dispatchWidth;

    for (int it = 0; it < r.iterations; ++it) {
        for (std::size_t k = 0; k < body.size(); ++k) {
            const Timing &t = r.timings[k];
            const int uops = std::min(std::max(t.uops, 1), width);
            if (slots + uops > width) {
                ++dispatchCycle;
                slots = 0;
            }
            while (!rob.empty() && robUops + t.uops > model.reorderBufferUops) {
                if (rob.front().retireCycle > dispatchCycle) {
                    dispatchCycle = rob.front().retireCycle;
                    slots = 0;
                }
                robUops -= rob.front().uops;
                rob.pop_front();
            }
            slots += uops;

            std::int64_t earliest = dispatchCycle + 1;
            std::pair<int, int> producer { -1, -1 };
            std::int64_t producerReady = -1;
            auto need = [&](int reg, std::int64_t at) {
                if (at > producerReady) {
                    producerReady = at;
                    producer = regProducer[static_cast<std::size_t>(reg)];
                }
                earliest = std::max(earliest, at);
            };
            if (!body[k].zeroIdiom) {
                for (int reg : ops[k].address)
                    need(reg, regReady[static_cast<std::size_t>(reg)]);
                for (int reg : ops[k].data)
                    need(reg, regReady[static_cast<std::size_t>(reg)] - t.readAdvanceCycles);
            }
            std::int64_t issue = earliest;
            if (!t.eliminated)
                while (!tryReserve(calendar, t, issue, demand))
                    ++issue;
            const std::int64_t readyAt = issue + t.latencyCycles;
            for (int reg : ops[k].writes) {
                regReady[static_cast<std::size_t>(reg)] = readyAt;
                regProducer[static_cast<std::size_t>(reg)] = { static_cast<int>(k), it };
            }
            std::int64_t retire = std::max(readyAt + 1, lastRetire);
            if (retire == lastRetire && model.retireWidth > 0 && retiredInLast >= model.retireWidth)
                ++retire;
            retiredInLast = retire == lastRetire ? retiredInLast + 1 : 1;
            lastRetire = retire;
            rob.push_back({ t.uops, retire });
            robUops += t.uops;
            if (it < timelineIterations)
                r.timeline.push_back({ it, static_cast<int>(k), dispatchCycle, issue, readyAt, retire,
                    producerReady >= dispatchCycle + 1 ? producer.first : -1,
                    producerReady >= dispatchCycle + 1 ? producer.second : -1 });
        }
        iterationEnd[static_cast<std::size_t>(it)] = lastRetire;
    }
    const int half = r.iterations / 2;
    r.cyclesPerIteration = static_cast<double>(iterationEnd.back() - iterationEnd[static_cast<std::size_t>(half - 1)])
        / (r.iterations - half);
    r.totalCycles = lastRetire + 1;
    r.unitBusyPerIteration = demand;
    r.bottleneck = describe(body, model, r);
    return r;
}

} // namespace conceptlab::unrolling
