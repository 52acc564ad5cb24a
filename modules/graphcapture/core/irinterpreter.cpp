// The IR interpreter.
#include "irinterpreter.h"

#include "ops.h"
#include "syntax.h"

#include <map>

namespace conceptlab::graphcapture {

namespace {

    // Nodes between two cancel checks (a power of two minus one).
    constexpr long kCheckpointMask = 1023;

    class Runner {
    public:
        Runner(long limit, const WorkControl &control, IrRunResult &result)
            : m_limit(limit)
            , m_control(control)
            , m_result(result)
        {
        }

        void runBlock(const IrBlock &block)
        {
            for (const auto &node : block.nodes)
                runNode(*node);
        }

        Value get(const IrValue *v) const
        {
            auto it = m_env.find(v);
            if (it == m_env.end())
                throw SourceError { 0, 0, "internal error: value " + v->display() + " used before definition" };
            return it->second;
        }
        void set(const IrValue *v, Value value) { m_env[v] = std::move(value); }

    private:
        [[noreturn]] void fail(const IrNode &node, const std::string &message)
        {
            throw SourceError { node.line, node.column, message };
        }

        // One more node (or loop iteration) run: the step limit, and now and then a cancel check.
        void countNode(const IrNode &node)
        {
            if ((m_result.nodesExecuted & kCheckpointMask) == 0)
                m_control.checkpoint();
            if (++m_result.nodesExecuted > m_limit)
                fail(node,
                    "step limit exceeded: more than " + std::to_string(m_limit)
                        + " graph nodes executed (an infinite loop?)");
        }

        void runNode(const IrNode &node)
        {
            countNode(node);
            if (node.kind == "prim::Constant") {
                Value v = node.constant;
                if (node.outputs[0]->type.kind == IrType::Kind::Tensor && v.isNumber())
                    v = Value::tensor(makeTensor({}, { static_cast<float>(v.number()) }));
                set(node.outputs[0], v);
                return;
            }
            if (node.kind == "prim::If") {
                const Value c = get(node.inputs[0]);
                const IrBlock &block = *node.blocks[c.b ? 0 : 1];
                runBlock(block);
                for (std::size_t k = 0; k < node.outputs.size(); ++k)
                    set(node.outputs[k], get(block.returns[k]));
                return;
            }
            if (node.kind == "prim::Loop") {
                const std::int64_t trip = get(node.inputs[0]).i;
                bool cond = get(node.inputs[1]).b;
                std::vector<Value> carried;
                for (std::size_t k = 2; k < node.inputs.size(); ++k)
                    carried.push_back(get(node.inputs[k]));
                const IrBlock &body = *node.blocks[0];
                for (std::int64_t i = 0; i < trip && cond; ++i) {
                    countNode(node);
                    set(body.params[0], Value::integer(i));
                    for (std::size_t k = 0; k < carried.size(); ++k)
                        set(body.params[k + 1], carried[k]);
                    runBlock(body);
                    cond = get(body.returns[0]).b;
                    for (std::size_t k = 0; k < carried.size(); ++k)
                        carried[k] = get(body.returns[k + 1]);
                }
                for (std::size_t k = 0; k < node.outputs.size(); ++k)
                    set(node.outputs[k], carried[k]);
                return;
            }
            std::vector<Value> args;
            args.reserve(node.inputs.size());
            for (const auto *in : node.inputs)
                args.push_back(get(in));
            if (node.kind == "prim::Print") {
                std::string line;
                for (std::size_t k = 0; k < args.size(); ++k)
                    line += (k ? " " : "") + valueText(args[k]);
                m_result.prints.push_back(line);
                return;
            }
            if (node.kind == "prim::TupleUnpack") {
                if (args[0].kind != ValueKind::Tuple || args[0].items->size() != node.outputs.size())
                    fail(node, "cannot unpack the tuple");
                for (std::size_t k = 0; k < node.outputs.size(); ++k)
                    set(node.outputs[k], (*args[0].items)[k]);
                return;
            }
            try {
                m_work.charge(node.kind, args);
                set(node.outputs[0], callOp(node.kind, args));
            } catch (const TensorError &e) {
                fail(node, e.message);
            }
        }

        long m_limit;
        const WorkControl &m_control;
        IrRunResult &m_result;
        std::map<const IrValue *, Value> m_env;
        WorkMeter m_work; // tensor work of this run, against kMaxRunWork
    };

} // namespace

IrRunResult runGraph(const Graph &graph, const std::vector<Value> &inputs, long nodeLimit, const WorkControl &control)
{
    IrRunResult result;
    if (inputs.size() != graph.top.params.size())
        throw SourceError { 0, 0,
            "the graph takes " + std::to_string(graph.top.params.size()) + " inputs but "
                + std::to_string(inputs.size()) + " were given" };
    Runner runner(nodeLimit, control, result);
    for (std::size_t k = 0; k < inputs.size(); ++k)
        runner.set(graph.top.params[k], deepCopy(inputs[k]));
    runner.runBlock(graph.top);
    result.output = runner.get(graph.top.returns.at(0));
    return result;
}

} // namespace conceptlab::graphcapture
