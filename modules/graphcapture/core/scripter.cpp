// The scripting compiler: statements to nested blocks, expressions through the shared lowering.
#include "scripter.h"

#include "lowering.h"
#include "ops.h"
#include "tensor.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace conceptlab::graphcapture {

std::optional<IrType> annotationType(const std::string &a)
{
    using K = IrType::Kind;
    if (a.empty() || a == "Tensor" || a == "torch.Tensor")
        return IrType::of(K::Tensor);
    if (a == "int")
        return IrType::of(K::Int);
    if (a == "float")
        return IrType::of(K::Float);
    if (a == "bool")
        return IrType::of(K::Bool);
    for (const char *prefix : { "List[", "typing.List[", "list[" }) {
        const std::string p = prefix;
        if (a.rfind(p, 0) == 0 && a.back() == ']') {
            auto inner = annotationType(a.substr(p.size(), a.size() - p.size() - 1));
            if (!inner || inner->kind == K::List)
                return std::nullopt;
            return IrType::listOf(*inner);
        }
    }
    return std::nullopt;
}

namespace {

    using K = IrType::Kind;

    K constantKind(const Value &value)
    {
        switch (value.kind) {
        case ValueKind::Int:
            return K::Int;
        case ValueKind::Float:
            return K::Float;
        case ValueKind::Bool:
            return K::Bool;
        case ValueKind::Str:
            return K::Str;
        default:
            return K::None;
        }
    }

    void replaceUses(IrBlock &block, IrValue *from, IrValue *to)
    {
        for (auto &node : block.nodes) {
            std::replace(node->inputs.begin(), node->inputs.end(), from, to);
            for (auto &inner : node->blocks)
                replaceUses(*inner, from, to);
        }
        std::replace(block.returns.begin(), block.returns.end(), from, to);
    }

    bool immutableType(const IrType &t)
    {
        return t.kind == K::Int || t.kind == K::Float || t.kind == K::Bool || t.kind == K::None || t.kind == K::Str;
    }

    // TorchScript's ConstantPropagationImmutableTypes (run before pooling): a node whose inputs
    // are all constants and whose outputs are numbers or bools is run now and replaced by a
    // constant made where it was; an `if` on a constant keeps only the taken block.
    void foldConstants(Graph &graph, IrBlock &block)
    {
        static const std::set<std::string> kKeep = { "prim::Constant", "prim::Print", "prim::TupleUnpack", "prim::Loop",
            "prim::If", "aten::IntImplicit", "prim::NumToTensor", "aten::item" };
        for (std::size_t i = 0; i < block.nodes.size(); ++i) {
            IrNode *node = block.nodes[i].get();
            const bool constantInputs = std::all_of(node->inputs.begin(), node->inputs.end(),
                [](const IrValue *v) { return v->producer && v->producer->kind == "prim::Constant"; });
            if (node->kind == "prim::If" && constantInputs) {
                std::unique_ptr<IrBlock> taken = std::move(node->blocks[node->inputs[0]->producer->constant.b ? 0 : 1]);
                for (std::size_t k = 0; k < node->outputs.size(); ++k)
                    replaceUses(graph.top, node->outputs[k], taken->returns[k]);
                auto owned = std::move(block.nodes[i]);
                block.nodes.erase(block.nodes.begin() + static_cast<std::ptrdiff_t>(i));
                for (auto &inner : taken->nodes)
                    block.nodes.insert(block.nodes.begin() + static_cast<std::ptrdiff_t>(i++), std::move(inner));
                i -= taken->nodes.size() + 1; // fold the moved nodes too
                continue;
            }
            for (auto &inner : node->blocks)
                foldConstants(graph, *inner);
            if (kKeep.count(node->kind) || node->outputs.size() != 1 || !immutableType(node->outputs[0]->type)
                || !constantInputs)
                continue;
            std::vector<Value> args;
            args.reserve(node->inputs.size());
            for (const IrValue *v : node->inputs)
                args.push_back(v->producer->constant);
            Value result;
            try {
                result = callOp(node->kind, args);
            } catch (const TensorError &) {
                continue; // left for the run to report, as TorchScript does
            }
            IrBlock scratch;
            IrValue *folded = graph.addConstant(scratch, result, node->outputs[0]->type);
            folded->producer->line = node->line;
            folded->producer->column = node->column;
            replaceUses(graph.top, node->outputs[0], folded);
            block.nodes[i] = std::move(scratch.nodes.back());
        }
    }

