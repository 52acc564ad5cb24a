// The hashring session: the script it steps through, exact step back, reset, the CSV table,
// highlight targets, user events branching the script, and the charts' comparisons.
#include "core/hashringsession.h"
#include "core/remapsimulation.h"

#include "../../support/hashringfixtures.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace conceptlab;
using namespace conceptlab::hashring;

namespace {
using fixtures::md5Ring;

std::unique_ptr<HashringSession> build(const ScenarioParameters &s)
{
    return HashringSession::create(s, WorkControl());
}

std::vector<std::string> names(const std::vector<Node> &nodes)
{
    std::vector<std::string> out;
    for (const Node &node : nodes)
        out.push_back(node.name);
    return out;
}

std::int64_t movedRows(const Table &table)
{
    return std::count_if(table.rows.begin(), table.rows.end(), [](const auto &row) { return row[1] != row[2]; });
}
} // namespace

TEST(HashringSession, StepsThroughTheScript)
{
    auto session = build(md5Ring());
    EXPECT_EQ(session->currentStep(), 0);
    EXPECT_FALSE(session->atEnd());
    // By hand from scriptedEvents: the parameters' join, a join, node0 leaves, a double-weight
    // join, node1's weight doubles, the first joiner leaves, another join; joiners take the
    // lowest name never used in the script.
    std::vector<std::string> labels;
    for (const Event &event : session->events())
        labels.push_back(eventLabel(event));
    EXPECT_EQ(labels,
        (std::vector<std::string> {
            "+node4", "+node5", "\u2212node0", "+node6", "node1 w=2", "\u2212node5", "+node7" }));
    // Step 0: the starting counts of the reference script.
    EXPECT_EQ(session->snapshot().state->counts, (std::vector<std::int64_t> { 189, 335, 240, 236 }));
    EXPECT_EQ(session->snapshot().previous, nullptr);
    ASSERT_TRUE(session->stepForward());
    const HashringSnapshot one = session->snapshot();
    EXPECT_EQ(one.step, 1);
    EXPECT_EQ(one.stepCount, 7);
    EXPECT_EQ(one.state->counts, (std::vector<std::int64_t> { 162, 235, 171, 236, 196 }));
    EXPECT_EQ(one.state->moved, 196);
    EXPECT_EQ(session->statusText(), "+node4 · 196 keys moved (19.6%), ideal 20.0%, mod n 80.4%");
    int steps = 1;
    while (session->stepForward())
        ++steps;
    EXPECT_EQ(steps, 7);
    EXPECT_TRUE(session->atEnd());
    EXPECT_EQ(names(session->snapshot().state->nodes),
        (std::vector<std::string> { "node1", "node2", "node3", "node4", "node6", "node7" }));
    EXPECT_DOUBLE_EQ(session->snapshot().state->nodes[0].weight, 2.0);
}

TEST(HashringSession, StepBackIsExactAndResetReturnsToStart)
{
    auto session = build(md5Ring());
    const auto start = session->snapshot().state;
    ASSERT_TRUE(session->stepForward());
    ASSERT_TRUE(session->stepForward());
    const auto two = session->snapshot().state;
    const std::vector<std::int32_t> ownersTwo = two->owners;
    ASSERT_TRUE(session->stepForward());
    EXPECT_NE(session->snapshot().state->owners, ownersTwo); // node0 left: keys moved
    ASSERT_TRUE(session->stepBackward());
    EXPECT_EQ(session->currentStep(), 2);
    EXPECT_EQ(session->snapshot().state, two);
    EXPECT_EQ(session->snapshot().state->owners, ownersTwo);
    session->reset();
    EXPECT_EQ(session->currentStep(), 0);
    EXPECT_EQ(session->snapshot().state, start);
    EXPECT_FALSE(session->stepBackward());
    EXPECT_EQ(session->currentStep(), 0);
}

TEST(HashringSession, TableComparesWithTheStepBefore)
{
    auto session = build(md5Ring());
    Table table = session->currentTable();
    EXPECT_EQ(table.header, (std::vector<std::string> { "key", "owner_before", "owner_after" }));
    ASSERT_EQ(table.rows.size(), 1000u);
    EXPECT_EQ(movedRows(table), 0);
    session->stepForward();
    table = session->currentTable();
    ASSERT_EQ(table.rows.size(), 1000u);
    EXPECT_EQ(table.rows[0][0], "key0");
    EXPECT_EQ(table.rows[999][0], "key999");
    EXPECT_EQ(movedRows(table), 196);
    // Every moved key went to the joiner.
    for (const auto &row : table.rows) {
        if (row[1] != row[2]) {
            EXPECT_EQ(row[2], "node4");
        }
    }
}

