// The eager interpreter and the tracer built into it.
#include "interpreter.h"

#include "lowering.h"
#include "ops.h"

#include <map>
#include <set>

namespace conceptlab::graphcapture {

const char *const kLenWarning = "Using len to get tensor shape might cause the trace to be incorrect. Recommended "
                                "usage would be tensor.shape[0]. "
                                "Passing a tensor of different shape might lead to errors or silently give "
                                "incorrect results.";

std::string tracerWarningText(const std::string &kind)
{
    return "Converting a tensor to a Python " + kind
        + " might cause the trace to be incorrect. We can't record the data flow of Python values, so this value will "
          "be treated as a constant in the future. This means that the trace might not generalize to other inputs!";
}

const FunctionDef &entryFunction(const Module &module)
{
    return module.functions.back();
}

struct Closure {
    std::vector<std::string> params;
    const Expr *body = nullptr;
    std::map<std::string, Value> captured;
};

namespace {

    enum class Flow { Normal, Return, Break, Continue };

    constexpr int kMaxCallDepth = 20;
    // Steps between two cancel checks (a power of two minus one).
    constexpr long kCheckpointMask = 1023;

    bool containsTensor(const Value &v)
    {
        if (v.kind == ValueKind::Tensor)
            return true;
        if (v.items)
            for (const auto &item : *v.items)
                if (containsTensor(item))
                    return true;
        return false;
    }

    // Tells the capture hooks that a loop body runs (a graph break in it skips the frame).
    class LoopScope {
    public:
        LoopScope(CaptureHooks *hooks, std::size_t depth)
            : m_hooks(hooks)
            , m_depth(depth)
        {
            if (m_hooks)
                m_hooks->enterLoop(m_depth);
        }
        ~LoopScope()
        {
            if (m_hooks)
                m_hooks->exitLoop(m_depth);
        }
        LoopScope(const LoopScope &) = delete;
        LoopScope &operator=(const LoopScope &) = delete;

    private:
        CaptureHooks *m_hooks;
        std::size_t m_depth;
    };

    class Interpreter final : public Emitter {
    public:
        Interpreter(const Module &module, const ExecutionOptions &options, ExecutionResult &result)
            : m_module(module)
            , m_options(options)
            , m_result(result)
        {
        }

        static std::string traceTypeName(const Value &v)
        {
            switch (v.kind) {
            case ValueKind::Tensor:
                return "Tensor";
            case ValueKind::List:
                return "List[" + (v.items->empty() ? std::string("Tensor") : traceTypeName(v.items->front())) + "]";
            default:
                return kindName(v.kind);
            }
        }

        Value run(const FunctionDef &entry, const std::vector<Value> &inputs)
        {
            if (inputs.size() != entry.params.size())
                throw SourceError { entry.line, entry.column,
                    entry.name + "() takes " + std::to_string(entry.params.size()) + " arguments but "
                        + std::to_string(inputs.size()) + " were given" };
            if (m_options.trace) {
                m_result.graph = std::make_unique<Graph>();
                // torch.jit.trace names the type of the whole example-input tuple.
                std::string inputTypes;
                for (const auto &input : inputs)
                    inputTypes += (inputTypes.empty() ? "" : ", ") + traceTypeName(input);
                for (std::size_t k = 0; k < inputs.size(); ++k) {
                    if (inputs[k].kind != ValueKind::Tensor) {
                        if (!m_untraceable)
                            m_untraceable = SourceError { entry.params[k].line, entry.params[k].column,
                                "Type 'Tuple[" + inputTypes
                                    + "]' cannot be traced. Only Tensors and (possibly nested) Lists, "
                                      "Dicts, and Tuples of Tensors can be traced" };
                        continue;
                    }
                    IrValue *v = m_result.graph->newValue(IrType::tensorOf(*inputs[k].t), entry.params[k].name);
                    m_result.graph->top.params.push_back(v);
                    m_traced[inputs[k].t.get()] = v;
                }
            }
            Value out = callFunction(entry, inputs);
            if (m_options.trace)
                finishTrace(out, entry);
            return out;
        }

