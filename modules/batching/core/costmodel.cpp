// Model and GPU presets with their published numbers, and the iteration time: per operation
// (the calibrated model) or as the single roofline the module used before.
#include "costmodel.h"

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

const std::vector<ModelPreset> &modelPresets()
{
    // From each checkpoint's config.json on the Hugging Face hub (facebook/opt-13b,
    // meta-llama/Llama-2-{7,13,70}b-hf, meta-llama/Meta-Llama-3-8B, mistralai/Mistral-7B-v0.1);
    // parameter counts as published with the checkpoints.
    static const std::vector<ModelPreset> list = {
        { "opt-13b", "OPT-13B", 12.85, 40, 5120, 40, 40, 128, 20480, MlpKind::TwoLayer, 50272, 2048 },
        { "llama2-7b", "Llama-2-7B", 6.74, 32, 4096, 32, 32, 128, 11008, MlpKind::SwiGlu, 32000, 4096 },
        { "llama2-13b", "Llama-2-13B", 13.02, 40, 5120, 40, 40, 128, 13824, MlpKind::SwiGlu, 32000, 4096 },
        { "llama2-70b", "Llama-2-70B", 68.98, 80, 8192, 64, 8, 128, 28672, MlpKind::SwiGlu, 32000, 4096 },
        { "llama3-8b", "Llama-3-8B", 8.03, 32, 4096, 32, 8, 128, 14336, MlpKind::SwiGlu, 128256, 8192 },
        { "mistral-7b", "Mistral-7B", 7.24, 32, 4096, 32, 8, 128, 14336, MlpKind::SwiGlu, 32000, 32768 },
    };
    return list;
}

const std::vector<GpuPreset> &gpuPresets()
{
    // Memory, bandwidth and dense fp16/bf16 tensor FLOP/s (FP32 accumulate) from the NVIDIA
    // datasheets; all-reduce bus bandwidth and latency and host copy bandwidth as typically
    // measured (nccl-tests, bandwidthTest); the efficiencies are the A100 calibration of
    // docs/modules/batching.md, taken as they are for the other GPUs.
    constexpr double eCompute = 0.64;
    constexpr double eMemory = 0.7;
    constexpr double eAttentionCompute = 0.3;
    constexpr double eAttentionMemory = 0.9;
    constexpr double overheadUs = 3;
    static const std::vector<GpuPreset> list = {
        { "a100-40gb", "A100-40GB SXM", 40, 1555, 312, eCompute, eMemory, eAttentionCompute, eAttentionMemory,
            overheadUs, 230, 10, 25 },
        { "a100-80gb", "A100-80GB SXM", 80, 2039, 312, eCompute, eMemory, eAttentionCompute, eAttentionMemory,
            overheadUs, 230, 10, 25 },
        { "h100-80gb", "H100-80GB SXM", 80, 3350, 989.4, eCompute, eMemory, eAttentionCompute, eAttentionMemory,
            overheadUs, 360, 10, 50 },
        { "l40s", "L40S 48GB", 48, 864, 362.05, eCompute, eMemory, eAttentionCompute, eAttentionMemory, overheadUs, 20,
            20, 25 },
        { "rtx4090", "GeForce RTX 4090 24GB", 24, 1008, 165.2, eCompute, eMemory, eAttentionCompute, eAttentionMemory,
            overheadUs, 10, 20, 25 },
    };
    return list;
}

HardwareModel combine(const ModelPreset &model, const GpuPreset &gpu)
{
    HardwareModel h;
    h.parametersBillion = model.parametersBillion;
    h.layers = model.layers;
    h.hiddenSize = model.hiddenSize;
    h.attentionHeads = model.attentionHeads;
    h.kvHeads = model.kvHeads;
    h.headDim = model.headDim;
    h.intermediateSize = model.intermediateSize;
    h.mlp = model.mlp;
    h.vocabSize = model.vocabSize;
    h.maxContextTokens = model.maxContextTokens;
    h.gpuMemoryGB = gpu.memoryGB;
    h.bandwidthGBs = gpu.bandwidthGBs;
    h.peakTflops = gpu.peakTflops;
    h.flopsEfficiency = gpu.flopsEfficiency;
    h.memoryEfficiency = gpu.memoryEfficiency;
    h.attentionFlopsEfficiency = gpu.attentionFlopsEfficiency;
    h.attentionMemoryEfficiency = gpu.attentionMemoryEfficiency;
    h.kernelOverheadUs = gpu.kernelOverheadUs;
    h.interconnectGBs = gpu.interconnectGBs;
    h.interconnectLatencyUs = gpu.interconnectLatencyUs;
    h.pcieGBs = gpu.pcieGBs;
    return h;
}

