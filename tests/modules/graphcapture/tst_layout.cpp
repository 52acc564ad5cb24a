// The SDK's layered layout: layering, no overlaps, few crossings, nested containers.
#include "layeredlayout.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

using namespace conceptlab::layout;

TEST(graphcapture_LayeredLayout, ChainIsVerticalAndLayered)
{
    std::vector<LayoutNode> nodes(3);
    const auto r = layeredLayout(nodes, { { 0, 1 }, { 1, 2 } });
    EXPECT_EQ(r.layer, (std::vector<int> { 0, 1, 2 }));
    EXPECT_LT(r.topLeft[0].y, r.topLeft[1].y);
    EXPECT_LT(r.topLeft[1].y, r.topLeft[2].y);
    EXPECT_DOUBLE_EQ(r.topLeft[0].x, r.topLeft[2].x);
    EXPECT_EQ(r.crossings, 0);
}

TEST(graphcapture_LayeredLayout, CrossingRemovedByBarycenterSweeps)
{
    // 0->3, 1->2 placed naively crosses; barycenter ordering uncrosses it.
    std::vector<LayoutNode> nodes(4);
    const auto r = layeredLayout(nodes, { { 0, 3 }, { 1, 2 } });
    EXPECT_EQ(r.crossings, 0);
}

TEST(graphcapture_LayeredLayout, CyclesAreBrokenAndContainersHoldChildren)
{
    std::vector<LayoutNode> nodes(5);
    nodes[2].parent = 1;
    nodes[3].parent = 1;
    const auto r = layeredLayout(nodes, { { 0, 2 }, { 2, 3 }, { 3, 0 }, { 1, 4 } });
    for (int child : { 2, 3 }) {
        EXPECT_GE(r.topLeft[child].x, r.topLeft[1].x);
        EXPECT_GE(r.topLeft[child].y, r.topLeft[1].y);
        EXPECT_LE(r.topLeft[child].x + r.size[child].x, r.topLeft[1].x + r.size[1].x);
        EXPECT_LE(r.topLeft[child].y + r.size[child].y, r.topLeft[1].y + r.size[1].y);
    }
    EXPECT_EQ(r.edgeRoutes.size(), 4u);
}

RC_GTEST_PROP(graphcapture_LayeredLayout, BoxesInALayerNeverOverlap, ())
{
    const int n = *rc::gen::inRange(1, 60);
    std::vector<LayoutNode> nodes(static_cast<std::size_t>(n));
    for (auto &node : nodes)
        node.width = *rc::gen::inRange(20, 120);
    std::vector<LayoutEdge> edges;
    const int m = *rc::gen::inRange(0, 2 * n);
    for (int k = 0; k < m; ++k)
        edges.push_back({ *rc::gen::inRange(0, n), *rc::gen::inRange(0, n) });
    const auto r = layeredLayout(nodes, edges);
    for (int a = 0; a < n; ++a)
        for (int b = a + 1; b < n; ++b) {
            if (r.layer[a] != r.layer[b])
                continue;
            const bool apart = r.topLeft[a].x + r.size[a].x <= r.topLeft[b].x + 1e-9
                || r.topLeft[b].x + r.size[b].x <= r.topLeft[a].x + 1e-9;
            RC_ASSERT(apart);
        }
    for (const auto &e : edges)
        if (e.from != e.to)
            RC_ASSERT(r.layer[e.from] != r.layer[e.to]);
}
