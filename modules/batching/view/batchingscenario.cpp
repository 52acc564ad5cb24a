// Parameter schema and scenario construction for the batching module.
#include "batchingscenario.h"

#include <files.h>
#include <session.h>
#include <text.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <string_view>
#include <utility>

namespace conceptlab::batching {

namespace {

    template<class Enum, std::size_t N> QStringList choiceNames(const EnumNames<Enum, N> &names)
    {
        QStringList list;
        for (const auto &entry : names.entries)
            list << QString::fromLatin1(entry.second.data(), static_cast<qsizetype>(entry.second.size()));
        return list;
    }

    template<class Enum, std::size_t N>
    Enum enumValue(const EnumNames<Enum, N> &names, const ParameterValues &values, const QString &key)
    {
        // The schema has checked the value: it is one of the names.
        return names.parse(textValue(values, key).toStdString()).value_or(names.entries.front().first);
    }

    void addSchedulingSpecs(ParameterSchema &schema)
    {
        const QString group = QStringLiteral("Scheduling");
        schema.add({ .key = QStringLiteral("policy"),
            .label = QStringLiteral("Policy"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("continuous"),
            .choices = choiceNames(kPolicyNames),
            .description = QStringLiteral("static: fixed batches run to the longest; dynamic: start when full "
                                          "or after the timeout; continuous: Orca iteration-level scheduling; "
                                          "paged: vLLM block allocation with preemption; chunked: "
                                          "Sarathi-Serve token budget"),
            .group = group });
        schema.add({ .key = QStringLiteral("batch_size"),
            .label = QStringLiteral("Batch slots"),
            .kind = ParameterKind::Integer,
            .defaultValue = 8,
            .minimum = 1,
            .maximum = 4096,
            .unit = QStringLiteral("sequences"),
            .description = QStringLiteral("Most sequences in a batch at once (max_num_seqs)."),
            .group = group });
        schema.add({ .key = QStringLiteral("dynamic_timeout_ms"),
            .label = QStringLiteral("Dynamic timeout"),
            .kind = ParameterKind::Real,
            .defaultValue = 50.0,
            .minimum = 0,
            .maximum = 1e7,
            .unit = QStringLiteral("ms"),
            .description = QStringLiteral("dynamic: a batch starts when batch_size requests wait or the "
                                          "oldest has waited this long."),
            .group = group });
        schema.add({ .key = QStringLiteral("block_size"),
            .label = QStringLiteral("KV block size"),
            .kind = ParameterKind::Integer,
            .defaultValue = 16,
            .minimum = 1,
            .maximum = 1024,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("paged, chunked: tokens per KV-cache block."),
            .group = group });
        schema.add({ .key = QStringLiteral("token_budget"),
            .label = QStringLiteral("Token budget"),
            .kind = ParameterKind::Integer,
            .defaultValue = 512,
            .minimum = 1,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description
            = QStringLiteral("chunked: tokens per iteration, decodes first, prefill chunks fill the rest."),
            .group = group });
    }

    void addServingSpecs(ParameterSchema &schema)
    {
        const QString group = QStringLiteral("Scheduling");
        schema.add({ .key = QStringLiteral("max_num_batched_tokens"),
            .label = QStringLiteral("Max batched tokens"),
            .kind = ParameterKind::Integer,
            .defaultValue = 0,
            .minimum = 0,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("paged: prompt tokens one iteration may prefill; chunked: replaces "
                                          "token_budget. 0: vLLM's defaults (max(context, 2048); token_budget)."),
            .group = group });
        schema.add({ .key = QStringLiteral("preemption"),
            .label = QStringLiteral("Preemption"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("recompute"),
            .choices = choiceNames(kPreemptionNames),
            .description = QStringLiteral("paged, chunked: drop a preempted sequence's KV and recompute it, or "
                                          "swap it to host memory over PCIe and back."),
            .group = group });
        schema.add({ .key = QStringLiteral("swap_space_gib"),
            .label = QStringLiteral("Swap space"),
            .kind = ParameterKind::Real,
            .defaultValue = 4.0,
            .minimum = 0,
            .maximum = 100000,
            .unit = QStringLiteral("GiB"),
            .description = QStringLiteral("swap: host memory for swapped KV per GPU (vLLM's default 4); "
                                          "when full, preemption recomputes."),
            .group = group });
        schema.add({ .key = QStringLiteral("shared_prefix_tokens"),
            .label = QStringLiteral("Shared prefix"),
            .kind = ParameterKind::Integer,
            .defaultValue = 0,
            .minimum = 0,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("The first this many tokens of every prompt are a shared system prompt."),
            .group = group });
        schema.add({ .key = QStringLiteral("prefix_caching"),
            .label = QStringLiteral("Prefix caching"),
            .kind = ParameterKind::Boolean,
            .defaultValue = false,
            .description = QStringLiteral("paged, chunked: keep the shared prefix's full KV blocks and skip "
                                          "computing them for later requests."),
            .group = group });
    }

    void addArrivalSpecs(ParameterSchema &schema)
    {
        const QString group = QStringLiteral("Workload");
        schema.add({ .key = QStringLiteral("arrival"),
            .label = QStringLiteral("Arrivals"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("poisson"),
            .choices = choiceNames(kArrivalPatternNames),
            .description = QStringLiteral("burst: all at time 0; poisson: exponential gaps; gamma: gamma gaps "
                                          "with shape = burstiness."),
            .group = group });
        schema.add({ .key = QStringLiteral("rate"),
            .label = QStringLiteral("Arrival rate"),
            .kind = ParameterKind::Real,
            .defaultValue = 5.0,
            .minimum = 0.001,
            .maximum = 1e6,
            .unit = QStringLiteral("req/s"),
            .description = QStringLiteral("Mean arrival rate (poisson, gamma)."),
            .group = group });
        schema.add({ .key = QStringLiteral("burstiness"),
            .label = QStringLiteral("Burstiness"),
            .kind = ParameterKind::Real,
            .defaultValue = 0.5,
            .minimum = 0.01,
            .maximum = 100,
            .description = QStringLiteral("gamma: shape of the gap distribution; 1 = Poisson, below 1 burstier."),
            .group = group });
        schema.add({ .key = QStringLiteral("requests"),
            .label = QStringLiteral("Requests"),
            .kind = ParameterKind::Integer,
            .defaultValue = 16,
            .minimum = 1,
            .maximum = 1000000,
            .description = QStringLiteral("Requests generated (ignored with a trace)."),
            .group = group });
    }

    void addLengthSpecs(ParameterSchema &schema)
    {
        const QString group = QStringLiteral("Workload");
        const QStringList distributions = choiceNames(kLengthDistributionNames);
        schema.add({ .key = QStringLiteral("prompt_dist"),
            .label = QStringLiteral("Prompt lengths"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("fixed"),
            .choices = distributions,
            .description = QStringLiteral("Distribution of prompt lengths with mean prompt_tokens, capped at "
                                          "prompt_max."),
            .group = group });
        schema.add({ .key = QStringLiteral("prompt_tokens"),
            .label = QStringLiteral("Prompt tokens"),
            .kind = ParameterKind::Integer,
            .defaultValue = 512,
            .minimum = 1,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("Prompt length (fixed) or its mean."),
            .group = group });
        schema.add({ .key = QStringLiteral("prompt_max"),
            .label = QStringLiteral("Prompt cap"),
            .kind = ParameterKind::Integer,
            .defaultValue = 8192,
            .minimum = 1,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("Longest prompt drawn."),
            .group = group });
        schema.add({ .key = QStringLiteral("output_dist"),
            .label = QStringLiteral("Output lengths"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("exponential"),
            .choices = distributions,
            .description = QStringLiteral("Distribution of output lengths with mean output_mean, capped at "
                                          "output_max."),
            .group = group });
        schema.add({ .key = QStringLiteral("output_mean"),
            .label = QStringLiteral("Output mean"),
            .kind = ParameterKind::Real,
            .defaultValue = 128.0,
            .minimum = 1,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("Output length (fixed) or its mean before the cap."),
            .group = group });
        schema.add({ .key = QStringLiteral("output_max"),
            .label = QStringLiteral("Output cap"),
            .kind = ParameterKind::Integer,
            .defaultValue = 512,
            .minimum = 1,
            .maximum = 1000000,
            .unit = QStringLiteral("tokens"),
            .description = QStringLiteral("Longest output (max_tokens); static, dynamic and continuous "
                                          "reserve KV for prompt + this."),
            .group = group });
        schema.add({ .key = QStringLiteral("lognormal_sigma"),
            .label = QStringLiteral("Log-normal sigma"),
            .kind = ParameterKind::Real,
            .defaultValue = 1.0,
            .minimum = 0.01,
            .maximum = 5,
            .description = QStringLiteral("lognormal: sigma of the underlying normal."),
            .group = group });
        schema.add({ .key = QStringLiteral("seed"),
            .label = QStringLiteral("Seed"),
            .kind = ParameterKind::Integer,
            .defaultValue = 1,
            .minimum = 0,
            .maximum = 9007199254740991.0,
            .description = QStringLiteral("Seed of the workload generator."),
            .group = group });
        schema.add({ .key = QStringLiteral("trace"),
            .label = QStringLiteral("Trace (CSV)"),
            .kind = ParameterKind::FilePath,
            .defaultValue = QString(),
            .description = QStringLiteral("CSV arrival_s,prompt_tokens,output_tokens; replaces the generated "
                                          "workload."),
            .group = group });
    }

    void addHardwareSpecs(ParameterSchema &schema)
    {
        const QString group = QStringLiteral("Model and GPU");
        QStringList modelIds;
        for (const ModelPreset &preset : modelPresets())
            modelIds << QString::fromStdString(preset.id);
        QStringList gpuIds;
        for (const GpuPreset &preset : gpuPresets())
            gpuIds << QString::fromStdString(preset.id);
        QStringList presetIds { QStringLiteral("none") };
        for (const Preset &preset : presets())
            presetIds << QString::fromStdString(preset.id);
        schema.add({ .key = QStringLiteral("model"),
            .label = QStringLiteral("Model"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("opt-13b"),
            .choices = modelIds,
            .description = QStringLiteral("Model architecture (layers, widths, heads, MLP, vocabulary)."),
            .group = group });
        schema.add({ .key = QStringLiteral("gpu"),
            .label = QStringLiteral("GPU"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("a100-40gb"),
            .choices = gpuIds,
            .description = QStringLiteral("GPU: memory, bandwidth, peak FLOP/s, achieved efficiencies, links."),
            .group = group });
        schema.add({ .key = QStringLiteral("tensor_parallel"),
            .label = QStringLiteral("Tensor parallel"),
            .kind = ParameterKind::Integer,
            .defaultValue = 1,
            .minimum = 1,
            .maximum = 8,
            .unit = QStringLiteral("GPUs"),
            .description = QStringLiteral("GPUs the model is split over (1, 2, 4 or 8; heads must divide "
                                          "evenly); two all-reduces per layer."),
            .group = group });
        schema.add({ .key = QStringLiteral("cost_model"),
            .label = QStringLiteral("Cost model"),
            .kind = ParameterKind::Enum,
            .defaultValue = QStringLiteral("per_operation"),
            .choices = { QStringLiteral("per_operation"), QStringLiteral("roofline") },
            .description = QStringLiteral("per_operation: each kernel's roofline plus overhead (calibrated); "
                                          "roofline: one max(compute, memory) per iteration (the former model)."),
            .group = group });
        schema.add({ .key = QStringLiteral("lm_head"),
            .label = QStringLiteral("LM head"),
            .kind = ParameterKind::Boolean,
            .defaultValue = true,
            .description = QStringLiteral("Cost the LM head (logits) of each sequence that emits a token."),
            .group = group });
        schema.add({ .key = QStringLiteral("preset"),
            .label = QStringLiteral("Preset (former)"),
            .kind = ParameterKind::Enum,
            .defaultValue = presetIds.front(),
            .choices = presetIds,
            .description = QStringLiteral("Former combined model and GPU; when not none it sets model and gpu."),
            .group = group });
    }

    // The model and GPU presets the values choose (a former combined preset wins), or nulls.
    std::pair<const ModelPreset *, const GpuPreset *> chosenPresets(const ParameterValues &values)
    {
        const Preset *preset = findPreset(textValue(values, QStringLiteral("preset")).toStdString());
        return { findModelPreset(preset ? preset->modelId : textValue(values, QStringLiteral("model")).toStdString()),
            findGpuPreset(preset ? preset->gpuId : textValue(values, QStringLiteral("gpu")).toStdString()) };
    }

    // The preset's value of an overridable constant: what its 0 (or −1) stands for.
    struct PresetConstant {
        const char *key;
        bool ofModel; // a model constant (else the GPU's)
        double (*value)(const HardwareModel &);
    };
    constexpr PresetConstant kPresetConstants[] = {
        { "model_params_b", true, [](const HardwareModel &m) { return m.parametersBillion; } },
        { "layers", true, [](const HardwareModel &m) { return double(m.layers); } },
        { "hidden_size", true, [](const HardwareModel &m) { return double(m.hiddenSize); } },
        { "attention_heads", true, [](const HardwareModel &m) { return double(m.attentionHeads); } },
        { "kv_heads", true, [](const HardwareModel &m) { return double(m.kvHeads); } },
        { "head_dim", true, [](const HardwareModel &m) { return double(m.headDim); } },
        { "intermediate_size", true, [](const HardwareModel &m) { return double(m.intermediateSize); } },
        { "vocab_size", true, [](const HardwareModel &m) { return double(m.vocabSize); } },
        { "bytes_per_value", true, [](const HardwareModel &m) { return double(m.bytesPerValue); } },
        { "gpu_memory_gb", false, [](const HardwareModel &m) { return m.gpuMemoryGB; } },
        { "bandwidth_gb_s", false, [](const HardwareModel &m) { return m.bandwidthGBs; } },
        { "peak_tflops", false, [](const HardwareModel &m) { return m.peakTflops; } },
        { "flops_efficiency", false, [](const HardwareModel &m) { return m.flopsEfficiency; } },
        { "memory_efficiency", false, [](const HardwareModel &m) { return m.memoryEfficiency; } },
        { "attention_flops_efficiency", false, [](const HardwareModel &m) { return m.attentionFlopsEfficiency; } },
        { "attention_memory_efficiency", false, [](const HardwareModel &m) { return m.attentionMemoryEfficiency; } },
        { "kernel_overhead_us", false, [](const HardwareModel &m) { return m.kernelOverheadUs; } },
        { "interconnect_gb_s", false, [](const HardwareModel &m) { return m.interconnectGBs; } },
        { "interconnect_latency_us", false, [](const HardwareModel &m) { return m.interconnectLatencyUs; } },
        { "pcie_gb_s", false, [](const HardwareModel &m) { return m.pcieGBs; } },
    };

    std::function<QString(const ParameterValues &)> presetValueText(const char *key, const QString &unit)
    {
        const PresetConstant *constant = nullptr;
        for (const PresetConstant &entry : kPresetConstants)
            if (std::string_view(entry.key) == key)
                constant = &entry;
        if (!constant)
            return {};
        return [constant, unit](const ParameterValues &values) {
            const auto [model, gpu] = chosenPresets(values);
            if (!model || !gpu)
                return QString();
            const double value = constant->value(combine(*model, *gpu));
            const std::string &label = constant->ofModel ? model->label : gpu->label;
            return QStringLiteral("%1: %2%3")
                .arg(QString::fromStdString(label), QString::fromStdString(formatNumber(value, 6)),
                    unit.isEmpty() ? QString() : QStringLiteral(" ") + unit);
        };
    }

    void addConstantSpecs(ParameterSchema &schema)
    {
        const QString overrides = QStringLiteral("Model and GPU constants (0 = preset value)");
        struct Override {
            const char *key;
            const char *label;
            ParameterKind kind;
            double minimum;
            double maximum;
            const char *unit;
            const char *description;
        };
        const auto real = ParameterKind::Real;
        const auto integer = ParameterKind::Integer;
        const Override list[] = {
            { "model_params_b", "Parameters", real, 0, 10000, "billion", "Model parameters, billions." },
            { "layers", "Layers", integer, 0, 1000, "", "Transformer layers." },
            { "hidden_size", "Hidden size", integer, 0, 1000000, "", "Model width d_model." },
            { "attention_heads", "Attention heads", integer, 0, 10000, "", "Query heads." },
            { "kv_heads", "KV heads", integer, 0, 10000, "", "Key/value heads, fewer with GQA." },
            { "head_dim", "Head dimension", integer, 0, 100000, "", "Dimension of one head." },
            { "intermediate_size", "MLP width", integer, 0, 10000000, "", "MLP intermediate size." },
            { "vocab_size", "Vocabulary", integer, 0, 10000000, "tokens", "LM head rows." },
            { "bytes_per_value", "Bytes per value", integer, 0, 16, "bytes", "Bytes per weight and KV value." },
            { "gpu_memory_gb", "GPU memory", real, 0, 100000, "GB", "Memory of one GPU, 10^9 bytes." },
            { "bandwidth_gb_s", "Memory bandwidth", real, 0, 1000000, "GB/s", "Memory bandwidth of one GPU." },
            { "peak_tflops", "Peak compute", real, 0, 1000000, "TFLOP/s", "Peak dense FLOP/s of one GPU." },
            { "flops_efficiency", "GEMM efficiency", real, 0, 1, "",
                "Achieved fraction of peak FLOP/s in "
                "matrix multiplications." },
            { "memory_efficiency", "Memory efficiency", real, 0, 1, "",
                "Achieved fraction of bandwidth of "
                "memory-bound kernels." },
            { "attention_flops_efficiency", "Attention FLOP efficiency", real, 0, 1, "",
                "Achieved fraction of peak FLOP/s in prefill attention." },
            { "attention_memory_efficiency", "Attention memory efficiency", real, 0, 1, "",
                "Achieved fraction of bandwidth reading the KV cache." },
            { "kernel_overhead_us", "Kernel overhead", real, -1, 1000000, "µs",
                "Fixed cost of every kernel (−1: preset value)." },
            { "interconnect_gb_s", "All-reduce bandwidth", real, 0, 1000000, "GB/s",
                "GPU-to-GPU all-reduce "
                "bus bandwidth." },
            { "interconnect_latency_us", "All-reduce latency", real, -1, 1000000, "µs",
                "Latency of one all-reduce (−1: preset value)." },
            { "pcie_gb_s", "PCIe bandwidth", real, 0, 1000000, "GB/s", "Host copy bandwidth (KV swapping)." },
        };
        for (const Override &o : list) {
            const bool minusOne = o.minimum < 0;
            const QString unit = QString::fromUtf8(o.unit);
            schema.add({ .key = QLatin1String(o.key),
                .label = QString::fromUtf8(o.label),
                .kind = o.kind,
                .defaultValue = minusOne ? QVariant(-1.0)
                    : o.kind == real     ? QVariant(0.0)
                                         : QVariant(0),
                .minimum = o.minimum,
                .maximum = o.maximum,
                .unit = unit,
                .description = QString::fromUtf8(o.description),
                .group = overrides,
                .minimumText = presetValueText(o.key, unit) });
        }
    }

    HardwareModel hardwareModel(const ParameterValues &values, const ModelPreset &modelPreset, const GpuPreset &gpu)
    {
        HardwareModel model = combine(modelPreset, gpu);
        auto overrideReal = [&](const char *key, double &target) {
            const double value = realValue(values, QLatin1String(key));
            if (value > 0)
                target = value;
        };
        // Constants that may be zero: −1 means the preset's value.
        auto overrideMayBeZero = [&](const char *key, double &target) {
            const double value = realValue(values, QLatin1String(key));
            if (value >= 0)
                target = value;
        };
        auto overrideInt = [&](const char *key, int &target) {
            const qint64 value = integerValue(values, QLatin1String(key));
            if (value > 0)
                target = static_cast<int>(value);
        };
        overrideReal("model_params_b", model.parametersBillion);
        overrideInt("layers", model.layers);
        overrideInt("hidden_size", model.hiddenSize);
        overrideInt("attention_heads", model.attentionHeads);
        overrideInt("kv_heads", model.kvHeads);
        overrideInt("head_dim", model.headDim);
        overrideInt("intermediate_size", model.intermediateSize);
        overrideInt("vocab_size", model.vocabSize);
        overrideInt("bytes_per_value", model.bytesPerValue);
        overrideReal("gpu_memory_gb", model.gpuMemoryGB);
        overrideReal("bandwidth_gb_s", model.bandwidthGBs);
        overrideReal("peak_tflops", model.peakTflops);
        overrideReal("flops_efficiency", model.flopsEfficiency);
        overrideReal("memory_efficiency", model.memoryEfficiency);
        overrideReal("attention_flops_efficiency", model.attentionFlopsEfficiency);
        overrideReal("attention_memory_efficiency", model.attentionMemoryEfficiency);
        overrideMayBeZero("kernel_overhead_us", model.kernelOverheadUs);
        overrideReal("interconnect_gb_s", model.interconnectGBs);
        overrideMayBeZero("interconnect_latency_us", model.interconnectLatencyUs);
        overrideReal("pcie_gb_s", model.pcieGBs);
        model.tensorParallel = static_cast<int>(integerValue(values, QStringLiteral("tensor_parallel")));
        model.formula = kCostFormulaNames.parse(textValue(values, QStringLiteral("cost_model")).toStdString())
                            .value_or(CostFormula::PerOperation);
        model.lmHead = booleanValue(values, QStringLiteral("lm_head")) ? LmHead::Included : LmHead::Excluded;
        return model;
    }

    std::vector<Request> readTrace(const QString &path)
    {
        constexpr std::size_t kMaxTraceBytes = std::size_t { 256 } << 20;
        const std::string bytes = readFileLimited(QFile::encodeName(path).toStdString(), kMaxTraceBytes, "trace");
        TraceParse parse = parseTrace(bytes, path.toStdString());
        if (!parse.ok())
            throw InputError("trace: " + parse.error);
        return std::move(parse.requests);
    }

    std::vector<Request> generatedWorkload(const ParameterValues &values, int outputLimitTokens)
    {
        WorkloadSpec spec;
        spec.requests = static_cast<int>(integerValue(values, QStringLiteral("requests")));
        spec.arrival = enumValue(kArrivalPatternNames, values, QStringLiteral("arrival"));
        spec.ratePerSecond = realValue(values, QStringLiteral("rate"));
        spec.burstiness = realValue(values, QStringLiteral("burstiness"));
        const double sigma = realValue(values, QStringLiteral("lognormal_sigma"));
        spec.prompt.distribution = enumValue(kLengthDistributionNames, values, QStringLiteral("prompt_dist"));
        spec.prompt.meanTokens = static_cast<double>(integerValue(values, QStringLiteral("prompt_tokens")));
        spec.prompt.maxTokens = static_cast<int>(integerValue(values, QStringLiteral("prompt_max")));
        spec.prompt.logNormalSigma = sigma;
        spec.output.distribution = enumValue(kLengthDistributionNames, values, QStringLiteral("output_dist"));
        spec.output.meanTokens = realValue(values, QStringLiteral("output_mean"));
        spec.output.maxTokens = outputLimitTokens;
        spec.output.logNormalSigma = sigma;
        return generateWorkload(spec, static_cast<std::uint64_t>(integerValue(values, QStringLiteral("seed"))));
    }

} // namespace

ParameterSchema batchingSchema()
{
    ParameterSchema schema;
    addSchedulingSpecs(schema);
    addServingSpecs(schema);
    addArrivalSpecs(schema);
    addLengthSpecs(schema);
    addHardwareSpecs(schema);
    addConstantSpecs(schema);
    schema.add({ .key = kIterationsPerStepKey,
        .label = QStringLiteral("Iterations per step"),
        .kind = ParameterKind::Integer,
        .defaultValue = 1,
        .minimum = 1,
        .maximum = 1000000,
        .unit = QStringLiteral("iterations"),
        .description = QStringLiteral("Scheduler iterations one step of the playback bar runs."),
        .group = QStringLiteral("Playback") });
    return schema;
}

Scenario buildScenario(const ParameterValues &input)
{
    const ParameterCheck complete = batchingSchema().complete(input);
    if (!complete.ok())
        throw InputError(complete.error.toStdString());
    const ParameterValues values = complete.value.toMap();
    Scenario scenario;
    // The former combined preset, when given, names the model and the GPU.
    const Preset *preset = findPreset(textValue(values, QStringLiteral("preset")).toStdString());
    const ModelPreset *model
        = findModelPreset(preset ? preset->modelId : textValue(values, QStringLiteral("model")).toStdString());
    const GpuPreset *gpu
        = findGpuPreset(preset ? preset->gpuId : textValue(values, QStringLiteral("gpu")).toStdString());
    if (!model || !gpu) // the schema has checked the names
        throw InputError("model: unknown model or GPU");
    scenario.modelId = model->id;
    scenario.gpuId = gpu->id;
    scenario.presetId = model->id + "-" + gpu->id;
    scenario.model = hardwareModel(values, *model, *gpu);

    SchedulerConfig &config = scenario.config;
    config.policy = enumValue(kPolicyNames, values, QStringLiteral("policy"));
    config.batchSize = static_cast<int>(integerValue(values, QStringLiteral("batch_size")));
    config.blockSizeTokens = static_cast<int>(integerValue(values, QStringLiteral("block_size")));
    config.tokenBudget = static_cast<int>(integerValue(values, QStringLiteral("token_budget")));
    config.dynamicTimeoutSeconds = realValue(values, QStringLiteral("dynamic_timeout_ms")) / 1000.0;
    config.outputLimitTokens = static_cast<int>(integerValue(values, QStringLiteral("output_max")));
    config.maxBatchedTokens = static_cast<int>(integerValue(values, QStringLiteral("max_num_batched_tokens")));
    config.preemption = enumValue(kPreemptionNames, values, QStringLiteral("preemption"));
    config.swapSpaceGiB = realValue(values, QStringLiteral("swap_space_gib"));
    config.sharedPrefixTokens = static_cast<int>(integerValue(values, QStringLiteral("shared_prefix_tokens")));
    config.prefixCaching
        = booleanValue(values, QStringLiteral("prefix_caching")) ? PrefixCaching::On : PrefixCaching::Off;

    const QString tracePath = textValue(values, QStringLiteral("trace"));
    scenario.requests
        = tracePath.isEmpty() ? generatedWorkload(values, config.outputLimitTokens) : readTrace(tracePath);
    return scenario;
}

std::unique_ptr<BatchingSession> createBatchingSession(const ParameterValues &values, const WorkControl &control)
{
    Scenario scenario = buildScenario(values);
    const auto iterationsPerStep
        = static_cast<int>(integerValue(batchingSchema().complete(values).value.toMap(), kIterationsPerStepKey));
    return std::make_unique<BatchingSession>(std::move(scenario), iterationsPerStep, control);
}

QList<BatchingExample> batchingExamples()
{
    return { { QObject::tr("Small: 16 requests, 8 slots (the default)"), QString() },
        { QObject::tr("Busy server: 200 requests, 32 slots"),
            QStringLiteral(":/batching/busy-server.conceptlab.json") },
        { QObject::tr("Public benchmark: 1000 requests at once, 256 slots, paged"),
            QStringLiteral(":/batching/public-benchmark.conceptlab.json") } };
}

ParameterValues scenarioValues(const QString &path)
{
    const ParameterSchema schema = batchingSchema();
    ParameterValues values = schema.defaults();
    if (path.isEmpty())
        return values;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(path.toStdString() + ": cannot be read");
    QJsonParseError parse {};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parse);
    if (parse.error != QJsonParseError::NoError || !document.isObject())
        throw InputError(path.toStdString() + ": not a JSON object");
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("module")).toString() != QStringLiteral("batching"))
        throw InputError(path.toStdString() + ": $.module is not \"batching\"");
    const QJsonObject params = root.value(QStringLiteral("params")).toObject();
    for (auto it = params.constBegin(); it != params.constEnd(); ++it) {
        const ParameterCheck check = schema.fromJson(it.key(), it.value());
        if (!check.ok())
            throw InputError(
                path.toStdString() + ": $.params." + it.key().toStdString() + ": " + check.error.toStdString());
        values.insert(it.key(), check.value);
    }
    return values;
}

} // namespace conceptlab::batching