const ModelPreset *findModelPreset(const std::string &id)
{
    for (const ModelPreset &preset : modelPresets())
        if (preset.id == id)
            return &preset;
    return nullptr;
}

const GpuPreset *findGpuPreset(const std::string &id)
{
    for (const GpuPreset &preset : gpuPresets())
        if (preset.id == id)
            return &preset;
    return nullptr;
}

const std::vector<Preset> &presets()
{
    static const std::vector<Preset> list = [] {
        const std::pair<const char *, const char *> pairs[] = {
            { "opt-13b", "a100-40gb" },
            { "llama2-7b", "a100-80gb" },
            { "llama3-8b", "h100-80gb" },
        };
        std::vector<Preset> result;
        for (const auto &[modelId, gpuId] : pairs) {
            const ModelPreset &model = *findModelPreset(modelId);
            const GpuPreset &gpu = *findGpuPreset(gpuId);
            result.push_back(
                { model.id + "-" + gpu.id, model.label + " on " + gpu.label, model.id, gpu.id, combine(model, gpu) });
        }
        return result;
    }();
    return list;
}

const Preset *findPreset(const std::string &id)
{
    for (const Preset &preset : presets())
        if (preset.id == id)
            return &preset;
    return nullptr;
}

void IterationShape::addPrefill(std::int64_t tokens, std::int64_t contextTokens, bool emits)
{
    prefillTokens += tokens;
    const auto n = static_cast<double>(tokens);
    prefillPairs += n * (static_cast<double>(contextTokens) + (n + 1) / 2);
    prefillKvTokens += contextTokens + tokens;
    ++prefillChunks;
    emittingSequences += emits ? 1 : 0;
}

void IterationShape::addDecode(std::int64_t contextTokens)
{
    ++decodeSequences;
    decodeKvTokens += contextTokens + 1;
    ++emittingSequences;
}