        // Emitter
        Operand constant(const Value &value) override { return wrap(value); }

        Operand op(const std::string &kind, const std::vector<Operand> &args) override
        {
            std::vector<Value> values;
            values.reserve(args.size());
            for (const auto &a : args)
                values.push_back(a.value);
            const FxHint fx = std::move(this->fx);
            this->fx = FxHint {};
            if (m_options.hooks)
                m_options.hooks->beforeOp(kind, values, m_construct, fx, m_line, m_column);
            Value result;
            try {
                m_work.charge(kind, values);
                result = callOp(kind, values);
            } catch (const TensorError &e) {
                throw SourceError { m_line, m_column, e.message };
            }
            ++m_opCalls;
            if (m_options.hooks)
                m_options.hooks->afterOp(kind, values, result, fx, m_line, m_column);
            noteConversion(kind, values, result);
            if (m_options.trace)
                traceOp(kind, values, result);
            return wrap(result);
        }

        Operand lookup(const Expr &name) override
        {
            auto &vars = m_frames.back();
            auto it = vars.find(name.text);
            if (it != vars.end()) {
                if (m_options.hooks)
                    m_options.hooks->onLookup(name.text, it->second);
                return wrap(it->second);
            }
            if (findFunction(name.text))
                throw SourceError { name.line, name.column, "functions can only be called: '" + name.text + "'" };
            throw SourceError { name.line, name.column, "name '" + name.text + "' is not defined" };
        }

        Operand boolOp(const Expr &e) override
        {
            Operand a = lowerCondition(*this, lowerExpr(*this, *e.items[0]), *e.items[0]);
            if ((e.text == "or") == a.value.b)
                return a;
            return lowerCondition(*this, lowerExpr(*this, *e.items[1]), *e.items[1]);
        }

        Operand lambda(const Expr &e) override
        {
            auto closure = std::make_shared<Closure>();
            closure->params = e.params;
            closure->body = e.items[0].get();
            closure->captured = m_frames.back();
            Value v;
            v.kind = ValueKind::Function;
            v.fn = closure;
            return wrap(v);
        }

        bool isCallable(const std::string &name) override
        {
            auto &vars = m_frames.back();
            auto it = vars.find(name);
            if (it != vars.end())
                return it->second.kind == ValueKind::Function;
            return findFunction(name) != nullptr;
        }

        Operand callUser(const Expr &call, const std::string &name, const std::vector<Operand> &args) override
        {
            std::vector<Value> values;
            values.reserve(args.size());
            for (const auto &a : args)
                values.push_back(a.value);
            auto &vars = m_frames.back();
            auto it = vars.find(name);
            if (it != vars.end() && it->second.kind == ValueKind::Function) {
                const auto closure = it->second.fn;
                if (values.size() != closure->params.size())
                    throw SourceError { call.line, call.column,
                        "<lambda>() takes " + std::to_string(closure->params.size()) + " arguments but "
                            + std::to_string(values.size()) + " were given" };
                enterCall(call);
                auto frame = closure->captured;
                for (std::size_t k = 0; k < values.size(); ++k)
                    frame[closure->params[k]] = values[k];
                m_frames.push_back(std::move(frame));
                if (m_options.hooks)
                    m_options.hooks->enterFunction("<lambda>", call.line, m_frames, m_frames.size() - 1);
                Operand out = lowerExpr(*this, *closure->body);
                if (m_options.hooks)
                    m_options.hooks->exitFunction(out.value);
                m_frames.pop_back();
                --m_depth;
                return out;
            }
            const FunctionDef *f = findFunction(name);
            if (values.size() != f->params.size())
                throw SourceError { call.line, call.column,
                    name + "() takes " + std::to_string(f->params.size()) + " arguments but "
                        + std::to_string(values.size()) + " were given" };
            enterCall(call);
            Value out = callFunction(*f, values, call.line);
            --m_depth;
            return wrap(out);
        }

        Operand graphBreak(const Expr &call) override
        {
            if (m_options.hooks)
                m_options.hooks->onGraphBreak(call.line, call.column);
            return wrap(Value::none());
        }

