// TorchDynamo's capture, guards and frame caches over the eager interpreter.
#include "dynamo.h"

#include "interpreter.h"
#include "irinterpreter.h"
#include "lowering.h"
#include "text.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <set>

namespace conceptlab::graphcapture {

namespace {

    constexpr const char *kSkipLoop = "Skipping frame because there is a graph break in a for/while loop";

    // One recorded tensor op of the run.
    struct LogOp {
        std::string kind;
        std::vector<Value> args;
        Value result;
        FxHint fx;
        int line = 0;
        long tick = 0;
        TensorPtr before; ///< in-place ops: argument 0 as it was before the op
    };

    struct Guard {
        enum class Kind { Tensor, Equals, Length, Lower };
        Kind kind = Kind::Equals;
        std::string name; ///< the local variable
        std::vector<std::size_t> path; ///< indices into lists/tuples
        std::string source; ///< "L['x']", "L['xs'][0]"
        std::vector<std::int64_t> sizes, strides;
        std::vector<bool> dynamic;
        Value value;
        std::int64_t length = 0;
        std::size_t dim = 0;
    };

    struct Entry {
        std::vector<Guard> guards;
        int graph = -1;
        std::string structure; ///< the graph's code without shapes, for the identity check
    };

    struct FrameState {
        std::vector<Entry> entries; ///< most recent first, as Dynamo checks them
        int compiles = 0;
        bool skipped = false; ///< a graph break in a loop: Dynamo skips the frame for good
        bool fallback = false; ///< past the recompile limit: runs eagerly
        std::set<std::pair<std::string, std::size_t>> dynamic; ///< (source, dim) marked dynamic
        std::map<std::string, std::vector<std::int64_t>> seenSizes; ///< source -> sizes at the first compile
    };

    using Cache = std::map<std::string, FrameState>;

    std::string pyRepr(const Value &v)
    {
        switch (v.kind) {
        case ValueKind::None:
            return "None";
        case ValueKind::Bool:
            return v.b ? "True" : "False";
        case ValueKind::Int:
            return formatInteger(v.i);
        case ValueKind::Float: {
            std::string s = formatNumber(v.f);
            if (s.find_first_of(".eEn") == std::string::npos)
                s += ".0";
            return s;
        }
        case ValueKind::Str:
            return "'" + v.s + "'";
        default:
            return kindName(v.kind);
        }
    }

    std::string variableRepr(const Value &v)
    {
        switch (v.kind) {
        case ValueKind::Tensor:
            return "TensorVariable()";
        case ValueKind::List:
            return "ListVariable()";
        case ValueKind::Tuple:
            return "TupleVariable()";
        case ValueKind::Function:
            return "NestedUserFunctionVariable()";
        case ValueKind::None:
            return "ConstantVariable(NoneType)";
        default:
            return std::string("ConstantVariable(") + kindName(v.kind) + ")";
        }
    }

    std::string listText(const std::vector<std::int64_t> &xs, const std::vector<bool> &dynamic = {})
    {
        std::string s = "[";
        for (std::size_t k = 0; k < xs.size(); ++k)
            s += (k ? ", " : "") + (k < dynamic.size() && dynamic[k] ? std::string("None") : formatInteger(xs[k]));
        return s + "]";
    }

    std::string guardText(const Guard &g)
    {
        switch (g.kind) {
        case Guard::Kind::Tensor: {
            bool anyDynamic = std::find(g.dynamic.begin(), g.dynamic.end(), true) != g.dynamic.end();
            std::vector<bool> strideDynamic(g.strides.size(), anyDynamic);
            return "check_tensor(" + g.source
                + ", Tensor, DispatchKeySet(CPU, BackendSelect, ADInplaceOrView, AutogradCPU), torch.float32, "
                  "device=None, requires_grad=False, size="
                + listText(g.sizes, g.dynamic) + ", stride=" + listText(g.strides, strideDynamic) + ")";
        }
        case Guard::Kind::Equals:
            return g.source + " == " + pyRepr(g.value);
        case Guard::Kind::Length:
            return "len(" + g.source + ") == " + formatInteger(g.length);
        case Guard::Kind::Lower:
            return "2 <= " + g.source + ".size()[" + formatInteger(static_cast<std::int64_t>(g.dim)) + "]";
        }
        return {};
    }

    const Value *fetch(const std::map<std::string, Value> &locals, const Guard &g)
    {
        auto it = locals.find(g.name);
        if (it == locals.end())
            return nullptr;
        const Value *v = &it->second;
        for (std::size_t index : g.path) {
            if (!v->items || index >= v->items->size())
                return nullptr;
            v = &(*v->items)[index];
        }
        return v;
    }

