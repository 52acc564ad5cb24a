// Whole runs and strategy comparisons: parsing with the prelude, limits, divergence
// detection, decoding and naming of results.
#include "evaluation.h"

#include "fastreducer.h"
#include "text.h"

#include <algorithm>
#include <unordered_map>

namespace conceptlab::lambda {

const char *statusKey(Status s)
{
    switch (s) {
    case Status::Running:
        return "running";
    case Status::NormalForm:
        return "normal_form";
    case Status::WeakHeadNormalForm:
        return "weak_head_normal_form";
    case Status::StepLimit:
        return "step_limit";
    case Status::SizeLimit:
        return "size_limit";
    case Status::Diverges:
        return "diverges";
    }
    return "running";
}

ParsedProgram loadProgram(Graph &g, const Settings &settings)
{
    if (settings.prelude) {
        ParseOptions options;
        options.requireTerm = false;
        options.prelude = true;
        ParsedProgram prelude = parseProgram(g, settings.preludeText, options);
        if (!prelude.ok) {
            prelude.error.message = "in the prelude: " + prelude.error.message;
            return prelude;
        }
    }
    ParseOptions options;
    options.numerals = settings.prelude;
    return parseProgram(g, settings.term, options);
}

std::vector<std::string> identifiers(const std::string &text)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    auto identStart = [](unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
            while (i < text.size() && text[i] != '\n')
                ++i;
            continue;
        }
        const bool omega = c == 0xCE && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA9;
        if (identStart(c) || omega) {
            std::size_t j = omega ? i + 2 : i + 1;
            while (j < text.size()) {
                const auto d = static_cast<unsigned char>(text[j]);
                if (!(identStart(d) || (d >= '0' && d <= '9') || d == '\''))
                    break;
                ++j;
            }
            out.push_back(text.substr(i, j - i));
            i = j;
        } else if (c >= '0' && c <= '9') {
            while (i < text.size() && text[i] >= '0' && text[i] <= '9')
                ++i;
        } else {
            ++i;
        }
    }
    return out;
}

Status finalStatus(Strategy s)
{
    return isWeak(s) ? Status::WeakHeadNormalForm : Status::NormalForm;
}

bool oversized(const Reducer &r, std::uint64_t maxSize)
{
    const auto [size, height] = r.extent();
    return size > maxSize || height > kMaxHeight;
}

std::string joined(const std::vector<std::string> &items)
{
    std::string s;
    for (std::size_t i = 0; i < items.size(); ++i)
        s += (i ? ", " : "") + items[i];
    return s;
}

namespace {

    constexpr std::size_t kMaxSeen = 2'000'000;

    std::string printForRecord(const Graph &g, NodeId t, std::uint64_t size)
    {
        if (size > kFullPrintSize)
            return "(" + formatInteger(static_cast<std::int64_t>(size)) + " nodes)";
        return print(g, t, NameMode::KeepNames);
    }

} // namespace

void definitionNormalForms(Graph &out, const Settings &settings, std::vector<std::pair<std::string, NodeId>> &forms)
{
    forms.clear();
    // A program that fails to parse still leaves the prelude's definitions.
    (void)loadProgram(out, settings);
    const std::size_t count = out.definitions().size();
    std::vector<std::pair<std::string, NodeId>> found;
    for (std::size_t i = 0; i < count; ++i) {
        const Definition d = out.definitions()[i];
        if (d.numeral)
            continue;
        Reducer r(out, d.root, Strategy::Normal);
        bool finished = false;
        for (int k = 0; k < 100; ++k) {
            if (!r.step()) {
                finished = true;
                break;
            }
            if (out.node(r.root()).size > 2000)
                break;
        }
        if (finished)
            found.emplace_back(d.name, r.root());
    }
    forms = std::move(found);
}

