// Test helpers shared by the hashring tests and benchmark: numbered nodes and key names.
#pragma once

#include "core/placement.h"

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

} // namespace conceptlab::hashring::fixtures
