// Runs a strategy to its end on a mutable tree (de Bruijn indices in a compact arena with a
// free list), continuing from the position of each contraction instead of searching from the
// root again. It performs exactly the contractions Reducer performs, in the same order; it
// just keeps no history. Used for long runs and benchmarks.
#pragma once

#include "reducer.h"
#include "stepmeter.h"

namespace conceptlab::lambda {

class FastReducer {
public:
    /// How a run ended (a cancelled run throws Cancelled instead).
    enum class End { Final, StepLimit, SizeLimit };

    /// Copies `root` (names expanded) out of `g`. Call-by-need is not supported here.
    FastReducer(const Graph &g, NodeId root, Strategy strategy);

    /// Reduces until the strategy's final form or a limit; `steps()` counts contractions.
    /// With `meter`, reports `stepsBefore + steps()` now and then and stops (throwing
    /// Cancelled) when the work is cancelled.
    End run(
        std::uint64_t maxSteps, std::uint64_t maxSize, const StepMeter *meter = nullptr, std::uint64_t stepsBefore = 0);

    std::uint64_t steps() const { return m_steps; }
    std::size_t size() const { return m_live; }
    std::size_t peakNodes() const { return m_peak; }
    /// Builds the current term in `g`; kNoNode when it is deeper than kMaxHeight.
    NodeId readBack(Graph &g) const;

private:
    struct FNode {
        Kind kind;
        std::uint32_t a;
        std::uint32_t b;
        std::uint32_t maxFree; // an upper bound of 1 + the largest free index (exact when built)
    };
    std::uint32_t bound(Kind kind, std::uint32_t a, std::uint32_t b) const;
    void refresh(std::uint32_t id) { m_nodes[id].maxFree = bound(m_nodes[id].kind, m_nodes[id].a, m_nodes[id].b); }
    struct Stop {
        End end;
    };
    /// Where a subterm hangs: child `which` (0 = a, 1 = b) of `parent`, or the root.
    struct Slot {
        std::uint32_t parent;
        std::uint8_t which;
    };
    static constexpr std::uint32_t kRootParent = 0xffffffffu;
    std::uint32_t &at(Slot s)
    {
        return s.parent == kRootParent ? m_root : (s.which ? m_nodes[s.parent].b : m_nodes[s.parent].a);
    }
    std::uint32_t countOccurrences(std::uint32_t id, std::uint32_t k, std::uint32_t depth);
    void shiftInPlace(std::uint32_t id, std::uint32_t by, std::uint32_t cutoff, std::uint32_t depth);

    std::uint32_t alloc(Kind kind, std::uint32_t a, std::uint32_t b);
    void release(std::uint32_t id);
    std::uint32_t copyIn(const Graph &g, NodeId id);
    std::uint32_t copyShifted(std::uint32_t id, std::uint32_t by, std::uint32_t cutoff, std::uint32_t depth);
    void substitute(Slot slot, std::uint32_t k, std::uint32_t argument, std::uint32_t depth);
    void contract(Slot slot, std::uint32_t depth);
    void beforeContraction();
    /// What the weak strategies do with an argument before contracting: call-by-name leaves
    /// it, call-by-value reduces it to weak head normal form.
    enum class Arguments { Untouched, Evaluated };
    void weakHeadForm(Slot slot, std::uint32_t depth, Arguments arguments);
    void fullNormalForm(Slot slot, std::uint32_t depth); // normal and applicative order
    NodeId readBackAt(Graph &g, std::uint32_t id, std::uint32_t depth) const;

    std::vector<FNode> m_nodes;
    std::vector<std::uint32_t> m_free;
    std::vector<std::uint32_t> m_stack;
    std::uint32_t m_root = 0;
    Strategy m_strategy;
    std::uint64_t m_steps = 0;
    std::uint64_t m_maxSteps = 0;
    std::uint64_t m_maxSize = 0;
    std::uint32_t m_remaining = 0; // occurrences still to fill in the current substitution
    std::size_t m_live = 0;
    std::size_t m_peak = 0;
    const StepMeter *m_meter = nullptr;
    std::uint64_t m_stepsBefore = 0;
};

} // namespace conceptlab::lambda
