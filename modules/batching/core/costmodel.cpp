// Presets with published numbers, and the roofline iteration time.
#include "costmodel.h"

#include <text.h>

#include <algorithm>
#include <cmath>

namespace conceptlab::batching {

const std::vector<Preset> &presets()
{
    // Parameter counts as published with the checkpoints; A100 figures from the
    // A100 datasheet (40 GB PCIe/SXM: 1555 GB/s; 80 GB SXM: 2039 GB/s; 312 TFLOP/s
    // dense bf16), H100 SXM: 3350 GB/s, 989 TFLOP/s dense bf16.
    static const std::vector<Preset> list = {
        { "opt-13b-a100-40gb", "OPT-13B on A100-40GB", { 12.85, 40, 5120, 40, 40, 2, 40.0, 1555.0, 312.0, 0.5 } },
        { "llama2-7b-a100-80gb", "Llama-2-7B on A100-80GB", { 6.74, 32, 4096, 32, 32, 2, 80.0, 2039.0, 312.0, 0.5 } },
        { "llama3-8b-h100-80gb", "Llama-3-8B on H100-80GB", { 8.03, 32, 4096, 32, 8, 2, 80.0, 3350.0, 989.0, 0.5 } },
    };
    return list;
}

const Preset *findPreset(const std::string &id)
{
    for (const Preset &preset : presets())
        if (preset.id == id)
            return &preset;
    return nullptr;
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
        const char *unit;
    };
    const Bound bounds[] = {
        { "model_params_b", model.parametersBillion, 0.001, " billion" },
        { "layers", static_cast<double>(model.layers), 1, "" },
        { "hidden_size", static_cast<double>(model.hiddenSize), 1, "" },
        { "attention_heads", static_cast<double>(model.attentionHeads), 1, "" },
        { "kv_heads", static_cast<double>(model.kvHeads), 1, "" },
        { "bytes_per_value", static_cast<double>(model.bytesPerValue), 1, " bytes" },
        { "gpu_memory_gb", model.gpuMemoryGB, 0.01, " GB" },
        { "bandwidth_gb_s", model.bandwidthGBs, 1, " GB/s" },
        { "peak_tflops", model.peakTflops, 0.01, " TFLOP/s" },
        { "flops_efficiency", model.flopsEfficiency, 0.001, "" },
    };
    for (const Bound &bound : bounds) {
        if (!(bound.value >= bound.minimum)) {
            m_error = std::string(bound.key) + ": " + formatNumber(bound.value) + bound.unit + " is below "
                + formatNumber(bound.minimum) + bound.unit + ", the least the cost model accepts";
            return;
        }
    }
    if (model.flopsEfficiency > 1) {
        m_error = "flops_efficiency: " + formatNumber(model.flopsEfficiency) + " is above 1";
        return;
    }
    if (model.hiddenSize % model.attentionHeads != 0) {
        m_error = "hidden_size (" + formatInteger(model.hiddenSize) + ") must be a multiple of attention_heads ("
            + formatInteger(model.attentionHeads) + ")";
        return;
    }
    if (model.kvHeads > model.attentionHeads) {
        m_error = "kv_heads (" + formatInteger(model.kvHeads) + ") cannot exceed attention_heads ("
            + formatInteger(model.attentionHeads) + ")";
        return;
    }
    const int headDim = model.hiddenSize / model.attentionHeads; // exact: checked above
    m_weightBytes = model.parametersBillion * 1e9 * model.bytesPerValue;
    m_kvBytesPerToken = 2.0 * model.layers * model.kvHeads * headDim * model.bytesPerValue;
    const double freeBytes = model.gpuMemoryGB * 1e9 - m_weightBytes;
    m_kvCapacityTokens = freeBytes > 0 ? static_cast<std::int64_t>(std::floor(freeBytes / m_kvBytesPerToken)) : 0;
    if (m_kvCapacityTokens < 1) {
        // Six significant digits, as the C++ streams print by default.
        m_error = "gpu_memory_gb: the weights (" + formatNumber(m_weightBytes / 1e9, 6)
            + " GB) leave no room for a KV cache in " + formatNumber(model.gpuMemoryGB, 6)
            + " GB of GPU memory; raise gpu_memory_gb or lower model_params_b";
        return;
    }
    m_secondsPerToken = 2.0 * model.parametersBillion * 1e9 / (model.peakTflops * 1e12 * model.flopsEfficiency);
    m_bandwidthBytesPerSecond = model.bandwidthGBs * 1e9;
}

double CostModel::computeSeconds(std::int64_t tokensProcessed) const
{
    return m_secondsPerToken * static_cast<double>(tokensProcessed);
}

double CostModel::memorySeconds(std::int64_t contextTokens) const
{
    return (m_weightBytes + static_cast<double>(contextTokens) * m_kvBytesPerToken) / m_bandwidthBytesPerSecond;
}

double CostModel::iterationSeconds(std::int64_t tokensProcessed, std::int64_t contextTokens) const
{
    return std::max(computeSeconds(tokensProcessed), memorySeconds(contextTokens));
}

} // namespace conceptlab::batching