    // TorchScript's ConstantPooling: walking the graph in order (nested blocks first), each
    // constant either equals one seen before (its uses move to that one and it goes) or is moved
    // in front of the graph's first node, so the pool ends up in reverse order of that walk.
    void poolConstants(Graph &graph, IrBlock &block, std::map<std::string, IrValue *> &seen)
    {
        for (std::size_t i = 0; i < block.nodes.size();) {
            IrNode *node = block.nodes[i].get();
            if (!node->blocks.empty()) {
                for (auto &inner : node->blocks)
                    poolConstants(graph, *inner, seen);
                ++i;
                continue;
            }
            if (node->kind != "prim::Constant") {
                ++i;
                continue;
            }
            const std::string key = node->outputs[0]->type.str() + ":" + constantText(node->constant);
            auto [it, inserted] = seen.emplace(key, node->outputs[0]);
            // Constants pooled from a nested block move to the front of the graph, in front of
            // the walk's place in it: the walk may meet one of them again, which stays.
            if (!inserted && it->second == node->outputs[0]) {
                ++i;
                continue;
            }
            if (!inserted) {
                replaceUses(graph.top, node->outputs[0], it->second);
                block.nodes.erase(block.nodes.begin() + static_cast<std::ptrdiff_t>(i));
                continue;
            }
            auto &top = graph.top.nodes;
            if (top.front().get() == node) {
                ++i;
                continue;
            }
            auto owned = std::move(block.nodes[i]);
            block.nodes.erase(block.nodes.begin() + static_cast<std::ptrdiff_t>(i));
            top.insert(top.begin(), std::move(owned));
            if (&block == &graph.top)
                ++i; // the nodes before i moved one place back
        }
    }

    ValueKind kindOf(const IrType &t)
    {
        switch (t.kind) {
        case K::Tensor:
            return ValueKind::Tensor;
        case K::Int:
            return ValueKind::Int;
        case K::Float:
            return ValueKind::Float;
        case K::Bool:
            return ValueKind::Bool;
        case K::None:
            return ValueKind::None;
        case K::Str:
        case K::Device:
        case K::Function:
            return ValueKind::Str;
        case K::List:
            return ValueKind::List;
        case K::Tuple:
            return ValueKind::Tuple;
        case K::Scalar:
            return ValueKind::Float; // a number of unknown kind (Tensor.item())
        }
        return ValueKind::None;
    }

    [[noreturn]] void fail(int line, int column, std::string message)
    {
        throw SourceError { line, column, std::move(message) };
    }

    bool containsReturn(const std::vector<StmtPtr> &stmts)
    {
        for (const auto &s : stmts) {
            if (s->kind == StmtKind::Return)
                return true;
            if (containsReturn(s->body) || containsReturn(s->orelse))
                return true;
        }
        return false;
    }

    const Stmt *findReturn(const std::vector<StmtPtr> &stmts)
    {
        for (const auto &s : stmts) {
            if (s->kind == StmtKind::Return)
                return s.get();
            if (const Stmt *r = findReturn(s->body))
                return r;
            if (const Stmt *r = findReturn(s->orelse))
                return r;
        }
        return nullptr;
    }

    void assignedNames(const std::vector<StmtPtr> &stmts, std::vector<std::string> &out)
    {
        auto add = [&](const std::string &name) {
            if (std::find(out.begin(), out.end(), name) == out.end())
                out.push_back(name);
        };
        std::function<void(const Expr &)> target = [&](const Expr &e) {
            if (e.kind == ExprKind::Name)
                add(e.text);
            else if (e.kind == ExprKind::Tuple)
                for (const auto &item : e.items)
                    target(*item);
        };
        for (const auto &s : stmts) {
            if ((s->kind == StmtKind::Assign || s->kind == StmtKind::AugAssign || s->kind == StmtKind::For)
                && s->target)
                target(*s->target);
            assignedNames(s->body, out);
            assignedNames(s->orelse, out);
        }
    }

    // The helpers a compile reached: each one's graph with its calls kept, and optimised (inlined).
    struct Functions {
        std::map<std::string, std::unique_ptr<Graph>> graphs;
        std::map<std::string, std::unique_ptr<Graph>> optimized;
    };

    bool hasCalls(const IrBlock &block)
    {
        return std::any_of(block.nodes.begin(), block.nodes.end(), [](const std::unique_ptr<IrNode> &n) {
            return n->kind == "prim::CallFunction"
                || std::any_of(
                    n->blocks.begin(), n->blocks.end(), [](const std::unique_ptr<IrBlock> &b) { return hasCalls(*b); });
        });
    }

    const Graph &optimizedGraph(Functions &functions, const std::string &name);