    // Dynamo's text for a failing guard; nullopt when it holds.
    std::optional<std::string> guardFailure(const Guard &g, const std::map<std::string, Value> &locals)
    {
        const Value *v = fetch(locals, g);
        const std::string text = guardText(g);
        if (!v)
            return text;
        switch (g.kind) {
        case Guard::Kind::Tensor: {
            const std::string t = "tensor '" + g.source + "' ";
            if (v->kind != ValueKind::Tensor)
                return t + "is not a Tensor";
            if (v->t->dtype != DType::Float)
                return t + "dtype mismatch. expected Float, actual Bool";
            const auto &sizes = v->t->shape;
            if (sizes.size() != g.sizes.size())
                return t + "rank mismatch. expected " + formatInteger(static_cast<std::int64_t>(g.sizes.size()))
                    + ", actual " + formatInteger(static_cast<std::int64_t>(sizes.size()));
            for (std::size_t d = 0; d < sizes.size(); ++d)
                if (!g.dynamic[d] && sizes[d] != g.sizes[d])
                    return t + "size mismatch at index " + formatInteger(static_cast<std::int64_t>(d)) + ". expected "
                        + formatInteger(g.sizes[d]) + ", actual " + formatInteger(sizes[d]);
            if (std::find(g.dynamic.begin(), g.dynamic.end(), true) == g.dynamic.end()) {
                const auto strides = v->t->strides();
                for (std::size_t d = 0; d < strides.size(); ++d)
                    if (strides[d] != g.strides[d])
                        return t + "stride mismatch at index " + formatInteger(static_cast<std::int64_t>(d))
                            + ". expected " + formatInteger(g.strides[d]) + ", actual " + formatInteger(strides[d]);
            }
            return std::nullopt;
        }
        case Guard::Kind::Equals:
            if (v->kind != g.value.kind || v->number() != g.value.number())
                return text;
            return std::nullopt;
        case Guard::Kind::Length:
            if (!v->items || static_cast<std::int64_t>(v->items->size()) != g.length)
                return text;
            return std::nullopt;
        case Guard::Kind::Lower:
            if (v->kind != ValueKind::Tensor || g.dim >= v->t->shape.size() || v->t->shape[g.dim] < 2)
                return text;
            return std::nullopt;
        }
        return std::nullopt;
    }

    std::optional<std::string> entryFailure(const Entry &e, const std::map<std::string, Value> &locals)
    {
        for (const auto &g : e.guards)
            if (auto f = guardFailure(g, locals))
                return f;
        return std::nullopt;
    }

    bool isBuiltinName(const std::string &name)
    {
        static const std::set<std::string> builtins = { "abs", "sum", "max", "min", "pow", "len", "round", "all", "any",
            "float", "int", "bool", "list", "tuple", "print", "range", "map", "filter", "input", "type", "id", "hash",
            "iter", "next", "sorted", "format", "divmod" };
        return builtins.count(name) > 0;
    }

    std::string shapeAnnotation(const Tensor &t, const std::map<std::int64_t, std::string> &symbols)
    {
        std::string s = t.dtype == DType::Bool ? "b8[" : "f32[";
        for (std::size_t k = 0; k < t.shape.size(); ++k) {
            auto it = symbols.find(t.shape[k]);
            s += (k ? ", " : "") + (it != symbols.end() ? it->second : formatInteger(t.shape[k]));
        }
        return "\"" + s + "]\"";
    }

    const std::map<std::string, std::string> kInfix = { { "operator.add", "+" }, { "operator.sub", "-" },
        { "operator.mul", "*" }, { "operator.truediv", "/" }, { "operator.floordiv", "//" }, { "operator.mod", "%" },
        { "operator.pow", "**" }, { "operator.matmul", "@" }, { "operator.lt", "<" }, { "operator.gt", ">" },
        { "operator.le", "<=" }, { "operator.ge", ">=" }, { "operator.eq", "==" }, { "operator.ne", "!=" } };

    // Builds the FX and aten graphs of one segment of the log.
    class GraphBuilder {
    public:
        GraphBuilder(const std::vector<LogOp> &log, std::size_t begin, std::size_t end,
            const std::map<const Tensor *, std::string> &sources,
            const std::set<std::pair<std::string, std::size_t>> &dynamicDims)
            : m_log(log)
            , m_begin(begin)
            , m_end(end)
            , m_sources(sources)
            , m_dynamicDims(dynamicDims)
        {
        }

        CompiledGraph build(const std::set<const Tensor *> &live, std::vector<Value> &placeholderValues,
            std::vector<TensorPtr> &outputs)
        {
            m_graph.aten = std::make_shared<Graph>();
            for (std::size_t j = m_begin; j < m_end; ++j)
                addOp(j);
            // Outputs: tensors made here that the rest of the program can still see.
            std::vector<IrValue *> returns;
            std::string names;
            for (const auto &tensor : m_made) {
                if (!live.count(tensor.get()))
                    continue;
                auto it = m_values.find(tensor.get());
                if (it == m_values.end() || it->second.placeholder)
                    continue;
                returns.push_back(it->second.ir);
                outputs.push_back(tensor);
                names += (names.empty() ? "" : ", ") + it->second.name;
            }
            Graph &g = *m_graph.aten;
            IrType tuple = IrType::of(IrType::Kind::Tuple);
            for (auto *r : returns)
                tuple.elements.push_back(r->type);
            IrNode *out = g.addNode(g.top, "prim::TupleConstruct", returns, { tuple });
            g.top.returns.push_back(out->outputs[0]);
            m_body += "    return (" + names + (returns.size() == 1 ? ",)" : ")") + "\n";
            m_structure += "return (" + names + ")\n";
            m_graph.code = "def forward(self" + m_signature + "):\n" + m_prologue + m_body;
            placeholderValues = std::move(m_placeholderValues);
            return std::move(m_graph);
        }

        std::string structure() const { return m_structure; }

    private:
        struct Known {
            IrValue *ir = nullptr;
            std::string name;
            bool placeholder = false;
        };

        TensorPtr valueAt(const TensorPtr &t, std::size_t j) const
        {
            for (std::size_t k = j; k < m_log.size(); ++k)
                if (m_log[k].before && !m_log[k].args.empty() && m_log[k].args[0].t.get() == t.get())
                    return m_log[k].before;
            return t;
        }

