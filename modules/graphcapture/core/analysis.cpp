// The full eager / trace / script comparison and its result document.
#include "analysis.h"

#include "irinterpreter.h"

#include <cmath>
#include <sstream>

namespace conceptlab::graphcapture {

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
        return Json();
    case ValueKind::Bool:
        return Json::boolean(v.b);
    case ValueKind::Int:
        return Json::integer(v.i);
    case ValueKind::Float:
        return Json::number(v.f);
    case ValueKind::Str:
        return Json::string(v.s);
    case ValueKind::Tensor: {
        const Tensor &t = *v.t;
        std::size_t offset = 0;
        std::function<Json(std::size_t)> build = [&](std::size_t dim) -> Json {
            if (dim == t.shape.size()) {
                const float x = t.data[offset++];
                return t.dtype == DType::Bool ? Json::boolean(x != 0) : Json::numberFromFloat(x);
            }
            Json arr = Json::array();
            for (std::int64_t k = 0; k < t.shape[dim]; ++k)
                arr.push(build(dim + 1));
            return arr;
        };
        return build(0);
    }
    case ValueKind::List:
    case ValueKind::Tuple: {
        Json arr = Json::array();
        for (const auto &item : *v.items)
            arr.push(valueToJson(item));
        return arr;
    }
    case ValueKind::Function:
        return Json::string("<lambda>");
    }
    return Json();
}

namespace {

    // Nested number lists to a tensor; throws std::string naming the parameter.
    void flatten(const Json &j, std::size_t depth, std::vector<std::int64_t> &shape, std::vector<float> &data,
        const std::string &where)
    {
        if (j.type() == Json::Type::Array) {
            const auto n = static_cast<std::int64_t>(j.items().size());
            if (depth == shape.size()) {
                if (!data.empty())
                    throw where + ": ragged nested list (a number and a list at the same depth)";
                shape.push_back(n);
            } else if (shape[depth] != n) {
                throw where + ": ragged nested list (a list of " + std::to_string(n) + " where "
                    + std::to_string(shape[depth]) + " elements were expected at depth " + std::to_string(depth) + ")";
            }
            if (data.size() > (1u << 22))
                throw where + ": tensor too large";
            for (const auto &item : j.items())
                flatten(item, depth + 1, shape, data, where);
            return;
        }
        if (depth != shape.size())
            throw where + ": ragged nested list (a number where a list was expected)";
        if (j.type() == Json::Type::Int || j.type() == Json::Type::Number)
            data.push_back(static_cast<float>(j.asNumber()));
        else if (j.type() == Json::Type::Bool)
            data.push_back(j.asBool() ? 1.0f : 0.0f);
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
            if (j.type() != Json::Type::Int)
                throw where + ": expected an integer";
            return Value::integer(j.asInt());
        case IrType::Kind::Float:
            if (j.type() != Json::Type::Int && j.type() != Json::Type::Number)
                throw where + ": expected a number";
            return Value::real(j.asNumber());
        case IrType::Kind::Bool:
            if (j.type() != Json::Type::Bool)
                throw where + ": expected true or false";
            return Value::boolean(j.asBool());
        case IrType::Kind::List: {
            if (j.type() != Json::Type::Array)
                throw where + ": expected a list";
            ValueList items;
            for (std::size_t k = 0; k < j.items().size(); ++k)
                items.push_back(toValue(j.items()[k], type.elements[0], where + "[" + std::to_string(k) + "]"));
            return Value::sequence(ValueKind::List, std::move(items));
        }
        default:
            throw where + ": unsupported parameter type " + type.str();
        }
    }

    std::vector<Value> valuesOf(const std::vector<std::pair<std::string, Value>> &inputs)
    {
        std::vector<Value> out;
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
            arr.push(valueToJson(o));
        return arr;
    }

    Json errorJson(const SourceError &e)
    {
        Json j = Json::object();
        j.set("line", Json::integer(e.line));
        j.set("column", Json::integer(e.column));
        j.set("message", Json::string(e.message));
        return j;
    }

    Json opsJson(const Graph &g)
    {
        Json j = Json::object();
        for (const auto &[kind, count] : g.opCounts())
            j.set(kind, Json::integer(count));
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
        Json j = Json::object();
        j.set("error", Json::string(o.error));
        return j;
    }

    std::string conversionText(const Decision &d)
    {
        if (d.conversion == "boolean")
            return d.value != 0 ? "True" : "False";
        if (d.conversion == "integer" || d.conversion == "index")
            return std::to_string(static_cast<long long>(d.value));
        return valueText(Value::real(d.value));
    }

} // namespace

