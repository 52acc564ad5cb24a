// The hardware and model cost model of an LLM serving iteration: weights and KV-cache sizes, KV
// capacity, and the time of one scheduler iteration, operation by operation (QKV projection,
// attention, output projection, MLP, small element-wise kernels, KV write, all-reduce, embedding,
// LM head), each a roofline max(FLOPs / achieved FLOP/s, bytes / achieved bandwidth) plus a
// per-kernel overhead. Model presets (architecture) and GPU presets (datasheet figures and
// achieved efficiencies) are chosen separately; docs/modules/batching.md gives every source.
#pragma once

#include <text.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace conceptlab::batching {

/// The MLP of a transformer layer: gated (SwiGLU: gate, up, down) or two matrices (fc1, fc2).
enum class MlpKind { SwiGlu, TwoLayer };
/// How an iteration is costed: per operation (calibrated), or the single roofline of the whole
/// iteration that the module used before (kept for comparison and for hand-checked tests).
enum class CostFormula { PerOperation, Roofline };
/// Whether the iteration runs the LM head (logits of each sequence that emits a token).
enum class LmHead { Included, Excluded };

/// The operation kinds of the breakdown, in the order of the result and the view.
enum class Operation { Qkv, Attention, OutProjection, Mlp, Elementwise, KvWrite, AllReduce, Embedding, LmHead, Swap };
inline constexpr std::size_t kOperationCount = 10;
inline constexpr EnumNames<Operation, kOperationCount> kOperationNames { { {
    { Operation::Qkv, "qkv_projection" },
    { Operation::Attention, "attention" },
    { Operation::OutProjection, "output_projection" },
    { Operation::Mlp, "mlp" },
    { Operation::Elementwise, "elementwise" },
    { Operation::KvWrite, "kv_write" },
    { Operation::AllReduce, "all_reduce" },
    { Operation::Embedding, "embedding" },
    { Operation::LmHead, "lm_head" },
    { Operation::Swap, "swap" },
} } };
inline constexpr EnumNames<MlpKind, 2> kMlpKindNames {
    { { { MlpKind::SwiGlu, "swiglu" }, { MlpKind::TwoLayer, "fc1_fc2" } } }
};
inline constexpr EnumNames<CostFormula, 2> kCostFormulaNames {
    { { { CostFormula::PerOperation, "per_operation" }, { CostFormula::Roofline, "roofline" } } }
};

/// Seconds per operation kind, indexed by Operation.
using OperationSeconds = std::array<double, kOperationCount>;

/// Constants of a model on a GPU (or on tensorParallel GPUs). Units are in the names; GB means
/// 10^9 bytes. Zero for headDim, intermediateSize or vocabSize means "derived" (see the docs).
struct HardwareModel {
    // model
    double parametersBillion = 0; ///< model parameters, in billions (weights held in memory)
    int layers = 0; ///< transformer layers
    int hiddenSize = 0; ///< model width (d_model)
    int attentionHeads = 0; ///< query heads
    int kvHeads = 0; ///< key/value heads (fewer than attentionHeads with GQA)
    int headDim = 0; ///< dimension of one head; 0: hiddenSize / attentionHeads
    int intermediateSize = 0; ///< MLP width; 0: 4 × hiddenSize
    MlpKind mlp = MlpKind::SwiGlu; ///< gated MLP (3 matrices) or fc1/fc2 (2 matrices)
    int vocabSize = 32000; ///< LM head rows
    int maxContextTokens = 4096; ///< the model's context length (vLLM's max_model_len)
    int bytesPerValue = 2; ///< bytes per weight and per cached value (fp16/bf16: 2)
    // GPU
    double gpuMemoryGB = 0; ///< memory of one GPU, GB
    double bandwidthGBs = 0; ///< memory bandwidth of one GPU, GB/s
    double peakTflops = 0; ///< peak dense FLOP/s of one GPU at this precision, TFLOP/s
    double flopsEfficiency = 0.5; ///< achieved fraction of peak FLOP/s in matrix multiplications, in (0, 1]
    double memoryEfficiency = 1; ///< achieved fraction of bandwidth of memory-bound kernels, in (0, 1]
    double attentionFlopsEfficiency = 1; ///< achieved fraction of peak FLOP/s in prefill attention, in (0, 1]
    double attentionMemoryEfficiency = 1; ///< achieved fraction of bandwidth reading the KV cache, in (0, 1]
    double kernelOverheadUs = 0; ///< fixed cost of every kernel (launch, tail), µs
    double interconnectGBs = 0; ///< GPU-to-GPU all-reduce bus bandwidth, GB/s
    double interconnectLatencyUs = 0; ///< latency of one all-reduce, µs
    double pcieGBs = 0; ///< host-to-GPU copy bandwidth (KV swapping), GB/s
    // serving
    int tensorParallel = 1; ///< GPUs the model is split over (Megatron-style), 1–8
    CostFormula formula = CostFormula::PerOperation;
    LmHead lmHead = LmHead::Included;
};

/// A model architecture with its published configuration.
struct ModelPreset {
    std::string id; ///< stable key, e.g. "llama3-8b"
    std::string label; ///< shown to people
    double parametersBillion = 0;
    int layers = 0;
    int hiddenSize = 0;
    int attentionHeads = 0;
    int kvHeads = 0;
    int headDim = 0;
    int intermediateSize = 0;
    MlpKind mlp = MlpKind::SwiGlu;
    int vocabSize = 0;
    int maxContextTokens = 0;
};

