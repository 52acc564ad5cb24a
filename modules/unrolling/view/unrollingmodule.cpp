// The unrolling plugin: schema, settings from values, headless run (JSON keys, CSV table).
#include "unrollingmodule.h"

#include "core/unrollingsession.h"
#include "unrollingview.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace conceptlab::unrolling {

namespace {
    QString nameOf(std::string_view name)
    {
        return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
    }

    template<class Enum, std::size_t N> QStringList choicesOf(const EnumNames<Enum, N> &names)
    {
        QStringList out;
        for (const auto &[value, name] : names.entries)
            out.append(nameOf(name));
        return out;
    }

    QJsonValue optional(const std::optional<double> &value)
    {
        return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
    }

    QJsonObject measuredObject(const std::optional<Measurement> &m)
    {
        const QJsonValue null(QJsonValue::Null);
        QJsonObject o;
        o.insert(QStringLiteral("ns_per_element"), m ? QJsonValue(m->nsPerElement) : null);
        o.insert(QStringLiteral("cycles_per_element"), m ? optional(m->cyclesPerElement) : null);
        o.insert(QStringLiteral("clock_ghz"), m ? optional(m->clockGhz) : null);
        return o;
    }

    QJsonObject variantObject(const VariantResult &v)
    {
        QJsonObject o;
        o.insert(QStringLiteral("unroll"), v.unroll);
        o.insert(QStringLiteral("accumulators"), v.accumulators);
        o.insert(QStringLiteral("effective_accumulators"), v.effectiveAccumulators);
        o.insert(QStringLiteral("loop_instructions"), v.loopInstructions);
        o.insert(QStringLiteral("elements_per_iteration"), v.elementsPerIteration);
        o.insert(QStringLiteral("loop_bytes"), v.loopBytes);
        o.insert(QStringLiteral("remainder_bytes"), v.remainderBytes);
        o.insert(QStringLiteral("cycles_per_iteration"), v.cyclesPerIteration);
        o.insert(QStringLiteral("cycles_per_element"), v.cyclesPerElement);
        o.insert(QStringLiteral("bottleneck"), QString::fromStdString(v.bottleneck));
        o.insert(QStringLiteral("overhead_instructions_per_element"), v.overheadInstructionsPerElement);
        o.insert(QStringLiteral("llvm_mca_cycles_per_element"), optional(v.llvmMcaCyclesPerElement));
        o.insert(QStringLiteral("bounds"),
            QJsonObject { { QStringLiteral("dispatch_cycles_per_iteration"), v.bounds.dispatch },
                { QStringLiteral("units_cycles_per_iteration"), v.bounds.units },
                { QStringLiteral("latency_cycles_per_iteration"), v.bounds.latency } });
        o.insert(QStringLiteral("measured"), measuredObject(v.measured));
        return o;
    }
} // namespace