std::string outputsText(const Analysis &a)
{
    if (!a.error.empty())
        return a.error;
    auto section = [](const std::string &title, const Json *j) {
        return title + "\n" + (j ? j->dump(-1) : std::string("—")) + "\n\n";
    };
    std::string text = section("eager outputs (example input)", a.data.find("eager")->find("outputs"));
    const Json &check = *a.data.find("check");
    if (!check.find("eager")->isNull()) {
        text += section("check input: eager", check.find("eager"));
        text += section(
            check.find("trace_matches")->asBool() ? "check input: trace (matches)" : "check input: trace (DIFFERS)",
            check.find("trace"));
        text += section(
            check.find("script_matches")->asBool() ? "check input: script (matches)" : "check input: script (DIFFERS)",
            check.find("script"));
        if (const Json *cause = check.find("cause"); cause && !cause->isNull())
            text += "why: " + cause->find("message")->asString() + "\n";
    }
    return text;
}

std::vector<std::pair<std::string, Value>> parseInputs(
    const std::string &text, const FunctionDef &entry, const std::string &key)
{
    Json j;
    try {
        j = parseJson(text);
    } catch (const JsonError &e) {
        throw key + ": malformed JSON at line " + std::to_string(e.line) + ", column " + std::to_string(e.column)
            + " (position " + std::to_string(e.position) + "): " + e.message;
    }
    if (j.type() != Json::Type::Object)
        throw key + ": expected a JSON object mapping parameter names to values";
    std::string signature = entry.name + "(";
    for (std::size_t k = 0; k < entry.params.size(); ++k)
        signature += (k ? ", " : "") + entry.params[k].name;
    signature += ")";
    for (const auto &m : j.members()) {
        bool known = false;
        for (const auto &p : entry.params)
            known = known || p.name == m.first;
        if (!known)
            throw key + ": '" + m.first + "' is not a parameter of " + signature;
    }
    std::vector<std::pair<std::string, Value>> out;
    for (const auto &p : entry.params) {
        const Json *v = j.find(p.name);
        if (!v)
            throw key + ": no value for parameter '" + p.name + "' of " + signature;
        const auto type = annotationType(p.annotation);
        if (!type)
            throw key + ": parameter '" + p.name + "' has an unsupported annotation '" + p.annotation + "'";
        out.emplace_back(p.name, toValue(*v, *type, key + "." + p.name));
    }
    return out;
}

