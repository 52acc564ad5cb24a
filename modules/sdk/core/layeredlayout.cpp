// Layered layout implementation.
#include "layeredlayout.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>

namespace conceptlab::layout {

namespace {

    struct Level {
        std::vector<int> members; // node indices laid out together
        std::vector<std::pair<int, int>> edges; // local member positions (from, to)
    };

    struct LocalResult {
        std::vector<LayoutPoint> offset; // per member, top-left relative to the level's origin
        std::vector<std::vector<LayoutPoint>> routes; // per local edge
        std::vector<int> layer;
        int crossings = 0;
        double width = 0, height = 0;
    };

    int countCrossings(const std::vector<std::vector<int>> &layers, const std::vector<int> &position,
        const std::vector<std::vector<int>> &down)
    {
        int total = 0;
        for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
            std::vector<std::pair<int, int>> segs;
            for (int v : layers[l])
                for (int w : down[static_cast<std::size_t>(v)])
                    segs.emplace_back(position[static_cast<std::size_t>(v)], position[static_cast<std::size_t>(w)]);
            std::sort(segs.begin(), segs.end());
            // Inversions in the targets, counted with a Fenwick tree.
            int maxPos = 0;
            for (const auto &s : segs)
                maxPos = std::max(maxPos, s.second + 1);
            std::vector<int> tree(static_cast<std::size_t>(maxPos) + 1, 0);
            int seen = 0;
            for (const auto &s : segs) {
                int le = 0;
                for (int i = s.second + 1; i > 0; i -= i & -i)
                    le += tree[static_cast<std::size_t>(i)];
                total += seen - le;
                for (int i = s.second + 1; i <= maxPos; i += i & -i)
                    ++tree[static_cast<std::size_t>(i)];
                ++seen;
            }
        }
        return total;
    }