TEST(HashringSession, SnapshotListsTheKeysMovedAtTheStep)
{
    auto session = build(md5Ring());
    ASSERT_NE(session->snapshot().movedKeys, nullptr);
    EXPECT_TRUE(session->snapshot().movedKeys->empty()); // step 0: no event yet
    for (int step = 1; session->stepForward(); ++step) {
        const HashringSnapshot snapshot = session->snapshot();
        const Table table = session->currentTable();
        // Exactly the rows of the CSV whose owner changed, in key order.
        std::vector<std::uint32_t> expected;
        for (std::size_t k = 0; k < table.rows.size(); ++k)
            if (table.rows[k][1] != table.rows[k][2])
                expected.push_back(static_cast<std::uint32_t>(k));
        EXPECT_EQ(*snapshot.movedKeys, expected) << step;
        EXPECT_EQ(static_cast<std::int64_t>(snapshot.movedKeys->size()), snapshot.state->moved) << step;
    }
    session->reset();
    session->stepForward();
    // The reference script's join: 196 keys, all now on node4.
    ASSERT_EQ(session->snapshot().movedKeys->size(), 196u);
    for (std::uint32_t k : *session->snapshot().movedKeys)
        EXPECT_EQ(session->snapshot().state->nodes[static_cast<std::size_t>(session->snapshot().state->owners[k])].name,
            "node4");
}

TEST(HashringSession, HighlightTargetsNameNodesAndKeys)
{
    auto session = build(md5Ring());
    auto targets = session->highlightTargets();
    ASSERT_EQ(targets.size(), 4u + 1000u);
    EXPECT_EQ(targets[0], "node:node0");
    EXPECT_EQ(targets[3], "node:node3");
    EXPECT_EQ(targets[4], "key:key0");
    EXPECT_EQ(targets.back(), "key:key999");
    session->stepForward();
    targets = session->highlightTargets();
    EXPECT_NE(std::find(targets.begin(), targets.end(), "node:node4"), targets.end());
    EXPECT_EQ(session->keyIndex("key12"), 12);
    EXPECT_EQ(session->keyIndex("key999"), 999);
    EXPECT_EQ(session->keyIndex("key1000"), -1);
    EXPECT_EQ(session->keyIndex("key012"), -1);
    EXPECT_EQ(session->keyIndex("key-1"), -1);
    EXPECT_EQ(session->keyIndex("kex1"), -1);
    ScenarioParameters many = md5Ring();
    many.keyCount = HashringSession::kMaxKeyTargets + 1;
    EXPECT_EQ(build(many)->highlightTargets().size(), 4u); // nodes only
}

TEST(HashringSession, UserEventReplacesTheRestOfTheScript)
{
    auto session = build(md5Ring());
    session->stepForward();
    const auto one = session->snapshot().state;
    // node4 joined: the next free name is node5 (the dropped rest of the script planned a
    // node5 too; it never happens, so the name is free).
    const Event join = session->joinEvent();
    EXPECT_EQ(join.kind, EventKind::Add);
    EXPECT_EQ(join.node, "node5");
    EXPECT_DOUBLE_EQ(join.weight, 1.0);
    auto branch = session->withEvent(join, WorkControl());
    EXPECT_EQ(branch->currentStep(), 2);
    EXPECT_TRUE(branch->atEnd());
    ASSERT_EQ(branch->events().size(), 2u);
    EXPECT_EQ(eventLabel(branch->events()[1]), "+node5");
    EXPECT_EQ(branch->snapshot().state->nodes.size(), 6u);
    EXPECT_EQ(branch->strategyMoves().labels, (std::vector<std::string> { "+node4", "+node5" }));
    // Every name keeps one colour: the names stay unique.
    std::vector<std::string> colours = branch->nodeNames();
    std::sort(colours.begin(), colours.end());
    EXPECT_EQ(std::adjacent_find(colours.begin(), colours.end()), colours.end());
    // Another join on the branch: node6; a name that left earlier is not reused.
    EXPECT_EQ(branch->joinEvent().node, "node6");
    auto leave = session->withEvent(session->nodeEvent("node0", NodeAction::Leave), WorkControl());
    EXPECT_EQ(leave->joinEvent().node, "node5"); // node0 left at step 2; node0..node4 were all in use
    ASSERT_TRUE(branch->stepBackward());
    EXPECT_EQ(branch->snapshot().state, one); // the states before the event are kept
    // The session it came from is unchanged.
    EXPECT_EQ(session->currentStep(), 1);
    EXPECT_EQ(session->events().size(), 7u);

    const Event halve = session->nodeEvent("node2", NodeAction::HalveWeight);
    EXPECT_EQ(halve.kind, EventKind::Reweight);
    EXPECT_DOUBLE_EQ(halve.weight, 0.5);
    EXPECT_EQ(session->nodeEvent("node3", NodeAction::Leave).kind, EventKind::Remove);
    EXPECT_THROW(session->nodeEvent("nope", NodeAction::DoubleWeight), InputError);
}