        void print(const std::vector<Operand> &args) override
        {
            if (m_options.hooks) {
                std::vector<Value> values;
                values.reserve(args.size());
                for (const auto &a : args)
                    values.push_back(a.value);
                m_options.hooks->onPrint(values, m_line, m_column);
            }
            std::string line;
            for (std::size_t k = 0; k < args.size(); ++k)
                line += (k ? " " : "") + valueText(args[k].value);
            m_result.prints.push_back(line);
        }

        void setPosition(int line, int column) override
        {
            m_line = line;
            m_column = column;
        }

    private:
        static Operand wrap(const Value &v)
        {
            Operand o;
            o.kind = v.kind;
            o.value = v;
            return o;
        }

        const FunctionDef *findFunction(const std::string &name) const
        {
            return graphcapture::findFunction(m_module, name);
        }

        void enterCall(const Expr &call)
        {
            if (++m_depth > kMaxCallDepth)
                throw SourceError { call.line, call.column,
                    "maximum call depth of " + std::to_string(kMaxCallDepth) + " exceeded (recursion?)" };
        }

        Value callFunction(const FunctionDef &f, const std::vector<Value> &args, int callLine = 0)
        {
            std::map<std::string, Value> frame;
            for (std::size_t k = 0; k < args.size(); ++k)
                frame[f.params[k].name] = args[k];
            if (!f.kwargs.empty())
                frame[f.kwargs] = Value::sequence(ValueKind::Tuple, {});
            if (!f.varargs.empty())
                frame[f.varargs] = Value::sequence(ValueKind::Tuple, {});
            m_frames.push_back(std::move(frame));
            if (m_options.hooks)
                m_options.hooks->enterFunction(f.name, callLine, m_frames, m_frames.size() - 1);
            m_returnValue = Value::none();
            const Flow flow = execBlock(f.body);
            if (flow == Flow::Break || flow == Flow::Continue)
                throw SourceError { f.line, f.column, "'break' or 'continue' outside a loop" };
            Value out = flow == Flow::Return ? m_returnValue : Value::none();
            if (m_options.hooks)
                m_options.hooks->exitFunction(out);
            m_frames.pop_back();
            return out;
        }

        void step(const Stmt &s)
        {
            if (m_options.control && (m_result.steps & kCheckpointMask) == 0)
                m_options.control->checkpoint();
            if (++m_result.steps > m_options.stepLimit)
                throw StepLimitError { SourceError { s.line, s.column,
                    "step limit exceeded: more than " + std::to_string(m_options.stepLimit)
                        + " statements executed (an infinite loop?)" } };
        }

        Flow execBlock(const std::vector<StmtPtr> &body)
        {
            for (const auto &s : body) {
                const Flow flow = exec(*s);
                if (flow != Flow::Normal)
                    return flow;
            }
            return Flow::Normal;
        }

        void assign(const Expr &target, const Value &value)
        {
            if (target.kind == ExprKind::Name) {
                m_frames.back()[target.text] = value;
                if (m_options.hooks)
                    m_options.hooks->onAssign(target.text);
                return;
            }
            if (target.kind == ExprKind::Tuple) {
                if ((value.kind != ValueKind::Tuple && value.kind != ValueKind::List)
                    || value.items->size() != target.items.size())
                    throw SourceError { target.line, target.column,
                        "cannot unpack " + std::string(kindName(value.kind)) + " into "
                            + std::to_string(target.items.size()) + " values" };
                for (std::size_t k = 0; k < target.items.size(); ++k)
                    assign(*target.items[k], (*value.items)[k]);
                return;
            }
            throw SourceError { target.line, target.column, "assignment to a subscript is not supported" };
        }

        Value condition(const Expr &e, const char *construct)
        {
            m_construct = construct;
            Operand v = lowerExpr(*this, e);
            if (v.kind == ValueKind::Bool && v.value.traced && m_options.trace) {
                // A comparison of traced sizes is a tensor in PyTorch: branching on it converts it.
                setPosition(e.line, e.column);
                m_result.decisions.push_back(
                    Decision { m_line, m_column, m_construct, "boolean", v.value.b ? 1.0 : 0.0 });
                warn(tracerWarningText("boolean"));
            }
            Operand c = lowerCondition(*this, v, e);
            m_construct = "constant";
            return c.value;
        }