        std::string placeholderName(const Tensor *t)
        {
            auto it = m_sources.find(t);
            std::string base;
            if (it != m_sources.end()) {
                // L['xs'][0] -> L_xs_0_
                for (char c : it->second)
                    if (std::isalnum(static_cast<unsigned char>(c))
                        || (c == '_' && !base.empty() && base.back() != '_'))
                        base += c;
                    else if (!base.empty() && base.back() != '_')
                        base += '_';
                if (base.back() != '_')
                    base += '_';
            } else {
                base = "L_stack" + formatInteger(m_stackCount++) + "_";
            }
            return base;
        }

        std::string placeholder(const TensorPtr &t, std::size_t j, IrValue *&ir)
        {
            const std::string big = placeholderName(t.get());
            std::string small = big;
            small[0] = 'l';
            ir = m_graph.aten->newValue(IrType::tensorOf(*t), small);
            m_graph.aten->top.params.push_back(ir);
            m_placeholderValues.push_back(Value::tensor(std::make_shared<Tensor>(*valueAt(t, j))));
            // Symbols for dims marked dynamic (and at least 2: 0 and 1 stay specialised).
            auto src = m_sources.find(t.get());
            for (std::size_t d = 0; d < t->shape.size(); ++d)
                if (src != m_sources.end() && m_dynamicDims.count({ src->second, d }) && t->shape[d] >= 2
                    && !m_symbols.count(t->shape[d]))
                    m_symbols[t->shape[d]] = "s" + formatInteger(static_cast<std::int64_t>(m_symbols.size()));
            // An input shows only its own symbols (an equal static size is not the symbol).
            std::map<std::int64_t, std::string> own;
            for (std::size_t d = 0; d < t->shape.size(); ++d)
                if (src != m_sources.end() && m_dynamicDims.count({ src->second, d }) && t->shape[d] >= 2)
                    own[t->shape[d]] = m_symbols.at(t->shape[d]);
            m_signature += ", " + big + ": " + shapeAnnotation(*t, own);
            m_prologue += "    " + small + " = " + big + "\n";
            m_values[t.get()] = Known { ir, small, true };
            FxNode node;
            node.name = small;
            node.op = "placeholder";
            node.target = big;
            m_graph.nodes.push_back(node);
            m_structure += "placeholder " + small + "\n";
            return small;
        }

        IrValue *input(const Value &v, std::size_t j, std::string &text)
        {
            Graph &g = *m_graph.aten;
            switch (v.kind) {
            case ValueKind::Tensor: {
                auto it = m_values.find(v.t.get());
                if (it != m_values.end()) {
                    text = it->second.name;
                    return it->second.ir;
                }
                IrValue *ir = nullptr;
                text = placeholder(v.t, j, ir);
                return ir;
            }
            case ValueKind::List:
            case ValueKind::Tuple: {
                std::vector<IrValue *> items;
                text = v.kind == ValueKind::List ? "[" : "(";
                for (std::size_t k = 0; k < v.items->size(); ++k) {
                    std::string t;
                    items.push_back(input((*v.items)[k], j, t));
                    text += (k ? ", " : "") + t;
                }
                text += v.kind == ValueKind::List ? "]" : (v.items->size() == 1 ? ",)" : ")");
                IrType type = v.kind == ValueKind::List ? IrType::listOf(IrType::of(IrType::Kind::Tensor))
                                                        : IrType::of(IrType::Kind::Tuple);
                IrNode *node = g.addNode(
                    g.top, v.kind == ValueKind::List ? "prim::ListConstruct" : "prim::TupleConstruct", items, { type });
                return node->outputs[0];
            }
            default: {
                text = pyRepr(v);
                const auto k = v.kind == ValueKind::Float ? IrType::Kind::Float
                    : v.kind == ValueKind::Bool           ? IrType::Kind::Bool
                    : v.kind == ValueKind::Int            ? IrType::Kind::Int
                    : v.kind == ValueKind::Str            ? IrType::Kind::Str
                                                          : IrType::Kind::None;
                return g.addConstant(g.top, v, IrType::of(k));
            }
            }
        }

        std::string fxName(const std::string &target)
        {
            std::string base = target.substr(target.rfind('.') + 1);
            const int n = ++m_nameCounts[base];
            if (isBuiltinName(base))
                return base + "_" + formatInteger(n);
            return n == 1 ? base : base + "_" + formatInteger(n - 1);
        }

        std::string expression(const LogOp &op, const std::vector<std::string> &argTexts, std::size_t j)
        {
            const FxHint &fx = op.fx;
            std::vector<std::string> hinted;
            for (const auto &a : fx.args) {
                std::string t;
                if (a.kind == ValueKind::Tensor) {
                    auto it = m_values.find(a.t.get());
                    t = it != m_values.end() ? it->second.name : "?";
                } else if (a.kind == ValueKind::List || a.kind == ValueKind::Tuple) {
                    input(a, j, t);
                } else {
                    t = pyRepr(a);
                }
                hinted.push_back(t);
            }
            auto infix = kInfix.find(fx.target);
            if (infix != kInfix.end() && hinted.size() == 2)
                return hinted[0] + " " + infix->second + " " + hinted[1];
            if (fx.target == "operator.neg" && hinted.size() == 1)
                return "-" + hinted[0];
            if (fx.target == "operator.getitem" && hinted.size() == 2)
                return hinted[0] + "[" + hinted[1] + "]";
            if (!hinted.empty()) {
                std::string s = fx.target + "(";
                for (std::size_t k = 0; k < hinted.size(); ++k)
                    s += (k ? ", " : "") + hinted[k];
                return s + ")";
            }
            // Functions and methods: the op's own arguments without trailing defaults.
            std::vector<std::string> args = argTexts;
            if ((op.kind == "aten::add" || op.kind == "aten::sub") && args.size() == 3)
                args.pop_back();
            while (!args.empty() && (args.back() == "None" || args.back() == "False"))
                args.pop_back();
            std::string s;
            std::size_t first = 0;
            if (fx.op == "call_method" && !args.empty()) {
                s = args[0] + "." + fx.target + "(";
                first = 1;
            } else {
                s = fx.target + "(";
            }
            for (std::size_t k = first; k < args.size(); ++k)
                s += (k > first ? ", " : "") + args[k];
            return s + ")";
        }

