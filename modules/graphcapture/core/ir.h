// The graph IR shared by the tracer and the scripter, ready to host later compilers:
// typed SSA values, nodes with an op kind ("aten::add", "prim::If", ...), nested blocks
// (block parameters and returns), constants as prim::Constant nodes, and source positions.
// Printed in TorchScript's textual form.
#pragma once

#include "value.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

/// A static type. Tensors carry a concrete dtype and shape when traced.
struct IrType {
    enum class Kind { Tensor, Int, Float, Bool, None, Str, List, Tuple, Scalar, Device, Function };
    Kind kind = Kind::Tensor;
    bool concrete = false; ///< Tensor: dtype and shape known (traced)
    std::string scalarName = "Float"; ///< concrete Tensor: Float, Bool, Long, Double
    std::vector<std::int64_t> shape; ///< concrete Tensor
    std::vector<std::int64_t> strides; ///< concrete Tensor (empty: contiguous)
    std::vector<IrType> elements; ///< List: one element type; Tuple: each element
    bool showRequiresGrad = true; ///< concrete Tensor: print "requires_grad=0, "

    static IrType of(Kind k)
    {
        IrType t;
        t.kind = k;
        return t;
    }
    static IrType listOf(IrType element);
    static IrType tensorOf(const Tensor &t); ///< concrete tensor type
    std::string str() const; ///< "Tensor", "int[]", "(Tensor, int)", "Float(2, 3, strides=...)"
    bool sameAs(const IrType &other) const; ///< equality ignoring concrete shapes
};

struct IrNode;
struct IrBlock;

struct IrValue {
    int id = 0;
    std::string name; ///< debug name ("x.1"); printed instead of the id when set
    IrType type;
    IrNode *producer = nullptr;
    std::string display() const { return "%" + (name.empty() ? std::to_string(id) : name); }
};

struct IrNode {
    std::string kind;
    std::vector<IrValue *> inputs;
    std::vector<IrValue *> outputs;
    std::vector<std::unique_ptr<IrBlock>> blocks;
    Value constant; ///< prim::Constant: the value (None for prim::Constant())
    int line = 0, column = 0; ///< source position of the expression that made it
    int order = 0; ///< creation order (playback of traces)
    long tick = 0; ///< traced: op calls of the run before it (orders trace and compile playback)
    int group = -1; ///< torch.compile: index of the FX node it is part of
};

struct IrBlock {
    std::vector<IrValue *> params;
    std::vector<std::unique_ptr<IrNode>> nodes;
    std::vector<IrValue *> returns;
};

class Graph {
public:
    IrBlock top; ///< params are the graph inputs, returns the outputs

    IrValue *newValue(IrType type, std::string name = {});
    /// Appends a node to `block` with outputs of the given types.
    IrNode *addNode(IrBlock &block, std::string kind, std::vector<IrValue *> inputs, std::vector<IrType> outputTypes);
    /// A prim::Constant node in `block` (at the end, or at the front when atFront).
    IrValue *addConstant(IrBlock &block, const Value &value, IrType type, bool atFront = false);

    /// A copy of the graph: the same nodes and types, new values (names kept).
    std::unique_ptr<Graph> copy() const;
    /// Copies `source`'s nodes (nested blocks too) into `block` of this graph, before index `at`;
    /// `map` takes the source's values to this graph's and must hold the source's free values.
    /// Copied names that this graph already uses get a new numeric suffix. Returns the index after the copies.
    std::size_t cloneNodes(
        const IrBlock &source, IrBlock &block, std::size_t at, std::map<const IrValue *, IrValue *> &map);

    /// TorchScript's textual form: "graph(%x : Tensor):\n  %2 : Tensor = aten::relu(%x)\n  return (%2)\n".
    std::string str() const;
    /// Node kinds and how often each occurs, nested blocks included, prim::Constant excluded.
    std::map<std::string, int> opCounts() const;
    /// Every node (nested ones too), in program order.
    std::vector<const IrNode *> allNodes() const;
    /// Removes side-effect-free nodes whose outputs nobody uses.
    void eliminateDeadCode();
    /// Reorders every loop's carried values as TorchScript's CanonicalizeOutputs pass does:
    /// those used after the loop first, in the order of their first use; the others after
    /// them, in their order.
    void canonicalizeLoopOutputs();
    int valueCount() const { return static_cast<int>(m_values.size()); }

private:
    IrValue *cloneValue(const IrValue &value);
    std::unique_ptr<IrNode> cloneNode(const IrNode &node, std::map<const IrValue *, IrValue *> &map);

    std::vector<std::unique_ptr<IrValue>> m_values;
    int m_order = 0;
};

/// Text of a constant as printed in `[value=...]` (ints, 1./0.5 floats, {2.5} tensors, "s").
std::string constantText(const Value &value);

} // namespace conceptlab::graphcapture