TEST(HashringSession, FreeNodeNameIsTheFirstUnusedNumber)
{
    EXPECT_EQ(freeNodeName({}), "node0");
    EXPECT_EQ(freeNodeName({ "node0", "node1", "node2", "node3", "node4", "node5" }), "node6");
    EXPECT_EQ(freeNodeName({ "node5", "node0", "node4", "node1", "node3", "node2" }), "node6"); // any order
    EXPECT_EQ(freeNodeName({ "node0", "node2" }), "node1"); // the first gap
    EXPECT_EQ(freeNodeName({ "a", "b", "node00" }), "node0"); // other spellings are other names
}

TEST(HashringSession, TheOnlyNodeCannotLeave)
{
    ScenarioParameters s = md5Ring();
    s.nodeCount = 1;
    auto session = build(s);
    try {
        session->nodeEvent("node0", NodeAction::Leave);
        FAIL() << "no error";
    } catch (const InputError &error) {
        EXPECT_EQ(error.message(), "event_node: cannot remove 'node0', the only node");
    }
}

TEST(HashringSession, BadParametersAreInputErrorsNamingTheParameter)
{
    ScenarioParameters s = md5Ring();
    s.nodeNames = "a,b,a";
    try {
        build(s);
        FAIL() << "no error";
    } catch (const InputError &error) {
        EXPECT_EQ(error.message().rfind("node_names:", 0), 0u) << error.message();
    }
    s = md5Ring();
    s.keyCount = 0;
    EXPECT_THROW(build(s), InputError);
}

TEST(HashringSession, CancelledBuildThrowsCancelled)
{
    WorkControl control;
    control.cancel();
    EXPECT_THROW(HashringSession::create(md5Ring(), control), Cancelled);
}

TEST(HashringSession, ReportsProgressUpToOne)
{
    double last = -1;
    bool increasing = true;
    const WorkControl control([&](double fraction, std::string_view) {
        increasing = increasing && fraction >= last;
        last = fraction;
    });
    HashringSession::create(md5Ring(), control);
    EXPECT_TRUE(increasing);
    EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(HashringStrategyMoves, MatchesTheOneEventComparisonForEveryEvent)
{
    const ScenarioParameters s = md5Ring();
    auto session = build(s);
    const StrategyMoves &moves = session->strategyMoves();
    const KeySet &keys = *session->snapshot().keys;
    std::vector<Node> nodes = session->snapshot().state->nodes;
    ASSERT_EQ(moves.fractions.size(), session->events().size());
    for (std::size_t e = 0; e < session->events().size(); ++e) {
        const Event &event = session->events()[e];
        EXPECT_EQ(moves.fractions[e], movedFractionByStrategy(s.placement, keys, nodes, event)) << e;
        EXPECT_DOUBLE_EQ(moves.ideal[e], idealFraction(nodes, event));
        nodes = applyEvent(nodes, event);
    }
    // The first event is the headless scenario: the reference script's 196 moves on the ring
    // and 804 for hash mod n.
    const auto &strategies = allStrategies();
    const auto column = [&](Strategy strategy) {
        return static_cast<std::size_t>(std::find(strategies.begin(), strategies.end(), strategy) - strategies.begin());
    };
    EXPECT_DOUBLE_EQ(moves.fractions[0][column(Strategy::Ring)], 0.196);
    EXPECT_DOUBLE_EQ(moves.fractions[0][column(Strategy::Modulo)], 0.804);
    EXPECT_DOUBLE_EQ(moves.ideal[0], 0.2);
}

TEST(HashringStrategyMoves, EventLabels)
{
    EXPECT_EQ(eventLabel({ EventKind::Add, "a", 1 }), "+a");
    EXPECT_EQ(eventLabel({ EventKind::Remove, "b", 1 }), "\u2212b");
    EXPECT_EQ(eventLabel({ EventKind::Reweight, "c", 1.0 / 3 }), "c w=0.333");
    EXPECT_EQ(eventLabel({ EventKind::Reweight, "c", 1500 }), "c w=1.5e+03");
    EXPECT_EQ(eventLabel({}), "start");
}

TEST(HashringEnumNames, OneTablePerEnum)
{
    EXPECT_EQ(kStrategyNames.parse("maglev"), Strategy::Maglev);
    EXPECT_EQ(kStrategyNames.name(Strategy::Bounded), "bounded");
    EXPECT_EQ(allStrategies().size(), 7u);
    EXPECT_EQ(allStrategies().front(), Strategy::Modulo);
    EXPECT_EQ(kEventKindNames.parse("reweight"), EventKind::Reweight);
    EXPECT_EQ(kEventKindNames.name(EventKind::None), "none");
    EXPECT_FALSE(kEventKindNames.parse("join"));
    EXPECT_EQ(kHashFunctionNames.allowed(), "xxh64, md5 or fnv1a");
}