    // TorchScript's Inline pass: each prim::CallFunction becomes a copy of the callee's optimised
    // graph, where the call was; the Function constant stays.
    void inlineCalls(Functions &functions, Graph &graph, IrBlock &block)
    {
        for (std::size_t i = 0; i < block.nodes.size(); ++i) {
            IrNode *node = block.nodes[i].get();
            if (node->kind != "prim::CallFunction") {
                for (auto &inner : node->blocks)
                    inlineCalls(functions, graph, *inner);
                continue;
            }
            const Graph &callee = optimizedGraph(functions, node->inputs[0]->producer->constant.s);
            std::map<const IrValue *, IrValue *> map;
            for (std::size_t k = 0; k < callee.top.params.size(); ++k)
                map[callee.top.params[k]] = node->inputs[k + 1];
            auto call = std::move(block.nodes[i]);
            block.nodes.erase(block.nodes.begin() + static_cast<std::ptrdiff_t>(i));
            const std::size_t after = graph.cloneNodes(callee.top, block, i, map);
            replaceUses(graph.top, call->outputs[0], map.at(callee.top.returns[0]));
            i = after - 1;
        }
    }

    using Continuation = std::vector<std::pair<const std::vector<StmtPtr> *, std::size_t>>;

    class Scripter final : public Emitter {
    public:
        Scripter(const Module &module, Functions &functions, std::set<std::string> active = {})
            : m_module(module)
            , m_functions(functions)
            , m_active(std::move(active))
        {
        }

        std::unique_ptr<Graph> compile(const FunctionDef &entry)
        {
            m_graph = std::make_unique<Graph>();
            m_block = &m_graph->top;
            checkSignature(entry);
            m_scopes.emplace_back();
            for (const auto &p : entry.params) {
                const auto type = annotationType(p.annotation);
                if (!type)
                    fail(p.line, p.column, "unknown type annotation '" + p.annotation + "'");
                IrValue *v = m_graph->newValue(*type, uniqueName(p.name));
                m_graph->top.params.push_back(v);
                m_scopes.back().vars[p.name] = v;
                m_scopes.back().order.push_back(p.name);
            }
            m_active.insert(entry.name);
            IrValue *ret = compileBody(entry);
            m_graph->top.returns.push_back(ret);
            m_graph->eliminateDeadCode();
            foldConstants(*m_graph, m_graph->top);
            m_graph->eliminateDeadCode();
            std::map<std::string, IrValue *> pool;
            poolConstants(*m_graph, m_graph->top, pool);
            m_graph->canonicalizeLoopOutputs();
            return std::move(m_graph);
        }

        // Emitter
        Operand constant(const Value &value) override
        {
            IrValue *v = m_graph->addConstant(*m_block, value, IrType::of(constantKind(value)));
            v->producer->line = m_line;
            v->producer->column = m_column;
            Operand o = wrap(v);
            o.value = value;
            return o;
        }

        Operand literal(const Value &value) override
        {
            // TorchScript's emitter materialises each distinct number literal once, in front of
            // the graph's first node (materializeConstant), so the newest literal comes first.
            const std::string key = std::string(kindName(value.kind)) + ":" + constantText(value);
            auto it = m_literals.find(key);
            IrValue *v = nullptr;
            if (it != m_literals.end()) {
                v = it->second;
            } else {
                v = m_graph->addConstant(m_graph->top, value, IrType::of(constantKind(value)), true);
                v->producer->line = m_line;
                v->producer->column = m_column;
                m_literals[key] = v;
            }
            Operand o = wrap(v);
            o.value = value;
            return o;
        }

        Operand op(const std::string &kind, const std::vector<Operand> &args) override
        {
            std::vector<IrValue *> inputs;
            std::vector<IrType> types;
            for (const auto &a : args) {
                inputs.push_back(a.ir);
                types.push_back(a.ir->type);
            }
            IrType result = resultType(kind, args, types);
            IrNode *node = m_graph->addNode(*m_block, kind, inputs, { result });
            node->line = m_line;
            node->column = m_column;
            return wrap(node->outputs[0]);
        }

        Operand lookup(const Expr &name) override
        {
            if (IrValue *v = find(name.text))
                return wrap(v);
            if (findFunction(name.text))
                fail(name.line, name.column, "function '" + name.text + "' can only be called");
            fail(name.line, name.column, "undefined value " + name.text);
        }