/// A GPU with its datasheet figures and achieved efficiencies.
struct GpuPreset {
    std::string id; ///< stable key, e.g. "a100-80gb"
    std::string label; ///< shown to people
    double memoryGB = 0;
    double bandwidthGBs = 0;
    double peakTflops = 0;
    double flopsEfficiency = 0;
    double memoryEfficiency = 0;
    double attentionFlopsEfficiency = 0;
    double attentionMemoryEfficiency = 0;
    double kernelOverheadUs = 0;
    double interconnectGBs = 0;
    double interconnectLatencyUs = 0;
    double pcieGBs = 0;
};

/// A named model/GPU pair (the module's former combined presets; still accepted).
struct Preset {
    std::string id; ///< stable key, e.g. "opt-13b-a100-40gb"
    std::string label; ///< shown to people
    std::string modelId; ///< its ModelPreset
    std::string gpuId; ///< its GpuPreset
    HardwareModel model; ///< the two combined
};

/// OPT-13B, Llama-2-7B, Llama-2-13B, Llama-2-70B, Llama-3-8B, Mistral-7B.
const std::vector<ModelPreset> &modelPresets();
/// A100-40GB, A100-80GB, H100-80GB SXM, L40S, RTX 4090.
const std::vector<GpuPreset> &gpuPresets();
/// OPT-13B on A100-40GB, Llama-2-7B on A100-80GB, Llama-3-8B on H100-80GB.
const std::vector<Preset> &presets();
/// The preset with this id, or null.
const Preset *findPreset(const std::string &id);
const ModelPreset *findModelPreset(const std::string &id);
const GpuPreset *findGpuPreset(const std::string &id);
/// The constants of `model` on `gpu`, one GPU, per-operation formula, LM head included.
HardwareModel combine(const ModelPreset &model, const GpuPreset &gpu);

/// What one iteration computes: prefill chunks, decodes and the sequences that emit a token.
struct IterationShape {
    std::int64_t prefillTokens = 0; ///< Σ new prompt tokens of the prefill chunks
    double prefillPairs = 0; ///< Σ n · (c + (n + 1) / 2): causal query-key pairs of chunks of n after c
    std::int64_t prefillKvTokens = 0; ///< Σ (c + n): KV the prefill attention reads
    std::int64_t prefillChunks = 0; ///< prefill chunks
    std::int64_t decodeSequences = 0; ///< sequences decoding one token
    std::int64_t decodeKvTokens = 0; ///< Σ (c + 1): KV the decode attention reads
    std::int64_t emittingSequences = 0; ///< sequences whose logits are computed (LM head rows)
    std::int64_t swapTokens = 0; ///< KV tokens copied between GPU and host memory before it runs

    /// A chunk of `tokens` prompt tokens after `contextTokens` already cached; `emits` if it is the last.
    void addPrefill(std::int64_t tokens, std::int64_t contextTokens, bool emits);
    /// One decode token after `contextTokens` cached tokens.
    void addDecode(std::int64_t contextTokens);
    /// Tokens processed: prefill tokens + decodes.
    std::int64_t tokens() const { return prefillTokens + decodeSequences; }
};

/// The time of one iteration and its breakdown by operation kind.
struct IterationCost {
    double seconds = 0; ///< the iteration, seconds
    OperationSeconds operationSeconds {}; ///< seconds per Operation (summing to `seconds`)
};

/// Derived sizes and the iteration time of a HardwareModel.
class CostModel {
public:
    explicit CostModel(const HardwareModel &model);

    const HardwareModel &model() const { return m_model; }
    /// Empty when the model is usable; otherwise why not (e.g. weights do not fit), naming the parameter.
    const std::string &error() const { return m_error; }

    double weightBytes() const { return m_weightBytes; } ///< parameters × bytes per value (all GPUs)
    /// KV bytes per token over all GPUs: 2 × layers × KV heads (per GPU, at least 1) × GPUs × head dim × bytes.
    double kvBytesPerToken() const { return m_kvBytesPerToken; }
    /// (memory − weights / GPUs) / KV bytes per token per GPU.
    std::int64_t kvCapacityTokens() const { return m_kvCapacityTokens; }
    /// Time of one iteration of this shape, with its breakdown.
    IterationCost iteration(const IterationShape &shape) const;
    /// iteration(shape).seconds.
    double iterationSeconds(const IterationShape &shape) const { return iteration(shape).seconds; }
    /// Seconds to copy `tokens` tokens of KV between GPU and host memory (each GPU copies its share).
    double swapSeconds(std::int64_t tokens) const;
    /// Seconds to read the weights of one GPU once at the achieved bandwidth.
    double weightReadSeconds() const;
    /// Roofline formula: compute time 2 × parameters × tokens / (GPUs × peak × efficiency).
    double computeSeconds(std::int64_t tokensProcessed) const;
    /// Roofline formula: (weights + contextTokens × KV per token) / (GPUs × bandwidth).
    double memorySeconds(std::int64_t contextTokens) const;

private:
    void addPerOperation(const IterationShape &shape, IterationCost &cost) const;
    double kernel(double flops, double bytes, double flopsPerSecond, double bytesPerSecond) const;

    HardwareModel m_model;
    std::string m_error;
    double m_weightBytes = 0;
    double m_kvBytesPerToken = 0;
    std::int64_t m_kvCapacityTokens = 0;
    double m_secondsPerToken = 0;
    double m_bandwidthBytesPerSecond = 1;
    // per GPU, per layer
    double m_queryWidth = 0; // query heads × head dim
    double m_kvWidth = 0; // KV heads × head dim
    double m_intermediate = 0;
    double m_vocab = 0;
};

} // namespace conceptlab::batching
