// Graph construction, TorchScript-style printing, op counting and dead-code elimination.
#include "ir.h"

#include "text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <set>

namespace conceptlab::graphcapture {

IrType IrType::listOf(IrType element)
{
    IrType t;
    t.kind = Kind::List;
    t.elements.push_back(std::move(element));
    return t;
}

IrType IrType::tensorOf(const Tensor &tensor)
{
    IrType t;
    t.kind = Kind::Tensor;
    t.concrete = true;
    t.scalarName = tensor.dtype == DType::Bool ? "Bool" : "Float";
    t.shape = tensor.shape;
    t.strides = tensor.strides();
    return t;
}

std::string IrType::str() const
{
    switch (kind) {
    case Kind::Tensor: {
        if (!concrete)
            return "Tensor";
        std::string s = scalarName + "(";
        for (auto d : shape)
            s += std::to_string(d) + ", ";
        if (!shape.empty()) {
            Tensor probe;
            probe.shape = shape;
            const auto strides = this->strides.size() == shape.size() ? this->strides : probe.strides();
            s += "strides=[";
            for (std::size_t k = 0; k < strides.size(); ++k)
                s += (k ? ", " : "") + std::to_string(strides[k]);
            s += "], ";
        }
        return s + (showRequiresGrad ? "requires_grad=0, device=cpu)" : "device=cpu)");
    }
    case Kind::Int:
        return "int";
    case Kind::Float:
        return "float";
    case Kind::Bool:
        return "bool";
    case Kind::None:
        return "NoneType";
    case Kind::Str:
        return "str";
    case Kind::Device:
        return "Device";
    case Kind::Function:
        return "Function";
    case Kind::Scalar:
        return "Scalar";
    case Kind::List: {
        if (elements.empty())
            return "Tensor[]";
        IrType e = elements[0];
        e.concrete = false;
        return e.str() + "[]";
    }
    case Kind::Tuple: {
        std::string s = "(";
        for (std::size_t k = 0; k < elements.size(); ++k)
            s += (k ? ", " : "") + elements[k].str();
        return s + ")";
    }
    }
    return "?";
}

bool IrType::sameAs(const IrType &other) const
{
    if (kind != other.kind || elements.size() != other.elements.size())
        return false;
    for (std::size_t k = 0; k < elements.size(); ++k)
        if (!elements[k].sameAs(other.elements[k]))
            return false;
    return true;
}

IrValue *Graph::newValue(IrType type, std::string name)
{
    auto v = std::make_unique<IrValue>();
    v->id = static_cast<int>(m_values.size());
    v->type = std::move(type);
    v->name = std::move(name);
    m_values.push_back(std::move(v));
    return m_values.back().get();
}

IrValue *Graph::cloneValue(const IrValue &value)
{
    std::string name = value.name;
    if (!name.empty()) {
        std::set<std::string> used;
        for (const auto &v : m_values)
            if (!v->name.empty())
                used.insert(v->name);
        if (used.count(name)) {
            const auto dot = name.rfind('.');
            const bool numbered = dot != std::string::npos && dot + 1 < name.size()
                && name.find_first_not_of("0123456789", dot + 1) == std::string::npos;
            const std::string base = numbered ? name.substr(0, dot) : name;
            for (int k = 1;; ++k)
                if (!used.count(base + "." + std::to_string(k))) {
                    name = base + "." + std::to_string(k);
                    break;
                }
        }
    }
    return newValue(value.type, std::move(name));
}

std::unique_ptr<IrNode> Graph::cloneNode(const IrNode &node, std::map<const IrValue *, IrValue *> &map)
{
    auto copy = std::make_unique<IrNode>();
    copy->kind = node.kind;
    for (const IrValue *in : node.inputs)
        copy->inputs.push_back(map.at(in));
    copy->constant = node.constant;
    copy->line = node.line;
    copy->column = node.column;
    copy->order = m_order++;
    copy->tick = node.tick;
    copy->group = node.group;
    for (const IrValue *out : node.outputs) {
        IrValue *v = cloneValue(*out);
        v->producer = copy.get();
        copy->outputs.push_back(v);
        map[out] = v;
    }
    for (const auto &inner : node.blocks) {
        auto block = std::make_unique<IrBlock>();
        for (const IrValue *p : inner->params) {
            IrValue *v = cloneValue(*p);
            block->params.push_back(v);
            map[p] = v;
        }
        cloneNodes(*inner, *block, 0, map);
        for (const IrValue *r : inner->returns)
            block->returns.push_back(map.at(r));
        copy->blocks.push_back(std::move(block));
    }
    return copy;
}

std::size_t Graph::cloneNodes(
    const IrBlock &source, IrBlock &block, std::size_t at, std::map<const IrValue *, IrValue *> &map)
{
    for (const auto &node : source.nodes) {
        auto copy = cloneNode(*node, map);
        block.nodes.insert(block.nodes.begin() + static_cast<std::ptrdiff_t>(at++), std::move(copy));
    }
    return at;
}

std::unique_ptr<Graph> Graph::copy() const
{
    auto graph = std::make_unique<Graph>();
    std::map<const IrValue *, IrValue *> map;
    for (const IrValue *p : top.params) {
        IrValue *v = graph->cloneValue(*p);
        graph->top.params.push_back(v);
        map[p] = v;
    }
    graph->cloneNodes(top, graph->top, 0, map);
    for (const IrValue *r : top.returns)
        graph->top.returns.push_back(map.at(r));
    return graph;
}

IrNode *Graph::addNode(IrBlock &block, std::string kind, std::vector<IrValue *> inputs, std::vector<IrType> outputTypes)
{
    auto node = std::make_unique<IrNode>();
    node->kind = std::move(kind);
    node->inputs = std::move(inputs);
    node->order = m_order++;
    for (auto &t : outputTypes) {
        IrValue *v = newValue(std::move(t));
        v->producer = node.get();
        node->outputs.push_back(v);
    }
    block.nodes.push_back(std::move(node));
    return block.nodes.back().get();
}

IrValue *Graph::addConstant(IrBlock &block, const Value &value, IrType type, bool atFront)
{
    IrNode *node = addNode(block, "prim::Constant", {}, { std::move(type) });
    node->constant = value;
    if (atFront) {
        auto owned = std::move(block.nodes.back());
        block.nodes.pop_back();
        block.nodes.insert(block.nodes.begin(), std::move(owned));
    }
    return node->outputs[0];
}

static std::string doubleText(double v)
{
    // TorchScript prints doubles with 17 significant digits and a trailing '.' when integral.
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    if (std::isnan(v))
        return "nan";
    std::string s = formatNumber(v, 17);
    if (s.find_first_of(".e") == std::string::npos)
        s += ".";
    return s;
}

std::string constantText(const Value &value)
{
    switch (value.kind) {
    case ValueKind::Bool:
        return value.b ? "1" : "0";
    case ValueKind::Int:
        return std::to_string(value.i);
    case ValueKind::Float:
        return doubleText(value.f);
    case ValueKind::Str:
        return "\"" + value.s + "\"";
    case ValueKind::Tensor: {
        const auto &t = *value.t;
        if (t.data.size() == 1)
            return "{" + floatText(t.data[0]) + "}";
        return "<Tensor>";
    }
    case ValueKind::List:
    case ValueKind::Tuple: {
        std::string s = "[";
        for (std::size_t k = 0; k < value.items->size(); ++k)
            s += (k ? ", " : "") + constantText((*value.items)[k]);
        return s + "]";
    }
    default:
        return "";
    }
}

static void printBlockNodes(const IrBlock &block, int indent, std::string &out);

static void printNode(const IrNode &node, int indent, std::string &out)
{
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    out += pad;
    for (std::size_t k = 0; k < node.outputs.size(); ++k)
        out += (k ? ", " : "") + node.outputs[k]->display() + " : " + node.outputs[k]->type.str();
    out += " = " + node.kind;
    if (node.kind == "prim::Constant" && node.outputs[0]->type.kind == IrType::Kind::Function) {
        out += "[name=\"" + node.constant.s + "\"]";
    } else if (node.kind == "prim::Constant" && node.constant.kind != ValueKind::None) {
        if (node.outputs[0]->type.kind == IrType::Kind::Tensor && node.constant.isNumber()) {
            // A Python number wrapped as a 0-dim tensor by the tracer: printed as {v}.
            std::string text;
            if (node.constant.kind == ValueKind::Float) {
                // at::Tensor's stream output: 6 significant digits, %g style ({0.333333}, {1e-07}).
                std::array<char, 32> buffer {};
                const auto end = std::to_chars(
                    buffer.data(), buffer.data() + buffer.size(), node.constant.f, std::chars_format::general, 6)
                                     .ptr;
                text.assign(buffer.data(), end);
            } else {
                text = std::to_string(node.constant.kind == ValueKind::Bool ? node.constant.b : node.constant.i);
            }
            out += "[value={" + text + "}]";
        } else {
            out += "[value=" + constantText(node.constant) + "]";
        }
    }
    out += "(";
    for (std::size_t k = 0; k < node.inputs.size(); ++k)
        out += (k ? ", " : "") + node.inputs[k]->display();
    out += ")\n";
    for (std::size_t b = 0; b < node.blocks.size(); ++b) {
        const auto &block = *node.blocks[b];
        out += pad + "  block" + std::to_string(b) + "(";
        for (std::size_t k = 0; k < block.params.size(); ++k)
            out += (k ? ", " : "") + block.params[k]->display() + " : " + block.params[k]->type.str();
        out += "):\n";
        printBlockNodes(block, indent + 4, out);
        out += pad + "    -> (";
        for (std::size_t k = 0; k < block.returns.size(); ++k)
            out += (k ? ", " : "") + block.returns[k]->display();
        out += ")\n";
    }
}

static void printBlockNodes(const IrBlock &block, int indent, std::string &out)
{
    for (const auto &node : block.nodes)
        printNode(*node, indent, out);
}

std::string Graph::str() const
{
    std::string out = "graph(";
    for (std::size_t k = 0; k < top.params.size(); ++k)
        out += (k ? ",\n      " : "") + top.params[k]->display() + " : " + top.params[k]->type.str();
    out += "):\n";
    printBlockNodes(top, 2, out);
    out += "  return (";
    for (std::size_t k = 0; k < top.returns.size(); ++k)
        out += (k ? ", " : "") + top.returns[k]->display();
    out += ")\n";
    return out;
}

static void collect(const IrBlock &block, std::vector<const IrNode *> &out)
{
    for (const auto &node : block.nodes) {
        out.push_back(node.get());
        for (const auto &b : node->blocks)
            collect(*b, out);
    }
}

std::vector<const IrNode *> Graph::allNodes() const
{
    std::vector<const IrNode *> out;
    collect(top, out);
    return out;
}

std::map<std::string, int> Graph::opCounts() const
{
    std::map<std::string, int> counts;
    for (const IrNode *node : allNodes())
        if (node->kind != "prim::Constant")
            ++counts[node->kind];
    return counts;
}

// An if whose outputs nobody uses goes unless a node inside has a side effect, as in TorchScript's
// dead code elimination; a loop stays (it might not end).
static bool hasSideEffects(const IrNode &node)
{
    if (node.kind == "prim::Print" || node.kind == "prim::Loop"
        || (node.kind.size() > 1 && node.kind.back() == '_' && node.kind.rfind("aten::__", 0) != 0))
        return true;
    return std::any_of(node.blocks.begin(), node.blocks.end(), [](const std::unique_ptr<IrBlock> &block) {
        return std::any_of(block->nodes.begin(), block->nodes.end(),
            [](const std::unique_ptr<IrNode> &inner) { return hasSideEffects(*inner); });
    });
}

static void markUses(const IrBlock &block, std::set<const IrValue *> &used)
{
    for (const auto *v : block.returns)
        used.insert(v);
    for (const auto &node : block.nodes) {
        for (const auto *v : node->inputs)
            used.insert(v);
        for (const auto &b : node->blocks)
            markUses(*b, used);
    }
}

static bool removeDead(IrBlock &block, const std::set<const IrValue *> &used)
{
    bool changed = false;
    for (auto &node : block.nodes)
        for (auto &b : node->blocks)
            changed |= removeDead(*b, used);
    const auto before = block.nodes.size();
    std::erase_if(block.nodes, [&](const std::unique_ptr<IrNode> &node) {
        if (hasSideEffects(*node))
            return false;
        // A Function constant whose call was inlined stays, as in PyTorch's inlined graphs.
        if (!node->outputs.empty() && node->outputs[0]->type.kind == IrType::Kind::Function)
            return false;
        return std::none_of(
            node->outputs.begin(), node->outputs.end(), [&](const IrValue *v) { return used.count(v) > 0; });
    });
    return changed || block.nodes.size() != before;
}

void Graph::eliminateDeadCode()
{
    while (true) {
        std::set<const IrValue *> used;
        markUses(top, used);
        if (!removeDead(top, used))
            break;
    }
}

namespace {

