// Small dense row-major tensors (float32 values, Float or Bool dtype) and the numeric
// kernels the runtime needs: broadcasting elementwise ops, matmul, reductions, reshapes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace conceptlab::graphcapture {

enum class DType { Float, Bool };

struct Tensor {
    std::vector<std::int64_t> shape; ///< empty: a 0-dim tensor with one element
    std::vector<float> data; ///< row-major, contiguous
    DType dtype = DType::Float;
    /// Memory layout as PyTorch would have it (e.g. after t()), for printing traced types;
    /// empty means contiguous. `data` is always in logical row-major order.
    std::vector<std::int64_t> layoutStrides;

    std::int64_t numel() const { return static_cast<std::int64_t>(data.size()); }
    std::vector<std::int64_t> strides() const; ///< layoutStrides, or the contiguous strides
    bool isContiguous() const { return layoutStrides.empty() || layoutStrides == contiguousStrides(); }
    std::vector<std::int64_t> contiguousStrides() const;
};

using TensorPtr = std::shared_ptr<Tensor>;

/// Thrown by kernels on bad shapes or arguments; the caller adds the source position.
struct TensorError {
    std::string message;
};

TensorPtr makeTensor(std::vector<std::int64_t> shape, std::vector<float> data, DType dtype = DType::Float);
TensorPtr filledTensor(std::vector<std::int64_t> shape, float value);
std::string shapeText(const std::vector<std::int64_t> &shape); ///< "[2, 3]"

/// Broadcast shape of a and b (NumPy rules); throws TensorError on mismatch.
std::vector<std::int64_t> broadcastShapes(const std::vector<std::int64_t> &a, const std::vector<std::int64_t> &b);
TensorPtr elementwise(const Tensor &a, const Tensor &b, DType resultType, const std::function<float(float, float)> &f);
TensorPtr mapTensor(const Tensor &a, const std::function<float(float)> &f);
TensorPtr matmul(const Tensor &a, const Tensor &b);
/// Sum (or mean) over `dims` (all dims when empty); keepdim keeps them as size 1.
TensorPtr reduceSum(const Tensor &a, const std::vector<std::int64_t> &dims, bool keepdim, bool mean);
TensorPtr reduceMax(const Tensor &a);
TensorPtr softmax(const Tensor &a, std::int64_t dim);
TensorPtr transpose2d(const Tensor &a);
/// view == true refuses non-contiguous inputs (except to the same shape), as Tensor.view does.
TensorPtr reshape(const Tensor &a, std::vector<std::int64_t> shape, bool view = false);
TensorPtr concatenate(const std::vector<TensorPtr> &parts, std::int64_t dim);
TensorPtr selectIndex(const Tensor &a, std::int64_t dim, std::int64_t index);
std::int64_t normalizeDim(std::int64_t dim, std::size_t rank);

} // namespace conceptlab::graphcapture
