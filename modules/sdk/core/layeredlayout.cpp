// Layered layout implementation: one function per phase of a level's Sugiyama layout, and
// the nesting of levels (containers) around it.
#include "layeredlayout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

namespace conceptlab::layout {

namespace {

    using Adjacency = std::vector<std::vector<int>>;
    using IndexEdges = std::vector<std::pair<int, int>>;

    constexpr std::size_t idx(int i)
    {
        return static_cast<std::size_t>(i);
    }

    struct LocalResult {
        std::vector<LayoutPoint> offset; // per member, top-left relative to the level's origin
        std::vector<std::vector<LayoutPoint>> routes; // per local edge
        std::vector<int> layer;
        int crossings = 0;
        double width = 0, height = 0;
    };

    // Edges of a level after cycle removal, with the ones turned around marked.
    struct OrientedEdges {
        IndexEdges edges; // self loops dropped; back edges reversed
        std::vector<bool> reversed; // per kept edge: drawn against its direction
    };

    // A level's acyclic graph in layers, long edges replaced by chains of dummy nodes.
    struct LayeredGraph {
        std::vector<int> nodeLayer; // per node; dummies follow the real nodes
        std::vector<LayoutPoint> size; // per node; dummies are 2 x 2
        Adjacency down, up; // neighbours in the next and in the previous layer
        std::vector<std::vector<int>> chains; // per oriented edge: source, dummies, target
        std::vector<std::vector<int>> layers; // nodes of each layer, in drawing order
        std::vector<int> position; // per node: index within its layer

        void renumber()
        {
            for (auto &L : layers)
                for (std::size_t i = 0; i < L.size(); ++i)
                    position[idx(L[i])] = static_cast<int>(i);
        }
    };

    // Vertical placement: each layer is as tall as its tallest box, boxes centred in it.
    struct LayerRows {
        std::vector<double> top; // per layer, plus one past the last
        std::vector<double> height; // per layer

        double boxTop(const LayeredGraph &g, int v) const
        {
            return top[idx(g.nodeLayer[idx(v)])] + (height[idx(g.nodeLayer[idx(v)])] - g.size[idx(v)].y) / 2;
        }
    };

    int countCrossings(const std::vector<std::vector<int>> &layers, const std::vector<int> &position,
        const std::vector<std::vector<int>> &down)
    {
        int total = 0;
        for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
            std::vector<std::pair<int, int>> segs;
            for (int v : layers[l])
                for (int w : down[idx(v)])
                    segs.emplace_back(position[idx(v)], position[idx(w)]);
            std::sort(segs.begin(), segs.end());
            // Inversions in the targets, counted with a Fenwick tree.
            int maxPos = 0;
            for (const auto &s : segs)
                maxPos = std::max(maxPos, s.second + 1);
            std::vector<int> tree(idx(maxPos) + 1, 0);
            int seen = 0;
            for (const auto &s : segs) {
                int le = 0;
                for (int i = s.second + 1; i > 0; i -= i & -i)
                    le += tree[idx(i)];
                total += seen - le;
                for (int i = s.second + 1; i <= maxPos; i += i & -i)
                    ++tree[idx(i)];
                ++seen;
            }
        }
        return total;
    }

    // Back edges of an iterative DFS from every unvisited node in index order: reversing
    // exactly these makes the graph acyclic.
    std::set<std::pair<int, int>> findBackEdges(int n, const IndexEdges &edgesIn)
    {
        std::vector<std::vector<int>> out(idx(n));
        for (const auto &e : edgesIn)
            if (e.first != e.second)
                out[idx(e.first)].push_back(e.second);
        std::vector<int> state(idx(n), 0); // 0 unvisited, 1 on the DFS stack, 2 done
        std::set<std::pair<int, int>> back;
        for (int root = 0; root < n; ++root) {
            if (state[idx(root)])
                continue;
            std::vector<std::pair<int, std::size_t>> stack { { root, 0 } };
            state[idx(root)] = 1;
            while (!stack.empty()) {
                auto &[v, i] = stack.back();
                const auto &succ = out[idx(v)];
                if (i < succ.size()) {
                    const int w = succ[i++];
                    if (state[idx(w)] == 1)
                        back.insert({ v, w });
                    else if (state[idx(w)] == 0) {
                        state[idx(w)] = 1;
                        stack.emplace_back(w, 0);
                    }
                } else {
                    state[idx(v)] = 2;
                    stack.pop_back();
                }
            }
        }
        return back;
    }