        Flow exec(const Stmt &s)
        {
            step(s);
            switch (s.kind) {
            case StmtKind::Expr:
                lowerExpr(*this, *s.value);
                return Flow::Normal;
            case StmtKind::Assign:
                assign(*s.target, lowerExpr(*this, *s.value).value);
                return Flow::Normal;
            case StmtKind::AugAssign: {
                Operand target = lookup(*s.target);
                Operand value = lowerExpr(*this, *s.value);
                assign(*s.target, lowerAugmented(*this, s.op, target, value, s.line, s.column).value);
                return Flow::Normal;
            }
            case StmtKind::If:
                return execBlock(condition(*s.value, "branch").b ? s.body : s.orelse);
            case StmtKind::While: {
                LoopScope scope(m_options.hooks, m_frames.size() - 1);
                while (true) {
                    if (!condition(*s.value, "loop").b)
                        return Flow::Normal;
                    const Flow flow = execBlock(s.body);
                    if (flow == Flow::Return)
                        return flow;
                    if (flow == Flow::Break)
                        return Flow::Normal;
                    step(s);
                }
            }
            case StmtKind::For: {
                m_construct = "loop";
                const RangeArgs r = lowerRange(*this, *s.value);
                if (m_options.trace)
                    for (const Operand *bound : { &r.start, &r.stop, &r.step })
                        if (bound->value.traced) {
                            setPosition(s.value->line, s.value->column);
                            // range() takes the traced size through __index__ without a TracerWarning
                            // in PyTorch 1.13; the trip count is still frozen.
                            m_result.decisions.push_back(
                                Decision { m_line, m_column, "loop", "index", static_cast<double>(bound->value.i) });
                        }
                m_construct = "constant";
                if (s.target->kind != ExprKind::Name)
                    throw SourceError { s.target->line, s.target->column, "a range loop needs a single loop variable" };
                const std::int64_t step = r.step.value.i, stop = r.stop.value.i;
                if (step == 0)
                    throw SourceError { s.value->line, s.value->column, "range() arg 3 must not be zero" };
                LoopScope scope(m_options.hooks, m_frames.size() - 1);
                for (std::int64_t i = r.start.value.i; step > 0 ? i < stop : i > stop; i += step) {
                    m_frames.back()[s.target->text] = Value::integer(i);
                    if (m_options.hooks)
                        m_options.hooks->onAssign(s.target->text);
                    const Flow flow = execBlock(s.body);
                    if (flow == Flow::Return)
                        return flow;
                    if (flow == Flow::Break)
                        break;
                    this->step(s);
                }
                return Flow::Normal;
            }
            case StmtKind::Return:
                m_returnValue = s.value ? lowerExpr(*this, *s.value).value : Value::none();
                return Flow::Return;
            case StmtKind::Pass:
            case StmtKind::Import:
                return Flow::Normal;
            case StmtKind::Break:
                return Flow::Break;
            case StmtKind::Continue:
                return Flow::Continue;
            case StmtKind::Try: {
                const auto frames = m_frames.size();
                const int depth = m_depth;
                try {
                    return execBlock(s.body);
                } catch (const SourceError &) {
                    m_frames.resize(frames);
                    m_depth = depth;
                    if (m_options.hooks)
                        m_options.hooks->unwind(frames);
                    return execBlock(s.orelse);
                }
            }
            }
            return Flow::Normal;
        }

        void noteConversion(const std::string &kind, const std::vector<Value> &values, const Value &result)
        {
            static const std::map<std::string, std::string> conversions = { { "aten::Bool", "boolean" },
                { "aten::Int", "integer" }, { "aten::Float", "float" }, { "aten::item", "number" } };
            const auto it = conversions.find(kind);
            if (it == conversions.end() || values.empty()
                || (values[0].kind != ValueKind::Tensor && !(m_options.trace && values[0].traced)))
                return;
            m_result.decisions.push_back(Decision { m_line, m_column, m_construct, it->second, result.number() });
            if (m_options.trace)
                warn(tracerWarningText(it->second));
        }