    LocalResult layoutLevel(const std::vector<LayoutPoint> &sizes, const std::vector<std::pair<int, int>> &edgesIn,
        const LayoutOptions &options)
    {
        const int n = static_cast<int>(sizes.size());
        LocalResult result;
        // 1. Cycle removal: reverse DFS back edges; drop self loops and duplicates.
        std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
        std::vector<std::pair<int, int>> edges;
        std::vector<bool> reversed;
        for (const auto &e : edgesIn)
            if (e.first != e.second)
                out[static_cast<std::size_t>(e.first)].push_back(e.second);
        std::vector<int> state(static_cast<std::size_t>(n), 0), order;
        std::map<std::pair<int, int>, bool> isBack;
        for (int root = 0; root < n; ++root) {
            if (state[static_cast<std::size_t>(root)])
                continue;
            std::vector<std::pair<int, std::size_t>> stack { { root, 0 } };
            state[static_cast<std::size_t>(root)] = 1;
            while (!stack.empty()) {
                auto &[v, i] = stack.back();
                const auto &succ = out[static_cast<std::size_t>(v)];
                if (i < succ.size()) {
                    const int w = succ[i++];
                    if (state[static_cast<std::size_t>(w)] == 1)
                        isBack[{ v, w }] = true;
                    else if (state[static_cast<std::size_t>(w)] == 0) {
                        state[static_cast<std::size_t>(w)] = 1;
                        stack.emplace_back(w, 0);
                    }
                } else {
                    state[static_cast<std::size_t>(v)] = 2;
                    stack.pop_back();
                }
            }
        }
        for (const auto &e : edgesIn) {
            if (e.first == e.second)
                continue;
            const bool back = isBack.count(e);
            edges.push_back(back ? std::make_pair(e.second, e.first) : e);
            reversed.push_back(back);
        }
        // 2. Longest-path layering in topological order.
        std::vector<int> indeg(static_cast<std::size_t>(n), 0), layer(static_cast<std::size_t>(n), 0);
        std::vector<std::vector<int>> succ(static_cast<std::size_t>(n));
        for (const auto &e : edges) {
            succ[static_cast<std::size_t>(e.first)].push_back(e.second);
            ++indeg[static_cast<std::size_t>(e.second)];
        }
        std::vector<int> queue;
        for (int v = 0; v < n; ++v)
            if (!indeg[static_cast<std::size_t>(v)])
                queue.push_back(v);
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const int v = queue[q];
            for (int w : succ[static_cast<std::size_t>(v)]) {
                layer[static_cast<std::size_t>(w)]
                    = std::max(layer[static_cast<std::size_t>(w)], layer[static_cast<std::size_t>(v)] + 1);
                if (--indeg[static_cast<std::size_t>(w)] == 0)
                    queue.push_back(w);
            }
        }
        // 3. Dummy nodes along edges spanning several layers.
        std::vector<int> nodeLayer = layer;
        std::vector<LayoutPoint> size = sizes;
        std::vector<std::vector<int>> down(static_cast<std::size_t>(n)), up(static_cast<std::size_t>(n));
        std::vector<std::vector<int>> chains(edges.size());
        for (std::size_t k = 0; k < edges.size(); ++k) {
            int prev = edges[k].first;
            chains[k].push_back(prev);
            for (int l = nodeLayer[static_cast<std::size_t>(edges[k].first)] + 1;
                 l < nodeLayer[static_cast<std::size_t>(edges[k].second)]; ++l) {
                const int d = static_cast<int>(nodeLayer.size());
                nodeLayer.push_back(l);
                size.push_back({ 2, 2 });
                down.emplace_back();
                up.emplace_back();
                down[static_cast<std::size_t>(prev)].push_back(d);
                up[static_cast<std::size_t>(d)].push_back(prev);
                chains[k].push_back(d);
                prev = d;
            }
            down[static_cast<std::size_t>(prev)].push_back(edges[k].second);
            up[static_cast<std::size_t>(edges[k].second)].push_back(prev);
            chains[k].push_back(edges[k].second);
        }
        const int total = static_cast<int>(nodeLayer.size());
        int layerCount = 0;
        for (int l : nodeLayer)
            layerCount = std::max(layerCount, l + 1);
        std::vector<std::vector<int>> layers(static_cast<std::size_t>(layerCount));
        for (int v = 0; v < total; ++v)
            layers[static_cast<std::size_t>(nodeLayer[static_cast<std::size_t>(v)])].push_back(v);
        std::vector<int> position(static_cast<std::size_t>(total));
        auto renumber = [&] {
            for (auto &L : layers)
                for (std::size_t i = 0; i < L.size(); ++i)
                    position[static_cast<std::size_t>(L[i])] = static_cast<int>(i);
        };
        renumber();
        // 4. Crossing reduction: barycenter sweeps, keeping the best order seen.
        auto best = layers;
        int bestCrossings = countCrossings(layers, position, down);
        auto sweep = [&](std::size_t l, const std::vector<std::vector<int>> &neighbours) {
            std::vector<std::pair<double, int>> keyed;
            for (int v : layers[l]) {
                const auto &nb = neighbours[static_cast<std::size_t>(v)];
                double key = position[static_cast<std::size_t>(v)];
                if (!nb.empty()) {
                    key = 0;
                    for (int w : nb)
                        key += position[static_cast<std::size_t>(w)];
                    key /= static_cast<double>(nb.size());
                }
                keyed.emplace_back(key, v);
            }
            std::stable_sort(
                keyed.begin(), keyed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
            for (std::size_t i = 0; i < keyed.size(); ++i)
                layers[l][i] = keyed[i].second;
            for (std::size_t i = 0; i < layers[l].size(); ++i)
                position[static_cast<std::size_t>(layers[l][i])] = static_cast<int>(i);
        };
        for (int it = 0; it < options.sweeps && bestCrossings > 0; ++it) {
            for (std::size_t l = 1; l < layers.size(); ++l)
                sweep(l, up);
            for (std::size_t l = layers.size(); l-- > 1;)
                sweep(l - 1, down);
            const int c = countCrossings(layers, position, down);
            if (c < bestCrossings) {
                bestCrossings = c;
                best = layers;
            }
        }
        layers = best;
        renumber();
        result.crossings = bestCrossings;
        // 5. Coordinates: pack each layer, then pull nodes toward their neighbours' centres.
        std::vector<double> x(static_cast<std::size_t>(total), 0);
        auto pack = [&](std::size_t l) {
            double cursor = -1e18;
            for (int v : layers[l]) {
                const double w = size[static_cast<std::size_t>(v)].x;
                double left = x[static_cast<std::size_t>(v)] - w / 2;
                if (left < cursor)
                    left = cursor;
                x[static_cast<std::size_t>(v)] = left + w / 2;
                cursor = left + w + options.nodeGap;
            }
        };
        for (std::size_t l = 0; l < layers.size(); ++l) {
            double cursor = 0;
            for (int v : layers[l]) {
                x[static_cast<std::size_t>(v)] = cursor + size[static_cast<std::size_t>(v)].x / 2;
                cursor += size[static_cast<std::size_t>(v)].x + options.nodeGap;
            }
        }
        for (int it = 0; it < 4; ++it) {
            for (int pass = 0; pass < 2; ++pass) {
                const auto &nbs = pass == 0 ? up : down;
                for (std::size_t li = 0; li < layers.size(); ++li) {
                    const std::size_t l = pass == 0 ? li : layers.size() - 1 - li;
                    for (int v : layers[l]) {
                        const auto &nb = nbs[static_cast<std::size_t>(v)];
                        if (nb.empty())
                            continue;
                        double sum = 0;
                        for (int w : nb)
                            sum += x[static_cast<std::size_t>(w)];
                        x[static_cast<std::size_t>(v)] = sum / static_cast<double>(nb.size());
                    }
                    pack(l);
                }
            }
        }
        double minX = 1e18;
        for (int v = 0; v < total; ++v)
            minX = std::min(minX, x[static_cast<std::size_t>(v)] - size[static_cast<std::size_t>(v)].x / 2);
        std::vector<double> layerTop(static_cast<std::size_t>(layerCount) + 1, 0),
            layerHeight(static_cast<std::size_t>(layerCount), 0);
        for (int v = 0; v < total; ++v)
            layerHeight[static_cast<std::size_t>(nodeLayer[static_cast<std::size_t>(v)])]
                = std::max(layerHeight[static_cast<std::size_t>(nodeLayer[static_cast<std::size_t>(v)])],
                    size[static_cast<std::size_t>(v)].y);
        for (int l = 0; l < layerCount; ++l)
            layerTop[static_cast<std::size_t>(l) + 1]
                = layerTop[static_cast<std::size_t>(l)] + layerHeight[static_cast<std::size_t>(l)] + options.layerGap;
        result.offset.resize(static_cast<std::size_t>(n));
        result.layer.assign(layer.begin(), layer.end());
        for (int v = 0; v < total; ++v) {
            const double left
                = x[static_cast<std::size_t>(v)] - size[static_cast<std::size_t>(v)].x / 2 - (total ? minX : 0);
            const double top = layerTop[static_cast<std::size_t>(nodeLayer[static_cast<std::size_t>(v)])]
                + (layerHeight[static_cast<std::size_t>(nodeLayer[static_cast<std::size_t>(v)])]
                      - size[static_cast<std::size_t>(v)].y)
                    / 2;
            if (v < n)
                result.offset[static_cast<std::size_t>(v)] = { left, top };
            result.width = std::max(result.width, left + size[static_cast<std::size_t>(v)].x);
            result.height = std::max(result.height, top + size[static_cast<std::size_t>(v)].y);
            x[static_cast<std::size_t>(v)] = left + size[static_cast<std::size_t>(v)].x / 2;
        }
        // 6. Routes: from the bottom of the source through the dummies to the top of the target.
        for (std::size_t k = 0; k < edges.size(); ++k) {
            std::vector<LayoutPoint> route;
            const auto &chain = chains[k];
            for (std::size_t i = 0; i < chain.size(); ++i) {
                const auto v = static_cast<std::size_t>(chain[i]);
                const double top = layerTop[static_cast<std::size_t>(nodeLayer[v])]
                    + (layerHeight[static_cast<std::size_t>(nodeLayer[v])] - size[v].y) / 2;
                if (i == 0)
                    route.push_back({ x[v], top + size[v].y });
                else if (i + 1 == chain.size())
                    route.push_back({ x[v], top });
                else
                    route.push_back({ x[v], top + size[v].y / 2 });
            }
            if (reversed[k])
                std::reverse(route.begin(), route.end());
            result.routes.push_back(std::move(route));
        }
        return result;
    }

} // namespace