    // Phase 1, cycle removal: layering needs a DAG, so back edges are reversed (and drawn
    // reversed later) and self loops dropped; duplicates stay, each with its own route.
    OrientedEdges removeCycles(int n, const IndexEdges &edgesIn)
    {
        const std::set<std::pair<int, int>> back = findBackEdges(n, edgesIn);
        OrientedEdges oriented;
        for (const auto &e : edgesIn) {
            if (e.first == e.second)
                continue;
            const bool isBack = back.count(e) != 0;
            oriented.edges.push_back(isBack ? std::make_pair(e.second, e.first) : e);
            oriented.reversed.push_back(isBack);
        }
        return oriented;
    }

    // Phase 2, longest-path layering in topological (Kahn) order: every edge points at
    // least one layer down, and each node sits as high as its predecessors allow.
    std::vector<int> longestPathLayers(int n, const IndexEdges &edges)
    {
        std::vector<int> indeg(idx(n), 0), layer(idx(n), 0);
        std::vector<std::vector<int>> succ(idx(n));
        for (const auto &e : edges) {
            succ[idx(e.first)].push_back(e.second);
            ++indeg[idx(e.second)];
        }
        std::vector<int> queue;
        for (int v = 0; v < n; ++v)
            if (!indeg[idx(v)])
                queue.push_back(v);
        for (std::size_t q = 0; q < queue.size(); ++q) {
            const int v = queue[q];
            for (int w : succ[idx(v)]) {
                layer[idx(w)] = std::max(layer[idx(w)], layer[idx(v)] + 1);
                if (--indeg[idx(w)] == 0)
                    queue.push_back(w);
            }
        }
        return layer;
    }

    // Phase 3, dummy nodes: an edge spanning several layers becomes a chain through one
    // small dummy per layer, so that crossing reduction and routing see only short edges.
    LayeredGraph insertDummies(
        const std::vector<LayoutPoint> &sizes, const std::vector<int> &layer, const IndexEdges &edges)
    {
        const int n = static_cast<int>(sizes.size());
        LayeredGraph g;
        g.nodeLayer = layer;
        g.size = sizes;
        g.down.resize(idx(n));
        g.up.resize(idx(n));
        g.chains.resize(edges.size());
        for (std::size_t k = 0; k < edges.size(); ++k) {
            int prev = edges[k].first;
            g.chains[k].push_back(prev);
            for (int l = g.nodeLayer[idx(edges[k].first)] + 1; l < g.nodeLayer[idx(edges[k].second)]; ++l) {
                const int d = static_cast<int>(g.nodeLayer.size());
                g.nodeLayer.push_back(l);
                g.size.push_back({ 2, 2 });
                g.down.emplace_back();
                g.up.emplace_back();
                g.down[idx(prev)].push_back(d);
                g.up[idx(d)].push_back(prev);
                g.chains[k].push_back(d);
                prev = d;
            }
            g.down[idx(prev)].push_back(edges[k].second);
            g.up[idx(edges[k].second)].push_back(prev);
            g.chains[k].push_back(edges[k].second);
        }
        int layerCount = 0;
        for (int l : g.nodeLayer)
            layerCount = std::max(layerCount, l + 1);
        g.layers.resize(idx(layerCount));
        for (int v = 0; v < static_cast<int>(g.nodeLayer.size()); ++v)
            g.layers[idx(g.nodeLayer[idx(v)])].push_back(v);
        g.position.resize(g.nodeLayer.size());
        g.renumber();
        return g;
    }

    // Reorders layer l by the mean position of each node's neighbours (nodes without
    // neighbours keep their position as key; the stable sort keeps ties in order).
    void sortByBarycenter(LayeredGraph &g, std::size_t l, const Adjacency &neighbours)
    {
        std::vector<std::pair<double, int>> keyed;
        for (int v : g.layers[l]) {
            const auto &nb = neighbours[idx(v)];
            double key = g.position[idx(v)];
            if (!nb.empty()) {
                key = 0;
                for (int w : nb)
                    key += g.position[idx(w)];
                key /= static_cast<double>(nb.size());
            }
            keyed.emplace_back(key, v);
        }
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        for (std::size_t i = 0; i < keyed.size(); ++i)
            g.layers[l][i] = keyed[i].second;
        for (std::size_t i = 0; i < g.layers[l].size(); ++i)
            g.position[idx(g.layers[l][i])] = static_cast<int>(i);
    }