        void warn(const std::string &message)
        {
            // Python shows a warning once per source line (the default warnings filter).
            if (m_warned.insert({ m_line, message }).second)
                m_result.warnings.push_back(TraceWarning { m_line, message });
        }

        IrValue *traceInput(const std::string &kind, std::size_t index, const Value &v, const std::vector<Value> &all,
            bool forceWrap = false)
        {
            Graph &g = *m_result.graph;
            static const std::set<std::string> wrapping = { "aten::add", "aten::sub", "aten::mul", "aten::div",
                "aten::add_", "aten::sub_", "aten::mul_", "aten::div_", "aten::floor_divide" };
            if (v.traced && v.isNumber()) {
                auto *sizeTensor = static_cast<IrValue *>(const_cast<void *>(v.traced));
                // A traced size in tensor arithmetic is the 0-dim tensor itself.
                if (index == 1 && wrapping.count(kind) && all[0].kind == ValueKind::Tensor)
                    return sizeTensor;
                // Where an int is expected: aten::Int of its tensor, which PyTorch's tracer inserts
                // right after the node that made the tensor (so a later use comes first).
                IrNode *node = g.addNode(g.top, "aten::Int", { sizeTensor }, { IrType::of(IrType::Kind::Int) });
                stampNode(node);
                auto &nodes = g.top.nodes;
                const auto producer = std::find_if(nodes.begin(), nodes.end(),
                    [&](const std::unique_ptr<IrNode> &n) { return n.get() == sizeTensor->producer; });
                if (producer != nodes.end() && producer + 1 != nodes.end() - 1) {
                    auto owned = std::move(nodes.back());
                    nodes.pop_back();
                    nodes.insert(producer + 1, std::move(owned));
                }
                return node->outputs[0];
            }
            switch (v.kind) {
            case ValueKind::Tensor: {
                auto it = m_traced.find(v.t.get());
                if (it != m_traced.end())
                    return it->second;
                IrValue *c = g.addConstant(g.top, v, IrType::tensorOf(*v.t));
                stamp(c);
                return c;
            }
            case ValueKind::Int:
            case ValueKind::Float:
            case ValueKind::Bool: {
                if (forceWrap
                    || (index == 1 && wrapping.count(kind) && (all[0].kind == ValueKind::Tensor || all[0].traced))) {
                    // Python numbers in tensor arithmetic are wrapped as 0-dim tensors.
                    IrType t = IrType::of(IrType::Kind::Tensor);
                    t.concrete = true;
                    t.scalarName = v.kind == ValueKind::Float ? "Double" : v.kind == ValueKind::Bool ? "Bool" : "Long";
                    return stamp(g.addConstant(g.top, v, t));
                }
                const auto k = v.kind == ValueKind::Float ? IrType::Kind::Float
                    : v.kind == ValueKind::Bool           ? IrType::Kind::Bool
                                                          : IrType::Kind::Int;
                return stamp(g.addConstant(g.top, v, IrType::of(k)));
            }
            case ValueKind::None:
                return stamp(g.addConstant(g.top, v, IrType::of(IrType::Kind::None)));
            case ValueKind::Str:
                return stamp(g.addConstant(g.top, v, IrType::of(IrType::Kind::Str)));
            case ValueKind::List:
            case ValueKind::Tuple: {
                std::vector<IrValue *> items;
                for (const auto &item : *v.items)
                    items.push_back(traceInput(kind, 99, item, all));
                IrType element = items.empty() ? IrType::of(IrType::Kind::Tensor) : items[0]->type;
                element.concrete = false;
                IrNode *node = g.addNode(g.top, "prim::ListConstruct", items, { IrType::listOf(element) });
                stampNode(node);
                return node->outputs[0];
            }
            case ValueKind::Function:
                break;
            }
            throw SourceError { m_line, m_column, "a function cannot be passed to a traced op" };
        }

        IrValue *stamp(IrValue *v)
        {
            stampNode(v->producer);
            return v;
        }
        void stampNode(IrNode *node)
        {
            node->tick = m_opCalls;
            node->line = m_line;
            node->column = m_column;
        }

