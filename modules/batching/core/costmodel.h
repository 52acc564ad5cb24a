// The hardware and model cost model of an LLM serving iteration: weights and KV-cache
// sizes, KV capacity, and the roofline time of one scheduler iteration. Presets hold the
// published numbers of three model/GPU pairs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace conceptlab::batching {

/// Constants of a model on a GPU. Units are in the names; GB means 10^9 bytes.
struct HardwareModel {
    double parametersBillion = 0; ///< model parameters, in billions
    int layers = 0; ///< transformer layers
    int hiddenSize = 0; ///< model width (d_model)
    int attentionHeads = 0; ///< query heads; head dimension = hiddenSize / attentionHeads
    int kvHeads = 0; ///< key/value heads (fewer than attentionHeads with GQA)
    int bytesPerValue = 2; ///< bytes per weight and per cached value (fp16/bf16: 2)
    double gpuMemoryGB = 0; ///< GPU memory, GB
    double bandwidthGBs = 0; ///< memory bandwidth, GB/s
    double peakTflops = 0; ///< peak dense FLOP/s at this precision, TFLOP/s
    double flopsEfficiency = 0.5; ///< achieved fraction of peak FLOP/s, in (0, 1]
};

/// A named, published model/GPU pair.
struct Preset {
    std::string id; ///< stable key, e.g. "opt-13b-a100-40gb"
    std::string label; ///< shown to people
    HardwareModel model;
};

/// OPT-13B on A100-40GB, Llama-2-7B on A100-80GB, Llama-3-8B on H100-80GB.
const std::vector<Preset> &presets();
/// The preset with this id, or null.
const Preset *findPreset(const std::string &id);

/// Derived sizes and the iteration time of a HardwareModel.
class CostModel {
public:
    explicit CostModel(const HardwareModel &model);

    const HardwareModel &model() const { return m_model; }
    /// Empty when the model is usable; otherwise why not (e.g. weights do not fit).
    const std::string &error() const { return m_error; }

    double weightBytes() const { return m_weightBytes; } ///< parameters × bytes per value
    double kvBytesPerToken() const { return m_kvBytesPerToken; } ///< 2 × layers × kvHeads × headDim × bytes
    std::int64_t kvCapacityTokens() const { return m_kvCapacityTokens; } ///< (memory − weights) / KV per token
    /// Roofline time of one iteration, seconds: the larger of compute time
    /// 2 × parameters × tokensProcessed / (peak × efficiency) and memory time
    /// (weights + contextTokens × KV bytes per token) / bandwidth.
    double iterationSeconds(std::int64_t tokensProcessed, std::int64_t contextTokens) const;
    double computeSeconds(std::int64_t tokensProcessed) const; ///< the compute term alone
    double memorySeconds(std::int64_t contextTokens) const; ///< the memory term alone

private:
    HardwareModel m_model;
    std::string m_error;
    double m_weightBytes = 0;
    double m_kvBytesPerToken = 0;
    std::int64_t m_kvCapacityTokens = 0;
    double m_secondsPerToken = 0;
    double m_bandwidthBytesPerSecond = 1;
};

} // namespace conceptlab::batching