std::string nameFor(const Graph &g, NodeId t, const std::optional<Value> &value, const Graph &names,
    const std::vector<std::pair<std::string, NodeId>> &forms, const std::vector<std::string> &inputNames, bool prelude)
{
    std::vector<std::string> matches;
    for (const auto &[name, form] : forms)
        if (g.node(g.resolve(t, true)).size == names.node(names.resolve(form, true)).size
            && alphaEqual(g, t, names, form))
            matches.push_back(name);
    for (const std::string &m : matches)
        if (std::find(inputNames.begin(), inputNames.end(), m) != inputNames.end())
            return m;
    if (value && value->kind == Value::Kind::Boolean) {
        std::string b = value->boolean ? "TRUE" : "FALSE";
        if (std::find(matches.begin(), matches.end(), b) != matches.end())
            return b;
    }
    if (value && value->kind == Value::Kind::Number && prelude)
        return formatInteger(static_cast<std::int64_t>(value->number));
    return matches.empty() ? std::string() : matches.front();
}

namespace {

    std::string count(std::uint64_t n)
    {
        return formatInteger(static_cast<std::int64_t>(n));
    }

    // The step-by-step phase: records, cycle detection, limits. Returns true when the run
    // should continue in the fast engine (out.status still Running).
    bool reduceStepwise(const Graph &g, Reducer &r, const Settings &settings, const StepMeter &meter, Outcome &out)
    {
        std::unordered_map<std::uint64_t, std::uint64_t> seen; // term hash -> step it appeared at
        seen.emplace(g.node(r.root()).hash, 0);
        if (oversized(r, settings.maxSize))
            out.status = Status::SizeLimit;
        const bool records = settings.table || settings.trace;
        const std::uint64_t stepwiseSteps = settings.strategy == Strategy::CallByNeed ? settings.maxSteps
            : records                                                                 ? kMaxRecords
                                                                                      : 1000;
        StepInfo info;
        while (out.status == Status::Running) {
            if ((r.steps() & 255) == 0)
                meter.check(r.steps());
            if (r.steps() >= settings.maxSteps) {
                out.status = r.hasRedex() ? Status::StepLimit : finalStatus(settings.strategy);
                break;
            }
            if (r.steps() >= stepwiseSteps)
                return true;
            const bool record = settings.table && out.table.size() < kMaxRecords;
            if (!r.step(record ? &info : nullptr, record)) {
                out.status = finalStatus(settings.strategy);
                break;
            }
            const std::uint64_t size = r.extent().first;
            if (settings.trace) {
                if (out.trace.size() <= kMaxRecords)
                    out.trace.push_back(printForRecord(g, r.root(), size));
                else
                    out.truncated = true;
            }
            if (record)
                out.table.push_back({ r.steps(), printForRecord(g, r.root(), size), info.redex, info.explanation,
                    joined(info.renames), size });
            if (oversized(r, settings.maxSize)) {
                out.status = Status::SizeLimit;
                break;
            }
            if ((settings.strategy != Strategy::CallByNeed || g.cellCount() == 0) && seen.size() < kMaxSeen) {
                const auto [it, inserted] = seen.emplace(g.node(r.root()).hash, r.steps());
                if (!inserted) {
                    out.cycleLength = r.steps() - it->second;
                    out.status = Status::Diverges;
                }
            }
        }
        return false;
    }

    // The fast phase, from `root` after out.steps steps; returns the final term's root.
    NodeId reduceFast(Graph &g, NodeId root, const Settings &settings, const StepMeter &meter, Outcome &out)
    {
        FastReducer fast(g, root, settings.strategy);
        const FastReducer::End end = fast.run(settings.maxSteps - out.steps, settings.maxSize, &meter, out.steps);
        out.steps += fast.steps();
        out.peakNodes = std::max(out.peakNodes, fast.peakNodes());
        out.finalSize = fast.size();
        switch (end) {
        case FastReducer::End::Final: {
            out.status = finalStatus(settings.strategy);
            const NodeId back = fast.readBack(g);
            if (back == kNoNode)
                out.status = Status::SizeLimit; // deeper than kMaxHeight
            else
                root = back;
            break;
        }
        case FastReducer::End::StepLimit:
            out.status = Status::StepLimit;
            break;
        case FastReducer::End::SizeLimit:
            out.status = Status::SizeLimit;
            break;
        }
        return root;
    }