        Operand boolOp(const Expr &e) override
        {
            Operand a = lowerCondition(*this, lowerExpr(*this, *e.items[0]), *e.items[0]);
            setPosition(e.line, e.column);
            Operand shortCut = constant(Value::boolean(e.text == "or"));
            IrNode *node = m_graph->addNode(*m_block, "prim::If", { a.ir }, { IrType::of(K::Bool) });
            node->line = e.line;
            node->column = e.column;
            for (int b = 0; b < 2; ++b) {
                node->blocks.push_back(std::make_unique<IrBlock>());
                IrBlock *saved = m_block;
                m_block = node->blocks.back().get();
                const bool evaluate = (e.text == "and") == (b == 0);
                if (evaluate) {
                    Operand rhs = lowerCondition(*this, lowerExpr(*this, *e.items[1]), *e.items[1]);
                    m_block->returns.push_back(rhs.ir);
                } else {
                    m_block->returns.push_back(shortCut.ir);
                }
                m_block = saved;
            }
            return wrap(node->outputs[0]);
        }

        Operand lambda(const Expr &e) override { fail(e.line, e.column, "Lambda aren't supported"); }

        bool isCallable(const std::string &name) override { return !find(name) && findFunction(name); }

        Operand callUser(const Expr &call, const std::string &name, const std::vector<Operand> &args) override
        {
            const FunctionDef *f = findFunction(name);
            if (m_active.count(name))
                fail(call.line, call.column, "recursive calls are not supported (" + name + " calls itself)");
            if (m_active.size() >= 20)
                fail(call.line, call.column, "calls nested more than 20 deep");
            checkSignature(*f);
            if (args.size() != f->params.size())
                fail(call.line, call.column,
                    name + "() expected " + std::to_string(f->params.size()) + " arguments but found "
                        + std::to_string(args.size()));
            for (std::size_t k = 0; k < args.size(); ++k) {
                const auto &p = f->params[k];
                const auto type = annotationType(p.annotation);
                if (!type)
                    fail(p.line, p.column, "unknown type annotation '" + p.annotation + "'");
                if (!type->sameAs(args[k].ir->type))
                    fail(call.line, call.column,
                        name + "(): expected a value of type '" + type->str() + "' for argument '" + p.name
                            + "' but instead found type '" + args[k].ir->type.str() + "'");
            }
            const Graph &callee = compiledCallee(*f);
            // TorchScript keeps the call: a Function constant where the call is, then prim::CallFunction.
            setPosition(call.line, call.column);
            IrValue *function = m_graph->addConstant(*m_block, Value::string(name), IrType::of(K::Function));
            function->producer->line = call.line;
            function->producer->column = call.column;
            std::vector<IrValue *> inputs { function };
            for (const auto &a : args)
                inputs.push_back(a.ir);
            IrNode *node = m_graph->addNode(*m_block, "prim::CallFunction", inputs, { callee.top.returns[0]->type });
            node->line = call.line;
            node->column = call.column;
            return wrap(node->outputs[0]);
        }

        void print(const std::vector<Operand> &args) override
        {
            std::vector<IrValue *> inputs;
            inputs.reserve(args.size());
            for (const auto &a : args)
                inputs.push_back(a.ir);
            IrNode *node = m_graph->addNode(*m_block, "prim::Print", inputs, {});
            node->line = m_line;
            node->column = m_column;
        }

        void setPosition(int line, int column) override
        {
            m_line = line;
            m_column = column;
        }
        bool scripting() const override { return true; }
        Operand graphBreak(const Expr &call) override
        {
            throw SourceError { call.line, call.column,
                "Python builtin <function graph_break> is currently not supported in Torchscript" };
        }

    private:
        struct Scope {
            std::map<std::string, IrValue *> vars;
            std::set<std::string> inherited; ///< loop-carried variables of the enclosing block, not yet assigned here
            std::vector<std::string> order;
        };

        static Operand wrap(IrValue *v)
        {
            Operand o;
            o.ir = v;
            o.kind = kindOf(v->type);
            o.tupleSize = static_cast<int>(v->type.elements.size());
            return o;
        }

        const FunctionDef *findFunction(const std::string &name) const
        {
            return graphcapture::findFunction(m_module, name);
        }

        IrValue *find(const std::string &name) const
        {
            for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
                auto v = it->vars.find(name);
                if (v != it->vars.end())
                    return v->second;
            }
            return nullptr;
        }

        std::string uniqueName(const std::string &base) { return base + "." + std::to_string(++m_nameCounts[base]); }

        void checkSignature(const FunctionDef &f)
        {
            static const char *const message = "Compiled functions can't take variable number of arguments or use "
                                               "keyword-only arguments with defaults";
            // TorchScript's range starts one column before the name: at the '*' next to it.
            if (!f.varargs.empty())
                fail(f.varargsLine, f.varargsColumn - 1, message);
            if (!f.kwargs.empty())
                fail(f.kwargsLine, f.kwargsColumn - 1, message);
        }