        void addOp(std::size_t j)
        {
            const LogOp &op = m_log[j];
            Graph &g = *m_graph.aten;
            std::vector<IrValue *> inputs;
            std::vector<std::string> argTexts;
            for (const auto &a : op.args) {
                std::string t;
                inputs.push_back(input(a, j, t));
                argTexts.push_back(t);
            }
            const std::string expr = op.fx.op.empty() ? std::string() : expression(op, argTexts, j);
            IrType type = op.result.kind == ValueKind::Tensor ? IrType::tensorOf(*op.result.t)
                                                              : IrType::of(IrType::Kind::Float);
            IrNode *node = g.addNode(g.top, op.kind, inputs, { type });
            node->line = op.line;
            const std::string atenName = op.kind.substr(op.kind.find(':') + 2);
            if (!op.fx.op.empty() || m_graph.nodes.empty() || m_graph.nodes.back().op == "placeholder") {
                FxNode fx;
                fx.op = op.fx.op.empty() ? "call_function" : op.fx.op;
                fx.target = op.fx.op.empty() ? "torch.ops.aten." + atenName : op.fx.target;
                fx.name = fxName(fx.target);
                fx.line = op.line;
                fx.tick = op.tick;
                m_fxLines.push_back(expr.empty() ? fx.target + "(...)" : expr);
                m_graph.nodes.push_back(fx);
                if (fx.op == "call_function")
                    m_graph.ops.push_back(fx.target);
                m_graph.firstLine = m_graph.firstLine ? std::min(m_graph.firstLine, op.line) : op.line;
                m_graph.lastLine = std::max(m_graph.lastLine, op.line);
            }
            FxNode &fx = m_graph.nodes.back();
            fx.atenOps.push_back(atenName);
            node->group = static_cast<int>(m_graph.nodes.size()) - 1;
            if (op.result.kind == ValueKind::Tensor) {
                m_values[op.result.t.get()] = Known { node->outputs[0], fx.name, false };
                if (std::none_of(
                        m_made.begin(), m_made.end(), [&](const TensorPtr &t) { return t.get() == op.result.t.get(); }))
                    m_made.push_back(op.result.t);
            }
            // The node's line of code is complete once its last aten op is known: rewrite it.
            const std::string annotation
                = op.result.kind == ValueKind::Tensor ? ": " + shapeAnnotation(*op.result.t, m_symbols) : "";
            const std::string line = "    " + fx.name + annotation + " = " + m_fxLines.back() + "\n";
            if (m_lastFx == static_cast<int>(m_graph.nodes.size()) - 1) {
                m_body.resize(m_body.size() - m_lastLine.size());
            } else {
                m_structure += fx.name + " = " + m_fxLines.back() + "\n";
            }
            m_body += line;
            fx.text = line.substr(4, line.size() - 5);
            m_lastLine = line;
            m_lastFx = static_cast<int>(m_graph.nodes.size()) - 1;
        }

        const std::vector<LogOp> &m_log;
        std::size_t m_begin, m_end;
        const std::map<const Tensor *, std::string> &m_sources;
        const std::set<std::pair<std::string, std::size_t>> &m_dynamicDims;
        CompiledGraph m_graph;
        std::map<const Tensor *, Known> m_values;
        std::vector<TensorPtr> m_made;
        std::vector<Value> m_placeholderValues;
        std::map<std::string, int> m_nameCounts;
        std::map<std::int64_t, std::string> m_symbols;
        std::vector<std::string> m_fxLines;
        std::string m_signature, m_prologue, m_body, m_structure, m_lastLine;
        int m_lastFx = -1;
        std::int64_t m_stackCount = 0;
    };

    void collectTensors(const Value &v, std::set<const Tensor *> &out)
    {
        if (v.kind == ValueKind::Tensor)
            out.insert(v.t.get());
        if (v.items)
            for (const auto &item : *v.items)
                collectTensors(item, out);
        if (v.fn)
            return;
    }

    bool hasTensor(const Value &v)
    {
        if (v.kind == ValueKind::Tensor)
            return true;
        if (v.items)
            for (const auto &item : *v.items)
                if (hasTensor(item))
                    return true;
        return false;
    }

    struct Activation {
        enum class Mode { Own, Inlined, Skipped };
        std::string function;
        int callLine = 0;
        std::size_t depth = 0;
        Mode mode = Mode::Own;
        int loops = 0;
        std::size_t mark = 0; ///< log size when it was called
        std::map<std::string, Value> entryLocals;
    };

    struct Segment {
        std::string frame; ///< cache key
        std::string display; ///< the frame's name as Dynamo shows it
        std::size_t activation = 0;
        std::size_t start = 0;
        std::map<std::string, Value> locals;
        std::set<std::string> assigned;
        std::vector<std::string> reads;
        std::map<const Tensor *, std::string> sources;
        int hitEntry = -1; ///< the cache entry whose guards held at the start
        std::string missReason;
    };

    // The capture of one call: a CaptureHooks observer of the eager run.
    class Recorder final : public CaptureHooks {
    public:
        Recorder(Cache &cache, CompileResult &result, CallRecord &call, int callIndex)
            : m_cache(cache)
            , m_result(result)
            , m_call(call)
            , m_callIndex(callIndex)
        {
        }

