// Test helpers shared by the hashring tests and benchmark: numbered nodes, key names and the
// reference-script scenario.
#pragma once

#include "core/placement.h"
#include "core/remapsimulation.h"

#include <string>
#include <vector>

namespace conceptlab::hashring::fixtures {

/// Nodes "node0" … "node{n-1}", all of weight 1.
inline std::vector<Node> numberedNodes(int n)
{
    std::vector<Node> nodes;
    for (int i = 0; i < n; ++i)
        nodes.push_back({ "node" + std::to_string(i), 1.0 });
    return nodes;
}

/// Key names "key0" … "key{count-1}".
inline std::vector<std::string> keyNames(std::size_t count)
{
    std::vector<std::string> names;
    for (std::size_t i = 0; i < count; ++i)
        names.push_back("key" + std::to_string(i));
    return names;
}

/// The scenario of the independent reference script: 4 nodes, 1000 keys, an md5 ring with
/// 10 virtual nodes per node, node4 joins.
inline ScenarioParameters md5Ring()
{
    ScenarioParameters s;
    s.placement.strategy = Strategy::Ring;
    s.placement.hash = HashFunction::Md5;
    s.placement.virtualNodes = 10;
    s.nodeCount = 4;
    s.keyCount = 1000;
    return s;
}

} // namespace conceptlab::hashring::fixtures