CostModel::CostModel(const HardwareModel &model)
    : m_model(model)
{
    // Below these the model is meaningless (or its times overflow to infinity): a 1e-300 GB/s
    // memory would make every iteration last 1e300 seconds.
    struct Bound {
        const char *key;
        double value;
        double minimum;
        double maximum;
        const char *unit;
    };
    constexpr double kNone = 1e300;
    const Bound bounds[] = {
        { "model_params_b", model.parametersBillion, 0.001, kNone, " billion" },
        { "layers", static_cast<double>(model.layers), 1, kNone, "" },
        { "hidden_size", static_cast<double>(model.hiddenSize), 1, kNone, "" },
        { "attention_heads", static_cast<double>(model.attentionHeads), 1, kNone, "" },
        { "kv_heads", static_cast<double>(model.kvHeads), 1, kNone, "" },
        { "head_dim", static_cast<double>(model.headDim), 0, kNone, "" },
        { "intermediate_size", static_cast<double>(model.intermediateSize), 0, kNone, "" },
        { "vocab_size", static_cast<double>(model.vocabSize), 1, kNone, "" },
        { "bytes_per_value", static_cast<double>(model.bytesPerValue), 1, kNone, " bytes" },
        { "gpu_memory_gb", model.gpuMemoryGB, 0.01, kNone, " GB" },
        { "bandwidth_gb_s", model.bandwidthGBs, 1, kNone, " GB/s" },
        { "peak_tflops", model.peakTflops, 0.01, kNone, " TFLOP/s" },
        { "flops_efficiency", model.flopsEfficiency, 0.001, 1, "" },
        { "memory_efficiency", model.memoryEfficiency, 0.001, 1, "" },
        { "attention_flops_efficiency", model.attentionFlopsEfficiency, 0.001, 1, "" },
        { "attention_memory_efficiency", model.attentionMemoryEfficiency, 0.001, 1, "" },
        { "kernel_overhead_us", model.kernelOverheadUs, 0, 1e6, " µs" },
        { "interconnect_latency_us", model.interconnectLatencyUs, 0, 1e6, " µs" },
        { "tensor_parallel", static_cast<double>(model.tensorParallel), 1, 8, "" },
    };
    for (const Bound &bound : bounds) {
        if (!(bound.value >= bound.minimum)) {
            m_error = std::string(bound.key) + ": " + formatNumber(bound.value) + bound.unit + " is below "
                + formatNumber(bound.minimum) + bound.unit + ", the least the cost model accepts";
            return;
        }
        if (bound.value > bound.maximum) {
            m_error = std::string(bound.key) + ": " + formatNumber(bound.value) + bound.unit + " is above "
                + formatNumber(bound.maximum) + bound.unit;
            return;
        }
    }
    const int gpus = model.tensorParallel;
    if (gpus > 1 && !(model.interconnectGBs >= 0.01)) {
        m_error = "interconnect_gb_s: " + formatNumber(model.interconnectGBs)
            + " GB/s is below 0.01 GB/s, the least the cost model accepts with tensor_parallel above 1";
        return;
    }
    if (model.headDim == 0 && model.hiddenSize % model.attentionHeads != 0) {
        m_error = "hidden_size (" + formatInteger(model.hiddenSize) + ") must be a multiple of attention_heads ("
            + formatInteger(model.attentionHeads) + ")";
        return;
    }
    if (model.kvHeads > model.attentionHeads) {
        m_error = "kv_heads (" + formatInteger(model.kvHeads) + ") cannot exceed attention_heads ("
            + formatInteger(model.attentionHeads) + ")";
        return;
    }
    // Megatron-style splitting: whole query heads per GPU; KV heads split, or replicated when
    // there are fewer than GPUs (as vLLM does).
    if (model.attentionHeads % gpus != 0 || (model.kvHeads % gpus != 0 && gpus % model.kvHeads != 0)) {
        m_error = "tensor_parallel: " + formatInteger(gpus) + " GPUs cannot split "
            + formatInteger(model.attentionHeads) + " attention heads and " + formatInteger(model.kvHeads)
            + " KV heads evenly";
        return;
    }
    const int headDim = model.headDim > 0 ? model.headDim : model.hiddenSize / model.attentionHeads;
    const int kvHeadsPerGpu = std::max(1, model.kvHeads / gpus);
    const int queryHeadsPerGpu = model.attentionHeads / gpus; // exact: checked above
    m_queryWidth = static_cast<double>(queryHeadsPerGpu) * headDim;
    m_kvWidth = static_cast<double>(kvHeadsPerGpu) * headDim;
    m_intermediate
        = static_cast<double>(model.intermediateSize > 0 ? model.intermediateSize : 4 * model.hiddenSize) / gpus;
    m_vocab = static_cast<double>(model.vocabSize) / gpus;

    m_weightBytes = model.parametersBillion * 1e9 * model.bytesPerValue;
    const double kvBytesPerTokenPerGpu = 2.0 * model.layers * m_kvWidth * model.bytesPerValue;
    m_kvBytesPerToken = kvBytesPerTokenPerGpu * gpus;
    const double freeBytes = model.gpuMemoryGB * 1e9 - m_weightBytes / gpus;
    m_kvCapacityTokens = freeBytes > 0 ? static_cast<std::int64_t>(std::floor(freeBytes / kvBytesPerTokenPerGpu)) : 0;
    if (m_kvCapacityTokens < 1) {
        // Six significant digits, as the C++ streams print by default.
        m_error = "gpu_memory_gb: the weights (" + formatNumber(m_weightBytes / gpus / 1e9, 6)
            + " GB per GPU) leave no room for a KV cache in " + formatNumber(model.gpuMemoryGB, 6)
            + " GB of GPU memory; raise gpu_memory_gb or tensor_parallel, or lower model_params_b";
        return;
    }
    m_secondsPerToken = 2.0 * model.parametersBillion * 1e9 / (gpus * model.peakTflops * 1e12 * model.flopsEfficiency);
    m_bandwidthBytesPerSecond = model.bandwidthGBs * 1e9;
}

double CostModel::computeSeconds(std::int64_t tokensProcessed) const
{
    return m_secondsPerToken * static_cast<double>(tokensProcessed);
}

double CostModel::memorySeconds(std::int64_t contextTokens) const
{
    return (m_weightBytes + static_cast<double>(contextTokens) * m_kvBytesPerToken)
        / (m_model.tensorParallel * m_bandwidthBytesPerSecond);
}

double CostModel::weightReadSeconds() const
{
    return m_weightBytes / m_model.tensorParallel / (m_bandwidthBytesPerSecond * m_model.memoryEfficiency);
}

double CostModel::swapSeconds(std::int64_t tokens) const
{
    if (tokens <= 0 || !(m_model.pcieGBs > 0))
        return 0;
    return static_cast<double>(tokens) * m_kvBytesPerToken / m_model.tensorParallel / (m_model.pcieGBs * 1e9);
}

double CostModel::kernel(double flops, double bytes, double flopsPerSecond, double bytesPerSecond) const
{
    return std::max(flops / flopsPerSecond, bytes / bytesPerSecond) + m_model.kernelOverheadUs * 1e-6;
}

IterationCost CostModel::iteration(const IterationShape &shape) const
{
    IterationCost cost;
    if (m_model.formula == CostFormula::Roofline) {
        // The whole iteration as one roofline, plus any KV swapping; no breakdown.
        cost.seconds
            = std::max(computeSeconds(shape.tokens()), memorySeconds(shape.prefillKvTokens + shape.decodeKvTokens))
            + swapSeconds(shape.swapTokens);
        return cost;
    }
    addPerOperation(shape, cost);
    cost.operationSeconds[static_cast<std::size_t>(Operation::Swap)] = swapSeconds(shape.swapTokens);
    for (const double seconds : cost.operationSeconds)
        cost.seconds += seconds;
    return cost;
}