        void beforeOp(const std::string &kind, const std::vector<Value> &args, const std::string &construct,
            const FxHint &fx, int line, int column) override
        {
            (void)column;
            m_pendingBefore.reset();
            if (!capturing())
                return;
            const bool tensorArg = !args.empty() && args[0].kind == ValueKind::Tensor;
            std::string reason;
            if (tensorArg && kind == "aten::item")
                reason = "Tensor.item";
            else if (tensorArg && (kind == "aten::Float" || kind == "aten::Int"))
                reason = std::string("call_function BuiltinVariable(") + (kind == "aten::Float" ? "float" : "int")
                    + ") [TensorVariable()] {}";
            const bool jump = kind == "aten::Bool" && fx.target != "builtins.bool"
                && (construct == "branch" || construct == "loop");
            if (tensorArg && kind == "aten::Bool")
                reason = jump ? "generic_jump TensorVariable()"
                              : "call_function BuiltinVariable(bool) [TensorVariable()] {}";
            if (!reason.empty()) {
                m_breakingOp = true;
                m_extraLive = args; // the value Python needs is an output of the graph
                graphBreak(reason, line, jump);
                m_extraLive.clear();
                return;
            }
            if (tensorArg && kind.size() > 1 && kind.back() == '_')
                m_pendingBefore = std::make_shared<Tensor>(*args[0].t);
        }

        void afterOp(const std::string &kind, const std::vector<Value> &args, const Value &result, const FxHint &fx,
            int line, int column) override
        {
            (void)column;
            ++m_tick;
            if (m_breakingOp) {
                m_breakingOp = false;
                if (m_pendingResume) {
                    if (m_pendingJump) {
                        startResume(result.b ? "true" : "false");
                    } else {
                        startResume("");
                        // The op's result reaches the resume function on the stack: a specialised input.
                        if (m_segment) {
                            m_segment->locals["___stack0"] = result;
                            m_segment->reads.insert(m_segment->reads.begin(), "___stack0");
                            nameSources("L['___stack0']", result, m_segment->sources);
                            if (m_segment->hitEntry >= 0 || !m_cache[m_segment->frame].entries.empty())
                                recheck(*m_segment);
                        }
                    }
                }
                return;
            }
            if (!capturing() || !recordable(kind, args))
                return;
            LogOp op;
            op.kind = kind;
            op.args = args;
            op.result = result;
            op.fx = fx;
            op.line = line;
            op.tick = m_tick;
            op.before = std::move(m_pendingBefore);
            m_log.push_back(std::move(op));
        }

        void onPrint(const std::vector<Value> &args, int line, int column) override
        {
            (void)column;
            if (!capturing())
                return;
            std::string reason = "call_function BuiltinVariable(print) [";
            for (std::size_t k = 0; k < args.size(); ++k)
                reason += (k ? ", " : "") + variableRepr(args[k]);
            reason += "] {}";
            m_extraLive = args;
            graphBreak(reason, line, false);
            m_extraLive.clear();
            if (m_pendingResume)
                startResume("");
        }

        void onGraphBreak(int line, int column) override
        {
            (void)column;
            if (!capturing())
                return;
            graphBreak("skip function graph_break in file torch/_dynamo/decorators.py", line, false);
            if (m_pendingResume)
                startResume("");
        }

        void onLookup(const std::string &name, const Value &value) override
        {
            if (!m_segment || m_segment->activation + 1 != m_stack.size())
                return;
            if (m_segment->assigned.count(name))
                return;
            if (std::find(m_segment->reads.begin(), m_segment->reads.end(), name) == m_segment->reads.end())
                m_segment->reads.push_back(name);
            nameSources("L['" + name + "']", value, m_segment->sources);
        }

        void onAssign(const std::string &name) override
        {
            if (m_segment && m_segment->activation + 1 == m_stack.size())
                m_segment->assigned.insert(name);
        }

        void enterFunction(const std::string &name, int callLine, const Frames &frames, std::size_t depth) override
        {
            m_frames = &frames;
            Activation a;
            a.function = name;
            a.callLine = callLine;
            a.depth = depth;
            a.mark = m_log.size();
            a.entryLocals = frames[depth];
            if (m_stack.empty() || m_stack.back().mode == Activation::Mode::Skipped) {
                a.mode = Activation::Mode::Own;
                m_stack.push_back(a);
                startSegment(name, name, m_stack.back().entryLocals, m_log.size(), true);
            } else {
                a.mode = Activation::Mode::Inlined;
                m_stack.push_back(a);
            }
        }

        void exitFunction(const Value &returned) override
        {
            if (m_stack.empty())
                return;
            const Activation a = m_stack.back();
            if (a.mode == Activation::Mode::Own && m_segment && m_segment->activation + 1 == m_stack.size()) {
                // At a return only the returned value and the callers' variables stay live.
                m_extraLive = { returned };
                m_liveFrames = a.depth;
                closeSegment(m_log.size(), std::nullopt);
                m_extraLive.clear();
                m_liveFrames = SIZE_MAX;
            }
            m_stack.pop_back();
            if (a.mode == Activation::Mode::Inlined || m_stack.empty())
                return;
            Activation &parent = m_stack.back();
            if (parent.mode == Activation::Mode::Own && !m_segment) {
                // The caller resumes after the call, with the returned value on its stack.
                const std::string key
                    = "torch_dynamo_resume_in_" + parent.function + "_at_" + formatInteger(a.callLine);
                auto locals = (*m_frames)[parent.depth];
                locals["___stack0"] = returned;
                startSegment(key, key, locals, m_log.size(), false);
                if (m_segment) {
                    m_segment->reads.insert(m_segment->reads.begin(), "___stack0");
                    nameSources("L['___stack0']", returned, m_segment->sources);
                }
            }
        }