        IrType resultType(const std::string &kind, const std::vector<Operand> &args, const std::vector<IrType> &types)
        {
            static const std::set<std::string> arith = { "aten::add", "aten::sub", "aten::mul", "aten::div",
                "aten::floordiv", "aten::remainder", "aten::pow", "aten::neg" };
            static const std::set<std::string> compare
                = { "aten::lt", "aten::gt", "aten::le", "aten::ge", "aten::eq", "aten::ne" };
            const bool anyTensor
                = std::any_of(types.begin(), types.end(), [](const IrType &t) { return t.kind == K::Tensor; });
            if (kind == "aten::size")
                return args.size() == 1 ? IrType::listOf(IrType::of(K::Int)) : IrType::of(K::Int);
            if (kind == "aten::len" || kind == "aten::Int" || kind == "aten::IntImplicit"
                || kind == "aten::__range_length" || kind == "aten::__derive_index")
                return IrType::of(K::Int);
            if (kind == "aten::Bool" || kind == "aten::__not__")
                return IrType::of(K::Bool);
            if (kind == "aten::item")
                return IrType::of(K::Scalar);
            if (kind == "aten::Float" || kind == "aten::FloatImplicit")
                return IrType::of(K::Float);
            if (kind == "aten::str")
                return IrType::of(K::Str);
            if (!anyTensor && compare.count(kind))
                return IrType::of(K::Bool);
            if (!anyTensor && arith.count(kind)) {
                if (kind == "aten::div")
                    return IrType::of(K::Float);
                // Arithmetic with a Scalar (from item()) stays a Scalar, as in TorchScript's number ops.
                const bool anyScalar
                    = std::any_of(types.begin(), types.end(), [](const IrType &t) { return t.kind == K::Scalar; });
                if (anyScalar)
                    return IrType::of(K::Scalar);
                const bool anyFloat
                    = std::any_of(types.begin(), types.end(), [](const IrType &t) { return t.kind == K::Float; });
                return IrType::of(anyFloat ? K::Float : K::Int);
            }
            if (kind == "aten::__getitem__")
                return types[0].elements.empty() ? IrType::of(K::Tensor) : types[0].elements[0];
            if (kind == "prim::TupleIndex") {
                const auto n = static_cast<std::int64_t>(types[0].elements.size());
                std::int64_t k = args[1].value.i;
                if (k < -n || k >= n)
                    fail(m_line, m_column, "tuple index out of range");
                return types[0].elements[static_cast<std::size_t>(k < 0 ? k + n : k)];
            }
            if (kind == "prim::ListConstruct") {
                if (types.empty())
                    return IrType::listOf(IrType::of(K::Tensor));
                for (const auto &t : types)
                    if (!t.sameAs(types[0]) && !(t.kind == K::Bool && types[0].kind == K::Int))
                        fail(m_line, m_column,
                            "Lists must contain only a single type, got " + types[0].str() + " and " + t.str());
                if (types[0].kind == K::List || types[0].kind == K::Tuple || types[0].kind == K::None
                    || types[0].kind == K::Str)
                    fail(m_line, m_column, "lists of " + types[0].str() + " are not supported");
                return IrType::listOf(types[0]);
            }
            if (kind == "prim::TupleConstruct") {
                IrType t = IrType::of(K::Tuple);
                t.elements = types;
                return t;
            }
            return IrType::of(K::Tensor);
        }

        void bind(const std::string &name, IrValue *value, int line, int column, bool checkType = true)
        {
            if (checkType) {
                IrValue *old = find(name);
                const bool sameBlock
                    = m_scopes.back().vars.count(name) > 0 && m_scopes.back().inherited.count(name) == 0;
                if (old && !old->type.sameAs(value->type) && name != "$ret" && !sameBlock
                    && value->type.kind == K::Tensor && (old->type.kind == K::Int || old->type.kind == K::Float)) {
                    // A variable of an enclosing block keeps its number type: TorchScript converts
                    // the tensor implicitly (and fails at run time unless it is 0-dim).
                    IrNode *node = m_graph->addNode(*m_block,
                        old->type.kind == K::Int ? "aten::IntImplicit" : "aten::FloatImplicit", { value },
                        { old->type });
                    node->line = line;
                    node->column = column;
                    value = node->outputs[0];
                }
                // In the same block a variable may take a value of another type (TorchScript rebinds it).
                if (old && !old->type.sameAs(value->type) && (name == "$ret" || !sameBlock)) {
                    if (name == "$ret")
                        fail(line, column,
                            "Previous return statement returned a value of type " + old->type.str()
                                + " but this return statement returns a value of type " + value->type.str());
                    fail(line, column,
                        "Variable '" + name + "' previously had type " + old->type.str()
                            + " but is now being assigned to a value of type " + value->type.str());
                }
            }
            if (value->name.empty() && name != "$ret" && value->producer && value->producer->kind != "prim::Constant"
                && m_graph)
                value->name = uniqueName(name);
            auto &scope = m_scopes.back();
            scope.inherited.erase(name);
            if (!scope.vars.count(name))
                scope.order.push_back(name);
            scope.vars[name] = value;
        }