        // aten::size(%t, dim) then prim::NumToTensor: PyTorch's tracer hands out sizes as 0-dim tensors.
        IrValue *traceSize(const Value &tensor, std::int64_t dim)
        {
            Graph &g = *m_result.graph;
            IrValue *t = traceInput("", 0, tensor, { tensor });
            IrValue *d = stamp(g.addConstant(g.top, Value::integer(dim), IrType::of(IrType::Kind::Int)));
            IrNode *size = g.addNode(g.top, "aten::size", { t, d }, { IrType::of(IrType::Kind::Int) });
            stampNode(size);
            IrType longType = IrType::of(IrType::Kind::Tensor);
            longType.concrete = true;
            longType.scalarName = "Long";
            longType.showRequiresGrad = false;
            IrNode *num = g.addNode(g.top, "prim::NumToTensor", { size->outputs[0] }, { longType });
            stampNode(num);
            return num->outputs[0];
        }

        static bool isTraced(const Value &v)
        {
            if (v.traced)
                return true;
            if (v.items)
                for (const auto &item : *v.items)
                    if (isTraced(item))
                        return true;
            return false;
        }

        void traceOp(const std::string &kind, const std::vector<Value> &values, Value &result)
        {
            static const std::set<std::string> untraced = { "aten::Bool", "aten::Int", "aten::Float", "aten::item",
                "aten::size", "aten::len", "aten::__getitem__", "prim::TupleIndex", "prim::ListConstruct",
                "prim::TupleConstruct", "aten::str", "aten::__range_length", "aten::__derive_index", "aten::__not__" };
            if (kind == "aten::size" && values[0].kind == ValueKind::Tensor) {
                const auto &shape = values[0].t->shape;
                if (values.size() == 2) {
                    const auto dim = normalizeDim(values[1].i, shape.size());
                    result.traced = traceSize(values[0], dim);
                } else {
                    for (std::size_t k = 0; k < result.items->size(); ++k)
                        (*result.items)[k].traced = traceSize(values[0], static_cast<std::int64_t>(k));
                }
                return;
            }
            if (kind == "aten::__getitem__" || kind == "prim::TupleIndex") {
                return; // the element keeps its own trace
            }
            if (untraced.count(kind)) {
                if (kind == "aten::len" && values[0].kind == ValueKind::Tensor) {
                    warn(kLenWarning);
                    // __len__ returns the traced size, which Python then converts with __index__.
                    // PyTorch 1.13 warns only about len itself.
                    m_result.decisions.push_back(
                        Decision { m_line, m_column, m_construct, "index", static_cast<double>(result.i) });
                }
                return;
            }
            bool any = kind == "aten::zeros" || kind == "aten::ones";
            bool sizes = false;
            for (const auto &v : values) {
                any = any || containsTensor(v);
                sizes = sizes || isTraced(v);
            }
            if (!any && !sizes)
                return;
            std::vector<IrValue *> inputs;
            if (!any) {
                // Arithmetic on traced sizes: recorded on their 0-dim tensors.
                for (std::size_t k = 0; k < values.size(); ++k) {
                    if (values[k].traced)
                        inputs.push_back(static_cast<IrValue *>(const_cast<void *>(values[k].traced)));
                    else
                        inputs.push_back(traceInput(kind, k, values[k], values));
                }
                IrType type = IrType::of(IrType::Kind::Tensor);
                type.concrete = true;
                type.scalarName = result.kind == ValueKind::Float ? "Double"
                    : result.kind == ValueKind::Bool              ? "Bool"
                                                                  : "Long";
                IrNode *node = m_result.graph->addNode(m_result.graph->top, kind, inputs, { type });
                stampNode(node);
                result.traced = node->outputs[0];
                return;
            }
            // The tracer records the factory options it resolved: zeros(size, None, None, Device "cpu",
            // False) and zeros_like(x, dtype 6 (Float) or 11 (Bool), layout 0 (strided), "cpu", False, None).
            std::vector<Value> recorded = values;
            const bool factory = kind == "aten::zeros" || kind == "aten::ones";
            const bool like = kind == "aten::zeros_like" || kind == "aten::ones_like";
            if (factory && recorded.size() == 5)
                recorded[4] = Value::boolean(false);
            if (like && recorded.size() == 6) {
                recorded[1] = Value::integer(values[0].t->dtype == DType::Bool ? 11 : 6);
                recorded[2] = Value::integer(0);
                recorded[4] = Value::boolean(false);
            }
            for (std::size_t k = 0; k < values.size(); ++k) {
                if ((factory || like) && k == 3 && recorded.size() >= 5)
                    inputs.push_back(stamp(m_result.graph->addConstant(
                        m_result.graph->top, Value::string("cpu"), IrType::of(IrType::Kind::Device))));
                else
                    inputs.push_back(traceInput(kind, k, recorded[k], recorded));
            }
            IrType type
                = result.kind == ValueKind::Tensor ? IrType::tensorOf(*result.t) : IrType::of(IrType::Kind::Float);
            IrNode *node = m_result.graph->addNode(m_result.graph->top, kind, inputs, { type });
            stampNode(node);
            if (result.kind == ValueKind::Tensor) {
                m_traced[result.t.get()] = node->outputs[0];
                m_keepAlive.push_back(result.t); // addresses stay unique while the trace maps them
            }
        }