    // Phase 4, crossing reduction: down and up barycenter sweeps, keeping the best order
    // seen, since a sweep can make things worse. Returns the crossings left.
    int reduceCrossings(LayeredGraph &g, int sweeps)
    {
        auto best = g.layers;
        int bestCrossings = countCrossings(g.layers, g.position, g.down);
        for (int it = 0; it < sweeps && bestCrossings > 0; ++it) {
            for (std::size_t l = 1; l < g.layers.size(); ++l)
                sortByBarycenter(g, l, g.up);
            for (std::size_t l = g.layers.size(); l-- > 1;)
                sortByBarycenter(g, l - 1, g.down);
            const int c = countCrossings(g.layers, g.position, g.down);
            if (c < bestCrossings) {
                bestCrossings = c;
                best = g.layers;
            }
        }
        g.layers = best;
        g.renumber();
        return bestCrossings;
    }

    // Removes overlaps in layer l left to right, each box moving right only as far as needed.
    void packLayer(const LayeredGraph &g, std::size_t l, double nodeGap, std::vector<double> &x)
    {
        double cursor = -1e18;
        for (int v : g.layers[l]) {
            const double w = g.size[idx(v)].x;
            double left = x[idx(v)] - w / 2;
            if (left < cursor)
                left = cursor;
            x[idx(v)] = left + w / 2;
            cursor = left + w + nodeGap;
        }
    }

    // Phase 5a, horizontal coordinates (box centres): pack each layer, then pull nodes
    // toward their neighbours' centres, so that edges run as straight as overlaps allow.
    std::vector<double> assignX(const LayeredGraph &g, double nodeGap)
    {
        std::vector<double> x(g.nodeLayer.size(), 0);
        for (const auto &layer : g.layers) {
            double cursor = 0;
            for (int v : layer) {
                x[idx(v)] = cursor + g.size[idx(v)].x / 2;
                cursor += g.size[idx(v)].x + nodeGap;
            }
        }
        for (int it = 0; it < 4; ++it) {
            for (int pass = 0; pass < 2; ++pass) {
                const auto &nbs = pass == 0 ? g.up : g.down;
                for (std::size_t li = 0; li < g.layers.size(); ++li) {
                    const std::size_t l = pass == 0 ? li : g.layers.size() - 1 - li;
                    for (int v : g.layers[l]) {
                        const auto &nb = nbs[idx(v)];
                        if (nb.empty())
                            continue;
                        double sum = 0;
                        for (int w : nb)
                            sum += x[idx(w)];
                        x[idx(v)] = sum / static_cast<double>(nb.size());
                    }
                    packLayer(g, l, nodeGap, x);
                }
            }
        }
        return x;
    }

    // Phase 5b, vertical coordinates: layer heights and tops, layerGap apart.
    LayerRows assignRows(const LayeredGraph &g, double layerGap)
    {
        LayerRows rows;
        rows.top.assign(g.layers.size() + 1, 0);
        rows.height.assign(g.layers.size(), 0);
        for (std::size_t v = 0; v < g.nodeLayer.size(); ++v)
            rows.height[idx(g.nodeLayer[v])] = std::max(rows.height[idx(g.nodeLayer[v])], g.size[v].y);
        for (std::size_t l = 0; l < g.layers.size(); ++l)
            rows.top[l + 1] = rows.top[l] + rows.height[l] + layerGap;
        return rows;
    }

