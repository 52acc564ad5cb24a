// The full eager / trace / script comparison and its result document.
#include "analysis.h"

#include "irinterpreter.h"
#include "text.h"

#include <algorithm>
#include <limits>

#include <cmath>
#include <sstream>

namespace conceptlab::graphcapture {

namespace {

    // The double whose shortest text is the float's shortest text (0.1f → 0.1, not
    // 0.10000000149011612), so that outputs print as the float32 values they are.
    double floatAsDouble(float x)
    {
        if (!std::isfinite(x))
            return x;
        return parseDouble(floatText(x)).value_or(x);
    }

} // namespace

std::string headerValue(const std::string &program, const std::string &key)
{
    std::istringstream in(program);
    std::string line;
    const std::string marker = key + ":";
    while (std::getline(in, line)) {
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] != '#')
            continue;
        auto rest = line.substr(first + 1);
        const auto start = rest.find_first_not_of(" \t");
        if (start == std::string::npos || rest.compare(start, marker.size(), marker) != 0)
            continue;
        rest = rest.substr(start + marker.size());
        const auto b = rest.find_first_not_of(" \t");
        const auto e = rest.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : rest.substr(b, e - b + 1);
    }
    return {};
}

Json valueToJson(const Value &v)
{
    switch (v.kind) {
    case ValueKind::None:
        return nullptr;
    case ValueKind::Bool:
        return v.b;
    case ValueKind::Int:
        return v.i;
    case ValueKind::Float:
        return v.f;
    case ValueKind::Str:
        return v.s;
    case ValueKind::Tensor: {
        const Tensor &t = *v.t;
        std::size_t offset = 0;
        std::function<Json(std::size_t)> build = [&](std::size_t dim) -> Json {
            if (dim == t.shape.size()) {
                const float x = t.data[offset++];
                return t.dtype == DType::Bool ? Json(x != 0) : Json(floatAsDouble(x));
            }
            Json arr = Json::array();
            for (std::int64_t k = 0; k < t.shape[dim]; ++k)
                arr.push_back(build(dim + 1));
            return arr;
        };
        return build(0);
    }
    case ValueKind::List:
    case ValueKind::Tuple: {
        Json arr = Json::array();
        for (const auto &item : *v.items)
            arr.push_back(valueToJson(item));
        return arr;
    }
    case ValueKind::Function:
        return "<lambda>";
    }
    return nullptr;
}

namespace {

    // A JSON integer that fits in int64 (nlohmann keeps non-negative ones unsigned).
    bool isInteger(const Json &j)
    {
        if (j.is_number_unsigned())
            return j.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        return j.is_number_integer();
    }

    // "at line L, column C (position P): message" for a parse error: nlohmann gives the
    // 1-based count of bytes read; the failing byte is the last one read.
    std::string parseErrorText(const Json::parse_error &e, const std::string &text)
    {
        const std::size_t position = std::min(e.byte > 0 ? e.byte - 1 : 0, text.size());
        int line = 1;
        std::size_t lineStart = 0;
        for (std::size_t k = 0; k < position; ++k)
            if (text[k] == '\n') {
                ++line;
                lineStart = k + 1;
            }
        std::string message = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: ".
        const auto marker = message.find("parse error");
        const auto colon = marker == std::string::npos ? marker : message.find(": ", marker);
        if (colon != std::string::npos)
            message = message.substr(colon + 2);
        return "at line " + std::to_string(line) + ", column " + std::to_string(position - lineStart + 1)
            + " (position " + std::to_string(position) + "): " + message;
    }