    std::string endMessage(const Outcome &out, const Settings &settings)
    {
        switch (out.status) {
        case Status::NormalForm:
        case Status::WeakHeadNormalForm:
            return std::string(out.status == Status::NormalForm ? "normal form" : "weak head normal form") + " after "
                + count(out.steps) + (out.steps == 1 ? " step" : " steps");
        case Status::StepLimit:
            return "stopped at max_steps = " + count(settings.maxSteps) + " with a redex left (the term has "
                + count(out.finalSize) + " nodes)";
        case Status::SizeLimit:
            return out.finalSize <= settings.maxSize
                ? "the term grew deeper than " + count(kMaxHeight) + " levels at step " + count(out.steps)
                : "the term grew past max_size = " + count(settings.maxSize) + " nodes (to " + count(out.finalSize)
                    + ") at step " + count(out.steps);
        case Status::Diverges:
            return "diverges: the term after step " + count(out.steps) + " repeats the one after step "
                + count(out.steps - out.cycleLength) + " (cycle of " + count(out.cycleLength)
                + (out.cycleLength == 1 ? " step)" : " steps)");
        case Status::Running:
            break;
        }
        return {};
    }

    // Normal form, de Bruijn form, decoded value and name of a finished run.
    void describeResult(const Graph &g, NodeId root, const Settings &settings, const std::string &head, Outcome &out)
    {
        out.normalForm = print(g, root, NameMode::ExpandNames);
        out.deBruijn = printDeBruijn(g, root);
        out.value = decode(g, root, isBooleanOperator(head));
        Graph names;
        std::vector<std::pair<std::string, NodeId>> forms;
        definitionNormalForms(names, settings, forms);
        const std::string name
            = nameFor(g, root, out.value, names, forms, identifiers(settings.term), settings.prelude);
        if (!name.empty())
            out.name = name;
    }

} // namespace

Outcome evaluate(const Settings &settings, const StepMeter &meter)
{
    Outcome out;
    Graph g;
    const ParsedProgram program = loadProgram(g, settings);
    if (!program.ok) {
        out.error = program.error;
        return out;
    }
    out.ok = true;
    Reducer r(g, program.term, settings.strategy);
    out.input = print(g, program.term, NameMode::KeepNames);
    if (settings.trace)
        out.trace.push_back(out.input);

    // Step by step (with records and cycle detection) for a while, then the fast engine.
    const bool handOver = reduceStepwise(g, r, settings, meter, out);
    out.steps = r.steps();
    out.peakNodes = r.peakNodes();
    NodeId root = r.root();
    if (handOver) {
        out.truncated = settings.table || settings.trace;
        root = reduceFast(g, root, settings, meter, out);
    } else {
        out.finalSize = g.treeExtent(root).first;
    }
    if (out.status == Status::NormalForm || out.status == Status::WeakHeadNormalForm)
        describeResult(g, root, settings, program.head, out);
    out.message = endMessage(out, settings);

    if (settings.strategy == Strategy::CallByNeed && out.status == Status::WeakHeadNormalForm) {
        Settings byName = settings;
        byName.strategy = Strategy::CallByName;
        byName.trace = false;
        byName.table = false;
        const Outcome cbn = evaluate(byName, meter);
        if (cbn.status == Status::WeakHeadNormalForm && cbn.steps >= out.steps)
            out.stepsSaved = cbn.steps - out.steps;
    }
    return out;
}

Outcome evaluate(const Settings &settings, const WorkControl &control)
{
    return evaluate(settings, StepMeter(control, settings.maxSteps));
}

Outcome evaluate(const Settings &settings)
{
    const WorkControl none;
    return evaluate(settings, none);
}

Comparison compareStrategies(
    const Settings &settings, Strategy first, std::optional<Strategy> second, const WorkControl &control)
{
    Comparison c;
    c.firstStrategy = first;
    c.secondStrategy = second;
    Settings run = settings;
    run.strategy = first;
    const double width = second ? 0.5 : 1.0;
    c.first = evaluate(run, StepMeter(control, run.maxSteps, 0, width));
    if (second && c.first.ok) {
        run.strategy = *second;
        c.second = evaluate(run, StepMeter(control, run.maxSteps, 0.5, width));
    }
    control.report(1);
    return c;
}

std::optional<ParseError> parseErrorOf(const Settings &settings)
{
    Graph g;
    const ParsedProgram program = loadProgram(g, settings);
    if (program.ok)
        return std::nullopt;
    return program.error;
}

} // namespace conceptlab::lambda