        void finishTrace(const Value &out, const FunctionDef &entry)
        {
            Graph &g = *m_result.graph;
            if (m_untraceable) {
                m_result.traceError = m_untraceable;
                return;
            }
            const Stmt *last = entry.body.empty() ? nullptr : entry.body.back().get();
            setPosition(last ? last->line : entry.line, last ? last->column : entry.column);
            std::function<IrValue *(const Value &)> output = [&](const Value &v) -> IrValue * {
                if (v.kind == ValueKind::Tensor)
                    return traceInput("", 0, v, { v });
                if (v.kind == ValueKind::Tuple || v.kind == ValueKind::List) {
                    std::vector<IrValue *> items;
                    IrType type = IrType::of(v.kind == ValueKind::Tuple ? IrType::Kind::Tuple : IrType::Kind::List);
                    for (const auto &item : *v.items) {
                        items.push_back(output(item));
                        if (v.kind == ValueKind::Tuple)
                            type.elements.push_back(items.back()->type);
                    }
                    if (v.kind == ValueKind::List)
                        type = IrType::listOf(IrType::of(IrType::Kind::Tensor));
                    IrNode *node = g.addNode(g.top,
                        v.kind == ValueKind::Tuple ? "prim::TupleConstruct" : "prim::ListConstruct", items, { type });
                    stampNode(node);
                    return node->outputs[0];
                }
                throw SourceError { m_line, m_column,
                    "Only tensors, lists, tuples of tensors, or dictionary of tensors can be output from "
                    "traced functions" };
            };
            try {
                g.top.returns.push_back(output(out));
            } catch (const SourceError &e) {
                m_result.traceError = e;
                return;
            }
            g.eliminateDeadCode();
        }

        const Module &m_module;
        const ExecutionOptions &m_options;
        ExecutionResult &m_result;
        std::vector<std::map<std::string, Value>> m_frames;
        Value m_returnValue;
        int m_line = 0, m_column = 0;
        int m_depth = 0;
        long m_opCalls = 0;
        WorkMeter m_work; // tensor work of this execution, against kMaxRunWork
        std::string m_construct = "constant";
        std::map<const Tensor *, IrValue *> m_traced;
        std::vector<TensorPtr> m_keepAlive;
        std::set<std::pair<int, std::string>> m_warned;
        std::optional<SourceError> m_untraceable;
    };

} // namespace

ExecutionResult execute(
    const Module &module, const FunctionDef &entry, const std::vector<Value> &inputs, const ExecutionOptions &options)
{
    ExecutionResult result;
    std::vector<Value> copies;
    copies.reserve(inputs.size());
    for (const auto &v : inputs)
        copies.push_back(deepCopy(v));
    Interpreter interpreter(module, options, result);
    result.output = interpreter.run(entry, copies);
    return result;
}

} // namespace conceptlab::graphcapture