    // Nested number lists to a tensor; throws std::string naming the parameter.
    void flatten(const Json &j, std::size_t depth, std::vector<std::int64_t> &shape, std::vector<float> &data,
        const std::string &where)
    {
        if (j.is_array()) {
            const auto n = static_cast<std::int64_t>(j.size());
            if (depth == shape.size()) {
                if (!data.empty())
                    throw where + ": ragged nested list (a number and a list at the same depth)";
                shape.push_back(n);
            } else if (shape[depth] != n) {
                throw where + ": ragged nested list (a list of " + std::to_string(n) + " where "
                    + std::to_string(shape[depth]) + " elements were expected at depth " + std::to_string(depth) + ")";
            }
            // Counted from the shape before any item is read: a flat list of 2^24 numbers is
            // refused here, not after it has been copied.
            constexpr std::int64_t kMaxInputElements = std::int64_t { 1 } << 22;
            std::int64_t elements = 1;
            for (const std::int64_t d : shape)
                elements = d > 0 && elements > kMaxInputElements / d ? kMaxInputElements + 1 : elements * d;
            if (elements > kMaxInputElements || data.size() > static_cast<std::size_t>(kMaxInputElements))
                throw where + ": a tensor input holds more than " + std::to_string(kMaxInputElements) + " numbers";
            for (const auto &item : j)
                flatten(item, depth + 1, shape, data, where);
            return;
        }
        if (depth != shape.size())
            throw where + ": ragged nested list (a number where a list was expected)";
        if (j.is_number())
            data.push_back(static_cast<float>(j.get<double>()));
        else if (j.is_boolean())
            data.push_back(j.get<bool>() ? 1.0f : 0.0f);
        else
            throw where + ": expected numbers or nested lists of numbers";
    }

    Value toValue(const Json &j, const IrType &type, const std::string &where)
    {
        switch (type.kind) {
        case IrType::Kind::Tensor: {
            std::vector<std::int64_t> shape;
            std::vector<float> data;
            flatten(j, 0, shape, data, where);
            std::int64_t n = 1;
            for (auto d : shape)
                n *= d;
            if (static_cast<std::size_t>(n) != data.size())
                throw where + ": ragged nested list";
            return Value::tensor(makeTensor(shape, data));
        }
        case IrType::Kind::Int:
            if (!isInteger(j))
                throw where + ": expected an integer";
            return Value::integer(j.get<std::int64_t>());
        case IrType::Kind::Float:
            if (!j.is_number())
                throw where + ": expected a number";
            return Value::real(j.get<double>());
        case IrType::Kind::Bool:
            if (!j.is_boolean())
                throw where + ": expected true or false";
            return Value::boolean(j.get<bool>());
        case IrType::Kind::List: {
            if (!j.is_array())
                throw where + ": expected a list";
            ValueList items;
            for (std::size_t k = 0; k < j.size(); ++k)
                items.push_back(toValue(j[k], type.elements[0], where + "[" + std::to_string(k) + "]"));
            return Value::sequence(ValueKind::List, std::move(items));
        }
        default:
            throw where + ": unsupported parameter type " + type.str();
        }
    }

    std::vector<Value> valuesOf(const std::vector<std::pair<std::string, Value>> &inputs)
    {
        std::vector<Value> out;
        out.reserve(inputs.size());
        for (const auto &p : inputs)
            out.push_back(p.second);
        return out;
    }

    std::vector<Value> outputsOf(const Value &v)
    {
        if (v.kind == ValueKind::Tuple)
            return *v.items;
        return { v };
    }

    Json outputsJson(const Value &v)
    {
        Json arr = Json::array();
        for (const auto &o : outputsOf(v))
            arr.push_back(valueToJson(o));
        return arr;
    }

    Json errorJson(const SourceError &e)
    {
        return Json { { "line", e.line }, { "column", e.column }, { "message", e.message } };
    }

    Json opsJson(const Graph &g)
    {
        Json j = Json::object();
        for (const auto &[kind, count] : g.opCounts())
            j[kind] = count;
        return j;
    }

    struct Outcome {
        std::optional<Value> output;
        std::string error;
    };

    Json outcomeJson(const Outcome &o)
    {
        if (o.output)
            return outputsJson(*o.output);
        return Json { { "error", o.error } };
    }

    std::string conversionText(const Decision &d)
    {
        if (d.conversion == "boolean")
            return d.value != 0 ? "True" : "False";
        if (d.conversion == "integer" || d.conversion == "index")
            return std::to_string(static_cast<long long>(d.value));
        return valueText(Value::real(d.value));
    }

    Json breakJson(const BreakReason &b)
    {
        return Json { { "line", b.line }, { "reason", b.reason } };
    }

