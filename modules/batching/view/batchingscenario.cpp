// Parameter schema and scenario construction for the batching module.
#include "batchingscenario.h"

#include <files.h>
#include <session.h>

#include <QFile>

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
            .defaultValue = 32,
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
            .defaultValue = 200,
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
        const QString group = QStringLiteral("Model and GPU (0 = preset value)");
        QStringList presetIds;
        for (const Preset &preset : presets())
            presetIds << QString::fromStdString(preset.id);
        schema.add({ .key = QStringLiteral("preset"),
            .label = QStringLiteral("Preset"),
            .kind = ParameterKind::Enum,
            .defaultValue = presetIds.front(),
            .choices = presetIds,
            .description = QStringLiteral("Model and GPU; the constants below override it when non-zero."),
            .group = group });
        const auto real = ParameterKind::Real;
        const auto integer = ParameterKind::Integer;
        schema.add({ .key = QStringLiteral("model_params_b"),
            .label = QStringLiteral("Parameters"),
            .kind = real,
            .defaultValue = 0.0,
            .maximum = 10000,
            .unit = QStringLiteral("billion"),
            .description = QStringLiteral("Model parameters, billions (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("layers"),
            .label = QStringLiteral("Layers"),
            .kind = integer,
            .defaultValue = 0,
            .maximum = 1000,
            .description = QStringLiteral("Transformer layers (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("hidden_size"),
            .label = QStringLiteral("Hidden size"),
            .kind = integer,
            .defaultValue = 0,
            .maximum = 1000000,
            .description = QStringLiteral("Model width d_model (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("attention_heads"),
            .label = QStringLiteral("Attention heads"),
            .kind = integer,
            .defaultValue = 0,
            .maximum = 10000,
            .description = QStringLiteral("Query heads; head dim = hidden / heads (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("kv_heads"),
            .label = QStringLiteral("KV heads"),
            .kind = integer,
            .defaultValue = 0,
            .maximum = 10000,
            .description = QStringLiteral("Key/value heads, fewer with GQA (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("bytes_per_value"),
            .label = QStringLiteral("Bytes per value"),
            .kind = integer,
            .defaultValue = 0,
            .maximum = 16,
            .unit = QStringLiteral("bytes"),
            .description = QStringLiteral("Bytes per weight and KV value (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("gpu_memory_gb"),
            .label = QStringLiteral("GPU memory"),
            .kind = real,
            .defaultValue = 0.0,
            .maximum = 100000,
            .unit = QStringLiteral("GB"),
            .description = QStringLiteral("GPU memory, 10^9 bytes (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("bandwidth_gb_s"),
            .label = QStringLiteral("Memory bandwidth"),
            .kind = real,
            .defaultValue = 0.0,
            .maximum = 1000000,
            .unit = QStringLiteral("GB/s"),
            .description = QStringLiteral("Memory bandwidth (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("peak_tflops"),
            .label = QStringLiteral("Peak compute"),
            .kind = real,
            .defaultValue = 0.0,
            .maximum = 1000000,
            .unit = QStringLiteral("TFLOP/s"),
            .description = QStringLiteral("Peak dense FLOP/s (0: preset)."),
            .group = group });
        schema.add({ .key = QStringLiteral("flops_efficiency"),
            .label = QStringLiteral("Compute efficiency"),
            .kind = real,
            .defaultValue = 0.0,
            .maximum = 1,
            .description = QStringLiteral("Achieved fraction of peak FLOP/s (0: preset)."),
            .group = group });
    }

    HardwareModel hardwareModel(const ParameterValues &values, const Preset &preset)
    {
        HardwareModel model = preset.model;
        auto overrideReal = [&](const char *key, double &target) {
            const double value = realValue(values, QLatin1String(key));
            if (value > 0)
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
        overrideInt("bytes_per_value", model.bytesPerValue);
        overrideReal("gpu_memory_gb", model.gpuMemoryGB);
        overrideReal("bandwidth_gb_s", model.bandwidthGBs);
        overrideReal("peak_tflops", model.peakTflops);
        overrideReal("flops_efficiency", model.flopsEfficiency);
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
    addArrivalSpecs(schema);
    addLengthSpecs(schema);
    addHardwareSpecs(schema);
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
    const Preset *preset = findPreset(textValue(values, QStringLiteral("preset")).toStdString());
    if (!preset)
        preset = &presets().front();
    scenario.presetId = preset->id;
    scenario.model = hardwareModel(values, *preset);

    SchedulerConfig &config = scenario.config;
    config.policy = enumValue(kPolicyNames, values, QStringLiteral("policy"));
    config.batchSize = static_cast<int>(integerValue(values, QStringLiteral("batch_size")));
    config.blockSizeTokens = static_cast<int>(integerValue(values, QStringLiteral("block_size")));
    config.tokenBudget = static_cast<int>(integerValue(values, QStringLiteral("token_budget")));
    config.dynamicTimeoutSeconds = realValue(values, QStringLiteral("dynamic_timeout_ms")) / 1000.0;
    config.outputLimitTokens = static_cast<int>(integerValue(values, QStringLiteral("output_max")));

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

} // namespace conceptlab::batching
