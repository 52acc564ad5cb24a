// Layered (Sugiyama-style) graph layout, plain C++: cycle removal, longest-path layering,
// dummy nodes for long edges, crossing reduction by barycenter sweeps, coordinate
// assignment by neighbour averaging with overlap removal, and polyline edge routes.
// Nodes may nest in containers: each container's children are laid out as their own
// layered graph and the container becomes one box in its parent's layout.
#pragma once

#include <vector>

namespace conceptlab::layout {

struct LayoutNode {
    double width = 80; ///< box size, in scene units
    double height = 30;
    int parent = -1; ///< index of the containing node, -1 for top level
};

struct LayoutEdge {
    int from = 0;
    int to = 0;
};

struct LayoutOptions {
    double layerGap = 36; ///< vertical space between layers
    double nodeGap = 18; ///< horizontal space between boxes in a layer
    double containerPadding = 12;
    double containerHeader = 22; ///< space at the top of a container for its title
    int sweeps = 8; ///< barycenter down+up sweep pairs
};

struct LayoutPoint {
    double x = 0;
    double y = 0;
};

struct LayoutResult {
    std::vector<LayoutPoint> topLeft; ///< per node, absolute
    std::vector<LayoutPoint> size; ///< per node (containers grow to fit children)
    std::vector<std::vector<LayoutPoint>> edgeRoutes; ///< per edge: points from source to target
    std::vector<int> layer; ///< per node: layer within its container
    int crossings = 0; ///< edge crossings left between adjacent layers
    double width = 0, height = 0; ///< bounding box of the whole drawing
};

/// Lays out the graph; edges between nodes in different containers are placed, and routed,
/// between the containers' ancestors that are siblings. Invalid edge indices are ignored.
LayoutResult layeredLayout(
    const std::vector<LayoutNode> &nodes, const std::vector<LayoutEdge> &edges, const LayoutOptions &options = {});

} // namespace conceptlab::layout
