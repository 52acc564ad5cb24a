// Inductor-style lowering of a captured graph: views are free, matmuls go to extern kernels,
// consecutive pointwise ops of one iteration size fuse, a pointwise prologue fuses into the
// reduction that consumes it and a pointwise epilogue of the reduction's output size into it.
// Kernels are named as Inductor's C++ backend names them (cpp_fused_<sorted aten ops>_<n>).
#include "dynamo.h"

#include "text.h"

#include <algorithm>
#include <map>
#include <set>

namespace conceptlab::graphcapture {

namespace {

    enum class OpClass { View, Extern, Pointwise, Reduction, Skip };

    std::string atenName(const IrNode &node)
    {
        std::string name = node.kind.substr(node.kind.find(':') + 2);
        if (name == "softmax")
            return "_softmax";
        if (name.size() > 1 && name.back() == '_' && name != "_softmax")
            name.pop_back(); // in-place ops are functionalised
        return name;
    }

    OpClass classify(const IrNode &node)
    {
        if (node.group < 0)
            return OpClass::Skip;
        static const std::set<std::string> views = { "t", "view", "reshape", "select" };
        static const std::set<std::string> reductions = { "sum", "mean", "max", "_softmax" };
        const std::string name = atenName(node);
        if (views.count(name))
            return OpClass::View;
        if (name == "matmul")
            return OpClass::Extern;
        if (reductions.count(name))
            return OpClass::Reduction;
        return OpClass::Pointwise;
    }

    std::int64_t numel(const IrValue *v)
    {
        std::int64_t n = 1;
        for (auto d : v->type.shape)
            n *= d;
        return n;
    }

    std::int64_t bytesOf(const IrValue *v)
    {
        if (v->type.kind != IrType::Kind::Tensor)
            return 0;
        return numel(v) * (v->type.scalarName == "Bool" ? 1 : 4);
    }

    struct Group {
        OpClass kind = OpClass::Pointwise;
        std::vector<const IrNode *> nodes;
        std::int64_t size = 0; ///< iteration size (pointwise: output numel; reduction: input numel)
        std::int64_t outSize = 0; ///< reduction: output numel
        std::set<const IrValue *> made;
    };

    class Lowering {
    public:
        explicit Lowering(CompiledGraph &graph)
            : m_graph(graph)
        {
        }

        void run()
        {
            const Graph &g = *m_graph.aten;
            for (const auto &owned : g.top.nodes)
                place(*owned);
            for (const auto &owned : g.top.nodes)
                for (const IrValue *in : owned->inputs)
                    m_users[root(in)].insert(owned.get());
            for (const IrValue *r : g.top.returns)
                noteOutputs(r);
            int counter = 0;
            for (const auto &group : m_groups)
                m_graph.kernels.push_back(kernel(group, counter));
            for (const auto &owned : g.top.nodes)
                if (classify(*owned) != OpClass::View && classify(*owned) != OpClass::Skip)
                    m_graph.bytesUnfused += unfusedBytes(*owned);
            for (const auto &k : m_graph.kernels)
                m_graph.bytesFused += k.bytesRead + k.bytesWritten;
        }

    private:
        const IrValue *root(const IrValue *v) const
        {
            auto it = m_alias.find(v);
            return it == m_alias.end() ? v : it->second;
        }

        void noteOutputs(const IrValue *v)
        {
            if (v->producer && v->producer->kind == "prim::TupleConstruct") {
                for (const IrValue *in : v->producer->inputs)
                    noteOutputs(in);
                return;
            }
            m_outputs.insert(root(v));
        }

        bool consumes(const IrNode &node, const Group &group) const
        {
            return std::any_of(node.inputs.begin(), node.inputs.end(),
                [&](const IrValue *in) { return group.made.count(root(in)) > 0; });
        }

