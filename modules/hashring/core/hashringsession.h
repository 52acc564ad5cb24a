// The live simulation of the hashring module: the scripted sequence of joins and leaves the
// playback bar steps through, every state along it (precomputed when the session is built),
// and the comparisons behind the view's charts. Plain C++; the view draws snapshot().
#pragma once

#include "session.h"
#include "timeline.h"
#include "workcontrol.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace conceptlab::hashring {

/// What the view draws at one step; everything is shared and immutable.
struct HashringSnapshot {
    std::shared_ptr<const KeySet> keys; ///< the keys the session works on (at most kMaxViewKeys)
    std::shared_ptr<const TimelineState> state; ///< the cluster now
    std::shared_ptr<const TimelineState> previous; ///< the cluster one step before; null at step 0
    /// The keys (indices, ascending) whose owner changed at this step's event: the view marks
    /// them until the next step; empty at step 0. Shares the state's storage.
    std::shared_ptr<const std::vector<std::uint32_t>> movedKeys;
    Strategy strategy = Strategy::Ring;
    int step = 0; ///< events applied so far
    int stepCount = 0; ///< events in the script
};

/// What a click on a node asks for.
enum class NodeAction { Leave, DoubleWeight, HalveWeight };

class HashringSession : public IndexedSession {
public:
    /// The session works on at most this many keys (the first ones); the headless run takes all.
    static constexpr std::int64_t kMaxViewKeys = 1'000'000;
    /// Virtual-node counts of the load-balance sweep.
    static const std::vector<int> &sweepVirtualNodes();

    /// Builds the session at step 0: hashes the keys, resolves the script and computes every
    /// state and the charts' comparisons. Slow for many keys (run it off the GUI thread).
    /// Throws InputError naming the parameter, Cancelled when cancelled.
    static std::unique_ptr<HashringSession> create(const ScenarioParameters &parameters, const WorkControl &control);

    int stepCount() const override { return static_cast<int>(m_events.size()); }
    /// The last event and its moves against the ideal and mod n, e.g. "+node5 · 196 keys moved (19.6%), …".
    std::string statusText() const override;
    /// key, owner_before, owner_after: the current step against the step before it.
    Table currentTable() const override;
    /// "node:<name>" for every node now; "key:<name>" for every key when there are at most
    /// kMaxKeyTargets keys.
    std::vector<std::string> highlightTargets() const override;
    /// Above this many keys, highlightTargets() lists no keys (any key name still works).
    static constexpr std::int64_t kMaxKeyTargets = 10'000;

    /// The current step, for drawing.
    HashringSnapshot snapshot() const;
    /// The parameters the session was built from.
    const ScenarioParameters &parameters() const { return m_parameters; }
    /// The events of the script, in order (step k shows the state after the first k).
    const std::vector<Event> &events() const { return m_events; }
    /// Every node name of the script in order of appearance (stable colours across steps).
    const std::vector<std::string> &nodeNames() const { return m_nodeNames; }
    /// Load balance against virtual nodes per node, on the starting nodes at weight 1.
    const std::vector<SweepPoint> &sweep() const { return *m_sweep; }
    /// Keys moved by each event of the script, for every strategy.
    const StrategyMoves &strategyMoves() const { return *m_strategyMoves; }
    /// The same, shared: a new pointer means new comparisons (the view redraws its charts).
    const std::shared_ptr<const StrategyMoves> &sharedStrategyMoves() const { return m_strategyMoves; }
    /// Index of a key named `name` among the session's keys, or -1.
    std::int64_t keyIndex(const std::string &name) const;

    /// The event a user's "Add a node" means now: a node with the next free name (freeNodeName
    /// of the nodes up to the current step: node6 after node0..node5) and the current nodes'
    /// mean weight joins.
    Event joinEvent() const;
    /// The event a click on `node` means now. Throws InputError (e.g. the only node cannot leave).
    Event nodeEvent(const std::string &node, NodeAction action) const;
    /// This session with `event` happening after the current step instead of the rest of the
    /// script, at the step after it. Computes the new state and the charts again: run it off
    /// the GUI thread. Throws InputError when the event cannot apply, Cancelled when cancelled.
    std::unique_ptr<HashringSession> withEvent(const Event &event, const WorkControl &control) const;

private:
    HashringSession() = default;
    void computeStates(std::size_t from, const WorkControl &control, double start, double end);
    void collectNames();

    ScenarioParameters m_parameters;
    std::shared_ptr<const KeySet> m_keys;
    std::vector<Event> m_events;
    std::vector<std::shared_ptr<const TimelineState>> m_states; // m_states[k]: after k events
    std::vector<std::string> m_nodeNames;
    std::shared_ptr<const std::vector<SweepPoint>> m_sweep;
    std::shared_ptr<const StrategyMoves> m_strategyMoves;
};

} // namespace conceptlab::hashring