LayoutResult layeredLayout(
    const std::vector<LayoutNode> &nodes, const std::vector<LayoutEdge> &edges, const LayoutOptions &options)
{
    const int n = static_cast<int>(nodes.size());
    LayoutResult result;
    result.topLeft.assign(nodes.size(), {});
    result.size.assign(nodes.size(), {});
    result.layer.assign(nodes.size(), 0);
    result.edgeRoutes.assign(edges.size(), {});
    auto parentOf = [&](int v) {
        const int p = nodes[static_cast<std::size_t>(v)].parent;
        return p >= 0 && p < n && p != v ? p : -1;
    };
    // Depth with cycle protection in the parent chain.
    std::vector<int> depth(nodes.size(), -1);
    std::function<int(int, int)> depthOf = [&](int v, int guard) -> int {
        if (depth[static_cast<std::size_t>(v)] >= 0)
            return depth[static_cast<std::size_t>(v)];
        const int p = parentOf(v);
        const int d = p < 0 || guard > n ? 0 : depthOf(p, guard + 1) + 1;
        depth[static_cast<std::size_t>(v)] = d;
        return d;
    };
    for (int v = 0; v < n; ++v)
        depthOf(v, 0);
    std::map<int, std::vector<int>> children; // container (-1 = root) -> members
    for (int v = 0; v < n; ++v)
        children[depth[static_cast<std::size_t>(v)] == 0 ? -1 : parentOf(v)].push_back(v);
    // Lift each edge to the pair of sibling ancestors.
    std::map<int, std::vector<std::pair<int, int>>> levelEdges; // container -> (from, to) node indices
    std::vector<std::pair<int, int>> liftedOf(edges.size(), { -1, -1 });
    for (std::size_t k = 0; k < edges.size(); ++k) {
        int a = edges[k].from, b = edges[k].to;
        if (a < 0 || b < 0 || a >= n || b >= n)
            continue;
        while (depth[static_cast<std::size_t>(a)] > depth[static_cast<std::size_t>(b)])
            a = parentOf(a);
        while (depth[static_cast<std::size_t>(b)] > depth[static_cast<std::size_t>(a)])
            b = parentOf(b);
        while (a != b && parentOf(a) != parentOf(b)) {
            a = parentOf(a);
            b = parentOf(b);
        }
        if (a == b)
            continue; // an edge between a container and its own contents
        liftedOf[k] = { a, b };
        levelEdges[depth[static_cast<std::size_t>(a)] == 0 ? -1 : parentOf(a)].emplace_back(a, b);
    }
    // Lay out the deepest containers first so each container knows its size.
    std::vector<int> containers;
    for (const auto &c : children)
        if (c.first >= 0)
            containers.push_back(c.first);
    std::sort(containers.begin(), containers.end(),
        [&](int a, int b) { return depth[static_cast<std::size_t>(a)] > depth[static_cast<std::size_t>(b)]; });
    containers.push_back(-1);
    std::vector<LayoutPoint> relative(nodes.size());
    for (int v = 0; v < n; ++v)
        result.size[static_cast<std::size_t>(v)]
            = { nodes[static_cast<std::size_t>(v)].width, nodes[static_cast<std::size_t>(v)].height };
    std::map<int, LocalResult> local;
    for (int c : containers) {
        const auto &members = children[c];
        std::map<int, int> index;
        std::vector<LayoutPoint> sizes;
        for (std::size_t i = 0; i < members.size(); ++i) {
            index[members[i]] = static_cast<int>(i);
            sizes.push_back(result.size[static_cast<std::size_t>(members[i])]);
        }
        std::vector<std::pair<int, int>> e;
        for (const auto &p : levelEdges[c])
            e.emplace_back(index[p.first], index[p.second]);
        LocalResult r = layoutLevel(sizes, e, options);
        result.crossings += r.crossings;
        for (std::size_t i = 0; i < members.size(); ++i) {
            relative[static_cast<std::size_t>(members[i])] = r.offset[i];
            result.layer[static_cast<std::size_t>(members[i])] = r.layer[i];
        }
        if (c >= 0) {
            auto &s = result.size[static_cast<std::size_t>(c)];
            s.x = std::max(s.x, r.width + 2 * options.containerPadding);
            s.y = std::max(s.y, r.height + 2 * options.containerPadding + options.containerHeader);
        } else {
            result.width = r.width;
            result.height = r.height;
        }
        local[c] = std::move(r);
    }
    // Absolute positions: parents before children (sort by depth).
    std::vector<int> byDepth(static_cast<std::size_t>(n));
    std::iota(byDepth.begin(), byDepth.end(), 0);
    std::stable_sort(byDepth.begin(), byDepth.end(),
        [&](int a, int b) { return depth[static_cast<std::size_t>(a)] < depth[static_cast<std::size_t>(b)]; });
    std::vector<LayoutPoint> origin(nodes.size());
    for (int v : byDepth) {
        const int p = depth[static_cast<std::size_t>(v)] == 0 ? -1 : parentOf(v);
        LayoutPoint base { 0, 0 };
        if (p >= 0)
            base = { result.topLeft[static_cast<std::size_t>(p)].x + options.containerPadding,
                result.topLeft[static_cast<std::size_t>(p)].y + options.containerPadding + options.containerHeader };
        origin[static_cast<std::size_t>(v)] = base;
        result.topLeft[static_cast<std::size_t>(v)]
            = { base.x + relative[static_cast<std::size_t>(v)].x, base.y + relative[static_cast<std::size_t>(v)].y };
    }
    // Routes: the level's route for sibling edges; lifted edges get end points at the real nodes.
    std::map<int, std::size_t> used;
    for (std::size_t k = 0; k < edges.size(); ++k) {
        const auto [a, b] = liftedOf[k];
        if (a < 0)
            continue;
        const int c = depth[static_cast<std::size_t>(a)] == 0 ? -1 : parentOf(a);
        const std::size_t slot = used[c]++;
        const auto &routes = local[c].routes;
        std::vector<LayoutPoint> route;
        const LayoutPoint base = c >= 0
            ? LayoutPoint { result.topLeft[static_cast<std::size_t>(c)].x + options.containerPadding,
                  result.topLeft[static_cast<std::size_t>(c)].y + options.containerPadding + options.containerHeader }
            : LayoutPoint { 0, 0 };
        if (slot < routes.size())
            for (const auto &p : routes[slot])
                route.push_back({ p.x + base.x, p.y + base.y });
        const int from = edges[k].from, to = edges[k].to;
        const auto &fs = result.size[static_cast<std::size_t>(from)], &ts = result.size[static_cast<std::size_t>(to)];
        const LayoutPoint start { result.topLeft[static_cast<std::size_t>(from)].x + fs.x / 2,
            result.topLeft[static_cast<std::size_t>(from)].y + fs.y };
        const LayoutPoint end { result.topLeft[static_cast<std::size_t>(to)].x + ts.x / 2,
            result.topLeft[static_cast<std::size_t>(to)].y };
        // An edge into or out of a container ends at the container's frame (drawn inside it,
        // it would cross the container's other boxes).
        if (route.size() < 2)
            route = { start, end };
        result.edgeRoutes[k] = std::move(route);
    }
    return result;
}

} // namespace conceptlab::layout