        IrValue *compileBody(const FunctionDef &f)
        {
            const bool returned = compileSeq(f.body, 0, {});
            if (!returned || !find("$ret"))
                bind("$ret", constant(Value::none()).ir, f.line, f.column);
            return find("$ret");
        }

        bool compileSeq(const std::vector<StmtPtr> &stmts, std::size_t from, const Continuation &cont)
        {
            for (std::size_t i = from; i < stmts.size(); ++i) {
                const Stmt &s = *stmts[i];
                setPosition(s.line, s.column);
                if (s.kind == StmtKind::Return) {
                    if (m_loopDepth > 0)
                        fail(s.line, s.column, "return statements inside loops are not supported");
                    Operand v = s.value ? lowerExpr(*this, *s.value) : constant(Value::none());
                    bind("$ret", v.ir, s.line, s.column);
                    return true;
                }
                if (s.kind == StmtKind::If && (containsReturn(s.body) || containsReturn(s.orelse))) {
                    if (m_loopDepth > 0)
                        fail(s.line, s.column, "return statements inside loops are not supported");
                    Continuation next;
                    next.emplace_back(&stmts, i + 1);
                    next.insert(next.end(), cont.begin(), cont.end());
                    compileIf(s, &next);
                    return true;
                }
                compileStmt(s);
            }
            if (!cont.empty()) {
                const Continuation tail(cont.begin() + 1, cont.end());
                return compileSeq(*cont[0].first, cont[0].second, tail);
            }
            return false;
        }

        void assignTarget(const Expr &target, const Expr &valueExpr, const std::string &annotation)
        {
            if (target.kind == ExprKind::Name) {
                Operand v = lowerExpr(*this, valueExpr);
                if (!annotation.empty()) {
                    const auto type = annotationType(annotation);
                    if (!type)
                        fail(target.line, target.column, "unknown type annotation '" + annotation + "'");
                    if (!type->sameAs(v.ir->type))
                        fail(target.line, target.column,
                            "Variable '" + target.text + "' is annotated with type " + type->str()
                                + " but is being assigned to a value of type " + v.ir->type.str());
                }
                bind(target.text, v.ir, target.line, target.column);
                return;
            }
            if (target.kind == ExprKind::Tuple) {
                if (valueExpr.kind == ExprKind::Tuple && valueExpr.items.size() == target.items.size()) {
                    std::vector<Operand> values;
                    for (const auto &item : valueExpr.items)
                        values.push_back(lowerExpr(*this, *item));
                    for (std::size_t k = 0; k < values.size(); ++k)
                        bind(target.items[k]->text, values[k].ir, target.items[k]->line, target.items[k]->column);
                    return;
                }
                Operand v = lowerExpr(*this, valueExpr);
                if (v.ir->type.kind != K::Tuple)
                    fail(target.line, target.column, "cannot unpack a value of type " + v.ir->type.str());
                if (v.ir->type.elements.size() != target.items.size())
                    fail(target.line, target.column,
                        "too many values to unpack: need " + std::to_string(target.items.size()) + " but found "
                            + std::to_string(v.ir->type.elements.size()));
                IrNode *node = m_graph->addNode(*m_block, "prim::TupleUnpack", { v.ir }, v.ir->type.elements);
                node->line = target.line;
                node->column = target.column;
                for (std::size_t k = 0; k < target.items.size(); ++k)
                    bind(target.items[k]->text, node->outputs[k], target.items[k]->line, target.items[k]->column);
                return;
            }
            fail(target.line, target.column, "subscript assignment is not supported");
        }