        void enterLoop(std::size_t depth) override
        {
            if (Activation *a = activationAt(depth))
                ++a->loops;
        }
        void exitLoop(std::size_t depth) override
        {
            if (Activation *a = activationAt(depth))
                --a->loops;
        }

        void unwind(std::size_t frames) override
        {
            while (!m_stack.empty() && m_stack.back().depth >= frames) {
                if (m_segment && m_segment->activation + 1 == m_stack.size())
                    m_segment.reset(); // an exception left the frame: nothing compiled
                m_stack.pop_back();
            }
        }

        /// Closes what is still open after the run (defensive: the entry's exit closes it).
        void finish()
        {
            if (m_segment)
                closeSegment(m_log.size(), std::nullopt);
        }

    private:
        Activation *activationAt(std::size_t depth)
        {
            for (auto it = m_stack.rbegin(); it != m_stack.rend(); ++it)
                if (it->depth == depth)
                    return &*it;
            return nullptr;
        }

        bool capturing() const { return m_segment.has_value() && !m_stack.empty(); }

        static bool recordable(const std::string &kind, const std::vector<Value> &args)
        {
            static const std::set<std::string> python = { "aten::size", "aten::len", "aten::__getitem__",
                "prim::TupleIndex", "prim::ListConstruct", "prim::TupleConstruct", "aten::str", "aten::__not__",
                "aten::Bool", "aten::Int", "aten::Float", "aten::item", "prim::NumToTensor" };
            if (python.count(kind))
                return false;
            if (kind == "aten::zeros" || kind == "aten::ones")
                return true;
            return std::any_of(args.begin(), args.end(), hasTensor);
        }

        static void nameSources(const std::string &source, const Value &v, std::map<const Tensor *, std::string> &out)
        {
            if (v.kind == ValueKind::Tensor && !out.count(v.t.get()))
                out[v.t.get()] = source;
            if (v.items && v.kind != ValueKind::Function)
                for (std::size_t k = 0; k < v.items->size(); ++k)
                    nameSources(source + "[" + formatInteger(static_cast<std::int64_t>(k)) + "]", (*v.items)[k], out);
        }

        void startSegment(const std::string &key, const std::string &display,
            const std::map<std::string, Value> &locals, std::size_t start, bool allLocals)
        {
            FrameState &frame = m_cache[key];
            Activation &owner = m_stack.back();
            if (frame.skipped || frame.fallback) {
                owner.mode = Activation::Mode::Skipped;
                m_segment.reset();
                m_call.eagerFrames = true;
                return;
            }
            Segment s;
            s.frame = key;
            s.display = display;
            s.activation = m_stack.size() - 1;
            s.start = start;
            s.locals = locals;
            if (allLocals)
                for (const auto &[name, value] : locals) {
                    s.reads.push_back(name);
                    nameSources("L['" + name + "']", value, s.sources);
                }
            for (std::size_t k = 0; k < frame.entries.size(); ++k) {
                if (!entryFailure(frame.entries[k], locals)) {
                    s.hitEntry = static_cast<int>(k);
                    break;
                }
            }
            if (s.hitEntry < 0 && !frame.entries.empty()) {
                s.missReason = *entryFailure(frame.entries.front(), locals);
                if (frame.compiles >= kRecompileLimit) {
                    frame.fallback = true;
                    m_result.warnings.push_back("torch._dynamo hit config.cache_size_limit ("
                        + formatInteger(kRecompileLimit) + ")\n   function: '" + display + "'\n   last reason: "
                        + s.missReason + "\nTo log all recompilation reasons, use TORCH_LOGS=\"recompiles\".");
                    owner.mode = Activation::Mode::Skipped;
                    m_segment.reset();
                    m_call.eagerFrames = true;
                    return;
                }
            }
            m_segment = std::move(s);
        }

        // The cache lookup again, after the segment's inputs grew (a stack value).
        void recheck(Segment &s)
        {
            FrameState &frame = m_cache[s.frame];
            s.hitEntry = -1;
            for (std::size_t k = 0; k < frame.entries.size(); ++k)
                if (!entryFailure(frame.entries[k], s.locals)) {
                    s.hitEntry = static_cast<int>(k);
                    break;
                }
            if (s.hitEntry < 0 && !frame.entries.empty())
                s.missReason = *entryFailure(frame.entries.front(), s.locals);
        }

        void startResume(const std::string &branch)
        {
            const auto pending = *m_pendingResume;
            m_pendingResume.reset();
            Activation &top = m_stack.back();
            if (top.mode != Activation::Mode::Own)
                return;
            std::string key = "torch_dynamo_resume_in_" + top.function + "_at_" + formatInteger(pending);
            startSegment(key + (branch.empty() ? "" : "#" + branch), key, (*m_frames)[top.depth], m_log.size(), false);
        }