    // Phase 5c, placement: shifts the drawing so its leftmost box starts at 0, records the
    // real nodes' top-left corners and the level's extent, and moves x to the shifted centres.
    void placeBoxes(const LayeredGraph &g, const LayerRows &rows, std::vector<double> &x, LocalResult &result)
    {
        const int n = static_cast<int>(result.offset.size());
        const int total = static_cast<int>(g.nodeLayer.size());
        double minX = 1e18;
        for (int v = 0; v < total; ++v)
            minX = std::min(minX, x[idx(v)] - g.size[idx(v)].x / 2);
        for (int v = 0; v < total; ++v) {
            const double left = x[idx(v)] - g.size[idx(v)].x / 2 - (total ? minX : 0);
            const double top = rows.boxTop(g, v);
            if (v < n)
                result.offset[idx(v)] = { left, top };
            result.width = std::max(result.width, left + g.size[idx(v)].x);
            result.height = std::max(result.height, top + g.size[idx(v)].y);
            x[idx(v)] = left + g.size[idx(v)].x / 2;
        }
    }

    // Phase 6, routes: from the bottom of the source through the dummies' centres to the top
    // of the target; a reversed edge's route is turned back to run from its real source.
    void routeEdges(const LayeredGraph &g, const LayerRows &rows, const std::vector<double> &x,
        const std::vector<bool> &reversed, LocalResult &result)
    {
        for (std::size_t k = 0; k < g.chains.size(); ++k) {
            std::vector<LayoutPoint> route;
            const auto &chain = g.chains[k];
            for (std::size_t i = 0; i < chain.size(); ++i) {
                const auto v = idx(chain[i]);
                const double top = rows.boxTop(g, chain[i]);
                if (i == 0)
                    route.push_back({ x[v], top + g.size[v].y });
                else if (i + 1 == chain.size())
                    route.push_back({ x[v], top });
                else
                    route.push_back({ x[v], top + g.size[v].y / 2 });
            }
            if (reversed[k])
                std::reverse(route.begin(), route.end());
            result.routes.push_back(std::move(route));
        }
    }

    // Lays out one level (a container's members, or the top level) as a layered graph.
    LocalResult layoutLevel(
        const std::vector<LayoutPoint> &sizes, const IndexEdges &edgesIn, const LayoutOptions &options)
    {
        const int n = static_cast<int>(sizes.size());
        LocalResult result;
        const OrientedEdges oriented = removeCycles(n, edgesIn);
        const std::vector<int> layer = longestPathLayers(n, oriented.edges);
        LayeredGraph g = insertDummies(sizes, layer, oriented.edges);
        result.crossings = reduceCrossings(g, options.sweeps);
        std::vector<double> x = assignX(g, options.nodeGap);
        const LayerRows rows = assignRows(g, options.layerGap);
        result.offset.resize(idx(n));
        result.layer.assign(layer.begin(), layer.end());
        placeBoxes(g, rows, x, result);
        routeEdges(g, rows, x, oriented.reversed, result);
        return result;
    }

    // The containment tree: each node's depth and each container's members.
    class Hierarchy {
    public:
        explicit Hierarchy(const std::vector<LayoutNode> &nodes);

        /// The containing node, -1 for none (invalid and self parents count as none, and so
        /// does the one link of each parent loop that would close it).
        int parentOf(int v) const { return m_parent[idx(v)]; }
        /// The level v is laid out in: its parent, -1 for the top level.
        int levelOf(int v) const { return m_depth[idx(v)] == 0 ? -1 : parentOf(v); }
        int depth(int v) const { return m_depth[idx(v)]; }
        int n() const { return static_cast<int>(m_nodes.size()); }
        const std::map<int, std::vector<int>> &levels() const { return m_children; }

    private:
        void breakLoops();
        void computeDepths();

        const std::vector<LayoutNode> &m_nodes;
        std::vector<int> m_parent; // per node, -1 for none; no loops
        std::vector<int> m_depth; // per node, 0 at the top level
        std::map<int, std::vector<int>> m_children; // level (-1 = top) -> members
    };

    Hierarchy::Hierarchy(const std::vector<LayoutNode> &nodes)
        : m_nodes(nodes)
        , m_parent(nodes.size(), -1)
        , m_depth(nodes.size(), -1)
    {
        for (int v = 0; v < n(); ++v) {
            const int p = m_nodes[idx(v)].parent;
            m_parent[idx(v)] = p >= 0 && p < n() && p != v ? p : -1;
        }
        breakLoops();
        computeDepths();
        for (int v = 0; v < n(); ++v)
            m_children[levelOf(v)].push_back(v);
    }