        void compileStmt(const Stmt &s)
        {
            switch (s.kind) {
            case StmtKind::Expr:
                if (s.value->kind == ExprKind::Str)
                    return; // a docstring
                lowerExpr(*this, *s.value);
                return;
            case StmtKind::Assign:
                assignTarget(*s.target, *s.value, s.annotation);
                return;
            case StmtKind::AugAssign: {
                Operand target = lookup(*s.target);
                Operand value = lowerExpr(*this, *s.value);
                Operand result = lowerAugmented(*this, s.op, target, value, s.line, s.column);
                bind(s.target->text, result.ir, s.line, s.column);
                return;
            }
            case StmtKind::If:
                compileIf(s, nullptr);
                return;
            case StmtKind::For:
                compileLoop(s, false);
                return;
            case StmtKind::While:
                compileLoop(s, true);
                return;
            case StmtKind::Pass:
            case StmtKind::Import:
                return;
            case StmtKind::Break:
                fail(s.line, s.column, "break statements aren't supported");
            case StmtKind::Continue:
                fail(s.line, s.column, "continue statements aren't supported");
            case StmtKind::Try:
                fail(s.line, s.column, "try blocks aren't supported");
            case StmtKind::Return:
                break;
            }
        }

        void compileIf(const Stmt &s, const Continuation *cont)
        {
            Operand cond = lowerCondition(*this, lowerExpr(*this, *s.value), *s.value);
            setPosition(s.line, s.column);
            IrNode *node = m_graph->addNode(*m_block, "prim::If", { cond.ir }, {});
            node->line = s.line;
            node->column = s.column;
            Scope branchScopes[2];
            for (int b = 0; b < 2; ++b) {
                node->blocks.push_back(std::make_unique<IrBlock>());
                IrBlock *saved = m_block;
                m_block = node->blocks.back().get();
                m_scopes.emplace_back();
                const auto &body = b == 0 ? s.body : s.orelse;
                bool returned = compileSeq(body, 0, cont ? *cont : Continuation {});
                if (cont && !returned)
                    bind("$ret", constant(Value::none()).ir, s.line, s.column);
                branchScopes[b] = std::move(m_scopes.back());
                m_scopes.pop_back();
                m_block = saved;
            }
            std::vector<std::string> names = branchScopes[0].order;
            for (const auto &n : branchScopes[1].order)
                if (std::find(names.begin(), names.end(), n) == names.end())
                    names.push_back(n);
            for (const auto &name : names) {
                IrValue *outer = find(name);
                auto pick = [&](int b) -> IrValue * {
                    auto it = branchScopes[b].vars.find(name);
                    return it != branchScopes[b].vars.end() ? it->second : outer;
                };
                IrValue *tv = pick(0), *fv = pick(1);
                if (!tv || !fv)
                    continue; // defined on one side only: not visible after the if
                if (!tv->type.sameAs(fv->type)) {
                    if (name == "$ret")
                        fail(s.line, s.column,
                            "Previous return statement returned a value of type " + tv->type.str()
                                + " but this return statement returns a value of type " + fv->type.str());
                    fail(s.line, s.column,
                        "Type mismatch: " + name + " is set to type " + tv->type.str() + " in the true branch and type "
                            + fv->type.str() + " in the false branch");
                }
                if (tv == fv) {
                    if (tv != outer)
                        bind(name, tv, s.line, s.column, false); // the same value on both sides
                    continue;
                }
                IrValue *out = m_graph->newValue(tv->type, name == "$ret" ? "" : uniqueName(name));
                out->producer = node;
                node->outputs.push_back(out);
                node->blocks[0]->returns.push_back(tv);
                node->blocks[1]->returns.push_back(fv);
                bind(name, out, s.line, s.column, false);
            }
        }

