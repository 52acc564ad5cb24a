// Parameter schema and scenario construction for the batching module.
#include "batchingscenario.h"

#include <QFile>

namespace conceptlab::batching {

namespace {

    const QStringList kPolicies = { QStringLiteral("static"), QStringLiteral("dynamic"), QStringLiteral("continuous"),
        QStringLiteral("paged"), QStringLiteral("chunked") };
    const QStringList kDistributions = { QStringLiteral("fixed"), QStringLiteral("uniform"),
        QStringLiteral("exponential"), QStringLiteral("lognormal") };

    LengthDistribution distributionFromText(const QString &text)
    {
        switch (kDistributions.indexOf(text)) {
        case 1:
            return LengthDistribution::Uniform;
        case 2:
            return LengthDistribution::Exponential;
        case 3:
            return LengthDistribution::LogNormal;
        default:
            return LengthDistribution::Fixed;
        }
    }

} // namespace

Policy policyFromText(const QString &text)
{
    switch (kPolicies.indexOf(text)) {
    case 0:
        return Policy::Static;
    case 1:
        return Policy::Dynamic;
    case 3:
        return Policy::Paged;
    case 4:
        return Policy::Chunked;
    default:
        return Policy::Continuous;
    }
}

ParameterSchema batchingSchema()
{
    ParameterSchema schema;
    const QString scheduling = QStringLiteral("Scheduling");
    const QString workload = QStringLiteral("Workload");
    const QString hardware = QStringLiteral("Model and GPU (0 = preset value)");

    auto &policy
        = schema.addEnum(QStringLiteral("policy"), QStringLiteral("Policy"), kPolicies, QStringLiteral("continuous"));
    policy.description = QStringLiteral("static: fixed batches run to the longest; dynamic: start when full or "
                                        "after the timeout; continuous: Orca iteration-level scheduling; paged: "
                                        "vLLM block allocation with preemption; chunked: Sarathi-Serve token budget");
    policy.group = scheduling;
    auto &batch = schema.addInteger(QStringLiteral("batch_size"), QStringLiteral("Batch slots"), 32, 1, 4096);
    batch.unit = QStringLiteral("sequences");
    batch.description = QStringLiteral("Most sequences in a batch at once (max_num_seqs).");
    batch.group = scheduling;
    auto &timeout = schema.addReal(QStringLiteral("dynamic_timeout_ms"), QStringLiteral("Dynamic timeout"), 50, 0, 1e7);
    timeout.unit = QStringLiteral("ms");
    timeout.description = QStringLiteral("dynamic: a batch starts when batch_size requests wait or the oldest has "
                                         "waited this long.");
    timeout.group = scheduling;
    auto &block = schema.addInteger(QStringLiteral("block_size"), QStringLiteral("KV block size"), 16, 1, 1024);
    block.unit = QStringLiteral("tokens");
    block.description = QStringLiteral("paged, chunked: tokens per KV-cache block.");
    block.group = scheduling;
    auto &budget = schema.addInteger(QStringLiteral("token_budget"), QStringLiteral("Token budget"), 512, 1, 1000000);
    budget.unit = QStringLiteral("tokens");
    budget.description = QStringLiteral("chunked: tokens per iteration, decodes first, prefill chunks fill the rest.");
    budget.group = scheduling;

    auto &arrival = schema.addEnum(QStringLiteral("arrival"), QStringLiteral("Arrivals"),
        { QStringLiteral("burst"), QStringLiteral("poisson"), QStringLiteral("gamma") }, QStringLiteral("poisson"));
    arrival.description = QStringLiteral("burst: all at time 0; poisson: exponential gaps; gamma: gamma gaps with "
                                         "shape = burstiness.");
    arrival.group = workload;
    auto &rate = schema.addReal(QStringLiteral("rate"), QStringLiteral("Arrival rate"), 5, 0.001, 1e6);
    rate.unit = QStringLiteral("req/s");
    rate.description = QStringLiteral("Mean arrival rate (poisson, gamma).");
    rate.group = workload;
    auto &burstiness = schema.addReal(QStringLiteral("burstiness"), QStringLiteral("Burstiness"), 0.5, 0.01, 100);
    burstiness.description = QStringLiteral("gamma: shape of the gap distribution; 1 = Poisson, below 1 burstier.");
    burstiness.group = workload;
    auto &requests = schema.addInteger(QStringLiteral("requests"), QStringLiteral("Requests"), 200, 1, 1000000);
    requests.description = QStringLiteral("Requests generated (ignored with a trace).");
    requests.group = workload;
    auto &promptDist = schema.addEnum(
        QStringLiteral("prompt_dist"), QStringLiteral("Prompt lengths"), kDistributions, QStringLiteral("fixed"));
    promptDist.description = QStringLiteral("Distribution of prompt lengths with mean prompt_tokens, capped at "
                                            "prompt_max.");
    promptDist.group = workload;
    auto &prompt = schema.addInteger(QStringLiteral("prompt_tokens"), QStringLiteral("Prompt tokens"), 512, 1, 1000000);
    prompt.unit = QStringLiteral("tokens");
    prompt.description = QStringLiteral("Prompt length (fixed) or its mean.");
    prompt.group = workload;
    auto &promptMax = schema.addInteger(QStringLiteral("prompt_max"), QStringLiteral("Prompt cap"), 8192, 1, 1000000);
    promptMax.unit = QStringLiteral("tokens");
    promptMax.description = QStringLiteral("Longest prompt drawn.");
    promptMax.group = workload;
    auto &outputDist = schema.addEnum(
        QStringLiteral("output_dist"), QStringLiteral("Output lengths"), kDistributions, QStringLiteral("exponential"));
    outputDist.description = QStringLiteral("Distribution of output lengths with mean output_mean, capped at "
                                            "output_max.");
    outputDist.group = workload;
    auto &outputMean = schema.addReal(QStringLiteral("output_mean"), QStringLiteral("Output mean"), 128, 1, 1000000);
    outputMean.unit = QStringLiteral("tokens");
    outputMean.description = QStringLiteral("Output length (fixed) or its mean before the cap.");
    outputMean.group = workload;
    auto &outputMax = schema.addInteger(QStringLiteral("output_max"), QStringLiteral("Output cap"), 512, 1, 1000000);
    outputMax.unit = QStringLiteral("tokens");
    outputMax.description = QStringLiteral("Longest output (max_tokens); static, dynamic and continuous reserve KV "
                                           "for prompt + this.");
    outputMax.group = workload;
    auto &sigma = schema.addReal(QStringLiteral("lognormal_sigma"), QStringLiteral("Log-normal sigma"), 1.0, 0.01, 5);
    sigma.description = QStringLiteral("lognormal: sigma of the underlying normal.");
    sigma.group = workload;
    auto &seed = schema.addInteger(QStringLiteral("seed"), QStringLiteral("Seed"), 1, 0, 9007199254740991LL);
    seed.description = QStringLiteral("Seed of the workload generator.");
    seed.group = workload;
    auto &trace = schema.addFilePath(QStringLiteral("trace"), QStringLiteral("Trace (CSV)"));
    trace.description = QStringLiteral("CSV arrival_s,prompt_tokens,output_tokens; replaces the generated workload.");
    trace.group = workload;

    QStringList presetIds;
    for (const Preset &preset : presets())
        presetIds << QString::fromStdString(preset.id);
    auto &preset = schema.addEnum(QStringLiteral("preset"), QStringLiteral("Preset"), presetIds, presetIds.front());
    preset.description = QStringLiteral("Model and GPU; the constants below override it when non-zero.");
    preset.group = hardware;
    auto real = [&](const char *key, const char *label, double maximum, const char *unit, const char *text) {
        auto &spec = schema.addReal(QLatin1String(key), QLatin1String(label), 0, 0, maximum);
        spec.unit = QLatin1String(unit);
        spec.description = QLatin1String(text);
        spec.group = hardware;
    };
    auto integer = [&](const char *key, const char *label, qint64 maximum, const char *unit, const char *text) {
        auto &spec = schema.addInteger(QLatin1String(key), QLatin1String(label), 0, 0, maximum);
        spec.unit = QLatin1String(unit);
        spec.description = QLatin1String(text);
        spec.group = hardware;
    };
    real("model_params_b", "Parameters", 10000, "billion", "Model parameters, billions (0: preset).");
    integer("layers", "Layers", 1000, "", "Transformer layers (0: preset).");
    integer("hidden_size", "Hidden size", 1000000, "", "Model width d_model (0: preset).");
    integer("attention_heads", "Attention heads", 10000, "", "Query heads; head dim = hidden / heads (0: preset).");
    integer("kv_heads", "KV heads", 10000, "", "Key/value heads, fewer with GQA (0: preset).");
    integer("bytes_per_value", "Bytes per value", 16, "bytes", "Bytes per weight and KV value (0: preset).");
    real("gpu_memory_gb", "GPU memory", 100000, "GB", "GPU memory, 10^9 bytes (0: preset).");
    real("bandwidth_gb_s", "Memory bandwidth", 1000000, "GB/s", "Memory bandwidth (0: preset).");
    real("peak_tflops", "Peak compute", 1000000, "TFLOP/s", "Peak dense FLOP/s (0: preset).");
    real("flops_efficiency", "Compute efficiency", 1, "", "Achieved fraction of peak FLOP/s (0: preset).");
    return schema;
}

Scenario buildScenario(const ParameterValues &values)
{
    Scenario scenario;
    scenario.presetId = textValue(values, QStringLiteral("preset"));
    const Preset *preset = findPreset(scenario.presetId.toStdString());
    if (!preset)
        preset = &presets().front();
    scenario.presetId = QString::fromStdString(preset->id);
    HardwareModel model = preset->model;
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
    scenario.model = model;

    SchedulerConfig &config = scenario.config;
    config.policy = policyFromText(textValue(values, QStringLiteral("policy")));
    config.batchSize = static_cast<int>(integerValue(values, QStringLiteral("batch_size")));
    config.blockSizeTokens = static_cast<int>(integerValue(values, QStringLiteral("block_size")));
    config.tokenBudget = static_cast<int>(integerValue(values, QStringLiteral("token_budget")));
    config.dynamicTimeoutSeconds = realValue(values, QStringLiteral("dynamic_timeout_ms")) / 1000.0;
    config.outputLimitTokens = static_cast<int>(integerValue(values, QStringLiteral("output_max")));

    const QString tracePath = textValue(values, QStringLiteral("trace"));
    if (!tracePath.isEmpty()) {
        QFile file(tracePath);
        if (!file.open(QIODevice::ReadOnly)) {
            scenario.error = QStringLiteral("trace: cannot read %1: %2").arg(tracePath, file.errorString());
            return scenario;
        }
        if (file.size() > 256LL * 1024 * 1024) {
            scenario.error = QStringLiteral("trace: %1 is larger than 256 MB").arg(tracePath);
            return scenario;
        }
        const QByteArray bytes = file.readAll();
        TraceParse parse = parseTrace(
            std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), tracePath.toStdString());
        if (!parse.ok()) {
            scenario.error = QStringLiteral("trace: ") + QString::fromStdString(parse.error);
            return scenario;
        }
        scenario.requests = std::move(parse.requests);
        return scenario;
    }