Analysis analyze(const AnalysisRequest &request, const WorkControl &control)
{
    Analysis a;
    auto fatal = [&](const std::string &message) {
        a.error = message;
        return std::move(a);
    };
    try {
        a.module = parseProgram(request.program);
    } catch (const SourceError &e) {
        a.errorAt = e;
        return fatal("syntax error: " + formatError(e, request.program));
    }
    const Module &module = *a.module;
    const FunctionDef &entry = entryFunction(module);

    std::string inputsText = request.inputsJson.empty() ? headerValue(request.program, "inputs") : request.inputsJson;
    std::string checkText
        = request.checkInputsJson.empty() ? headerValue(request.program, "check_inputs") : request.checkInputsJson;
    if (inputsText.empty())
        return fatal("inputs: no inputs given (set inputs, or add a '# inputs: {...}' comment to the program)");
    try {
        a.inputs = parseInputs(inputsText, entry, "inputs");
        if (!checkText.empty())
            a.checkInputs = parseInputs(checkText, entry, "check_inputs");
    } catch (const std::string &message) {
        return fatal(message);
    }

    ExecutionOptions traceOptions;
    traceOptions.trace = true;
    traceOptions.stepLimit = request.stepLimit;
    traceOptions.control = &control;
    control.report(0.1, "running and tracing");
    try {
        a.eager = execute(module, entry, valuesOf(a.inputs), traceOptions);
    } catch (const SourceError &e) {
        a.errorAt = e;
        return fatal("runtime error: " + formatError(e, request.program));
    } catch (const StepLimitError &e) {
        a.errorAt = e.error;
        return fatal(formatError(e.error, request.program));
    }
    control.checkpoint();
    control.report(0.4, "scripting");
    a.script = scriptFunction(module, entry);
    const long nodeLimit = request.stepLimit * 20;

    Json &data = a.data;
    data = Json::object();
    Json &eager = data.set("eager", Json::object());
    eager.set("outputs", outputsJson(a.eager.output));
    Json prints = Json::array();
    for (const auto &p : a.eager.prints)
        prints.push(Json::string(p));
    eager.set("prints", prints);

    Json &trace = data.set("trace", Json::object());
    const bool traced = a.eager.graph && !a.eager.traceError;
    trace.set("graph", traced ? Json::string(a.eager.graph->str()) : Json());
    trace.set("ops", traced ? opsJson(*a.eager.graph) : Json::object());
    Json warnings = Json::array();
    for (const auto &w : a.eager.warnings) {
        Json item = Json::object();
        item.set("line", Json::integer(w.line));
        item.set("message", Json::string(w.message));
        warnings.push(item);
    }
    trace.set("warnings", warnings);
    trace.set("error", a.eager.traceError ? errorJson(*a.eager.traceError) : Json());

    Json &script = data.set("script", Json::object());
    script.set("graph", a.script.graph ? Json::string(a.script.graph->str()) : Json());
    script.set("ops", a.script.graph ? opsJson(*a.script.graph) : Json::object());
    script.set("error", a.script.error ? errorJson(*a.script.error) : Json());

    Json &check = data.set("check", Json::object());
    if (a.checkInputs.empty()) {
        for (const char *key :
            { "eager", "trace", "script", "trace_matches", "script_matches", "differing_outputs", "cause" })
            check.set(key, Json());
        return a;
    }
    control.report(0.6, "checking");
    const auto checkValues = valuesOf(a.checkInputs);
    Outcome eagerOut, traceOut, scriptOut;
    ExecutionResult checkRun;
    // Traced too, so that decisions on traced sizes are noted as in the example run.
    ExecutionOptions eagerOptions = traceOptions;
    try {
        checkRun = execute(module, entry, checkValues, eagerOptions);
        eagerOut.output = checkRun.output;
    } catch (const SourceError &e) {
        eagerOut.error = formatError(e, request.program);
    } catch (const StepLimitError &e) {
        eagerOut.error = formatError(e.error, request.program);
    }
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
    traceOut = runOn(traced ? a.eager.graph.get() : nullptr, "the program could not be traced");
    scriptOut = runOn(a.script.graph.get(), "the program could not be scripted");
    check.set("eager", outcomeJson(eagerOut));
    check.set("trace", outcomeJson(traceOut));
    check.set("script", outcomeJson(scriptOut));
    auto matches
        = [&](const Outcome &o) { return eagerOut.output && o.output && valuesClose(*eagerOut.output, *o.output); };
    check.set("trace_matches", Json::boolean(matches(traceOut)));
    check.set("script_matches", Json::boolean(matches(scriptOut)));
    Json differing = Json::object();
    for (const auto &[name, outcome] :
        { std::pair<const char *, const Outcome *> { "trace", &traceOut }, { "script", &scriptOut } }) {
        Json list = Json::array();
        if (eagerOut.output && outcome->output) {
            const auto e = outputsOf(*eagerOut.output), o = outputsOf(*outcome->output);
            for (std::size_t k = 0; k < std::max(e.size(), o.size()); ++k)
                if (k >= e.size() || k >= o.size() || !valuesClose(e[k], o[k]))
                    list.push(Json::integer(static_cast<std::int64_t>(k)));
        }
        differing.set(name, list);
    }
    check.set("differing_outputs", differing);

    // The first point where the check input's data steers Python differently from the example's.
    Json cause;
    if (eagerOut.output) {
        const auto &ex = a.eager.decisions, &ck = checkRun.decisions;
        for (std::size_t k = 0; k < std::max(ex.size(), ck.size()); ++k) {
            const Decision *d = k < ex.size() ? &ex[k] : nullptr;
            const Decision *c = k < ck.size() ? &ck[k] : nullptr;
            if (d && c && d->line == c->line && d->column == c->column && d->value == c->value)
                continue;
            const Decision &at = d ? *d : *c;
            cause = Json::object();
            cause.set("line", Json::integer(at.line));
            cause.set("column", Json::integer(at.column));
            cause.set("construct", Json::string(at.construct));
            cause.set("conversion", Json::string(at.conversion));
            std::string message;
            if (d && c && d->line == c->line && d->column == c->column) {
                cause.set("example_value", Json::number(d->value));
                cause.set("check_value", Json::number(c->value));
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
            cause.set("message", Json::string(message));
            break;
        }
    }
    check.set("cause", cause);
    return a;
}

} // namespace conceptlab::graphcapture