        void graphBreak(const std::string &reason, int line, bool jump)
        {
            const std::size_t owner = m_segment->activation;
            BreakReason br;
            for (std::size_t k = owner + 1; k < m_stack.size(); ++k)
                br.stack.push_back(m_stack[k].callLine);
            br.stack.push_back(line);
            br.line = line;
            br.reason = reason;
            if (m_callIndex == 0)
                m_result.events.push_back(CaptureEvent { CaptureEvent::Kind::Break, -1, -1, line, m_tick, reason });
            for (std::size_t i = owner; i < m_stack.size(); ++i) {
                Activation &a = m_stack[i];
                const std::size_t end = i + 1 == m_stack.size() ? m_log.size() : m_stack[i + 1].mark;
                if (a.loops > 0) {
                    m_cache[m_segment->frame].skipped = true;
                    if (m_callIndex == 0) {
                        m_result.skippedFrames.push_back(BreakReason { line, kSkipLoop, br.stack });
                        m_result.events.push_back(
                            CaptureEvent { CaptureEvent::Kind::Skip, -1, -1, line, m_tick, kSkipLoop });
                    }
                    m_segment.reset();
                    a.mode = Activation::Mode::Skipped;
                    m_call.eagerFrames = true;
                } else {
                    closeSegment(end, br);
                }
                if (i + 1 == m_stack.size())
                    break;
                Activation &next = m_stack[i + 1];
                next.mode = Activation::Mode::Own;
                startSegment(next.function, next.function, next.entryLocals, next.mark, true);
                if (!m_segment) // the helper's frame is skipped or past its limit: it runs eagerly
                    break;
            }
            if (m_stack.back().mode == Activation::Mode::Own && !m_segment) {
                m_pendingResume = line;
                m_pendingJump = jump;
            }
        }

        std::set<const Tensor *> liveTensors() const
        {
            std::set<const Tensor *> live;
            if (m_frames)
                for (std::size_t k = 0; k < m_frames->size() && k < m_liveFrames; ++k)
                    for (const auto &[name, value] : (*m_frames)[k])
                        collectTensors(value, live);
            for (const auto &v : m_extraLive)
                collectTensors(v, live);
            return live;
        }

        std::vector<Guard> buildGuards(const Segment &s, const FrameState &frame) const
        {
            std::vector<Guard> guards;
            std::function<void(
                const std::string &, const std::vector<std::size_t> &, const std::string &, const Value &)>
                add = [&](const std::string &name, const std::vector<std::size_t> &path, const std::string &source,
                          const Value &v) {
                    Guard g;
                    g.name = name;
                    g.path = path;
                    g.source = source;
                    if (v.kind == ValueKind::Tensor) {
                        g.kind = Guard::Kind::Tensor;
                        g.sizes = v.t->shape;
                        g.strides = v.t->strides();
                        for (std::size_t d = 0; d < g.sizes.size(); ++d)
                            g.dynamic.push_back(frame.dynamic.count({ source, d }) && g.sizes[d] >= 2);
                        guards.push_back(g);
                        for (std::size_t d = 0; d < g.sizes.size(); ++d)
                            if (g.dynamic[d]) {
                                Guard lower = g;
                                lower.kind = Guard::Kind::Lower;
                                lower.dim = d;
                                guards.push_back(lower);
                            }
                    } else if (v.isNumber()) {
                        g.kind = Guard::Kind::Equals;
                        g.value = v;
                        guards.push_back(g);
                    } else if (v.kind == ValueKind::List || v.kind == ValueKind::Tuple) {
                        g.kind = Guard::Kind::Length;
                        g.length = static_cast<std::int64_t>(v.items->size());
                        guards.push_back(g);
                        for (std::size_t k = 0; k < v.items->size(); ++k) {
                            auto p = path;
                            p.push_back(k);
                            add(name, p, source + "[" + formatInteger(static_cast<std::int64_t>(k)) + "]",
                                (*v.items)[k]);
                        }
                    }
                };
            for (const auto &name : s.reads) {
                auto it = s.locals.find(name);
                if (it != s.locals.end())
                    add(name, {}, "L['" + name + "']", it->second);
            }
            return guards;
        }

        // Automatic dynamic shapes: a dim whose size differs from the frame's first compile becomes dynamic.
        void markDynamic(const Segment &s, FrameState &frame)
        {
            for (const auto &g : buildGuards(s, frame)) {
                if (g.kind != Guard::Kind::Tensor)
                    continue;
                auto seen = frame.seenSizes.find(g.source);
                if (seen == frame.seenSizes.end()) {
                    frame.seenSizes[g.source] = g.sizes;
                    continue;
                }
                if (seen->second.size() != g.sizes.size())
                    continue;
                for (std::size_t d = 0; d < g.sizes.size(); ++d)
                    if (seen->second[d] != g.sizes[d])
                        frame.dynamic.insert({ g.source, d });
            }
        }

        void runGraph(const Graph &graph, const std::vector<Value> &inputs, const std::vector<TensorPtr> &outputs)
        {
            const IrRunResult run = graphcapture::runGraph(graph, inputs);
            const auto &items = *run.output.items;
            if (items.size() != outputs.size()) {
                m_call.matchesEager = false;
                return;
            }
            for (std::size_t k = 0; k < items.size(); ++k) {
                if (!valuesClose(items[k], Value::tensor(outputs[k])))
                    m_call.matchesEager = false;
                *outputs[k] = *items[k].t; // Python continues with what the compiled graph computed
            }
        }