ParameterSchema UnrollingModule::schema()
{
    ParameterSchema schema;
    schema.add({ .key = QStringLiteral("kernel"),
        .label = tr("Kernel"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("sum"),
        .choices = choicesOf(kKernelNames),
        .description = tr("sum and dot are reductions (one accumulator chain); saxpy's iterations are independent; "
                          "prefix_sum carries a dependency no unrolling removes."),
        .group = tr("Loop") });
    schema.add({ .key = QStringLiteral("type"),
        .label = tr("Element type"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("float"),
        .choices = choicesOf(kTypeNames),
        .description = tr("The element type: float, double or int32."),
        .group = tr("Loop") });
    schema.add({ .key = QStringLiteral("unroll"),
        .label = tr("Unroll factor"),
        .kind = ParameterKind::Integer,
        .defaultValue = 4,
        .minimum = 1,
        .maximum = 16,
        .unit = tr("copies"),
        .description = tr("Copies of the loop body per iteration: 1, 2, 4, 8 or 16."),
        .group = tr("Loop") });
    schema.add({ .key = QStringLiteral("accumulators"),
        .label = tr("Accumulators"),
        .kind = ParameterKind::Integer,
        .defaultValue = 1,
        .minimum = 1,
        .maximum = 8,
        .description = tr("Partial sums a reduction is split over: 1, 2, 4 or 8 (at most the unroll factor is "
                          "used; saxpy and prefix_sum have none to split)."),
        .group = tr("Loop") });
    schema.add({ .key = QStringLiteral("cpu"),
        .label = tr("CPU model"),
        .kind = ParameterKind::Enum,
        .defaultValue = QStringLiteral("skylake"),
        .choices = choicesOf(kCpuNames),
        .description = tr("The modelled core: Intel Skylake or AMD Zen 3 (LLVM 14's scheduling models)."),
        .group = tr("Model") });
    schema.add({ .key = QStringLiteral("overrides"),
        .label = tr("Overrides"),
        .kind = ParameterKind::Text,
        .defaultValue = QString(),
        .description = tr("Model numbers to change, e.g. \"dispatch_width=4, latency.addss=3, ports.addss=p0\" "
                          "(keys: dispatch_width, rob_size, retire_width, load_latency, latency.<mnemonic>, "
                          "ports.<mnemonic>)."),
        .group = tr("Model") });
    schema.add({ .key = QStringLiteral("llvm_mca"),
        .label = tr("Ask llvm-mca"),
        .kind = ParameterKind::Boolean,
        .defaultValue = true,
        .description = tr("Run llvm-mca-14 on the same loops when it is installed."),
        .group = tr("Model") });
    schema.add({ .key = QStringLiteral("measure"),
        .label = tr("Measure"),
        .kind = ParameterKind::Boolean,
        .defaultValue = true,
        .description = tr("Time the compiled kernels on this machine (median of 7 trials)."),
        .group = tr("Timing") });
    schema.add({ .key = QStringLiteral("elements"),
        .label = tr("Elements"),
        .kind = ParameterKind::Integer,
        .defaultValue = 2048,
        .minimum = 16,
        .maximum = 16777216.0,
        .unit = tr("elements"),
        .description = tr("Elements per array for the timings: 2048 fits L1; 65536 L2; 2^21 L3; 2^24 DRAM."),
        .group = tr("Timing") });
    return schema;
}

RunSettings settingsFromValues(const ParameterValues &values)
{
    RunSettings s;
    s.kernel = kKernelNames.parse(textValue(values, QStringLiteral("kernel")).toStdString()).value_or(Kernel::Sum);
    s.type = kTypeNames.parse(textValue(values, QStringLiteral("type")).toStdString()).value_or(ElementType::Float);
    s.cpu = kCpuNames.parse(textValue(values, QStringLiteral("cpu")).toStdString()).value_or(CpuPreset::Skylake);
    s.unroll = static_cast<int>(integerValue(values, QStringLiteral("unroll")));
    if (std::find(kUnrollFactors.begin(), kUnrollFactors.end(), s.unroll) == kUnrollFactors.end())
        throw InputError("unroll: expected 1, 2, 4, 8 or 16, not " + std::to_string(s.unroll));
    s.accumulators = static_cast<int>(integerValue(values, QStringLiteral("accumulators")));
    if (std::find(kAccumulatorCounts.begin(), kAccumulatorCounts.end(), s.accumulators) == kAccumulatorCounts.end())
        throw InputError("accumulators: expected 1, 2, 4 or 8, not " + std::to_string(s.accumulators));
    s.overrides = textValue(values, QStringLiteral("overrides")).toStdString();
    CpuModel check = cpuModel(s.cpu);
    applyOverrides(check, s.overrides); // bad overrides fail here, before any timing
    s.measure = booleanValue(values, QStringLiteral("measure"));
    s.llvmMca = booleanValue(values, QStringLiteral("llvm_mca"));
    s.elements = integerValue(values, QStringLiteral("elements"));
    return s;
}

std::unique_ptr<UnrollingSession> sessionFromValues(const ParameterValues &values, const WorkControl &control)
{
    const auto completed = UnrollingModule::schema().complete(values);
    if (!completed.ok())
        throw InputError(completed.error.toStdString());
    return UnrollingSession::create(settingsFromValues(completed.value.toMap()), control);
}

std::unique_ptr<Session> UnrollingModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    return sessionFromValues(values, control);
}

ConceptView *UnrollingModule::createView(QWidget *parent)
{
    auto *view = new UnrollingView(parent);
    view->setParameters(parameters().defaults());
    return view;
}

QJsonObject resultData(const Analysis &a)
{
    QJsonObject d = variantObject(a.chosen);
    d.insert(QStringLiteral("kernel"), nameOf(kKernelNames.name(a.settings.kernel)));
    d.insert(QStringLiteral("type"), nameOf(kTypeNames.name(a.settings.type)));
    d.insert(QStringLiteral("cpu"), QString::fromStdString(a.model.name));
    d.insert(QStringLiteral("code_source"),
        a.code.fromMachineCode ? QStringLiteral("machine code") : QStringLiteral("listing"));
    d.insert(QStringLiteral("clock_source"),
        a.settings.measure ? nameOf(kCycleSourceNames.name(a.clock.source)) : QJsonValue(QJsonValue::Null));
    QJsonArray sweep;
    for (const VariantResult &v : a.sweep)
        sweep.append(variantObject(v));
    d.insert(QStringLiteral("sweep"), sweep);
    return d;
}

RunResult UnrollingModule::run(const ParameterValues &values, const WorkControl &control)
{
    std::unique_ptr<UnrollingSession> session;
    try {
        session = sessionFromValues(values, control);
    } catch (const InputError &error) {
        return RunResult::failure(QString::fromStdString(error.message()));
    } catch (const Cancelled &) {
        RunResult result;
        result.cancelled = true;
        result.error = tr("cancelled");
        return result;
    }
    const Analysis &a = session->analysis();
    RunResult result;
    result.data = resultData(a);
    result.table = ResultTable::fromTable(session->currentTable());
    const VariantResult &v = a.chosen;
    QStringList lines;
    lines << tr("%1 %2, unroll %3, %4 accumulators on %5: %6 instructions, %7 bytes per loop (remainder %8 bytes)")
                 .arg(nameOf(kKernelNames.name(a.settings.kernel)), nameOf(kTypeNames.name(a.settings.type)))
                 .arg(v.unroll)
                 .arg(v.accumulators)
                 .arg(QString::fromStdString(a.model.name))
                 .arg(v.loopInstructions)
                 .arg(v.loopBytes)
                 .arg(v.remainderBytes);
    lines << tr("model: %1 cycles/element; bottleneck: %2")
                 .arg(
                     QString::fromStdString(formatNumber(v.cyclesPerElement, 4)), QString::fromStdString(v.bottleneck));
    lines << tr("llvm-mca: %1")
                 .arg(v.llvmMcaCyclesPerElement
                         ? QString::fromStdString(formatNumber(*v.llvmMcaCyclesPerElement, 4)) + tr(" cycles/element")
                         : tr("not run"));
    if (v.measured)
        lines << tr("measured: %1 ns/element, %2 cycles/element")
                     .arg(QString::fromStdString(formatNumber(v.measured->nsPerElement, 4)),
                         v.measured->cyclesPerElement
                             ? QString::fromStdString(formatNumber(*v.measured->cyclesPerElement, 4))
                             : tr("unknown"));
    result.summary = lines.join(QLatin1Char('\n'));
    return result;
}

ParameterValues UnrollingModule::compareVariant(const ParameterValues &values) const
{
    // One accumulator against four: unrolling alone leaves a reduction bound by its add chain.
    return contrasted(
        values, QStringLiteral("accumulators"), QVariant::fromValue<qint64>(1), QVariant::fromValue<qint64>(4));
}

QStringList UnrollingModule::resultKeys() const
{
    QStringList keys;
    for (const char *key : { "loop_instructions", "elements_per_iteration", "loop_bytes", "remainder_bytes",
             "cycles_per_iteration", "cycles_per_element", "bottleneck", "bounds.dispatch_cycles_per_iteration",
             "bounds.units_cycles_per_iteration", "bounds.latency_cycles_per_iteration",
             "overhead_instructions_per_element", "llvm_mca_cycles_per_element", "measured.ns_per_element",
             "measured.cycles_per_element", "measured.clock_ghz", "unroll", "accumulators", "effective_accumulators",
             "kernel", "type", "cpu", "code_source", "clock_source", "sweep", "at_step.cycle", "at_step.waiting",
             "at_step.executing", "at_step.retired", "at_step.instructions" })
        keys.append(QLatin1String(key));
    return keys;
}

QJsonObject UnrollingModule::stepResults(const Session &session) const
{
    const auto *unrolling = dynamic_cast<const UnrollingSession *>(&session);
    if (!unrolling)
        return {};
    int waiting = 0;
    int executing = 0;
    int retired = 0;
    const auto &timeline = unrolling->analysis().pipeline.timeline;
    for (const TimelineEntry &entry : timeline) {
        const Stage stage = stageAt(entry, session.currentStep());
        waiting += stage == Stage::Waiting ? 1 : 0;
        executing += stage == Stage::Executing ? 1 : 0;
        retired += stage == Stage::Retired ? 1 : 0;
    }
    QJsonObject d;
    d.insert(QStringLiteral("cycle"), session.currentStep());
    d.insert(QStringLiteral("waiting"), waiting);
    d.insert(QStringLiteral("executing"), executing);
    d.insert(QStringLiteral("retired"), retired);
    d.insert(QStringLiteral("instructions"), static_cast<qint64>(timeline.size()));
    return d;
}

} // namespace conceptlab::unrolling