    Json graphJson(const CompiledGraph &g)
    {
        Json j { { "code", g.code }, { "ops", g.ops }, { "guards", g.guards }, { "id", g.id }, { "frame", g.frame },
            { "call", g.call }, { "break", g.breakReason ? breakJson(*g.breakReason) : Json() } };
        return j;
    }

    // torch.compile on the example inputs, the check inputs, then the `calls`.
    void compileRuns(const AnalysisRequest &request, const WorkControl &control, Analysis &a)
    {
        std::vector<CompileCall> calls { { "example", valuesOf(a.inputs) } };
        if (!a.checkInputs.empty())
            calls.push_back({ "check", valuesOf(a.checkInputs) });
        for (std::size_t k = 0; k < a.extraCalls.size(); ++k)
            calls.push_back({ "calls[" + std::to_string(k) + "]", valuesOf(a.extraCalls[k]) });
        const Module &module = *a.module;
        a.compiled = compileCalls(module, entryFunction(module), calls, request.stepLimit, control);
        a.data["compile"] = compileJson(a.compiled);
        Json &check = a.data["check"];
        if (a.checkInputs.empty()) {
            check["compiled"] = nullptr;
            check["compiled_matches"] = nullptr;
            return;
        }
        const CallRecord &c = a.compiled.calls.at(1);
        check["compiled"]
            = c.error ? Json { { "error", formatError(*c.error, request.program) } } : outputsJson(c.output);
        check["compiled_matches"] = !c.error && c.matchesEager;
    }

} // namespace

Json compileJson(const CompileResult &r)
{
    Json j = Json::object();
    j["graph_count"] = r.graphCount;
    j["graph_break_count"] = r.graphBreakCount;
    j["op_count"] = r.opCount;
    Json reasons = Json::array();
    for (const auto &b : r.breakReasons)
        reasons.push_back(breakJson(b));
    j["break_reasons"] = reasons;
    Json graphs = Json::array(), later = Json::array(), kernels = Json::array();
    std::int64_t unfused = 0, fused = 0;
    for (const auto &g : r.graphs) {
        if (g.call != 0) {
            later.push_back(graphJson(g));
            continue;
        }
        graphs.push_back(graphJson(g));
        unfused += g.bytesUnfused;
        fused += g.bytesFused;
        for (const auto &k : g.kernels)
            kernels.push_back(Json { { "name", k.name }, { "ops", k.ops }, { "bytes_read", k.bytesRead },
                { "bytes_written", k.bytesWritten }, { "graph", g.id }, { "kind", k.kind } });
    }
    j["graphs"] = graphs;
    j["kernels"] = kernels;
    j["bytes_unfused"] = unfused;
    j["bytes_fused"] = fused;
    Json calls = Json::array();
    for (const auto &c : r.calls) {
        Json row { { "inputs", c.inputs }, { "cache", c.cache },
            { "reason", c.reason.empty() ? Json() : Json(c.reason) }, { "graphs", c.graphs },
            { "matches_eager", !c.error && c.matchesEager } };
        if (c.error)
            row["error"] = errorJson(*c.error);
        calls.push_back(row);
    }
    j["calls"] = calls;
    j["recompiles"] = r.recompiles;
    Json skipped = Json::array();
    for (const auto &b : r.skippedFrames)
        skipped.push_back(breakJson(b));
    j["skipped_frames"] = skipped;
    j["warnings"] = r.warnings;
    j["recompiled_graphs"] = later;
    return j;
}