        void compileLoop(const Stmt &s, bool isWhile)
        {
            if (const Stmt *r = findReturn(s.body))
                fail(r->line, r->column, "return statements inside loops are not supported");
            std::vector<std::string> assigned;
            assignedNames(s.body, assigned);
            const std::string loopVar = !isWhile && s.target && s.target->kind == ExprKind::Name ? s.target->text : "";
            if (!isWhile && loopVar.empty())
                fail(s.target->line, s.target->column, "a range loop needs a single loop variable");
            // TorchScript collects the loop's variables in a hash table, which lists them in
            // the reverse of their first assignment; CanonicalizeOutputs then puts those used
            // after the loop first (Graph::canonicalizeLoopOutputs).
            std::vector<std::string> carried;
            std::vector<IrValue *> initial;
            for (auto name = assigned.rbegin(); name != assigned.rend(); ++name)
                if (*name != loopVar)
                    if (IrValue *v = find(*name)) {
                        carried.push_back(*name);
                        initial.push_back(v);
                    }
            Operand trip, cond;
            RangeArgs range;
            if (isWhile) {
                // TorchScript materialises the trip count before it emits the condition.
                setPosition(s.line, s.column);
                trip = literal(Value::integer(std::numeric_limits<std::int64_t>::max()));
                cond = lowerCondition(*this, lowerExpr(*this, *s.value), *s.value);
            } else {
                range = lowerRange(*this, *s.value);
                setPosition(s.line, s.column);
                trip = range.simple ? range.stop : op("aten::__range_length", { range.start, range.stop, range.step });
                cond = constant(Value::boolean(true));
            }
            std::vector<IrValue *> inputs { trip.ir, cond.ir };
            inputs.insert(inputs.end(), initial.begin(), initial.end());
            IrNode *node = m_graph->addNode(*m_block, "prim::Loop", inputs, {});
            node->line = s.line;
            node->column = s.column;
            node->blocks.push_back(std::make_unique<IrBlock>());
            IrBlock *body = node->blocks.back().get();
            IrBlock *saved = m_block;
            m_block = body;
            m_scopes.emplace_back();
            IrValue *iter = m_graph->newValue(IrType::of(K::Int), range.simple ? uniqueName(loopVar) : "");
            body->params.push_back(iter);
            for (std::size_t k = 0; k < carried.size(); ++k) {
                IrValue *p = m_graph->newValue(initial[k]->type, uniqueName(carried[k]));
                body->params.push_back(p);
                m_scopes.back().vars[carried[k]] = p;
                m_scopes.back().inherited.insert(carried[k]);
            }
            if (!isWhile) {
                if (range.simple) {
                    m_scopes.back().vars[loopVar] = iter;
                } else {
                    Operand index = op("aten::__derive_index", { wrap(iter), range.start, range.step });
                    bind(loopVar, index.ir, s.line, s.column, false);
                }
            }
            ++m_loopDepth;
            compileSeq(s.body, 0, {});
            --m_loopDepth;
            Operand next = cond;
            if (isWhile) {
                next = lowerCondition(*this, lowerExpr(*this, *s.value), *s.value);
            }
            body->returns.push_back(next.ir);
            for (const auto &name : carried)
                body->returns.push_back(find(name));
            m_scopes.pop_back();
            m_block = saved;
            for (std::size_t k = 0; k < carried.size(); ++k) {
                IrValue *out = m_graph->newValue(initial[k]->type, uniqueName(carried[k]));
                out->producer = node;
                node->outputs.push_back(out);
                bind(carried[k], out, s.line, s.column, false);
            }
        }

        // A helper's graph as TorchScript's `graph` shows it (its own calls kept), compiled once.
        const Graph &compiledCallee(const FunctionDef &f)
        {
            auto it = m_functions.graphs.find(f.name);
            if (it == m_functions.graphs.end()) {
                std::set<std::string> active = m_active;
                Scripter inner(m_module, m_functions, active);
                it = m_functions.graphs.emplace(f.name, inner.compile(f)).first;
            }
            return *it->second;
        }

        const Module &m_module;
        Functions &m_functions;
        std::unique_ptr<Graph> m_graph;
        IrBlock *m_block = nullptr;
        std::vector<Scope> m_scopes;
        std::map<std::string, IrValue *> m_literals;
        std::map<std::string, int> m_nameCounts;
        std::set<std::string> m_active;
        int m_loopDepth = 0;
        int m_line = 0, m_column = 0;
    };

} // namespace

namespace {

    // GraphFunction::optimized_graph: the graph with its calls inlined, constants folded, dead
    // code removed and constants pooled again.
    const Graph &optimizedGraph(Functions &functions, const std::string &name)
    {
        auto it = functions.optimized.find(name);
        if (it != functions.optimized.end())
            return *it->second;
        std::unique_ptr<Graph> graph = functions.graphs.at(name)->copy();
        inlineCalls(functions, *graph, graph->top);
        graph->eliminateDeadCode();
        foldConstants(*graph, graph->top);
        graph->eliminateDeadCode();
        std::map<std::string, IrValue *> pool;
        poolConstants(*graph, graph->top, pool);
        graph->canonicalizeLoopOutputs();
        return *functions.optimized.emplace(name, std::move(graph)).first->second;
    }

} // namespace

ScriptResult scriptFunction(const Module &module, const FunctionDef &entry)
{
    ScriptResult result;
    try {
        Functions functions;
        Scripter scripter(module, functions);
        std::unique_ptr<Graph> graph = scripter.compile(entry);
        if (hasCalls(graph->top)) {
            // `graph` with the calls; inlined_graph is a copy with the calls inlined and no further passes.
            result.graph = graph->copy();
            inlineCalls(functions, *result.graph, result.graph->top);
            result.callGraph = std::move(graph);
        } else {
            result.graph = std::move(graph);
        }
    } catch (const SourceError &e) {
        result.error = e;
        result.graph.reset();
        result.callGraph.reset();
    }
    return result;
}

} // namespace conceptlab::graphcapture