    // A parent loop has no top: drop the link that closes it, so that every walk up the
    // chain ends (edge lifting relies on depth(parent) == depth - 1).
    void Hierarchy::breakLoops()
    {
        enum : char { Unvisited, OnPath, Done };
        std::vector<char> state(idx(n()), Unvisited);
        std::vector<int> path;
        for (int start = 0; start < n(); ++start) {
            path.clear();
            int v = start;
            while (v >= 0 && state[idx(v)] == Unvisited) {
                state[idx(v)] = OnPath;
                path.push_back(v);
                v = m_parent[idx(v)];
            }
            if (v >= 0 && state[idx(v)] == OnPath)
                m_parent[idx(path.back())] = -1;
            for (const int u : path)
                state[idx(u)] = Done;
        }
    }

    // Depth of every node, walking up each chain once (chains may be long: no recursion).
    void Hierarchy::computeDepths()
    {
        std::vector<int> path;
        for (int start = 0; start < n(); ++start) {
            path.clear();
            int v = start;
            while (v >= 0 && m_depth[idx(v)] < 0) {
                path.push_back(v);
                v = m_parent[idx(v)];
            }
            int depth = v >= 0 ? m_depth[idx(v)] : -1;
            for (auto it = path.rbegin(); it != path.rend(); ++it)
                m_depth[idx(*it)] = ++depth;
        }
    }

    // Edges lifted to the pair of sibling ancestors they connect, grouped by level.
    struct LiftedEdges {
        std::vector<std::pair<int, int>> perEdge; // per input edge: sibling pair, -1s if not placed
        std::map<int, IndexEdges> perLevel; // level -> (from, to) node indices, in input order
    };

    // Lifts each edge to the siblings that contain its ends, so that a level's layout sees it.
    LiftedEdges liftEdges(const Hierarchy &h, const std::vector<LayoutEdge> &edges)
    {
        const int n = h.n();
        LiftedEdges lifted;
        lifted.perEdge.assign(edges.size(), { -1, -1 });
        for (std::size_t k = 0; k < edges.size(); ++k) {
            int a = edges[k].from, b = edges[k].to;
            if (a < 0 || b < 0 || a >= n || b >= n)
                continue;
            while (h.depth(a) > h.depth(b))
                a = h.parentOf(a);
            while (h.depth(b) > h.depth(a))
                b = h.parentOf(b);
            while (a != b && h.parentOf(a) != h.parentOf(b)) {
                a = h.parentOf(a);
                b = h.parentOf(b);
            }
            if (a == b)
                continue; // an edge between a container and its own contents
            lifted.perEdge[k] = { a, b };
            lifted.perLevel[h.levelOf(a)].emplace_back(a, b);
        }
        return lifted;
    }

    // Lays out every level, deepest containers first so each container knows its size when
    // its parent's level is laid out. Fills sizes, layers, crossings and the drawing's extent;
    // returns each level's layout and, in relative, each node's offset within its level.
    std::map<int, LocalResult> layoutLevels(const Hierarchy &h, const LiftedEdges &lifted, const LayoutOptions &options,
        std::vector<LayoutPoint> &relative, LayoutResult &result)
    {
        std::vector<int> containers;
        for (const auto &c : h.levels())
            if (c.first >= 0)
                containers.push_back(c.first);
        std::sort(containers.begin(), containers.end(), [&](int a, int b) { return h.depth(a) > h.depth(b); });
        containers.push_back(-1);
        std::map<int, LocalResult> local;
        for (int c : containers) {
            static const std::vector<int> kNoMembers;
            const auto found = h.levels().find(c);
            const std::vector<int> &members = found != h.levels().end() ? found->second : kNoMembers;
            std::map<int, int> index;
            std::vector<LayoutPoint> sizes;
            for (std::size_t i = 0; i < members.size(); ++i) {
                index[members[i]] = static_cast<int>(i);
                sizes.push_back(result.size[idx(members[i])]);
            }
            IndexEdges e;
            if (const auto level = lifted.perLevel.find(c); level != lifted.perLevel.end())
                for (const auto &p : level->second)
                    e.emplace_back(index[p.first], index[p.second]);
            LocalResult r = layoutLevel(sizes, e, options);
            result.crossings += r.crossings;
            for (std::size_t i = 0; i < members.size(); ++i) {
                relative[idx(members[i])] = r.offset[i];
                result.layer[idx(members[i])] = r.layer[i];
            }
            if (c >= 0) {
                auto &s = result.size[idx(c)];
                s.x = std::max(s.x, r.width + 2 * options.containerPadding);
                s.y = std::max(s.y, r.height + 2 * options.containerPadding + options.containerHeader);
            } else {
                result.width = r.width;
                result.height = r.height;
            }
            local[c] = std::move(r);
        }
        return local;
    }