std::string outputsText(const Analysis &a)
{
    if (!a.error.empty())
        return a.error;
    auto section = [](const std::string &title, const Json &j) { return title + "\n" + j.dump() + "\n\n"; };
    const Json &check = a.data.at("check");
    // The reason a graph disagrees comes first: it is what the panel is read for, and it must
    // not scroll out of view below the numbers.
    std::string text;
    if (!check.at("eager").is_null() && !check.at("cause").is_null())
        text += "why: " + check.at("cause").at("message").get<std::string>() + "\n\n";
    text += section("eager outputs (example input)", a.data.at("eager").at("outputs"));
    if (!check.at("eager").is_null()) {
        text += section("check input: eager", check.at("eager"));
        if (!a.eager.graph || a.eager.traceError)
            text += section("check input: trace (not traceable)", check.at("trace"));
        else
            text += section(
                check.at("trace_matches").get<bool>() ? "check input: trace (matches)" : "check input: trace (DIFFERS)",
                check.at("trace"));
        // A refused program has no scripted graph to run: that is not a wrong answer.
        if (!a.script.graph)
            text += section("check input: script (not scriptable: refused)", check.at("script"));
        else
            text += section(check.at("script_matches").get<bool>() ? "check input: script (matches)"
                                                                   : "check input: script (DIFFERS)",
                check.at("script"));
        if (check.contains("compiled"))
            text += section(check.at("compiled_matches").get<bool>() ? "check input: torch.compile (matches)"
                                                                     : "check input: torch.compile (DIFFERS)",
                check.at("compiled"));
    }
    return text;
}

std::string jsonSyntaxError(const std::string &text)
{
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        return {};
    if (Json::accept(text))
        return {};
    try {
        const Json parsed = Json::parse(text);
    } catch (const Json::parse_error &e) {
        return "malformed JSON " + parseErrorText(e, text);
    }
    return {};
}

std::vector<std::pair<std::string, Value>> parseInputs(
    const std::string &text, const FunctionDef &entry, const std::string &key)
{
    Json j;
    try {
        j = Json::parse(text);
    } catch (const Json::parse_error &e) {
        throw key + ": malformed JSON " + parseErrorText(e, text);
    }
    if (!j.is_object())
        throw key + ": expected a JSON object mapping parameter names to values";
    std::string signature = entry.name + "(";
    for (std::size_t k = 0; k < entry.params.size(); ++k)
        signature += (k ? ", " : "") + entry.params[k].name;
    signature += ")";
    for (const auto &m : j.items()) {
        bool known = false;
        for (const auto &p : entry.params)
            known = known || p.name == m.key();
        if (!known)
            // NOLINTNEXTLINE(performance-inefficient-string-concatenation): an error message, built once
            throw key + ": '" + m.key() + "' is not a parameter of " + signature;
    }
    std::vector<std::pair<std::string, Value>> out;
    for (const auto &p : entry.params) {
        const auto v = j.find(p.name);
        if (v == j.end())
            // NOLINTNEXTLINE(performance-inefficient-string-concatenation): an error message, built once
            throw key + ": no value for parameter '" + p.name + "' of " + signature;
        const auto type = annotationType(p.annotation);
        if (!type)
            throw key + ": parameter '" + p.name + "' has an unsupported annotation '" + p.annotation + "'";
        out.emplace_back(p.name, toValue(*v, *type, key + "." + p.name));
    }
    return out;
}

namespace {

    // Parses the program and reads its inputs; the first error ends the analysis.
    std::vector<std::vector<std::pair<std::string, Value>>> parseCalls(
        const std::string &text, const FunctionDef &entry)
    {
        Json j;
        try {
            j = Json::parse(text);
        } catch (const Json::parse_error &e) {
            throw "calls: malformed JSON " + parseErrorText(e, text);
        }
        if (!j.is_array())
            throw std::string("calls: expected a JSON list of input objects, e.g. [{\"x\": [1.0]}]");
        if (j.size() > 100)
            throw std::string("calls: at most 100 further calls");
        std::vector<std::vector<std::pair<std::string, Value>>> calls;
        for (std::size_t k = 0; k < j.size(); ++k)
            calls.push_back(parseInputs(j[k].dump(), entry, "calls[" + std::to_string(k) + "]"));
        return calls;
    }