    WorkloadSpec spec;
    spec.requests = static_cast<int>(integerValue(values, QStringLiteral("requests")));
    const QString arrival = textValue(values, QStringLiteral("arrival"));
    spec.arrival = arrival == QLatin1String("burst") ? ArrivalPattern::Burst
        : arrival == QLatin1String("gamma")          ? ArrivalPattern::Gamma
                                                     : ArrivalPattern::Poisson;
    spec.ratePerSecond = realValue(values, QStringLiteral("rate"));
    spec.burstiness = realValue(values, QStringLiteral("burstiness"));
    const double sigma = realValue(values, QStringLiteral("lognormal_sigma"));
    spec.prompt.distribution = distributionFromText(textValue(values, QStringLiteral("prompt_dist")));
    spec.prompt.meanTokens = static_cast<double>(integerValue(values, QStringLiteral("prompt_tokens")));
    spec.prompt.maxTokens = static_cast<int>(integerValue(values, QStringLiteral("prompt_max")));
    spec.prompt.logNormalSigma = sigma;
    spec.output.distribution = distributionFromText(textValue(values, QStringLiteral("output_dist")));
    spec.output.meanTokens = realValue(values, QStringLiteral("output_mean"));
    spec.output.maxTokens = config.outputLimitTokens;
    spec.output.logNormalSigma = sigma;
    const auto seed = static_cast<std::uint64_t>(integerValue(values, QStringLiteral("seed")));
    scenario.requests = generateWorkload(spec, seed);
    return scenario;
}

} // namespace conceptlab::batching