    // Where each value is first used, in graph order: every node and every block's return
    // (after the block's nodes) has a position; a use is (position, input index).
    class FirstUses {
    public:
        explicit FirstUses(const IrBlock &top) { visit(top); }

        std::optional<std::pair<int, std::size_t>> of(const IrValue *v) const
        {
            auto it = m_first.find(v);
            return it == m_first.end() ? std::nullopt : std::optional(it->second);
        }

    private:
        void visit(const IrBlock &block)
        {
            for (const auto &node : block.nodes) {
                const int position = m_next++;
                for (std::size_t k = 0; k < node->inputs.size(); ++k)
                    m_first.try_emplace(node->inputs[k], position, k);
                for (const auto &b : node->blocks)
                    visit(*b);
            }
            const int position = m_next++;
            for (std::size_t k = 0; k < block.returns.size(); ++k)
                m_first.try_emplace(block.returns[k], position, k);
        }

        int m_next = 0;
        std::map<const IrValue *, std::pair<int, std::size_t>> m_first;
    };

    void canonicalizeLoops(IrBlock &block, const FirstUses &uses)
    {
        for (auto &node : block.nodes) {
            for (auto &b : node->blocks)
                canonicalizeLoops(*b, uses);
            if (node->kind != "prim::Loop" || node->blocks.empty() || node->outputs.size() < 2)
                continue;
            std::vector<std::size_t> order(node->outputs.size());
            std::iota(order.begin(), order.end(), 0);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                const auto useA = uses.of(node->outputs[a]);
                const auto useB = uses.of(node->outputs[b]);
                if (!useA)
                    return false;
                return !useB || *useA < *useB;
            });
            IrBlock &body = *node->blocks[0];
            const auto permute = [&](std::vector<IrValue *> &values, std::size_t offset) {
                std::vector<IrValue *> old(values.begin() + static_cast<std::ptrdiff_t>(offset), values.end());
                for (std::size_t i = 0; i < order.size(); ++i)
                    values[offset + i] = old[order[i]];
            };
            permute(node->outputs, 0);
            permute(node->inputs, 2);
            permute(body.params, 1);
            permute(body.returns, 1);
        }
    }

} // namespace

void Graph::canonicalizeLoopOutputs()
{
    canonicalizeLoops(top, FirstUses(top));
}

} // namespace conceptlab::graphcapture