    bool prepare(const AnalysisRequest &request, Analysis &a)
    {
        try {
            a.module = parseProgram(request.program);
        } catch (const SourceError &e) {
            a.errorAt = e;
            a.error = "syntax error: " + formatError(e, request.program);
            return false;
        }
        const FunctionDef &entry = entryFunction(*a.module);
        const std::string inputsText
            = request.inputsJson.empty() ? headerValue(request.program, "inputs") : request.inputsJson;
        const std::string checkText
            = request.checkInputsJson.empty() ? headerValue(request.program, "check_inputs") : request.checkInputsJson;
        if (inputsText.empty()) {
            a.error = "inputs: no inputs given (set inputs, or add a '# inputs: {...}' comment to the program)";
            return false;
        }
        const std::string callsText
            = request.callsJson.empty() ? headerValue(request.program, "calls") : request.callsJson;
        try {
            a.inputs = parseInputs(inputsText, entry, "inputs");
            if (!checkText.empty())
                a.checkInputs = parseInputs(checkText, entry, "check_inputs");
            if (!trim(callsText).empty())
                a.extraCalls = parseCalls(callsText, entry);
        } catch (const std::string &message) {
            a.error = message;
            return false;
        }
        return true;
    }

    // The eager run on the example inputs, traced; a runtime error ends the analysis.
    bool runEager(const AnalysisRequest &request, const ExecutionOptions &options, Analysis &a)
    {
        const Module &module = *a.module;
        try {
            a.eager = execute(module, entryFunction(module), valuesOf(a.inputs), options);
        } catch (const SourceError &e) {
            a.errorAt = e;
            a.error = "runtime error: " + formatError(e, request.program);
            return false;
        } catch (const StepLimitError &e) {
            a.errorAt = e.error;
            a.error = formatError(e.error, request.program);
            return false;
        }
        return true;
    }

    bool traced(const Analysis &a)
    {
        return a.eager.graph && !a.eager.traceError;
    }

    // The "eager", "trace" and "script" parts of the result document.
    void describeRuns(Analysis &a)
    {
        Json prints = Json::array();
        for (const auto &p : a.eager.prints)
            prints.push_back(p);
        a.data["eager"] = Json { { "outputs", outputsJson(a.eager.output) }, { "prints", prints } };

        // torch.jit.trace refuses non-tensor inputs before it runs the function: no warnings then.
        const bool inputsRefused = a.eager.traceError && a.eager.traceError->message.rfind("Type 'Tuple[", 0) == 0;
        Json warnings = Json::array();
        for (const auto &w : a.eager.warnings)
            if (!inputsRefused)
                warnings.push_back(Json { { "line", w.line }, { "message", w.message } });
        const bool ok = traced(a);
        a.data["trace"] = Json { { "graph", ok ? Json(a.eager.graph->str()) : Json() },
            { "ops", ok ? opsJson(*a.eager.graph) : Json::object() }, { "warnings", warnings },
            { "error", a.eager.traceError ? errorJson(*a.eager.traceError) : Json() } };
        const Graph *shown = a.script.callGraph ? a.script.callGraph.get() : a.script.graph.get();
        a.data["script"] = Json { { "graph", shown ? Json(shown->str()) : Json() },
            { "inlined_graph", a.script.graph ? Json(a.script.graph->str()) : Json() },
            { "ops", a.script.graph ? opsJson(*a.script.graph) : Json::object() },
            { "error", a.script.error ? errorJson(*a.script.error) : Json() } };
    }

    // Indices of the outputs of `other` that differ from eager's (or exist in one only).
    Json differingOutputs(const Outcome &eager, const Outcome &other)
    {
        Json list = Json::array();
        if (!eager.output || !other.output)
            return list;
        const auto e = outputsOf(*eager.output), o = outputsOf(*other.output);
        for (std::size_t k = 0; k < std::max(e.size(), o.size()); ++k)
            if (k >= e.size() || k >= o.size() || !valuesClose(e[k], o[k]))
                list.push_back(k);
        return list;
    }