        void closeSegment(std::size_t end, const std::optional<BreakReason> &br)
        {
            Segment s = std::move(*m_segment);
            m_segment.reset();
            FrameState &frame = m_cache[s.frame];
            const bool hasOps = end > s.start;
            const bool miss = s.hitEntry < 0;
            if (miss)
                markDynamic(s, frame); // the first compile records the sizes, later ones compare

            std::vector<Value> placeholders;
            std::vector<TensorPtr> outputs;
            CompiledGraph graph;
            std::string structure;
            if (hasOps) {
                GraphBuilder builder(m_log, s.start, end, s.sources, frame.dynamic);
                graph = builder.build(liveTensors(), placeholders, outputs);
                structure = builder.structure();
            }
            if (!miss) {
                const Entry &entry = frame.entries[static_cast<std::size_t>(s.hitEntry)];
                if (entry.structure == structure) {
                    if (entry.graph >= 0) {
                        const auto &cached = m_result.graphs[static_cast<std::size_t>(entry.graph)];
                        runGraph(*cached.aten, placeholders, outputs);
                        m_call.graphs.push_back(entry.graph);
                    }
                    return;
                }
                s.missReason = "the graph captured now differs from the cached one (a specialised value changed)";
            }
            // A compile (first or re-).
            if (frame.compiles > 0) {
                ++m_result.recompiles;
                if (m_call.reason.empty())
                    m_call.reason = s.missReason;
            }
            ++frame.compiles;
            m_call.compiledSomething = true;
            Entry entry;
            entry.guards = buildGuards(s, frame);
            entry.structure = structure;
            if (hasOps) {
                graph.id = static_cast<int>(m_result.graphs.size());
                graph.call = m_callIndex;
                graph.frame = s.display;
                graph.breakReason = br;
                for (const auto &g : entry.guards)
                    graph.guards.push_back(guardText(g));
                lowerToKernels(graph);
                entry.graph = graph.id;
                runGraph(*graph.aten, placeholders, outputs);
                m_call.graphs.push_back(graph.id);
                m_call.compiled.push_back(graph.id);
                if (m_callIndex == 0) {
                    ++m_result.graphCount;
                    m_result.opCount += static_cast<int>(graph.ops.size());
                    if (br)
                        m_result.breakReasons.push_back(*br);
                    for (std::size_t k = 0; k < graph.nodes.size(); ++k)
                        if (graph.nodes[k].op != "placeholder")
                            m_result.events.push_back(CaptureEvent { CaptureEvent::Kind::Node, graph.id,
                                static_cast<int>(k), graph.nodes[k].line, graph.nodes[k].tick, {} });
                    m_result.events.push_back(
                        CaptureEvent { CaptureEvent::Kind::GraphEnd, graph.id, -1, graph.lastLine, m_tick, {} });
                }
                m_result.graphs.push_back(std::move(graph));
            }
            frame.entries.insert(frame.entries.begin(), std::move(entry));
        }

        Cache &m_cache;
        CompileResult &m_result;
        CallRecord &m_call;
        int m_callIndex;
        const Frames *m_frames = nullptr;
        std::vector<Activation> m_stack;
        std::optional<Segment> m_segment;
        std::vector<LogOp> m_log;
        std::vector<Value> m_extraLive;
        std::size_t m_liveFrames = SIZE_MAX; ///< frames at or above this depth are dead (a return)
        TensorPtr m_pendingBefore;
        std::optional<int> m_pendingResume;
        bool m_pendingJump = false;
        bool m_breakingOp = false;
        long m_tick = 0;
    };

} // namespace

CompileResult compileCalls(const Module &module, const FunctionDef &entry, const std::vector<CompileCall> &calls,
    long stepLimit, const WorkControl &control)
{
    CompileResult result;
    Cache cache;
    for (std::size_t k = 0; k < calls.size(); ++k) {
        CallRecord record;
        record.inputs = calls[k].label;
        ExecutionOptions plain;
        plain.stepLimit = stepLimit;
        plain.control = &control;
        Value eager;
        try {
            eager = execute(module, entry, calls[k].inputs, plain).output;
        } catch (const SourceError &e) {
            if (k == 0)
                throw;
            record.error = e;
            record.cache = "error";
            result.calls.push_back(std::move(record));
            continue;
        } catch (const StepLimitError &e) {
            if (k == 0)
                throw;
            record.error = e.error;
            record.cache = "error";
            result.calls.push_back(std::move(record));
            continue;
        }
        Recorder recorder(cache, result, record, static_cast<int>(k));
        ExecutionOptions options = plain;
        options.hooks = &recorder;
        try {
            record.output = execute(module, entry, calls[k].inputs, options).output;
            recorder.finish();
        } catch (const SourceError &e) {
            // The compiled run failed where eager did not: keep the error as the call's outcome.
            record.error = e;
            record.matchesEager = false;
        }
        if (!record.error)
            record.matchesEager = record.matchesEager && valuesClose(record.output, eager);
        record.cache = record.compiledSomething           ? "compile"
            : record.eagerFrames && record.graphs.empty() ? "eager"
                                                          : "hit";
        result.calls.push_back(std::move(record));
    }
    // At one point of the run: the graph's nodes, its end, then the break that ended it.
    auto rank = [](const CaptureEvent &e) {
        return e.kind == CaptureEvent::Kind::Node ? 0 : e.kind == CaptureEvent::Kind::GraphEnd ? 1 : 2;
    };
    std::stable_sort(result.events.begin(), result.events.end(), [&](const CaptureEvent &a, const CaptureEvent &b) {
        return a.tick != b.tick ? a.tick < b.tick : rank(a) < rank(b);
    });
    result.graphBreakCount = result.graphCount - 1;
    return result;
}

std::string explainText(const CompileResult &r)
{
    auto plural = [](int n, const char *word) { return formatInteger(n) + " " + word + (n == 1 ? "" : "s"); };
    std::string s = "torch.compile: " + plural(r.graphCount, "graph") + ", " + plural(r.graphBreakCount, "graph break")
        + ", " + plural(r.opCount, "op");
    if (r.recompiles)
        s += ", " + plural(r.recompiles, "recompile");
    return s;
}

} // namespace conceptlab::graphcapture