void CostModel::addPerOperation(const IterationShape &shape, IterationCost &cost) const
{
    const HardwareModel &m = m_model;
    const double b = m.bytesPerValue;
    const double t = static_cast<double>(shape.tokens());
    const double h = m.hiddenSize;
    const double q = m_queryWidth;
    const double kv = m_kvWidth;
    const double i = m_intermediate;
    const double gemmFlops = m.peakTflops * 1e12 * m.flopsEfficiency;
    const double memoryBytes = m.bandwidthGBs * 1e9 * m.memoryEfficiency;
    const double attentionFlops = m.peakTflops * 1e12 * m.attentionFlopsEfficiency;
    const double attentionBytes = m.bandwidthGBs * 1e9 * m.attentionMemoryEfficiency;
    // A matrix multiplication of t rows by an `in` × `out` weight: reads the weight and the
    // input, writes the output.
    auto gemm = [&](double in, double out) {
        return kernel(2 * t * in * out, b * (in * out + t * (in + out)), gemmFlops, memoryBytes);
    };
    auto elementwise = [&](double bytes) { return kernel(0, bytes, gemmFlops, memoryBytes); };
    OperationSeconds layer {};
    auto at = [&](Operation op) -> double & { return layer[static_cast<std::size_t>(op)]; };
    if (t > 0) {
        at(Operation::Qkv) = gemm(h, q + 2 * kv);
        at(Operation::OutProjection) = gemm(q, h);
        if (m.mlp == MlpKind::SwiGlu) {
            at(Operation::Mlp) = gemm(h, 2 * i) + gemm(i, h); // gate and up fused, then down
            at(Operation::Elementwise) += elementwise(b * t * 3 * i); // silu(gate) × up
        } else {
            at(Operation::Mlp) = gemm(h, i) + gemm(i, h);
            at(Operation::Elementwise) += elementwise(b * t * 2 * i); // activation
        }
        // two norms (read, write), rotary embedding of queries and keys, two residual adds
        at(Operation::Elementwise)
            += 2 * elementwise(b * t * h * 2) + elementwise(b * t * (q + kv) * 2) + 2 * elementwise(b * t * h * 3);
        at(Operation::KvWrite) = elementwise(b * t * 2 * kv);
    }
    // Prefill chunks: FlashAttention-style, reading each chunk's queries and the KV once and
    // writing the output; the FLOPs count the causal query-key pairs (QKᵀ and PV: 4 per pair and
    // dimension).
    if (shape.prefillChunks > 0)
        at(Operation::Attention) += kernel(4 * q * shape.prefillPairs,
            b
                * (2 * q * static_cast<double>(shape.prefillTokens)
                    + 2 * kv * static_cast<double>(shape.prefillKvTokens)),
            attentionFlops, attentionBytes);
    // Decodes: each sequence reads its whole KV.
    if (shape.decodeSequences > 0)
        at(Operation::Attention) += kernel(4 * q * static_cast<double>(shape.decodeKvTokens),
            b
                * (2 * q * static_cast<double>(shape.decodeSequences)
                    + 2 * kv * static_cast<double>(shape.decodeKvTokens)),
            attentionFlops, attentionBytes);
    // Two ring all-reduces of the activations per layer (after attention and after the MLP).
    const int gpus = m.tensorParallel;
    if (gpus > 1 && t > 0) {
        const double ring = 2.0 * (gpus - 1) / gpus * b * t * h / (m.interconnectGBs * 1e9);
        at(Operation::AllReduce) = 2 * (m.interconnectLatencyUs * 1e-6 + ring);
    }
    for (std::size_t op = 0; op < kOperationCount; ++op)
        cost.operationSeconds[op] = layer[op] * m.layers;

    auto once = [&](Operation op) -> double & { return cost.operationSeconds[static_cast<std::size_t>(op)]; };
    if (t > 0)
        once(Operation::Embedding) = elementwise(b * t * h * 2);
    const auto rows = static_cast<double>(shape.emittingSequences);
    if (m.lmHead == LmHead::Included && rows > 0) {
        // final norm, then the logits of the emitting rows
        once(Operation::LmHead) = elementwise(b * rows * h * 2)
            + kernel(2 * rows * h * m_vocab, b * (h * m_vocab + rows * (h + m_vocab)), gemmFlops, memoryBytes);
    }
}

} // namespace conceptlab::batching