    // The first point where the check input's data steers Python differently from the
    // example's: null when there is none.
    Json firstDivergence(const std::vector<Decision> &example, const std::vector<Decision> &check)
    {
        for (std::size_t k = 0; k < std::max(example.size(), check.size()); ++k) {
            const Decision *d = k < example.size() ? &example[k] : nullptr;
            const Decision *c = k < check.size() ? &check[k] : nullptr;
            if (d && c && d->line == c->line && d->column == c->column && d->value == c->value)
                continue;
            const Decision &at = d ? *d : *c;
            Json cause { { "line", at.line }, { "column", at.column }, { "construct", at.construct },
                { "conversion", at.conversion } };
            std::string message;
            if (d && c && d->line == c->line && d->column == c->column) {
                cause["example_value"] = d->value;
                cause["check_value"] = c->value;
                const std::string what = at.construct == "branch" ? "the branch condition"
                    : at.construct == "loop"                      ? "the loop condition or trip count"
                                                                  : "the value frozen into the trace";
                message = what + " at line " + std::to_string(at.line) + " is " + conversionText(*d)
                    + " for the example input but " + conversionText(*c)
                    + " for the check input; the trace recorded only the example's path";
            } else {
                message = "control flow at line " + std::to_string(at.line)
                    + " ran a different number of times for the check input than for the example input; "
                      "the trace unrolled the example's count";
            }
            cause["message"] = message;
            return cause;
        }
        return nullptr;
    }

    // The "check" part: all three ways run on the check inputs and compared with eager.
    Json checkRuns(
        const AnalysisRequest &request, const ExecutionOptions &options, const WorkControl &control, const Analysis &a)
    {
        Json check = Json::object();
        if (a.checkInputs.empty()) {
            for (const char *key :
                { "eager", "trace", "script", "trace_matches", "script_matches", "differing_outputs", "cause" })
                check[key] = nullptr;
            return check;
        }
        const auto checkValues = valuesOf(a.checkInputs);
        const Module &module = *a.module;
        Outcome eagerOut;
        ExecutionResult checkRun;
        // Traced too, so that decisions on traced sizes are noted as in the example run.
        try {
            checkRun = execute(module, entryFunction(module), checkValues, options);
            eagerOut.output = checkRun.output;
        } catch (const SourceError &e) {
            eagerOut.error = formatError(e, request.program);
        } catch (const StepLimitError &e) {
            eagerOut.error = formatError(e.error, request.program);
        }
        const long nodeLimit = request.stepLimit * 20;
        auto runOn = [&](const Graph *g, const std::string &missing) {
            Outcome o;
            if (!g) {
                o.error = missing;
                return o;
            }
            try {
                o.output = runGraph(*g, checkValues, nodeLimit, control).output;
            } catch (const SourceError &e) {
                o.error = formatError(e, request.program);
            }
            return o;
        };
        const Outcome traceOut = runOn(traced(a) ? a.eager.graph.get() : nullptr, "the program could not be traced");
        const Outcome scriptOut = runOn(a.script.graph.get(), "the program could not be scripted");
        auto matches
            = [&](const Outcome &o) { return eagerOut.output && o.output && valuesClose(*eagerOut.output, *o.output); };
        check["eager"] = outcomeJson(eagerOut);
        check["trace"] = outcomeJson(traceOut);
        check["script"] = outcomeJson(scriptOut);
        check["trace_matches"] = matches(traceOut);
        check["script_matches"] = matches(scriptOut);
        check["differing_outputs"] = Json { { "trace", differingOutputs(eagerOut, traceOut) },
            { "script", differingOutputs(eagerOut, scriptOut) } };
        check["cause"] = eagerOut.output ? firstDivergence(a.eager.decisions, checkRun.decisions) : Json();
        return check;
    }

} // namespace

Analysis analyze(const AnalysisRequest &request, const WorkControl &control)
{
    Analysis a;
    a.program = request.program;
    a.scriptGraphForm = request.scriptGraphForm;
    if (!prepare(request, a))
        return a;
    ExecutionOptions options;
    options.trace = true;
    options.stepLimit = request.stepLimit;
    options.control = &control;
    control.report(0.1, "running and tracing");
    if (!runEager(request, options, a))
        return a;
    control.checkpoint();
    control.report(0.4, "scripting");
    a.script = scriptFunction(*a.module, entryFunction(*a.module));
    a.data = Json::object();
    describeRuns(a);
    control.report(0.6, "checking");
    a.data["check"] = checkRuns(request, options, control, a);
    control.checkpoint();
    control.report(0.8, "compiling (torch.compile)");
    compileRuns(request, control, a);
    return a;
}

} // namespace conceptlab::graphcapture