        void place(const IrNode &node)
        {
            const OpClass c = classify(node);
            if (c == OpClass::Skip)
                return;
            if (c == OpClass::View) {
                m_alias[node.outputs[0]] = root(node.inputs[0]);
                return;
            }
            Group *cur = m_groups.empty() ? nullptr : &m_groups.back();
            const std::int64_t out = numel(node.outputs[0]);
            if (c == OpClass::Pointwise && cur) {
                if ((cur->kind == OpClass::Pointwise && cur->size == out)
                    || (cur->kind == OpClass::Reduction && cur->outSize == out && consumes(node, *cur))) {
                    add(*cur, node);
                    return;
                }
            }
            if (c == OpClass::Reduction && cur && cur->kind == OpClass::Pointwise && !node.inputs.empty()
                && cur->size == numel(node.inputs[0]) && consumes(node, *cur)) {
                cur->kind = OpClass::Reduction;
                cur->outSize = out;
                add(*cur, node);
                return;
            }
            Group group;
            group.kind = c;
            group.size = c == OpClass::Reduction && !node.inputs.empty() ? numel(node.inputs[0]) : out;
            group.outSize = out;
            add(group, node);
            m_groups.push_back(std::move(group));
        }

        static void add(Group &group, const IrNode &node)
        {
            group.nodes.push_back(&node);
            group.made.insert(node.outputs[0]);
        }

        std::int64_t readBytes(const std::vector<const IrNode *> &nodes, const std::set<const IrValue *> &made) const
        {
            std::set<const IrValue *> reads;
            for (const IrNode *n : nodes)
                for (const IrValue *in : n->inputs) {
                    const IrValue *r = root(in);
                    if (r->type.kind == IrType::Kind::Tensor && !made.count(r)
                        && !(r->producer && r->producer->kind == "prim::Constant"))
                        reads.insert(r);
                }
            std::int64_t bytes = 0;
            for (const IrValue *r : reads)
                bytes += bytesOf(r);
            return bytes;
        }

        std::int64_t unfusedBytes(const IrNode &node) const
        {
            return readBytes({ &node }, {}) + bytesOf(node.outputs[0]);
        }

        Kernel kernel(const Group &group, int &counter) const
        {
            Kernel k;
            std::set<std::string> names;
            for (const IrNode *n : group.nodes) {
                k.ops.push_back(atenName(*n));
                names.insert(atenName(*n));
                if (std::find(k.nodes.begin(), k.nodes.end(), n->group) == k.nodes.end())
                    k.nodes.push_back(n->group);
            }
            if (group.kind == OpClass::Extern) {
                const IrNode &n = *group.nodes[0];
                const bool batched = n.inputs.size() == 2
                    && (n.inputs[0]->type.shape.size() > 2 || n.inputs[1]->type.shape.size() > 2);
                k.name = batched ? "extern_kernels.bmm" : "extern_kernels.mm";
                k.kind = "extern";
            } else {
                k.name = "cpp_fused";
                for (const auto &name : names)
                    k.name += "_" + name;
                k.name += "_" + formatInteger(counter++);
                k.kind = group.kind == OpClass::Reduction ? "reduction" : "pointwise";
            }
            k.bytesRead = readBytes(group.nodes, group.made);
            for (const IrValue *v : group.made) {
                bool usedOutside = m_outputs.count(v) > 0;
                auto users = m_users.find(v);
                if (users != m_users.end())
                    for (const IrNode *u : users->second)
                        if (std::find(group.nodes.begin(), group.nodes.end(), u) == group.nodes.end()
                            && classify(*u) != OpClass::Skip && classify(*u) != OpClass::View)
                            usedOutside = true;
                if (usedOutside)
                    k.bytesWritten += bytesOf(v);
            }
            return k;
        }

        CompiledGraph &m_graph;
        std::vector<Group> m_groups;
        std::map<const IrValue *, const IrValue *> m_alias;
        std::map<const IrValue *, std::set<const IrNode *>> m_users;
        std::set<const IrValue *> m_outputs;
    };

} // namespace

void lowerToKernels(CompiledGraph &graph)
{
    graph.kernels.clear();
    graph.bytesUnfused = 0;
    graph.bytesFused = 0;
    if (!graph.aten)
        return;
    Lowering(graph).run();
}

} // namespace conceptlab::graphcapture
