// Scenario results: exact counts from an independent reference script, event defaults,
// ideal fractions and errors that name the parameter.
#include "core/remapsimulation.h"

#include "../../support/hashringfixtures.h"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <string>

using namespace conceptlab::hashring;

namespace {
using fixtures::md5Ring;

std::string errorOf(const ScenarioParameters &s)
{
    try {
        runScenario(s);
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return {};
}
} // namespace

TEST(HashringScenario, RingAddMatchesReferenceScript)
{
    const auto out = runScenario(md5Ring());
    EXPECT_EQ(out.event.node, "node4");
    EXPECT_EQ(out.countsBefore, (std::vector<std::int64_t> { 189, 335, 240, 236 }));
    EXPECT_EQ(out.countsAfter, (std::vector<std::int64_t> { 162, 235, 171, 236, 196 }));
    EXPECT_EQ(out.moved, 196);
    EXPECT_DOUBLE_EQ(out.movedFraction, 0.196);
    EXPECT_DOUBLE_EQ(out.idealFraction, 0.2);
    EXPECT_EQ(out.moduloMoved, 804);
    EXPECT_DOUBLE_EQ(out.moduloMovedFraction, 0.804);
    EXPECT_DOUBLE_EQ(out.statsAfter.maxOverMean, 1.18);
    EXPECT_NEAR(out.statsAfter.stddev, 31.054790290710386, 1e-9);
}

TEST(HashringScenario, RingRemoveMatchesReferenceScript)
{
    auto s = md5Ring();
    s.event = EventKind::Remove;
    s.eventNode = "node1";
    const auto out = runScenario(s);
    EXPECT_EQ(out.moved, 335);
    EXPECT_DOUBLE_EQ(out.idealFraction, 0.25);
    EXPECT_EQ(out.moduloMoved, 771);
    ASSERT_EQ(out.nodesAfter.size(), 3u);
    EXPECT_EQ(out.nodesAfter[1].name, "node2");
}

TEST(HashringScenario, EventDefaults)
{
    const std::vector<Node> nodes { { "a", 1 }, { "node2", 1 }, { "b", 1 } };
    EXPECT_EQ(resolveEvent(nodes, EventKind::Add, "", 1).node, "node3");
    const std::vector<Node> taken { { "node2", 1 }, { "node3", 1 } };
    EXPECT_EQ(resolveEvent(taken, EventKind::Add, "", 1).node, "node4");
    EXPECT_EQ(resolveEvent(nodes, EventKind::Remove, "", 1).node, "b");
    EXPECT_EQ(resolveEvent(nodes, EventKind::None, "a", 1).node, "");
}

TEST(HashringScenario, NoEventMovesNothing)
{
    auto s = md5Ring();
    s.event = EventKind::None;
    const auto out = runScenario(s);
    EXPECT_EQ(out.moved, 0);
    EXPECT_EQ(out.moduloMoved, 0);
    EXPECT_EQ(out.idealFraction, 0);
    EXPECT_EQ(out.countsBefore, out.countsAfter);
}

TEST(HashringScenario, WeightedIdealFraction)
{
    const std::vector<Node> nodes { { "a", 1 }, { "b", 3 } };
    EXPECT_DOUBLE_EQ(idealFraction(nodes, Event { EventKind::Add, "c", 4 }), 0.5);
    EXPECT_DOUBLE_EQ(idealFraction(nodes, Event { EventKind::Remove, "b", 1 }), 0.75);
}

TEST(HashringScenario, ReweightEvent)
{
    const std::vector<Node> nodes { { "a", 1 }, { "b", 1 }, { "c", 2 } };
    const Event event = resolveEvent(nodes, EventKind::Reweight, "", 3);
    EXPECT_EQ(event.node, "a");
    // a's share goes from 1/4 to 3/6: a quarter of the keys must move to it.
    EXPECT_DOUBLE_EQ(idealFraction(nodes, event), 0.25);
    const auto after = applyEvent(nodes, event);
    EXPECT_DOUBLE_EQ(after[0].weight, 3.0);
    EXPECT_THROW(resolveEvent(nodes, EventKind::Reweight, "zz", 2), std::invalid_argument);
    EXPECT_THROW(resolveEvent(nodes, EventKind::Reweight, "a", -1), std::invalid_argument);

    ScenarioParameters s;
    s.placement.virtualNodes = 10;
    s.nodeCount = 4;
    s.keyCount = 2000;
    s.event = EventKind::Reweight;
    s.eventNode = "node2";
    s.eventWeight = 2;
    const auto out = runScenario(s);
    // node2 goes from 10 to 20 points; it gains keys, the others only lose.
    EXPECT_EQ(out.moved, out.countsAfter[2] - out.countsBefore[2]);
    EXPECT_DOUBLE_EQ(out.idealFraction, 2.0 / 5.0 - 1.0 / 4.0);
}

TEST(HashringScenario, NodeNamesAndWeights)
{
    ScenarioParameters s;
    s.nodeNames = " x, y ,z";
    s.weights = "1, 2.5,3";
    const auto nodes = initialNodes(s);
    ASSERT_EQ(nodes.size(), 3u);
    EXPECT_EQ(nodes[1].name, "y");
    EXPECT_DOUBLE_EQ(nodes[1].weight, 2.5);
    s.nodeNames.clear();
    s.weights.clear();
    s.nodeCount = 2;
    const auto numbered = initialNodes(s);
    EXPECT_EQ(numbered[0].name, "node0");
    EXPECT_EQ(numbered[1].name, "node1");
}

TEST(HashringScenario, LoadStats)
{
    const auto stats = loadStats({ 2, 4, 6 });
    EXPECT_DOUBLE_EQ(stats.maxOverMean, 1.5);
    EXPECT_DOUBLE_EQ(stats.stddev, std::sqrt(8.0 / 3.0));
}

TEST(HashringScenario, ErrorsNameTheParameter)
{
    auto s = md5Ring();
    s.nodeCount = 0;
    EXPECT_EQ(errorOf(s).rfind("nodes:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.nodeNames = "a,b,a";
    EXPECT_EQ(errorOf(s).rfind("node_names:", 0), 0u) << errorOf(s);
    s.nodeNames = "a,,b";
    EXPECT_EQ(errorOf(s).rfind("node_names:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.weights = "1,2,-3,4";
    EXPECT_EQ(errorOf(s).rfind("weights:", 0), 0u) << errorOf(s);
    s.weights = "1,2";
    EXPECT_EQ(errorOf(s).rfind("weights:", 0), 0u) << errorOf(s);
    s.weights = "1,2,x,4";
    EXPECT_EQ(errorOf(s).rfind("weights:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.event = EventKind::Remove;
    s.eventNode = "ghost";
    EXPECT_EQ(errorOf(s).rfind("event_node:", 0), 0u) << errorOf(s);
    s.event = EventKind::Add;
    s.eventNode = "node1";
    EXPECT_EQ(errorOf(s).rfind("event_node:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.nodeCount = 1;
    s.event = EventKind::Remove;
    EXPECT_EQ(errorOf(s).rfind("event_node:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.keyCount = kMaxKeys + 1;
    EXPECT_EQ(errorOf(s).rfind("keys:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.nodeCount = kMaxNodes + 1;
    EXPECT_EQ(errorOf(s).rfind("nodes:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.nodeCount = 5000;
    s.placement.virtualNodes = 10000;
    EXPECT_EQ(errorOf(s).rfind("vnodes:", 0), 0u) << errorOf(s);
    s = md5Ring();
    s.placement.strategy = Strategy::Rendezvous;
    s.nodeCount = 1000;
    s.keyCount = kMaxKeys;
    EXPECT_EQ(errorOf(s).rfind("keys:", 0), 0u) << errorOf(s);
}

TEST(HashringScenario, JumpRemovingAMiddleNodeRenumbersBuckets)
{
    // Jump hash maps to bucket numbers; the node list defines the bucket of each name, so
    // removing node1 of 4 renumbers node2 and node3 and moves more than node1's keys.
    ScenarioParameters s;
    s.placement.strategy = Strategy::Jump;
    s.nodeCount = 4;
    s.keyCount = 5000;
    s.event = EventKind::Remove;
    s.eventNode = "node1";
    const auto middle = runScenario(s);
    s.eventNode = "node3";
    const auto last = runScenario(s);
    EXPECT_EQ(last.moved, last.countsBefore[3]);
    EXPECT_GT(middle.moved, middle.countsBefore[1]);
}

TEST(HashringScenario, WeightsIgnoreTheLocaleAndNameTheBadItem)
{
    // Qt sets the user's locale at start-up; a comma-decimal locale must not change how
    // "2.5" reads (strtod would stop at the '.').
    const char *previous = std::setlocale(LC_ALL, nullptr);
    const std::string saved = previous ? previous : "C";
    std::setlocale(LC_ALL, "de_DE.UTF-8"); // may be missing; then the test checks the C locale
    ScenarioParameters s;
    s.nodeNames = "a,b,c";
    s.weights = "1,2.5,+3e0";
    const auto nodes = initialNodes(s);
    EXPECT_DOUBLE_EQ(nodes[1].weight, 2.5);
    EXPECT_DOUBLE_EQ(nodes[2].weight, 3.0);
    s.weights = "1,2,0,5";
    s.nodeNames = "a,b,c,d";
    EXPECT_EQ(errorOf(s), "weights: weight 3 ('0') must be > 0 and at most 1000000");
    s.weights = "1,2,3,1;5";
    EXPECT_EQ(errorOf(s), "weights: weight 4 ('1;5') is not a number");
    s.weights = "1,2,3,x";
    EXPECT_EQ(errorOf(s), "weights: weight 4 ('x') is not a number");
    s.weights = "1,2,3,1,5";
    EXPECT_EQ(errorOf(s), "weights: 5 weights given for 4 nodes");
    std::setlocale(LC_ALL, saved.c_str());
}
