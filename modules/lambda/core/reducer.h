// One β-contraction per step under a chosen strategy. The redex is found by following
// cached flags down from the root (no whole-term walks) and the path to it is rebuilt
// persistently; arguments are shared, never copied, when they have no free indices.
#pragma once

#include "term.h"

#include <array>
#include <string>
#include <vector>

namespace conceptlab::lambda {

enum class Strategy {
    Normal, ///< leftmost-outermost, to full normal form
    Applicative, ///< leftmost-innermost, to full normal form (under λ too)
    CallByName, ///< head spine only, to weak head normal form
    CallByValue, ///< arguments first, no reduction under λ
    CallByNeed, ///< call-by-name with shared arguments, each evaluated at most once
};

/// Every strategy, in the order every control and the parameter's choices list them.
inline constexpr std::array<Strategy, 5> kAllStrategies
    = { Strategy::Normal, Strategy::Applicative, Strategy::CallByName, Strategy::CallByValue, Strategy::CallByNeed };

/// "normal", "applicative", "cbn", "cbv", "need".
const char *strategyKey(Strategy s);
bool strategyFromKey(const std::string &key, Strategy &out);
/// True for the strategies that stop at weak head normal form.
bool isWeak(Strategy s);

/// What one step did, for explanations and highlighting.
struct StepInfo {
    std::vector<std::uint8_t> path; ///< from the root to the redex: 0 = function/body, 1 = argument
    bool inCell = false; ///< call-by-need: the redex was inside a shared argument
    std::uint32_t cell = 0; ///< that argument's cell index (shown 1-based)
    bool newCell = false; ///< call-by-need: the argument became a shared cell
    std::uint32_t newCellIndex = 0;
    std::string redex; ///< the contracted redex, printed (when explaining)
    std::string explanation; ///< one English line (when explaining)
    std::vector<std::string> renames; ///< "y → y'" for binders renamed to avoid capture
};

class Reducer {
public:
    Reducer(Graph &graph, NodeId root, Strategy strategy);

    /// Performs one contraction; false when there is no redex left for this strategy.
    /// With `info`, fills in where the redex was and (when `explain`) a description.
    bool step(StepInfo *info = nullptr, bool explain = false);
    /// True when a redex remains (without contracting it).
    bool hasRedex();
    /// The path to the next redex (see StepInfo::path); false when there is none.
    /// `inCell` tells that it lies inside a shared argument rather than in the printed term.
    bool nextRedex(std::vector<std::uint8_t> &path, bool &inCell);

    NodeId root() const { return m_root; }
    /// Nodes and height of the current term (looking into shared cells).
    std::pair<std::uint64_t, std::uint32_t> extent() const { return m_g.treeExtent(m_root); }
    std::uint64_t steps() const { return m_steps; }
    Strategy strategy() const { return m_strategy; }
    /// Largest arena size seen, in nodes.
    std::size_t peakNodes() const { return m_peakNodes; }

private:
    NodeId findRedex();
    NodeId findNeedRedex();
    NodeId contract(NodeId redex, StepInfo *info);
    void describe(NodeId redex, NodeId argumentUsed, StepInfo &info);
    void maybeCollect();

    Graph &m_g;
    NodeId m_root;
    Strategy m_strategy;
    std::uint64_t m_steps = 0;
    std::vector<std::pair<NodeId, std::uint8_t>> m_path;
    int m_frameCell = -1; // call-by-need: the cell the redex is in, or -1 for the main term
    std::size_t m_gcThreshold = kMinCollect;
    static constexpr std::size_t kMinCollect = std::size_t { 1 } << 16;
    std::size_t m_peakNodes = 0;
};

} // namespace conceptlab::lambda