    // Where a level's origin lies in absolute coordinates: inside its container's frame.
    LayoutPoint levelOrigin(int c, const LayoutResult &result, const LayoutOptions &options)
    {
        if (c < 0)
            return { 0, 0 };
        return { result.topLeft[idx(c)].x + options.containerPadding,
            result.topLeft[idx(c)].y + options.containerPadding + options.containerHeader };
    }

    // Absolute positions, parents before children (a stable sort by depth).
    void placeAbsolute(const Hierarchy &h, const std::vector<LayoutPoint> &relative, const LayoutOptions &options,
        LayoutResult &result)
    {
        std::vector<int> byDepth(idx(h.n()));
        std::iota(byDepth.begin(), byDepth.end(), 0);
        std::stable_sort(byDepth.begin(), byDepth.end(), [&](int a, int b) { return h.depth(a) < h.depth(b); });
        for (int v : byDepth) {
            const LayoutPoint base = levelOrigin(h.levelOf(v), result, options);
            result.topLeft[idx(v)] = { base.x + relative[idx(v)].x, base.y + relative[idx(v)].y };
        }
    }

    // Absolute routes: each placed edge takes its level's next route, moved to the level's
    // origin, so a lifted edge ends at the frame of the container it enters or leaves (drawn
    // inside, it would cross the container's other boxes).
    void routeAbsolute(const Hierarchy &h, const std::vector<LayoutEdge> &edges, const LiftedEdges &lifted,
        const std::map<int, LocalResult> &local, const LayoutOptions &options, LayoutResult &result)
    {
        std::map<int, std::size_t> used;
        for (std::size_t k = 0; k < edges.size(); ++k) {
            const int a = lifted.perEdge[k].first;
            if (a < 0)
                continue;
            const int c = h.levelOf(a);
            const std::size_t slot = used[c]++;
            const auto level = local.find(c);
            std::vector<LayoutPoint> route;
            const LayoutPoint base = levelOrigin(c, result, options);
            if (level != local.end() && slot < level->second.routes.size())
                for (const auto &p : level->second.routes[slot])
                    route.push_back({ p.x + base.x, p.y + base.y });
            // Without a route of its own, the edge runs straight between the real boxes.
            if (route.size() < 2) {
                const std::size_t from = idx(edges[k].from), to = idx(edges[k].to);
                const auto &fs = result.size[from], &ts = result.size[to];
                route = { { result.topLeft[from].x + fs.x / 2, result.topLeft[from].y + fs.y },
                    { result.topLeft[to].x + ts.x / 2, result.topLeft[to].y } };
            }
            result.edgeRoutes[k] = std::move(route);
        }
    }

} // namespace

LayoutResult layeredLayout(
    const std::vector<LayoutNode> &nodes, const std::vector<LayoutEdge> &edges, const LayoutOptions &options)
{
    LayoutResult result;
    result.topLeft.assign(nodes.size(), {});
    result.size.assign(nodes.size(), {});
    result.layer.assign(nodes.size(), 0);
    result.edgeRoutes.assign(edges.size(), {});
    const Hierarchy hierarchy(nodes);
    const LiftedEdges lifted = liftEdges(hierarchy, edges);
    for (std::size_t v = 0; v < nodes.size(); ++v)
        result.size[v] = { nodes[v].width, nodes[v].height };
    std::vector<LayoutPoint> relative(nodes.size());
    const std::map<int, LocalResult> local = layoutLevels(hierarchy, lifted, options, relative, result);
    placeAbsolute(hierarchy, relative, options, result);
    routeAbsolute(hierarchy, edges, lifted, local, options, result);
    return result;
}

} // namespace conceptlab::layout
