// Layered layout on containment that is not a tree: a parent loop must not hang the layout
// (it used to walk up the chain for ever); the link that closes the loop counts as none.
#include "layeredlayout.h"

#include <gtest/gtest.h>

using namespace conceptlab::layout;

TEST(LayeredLayout, AParentLoopIsBrokenNotFollowed)
{
    // 0 ⊂ 1 ⊂ 2 ⊂ 0, and 3 at the top level, with edges across the loop.
    std::vector<LayoutNode> nodes(4);
    nodes[0].parent = 1;
    nodes[1].parent = 2;
    nodes[2].parent = 0;
    const std::vector<LayoutEdge> edges { { 0, 3 }, { 1, 3 }, { 3, 2 } };
    const LayoutResult loop = layeredLayout(nodes, edges);
    ASSERT_EQ(loop.topLeft.size(), 4u);

    // Walking from node 0, the link 2 → 0 closes the loop and is dropped: the same drawing
    // as the tree 0 ⊂ 1 ⊂ 2 with 2 at the top level.
    nodes[2].parent = -1;
    const LayoutResult tree = layeredLayout(nodes, edges);
    for (std::size_t v = 0; v < nodes.size(); ++v) {
        EXPECT_EQ(loop.topLeft[v].x, tree.topLeft[v].x) << v;
        EXPECT_EQ(loop.topLeft[v].y, tree.topLeft[v].y) << v;
        EXPECT_EQ(loop.size[v].x, tree.size[v].x) << v;
    }
    EXPECT_EQ(loop.edgeRoutes.size(), 3u);
    EXPECT_EQ(loop.width, tree.width);
}

TEST(LayeredLayout, ALongChainOfContainersNeedsNoDeepRecursion)
{
    constexpr int kDepth = 100000;
    std::vector<LayoutNode> nodes(kDepth);
    for (int v = 1; v < kDepth; ++v)
        nodes[static_cast<std::size_t>(v)].parent = v - 1;
    const LayoutResult result = layeredLayout(nodes, {});
    ASSERT_EQ(result.topLeft.size(), static_cast<std::size_t>(kDepth));
    // Each container's child sits below its header and inside its padding.
    const LayoutOptions options;
    EXPECT_DOUBLE_EQ(result.topLeft[1].x - result.topLeft[0].x, options.containerPadding);
    EXPECT_DOUBLE_EQ(result.topLeft[1].y - result.topLeft[0].y, options.containerPadding + options.containerHeader);
}
