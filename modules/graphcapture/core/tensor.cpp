// Tensor kernels: plain loops over contiguous float32 storage.
#include "tensor.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace conceptlab::graphcapture {

std::vector<std::int64_t> Tensor::strides() const
{
    return layoutStrides.empty() ? contiguousStrides() : layoutStrides;
}

std::vector<std::int64_t> Tensor::contiguousStrides() const
{
    std::vector<std::int64_t> result(shape.size(), 1);
    for (std::size_t i = shape.size(); i-- > 1;)
        result[i - 1] = result[i] * shape[i];
    return result;
}

static std::int64_t product(const std::vector<std::int64_t> &shape)
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

TensorPtr makeTensor(std::vector<std::int64_t> shape, std::vector<float> data, DType dtype)
{
    auto t = std::make_shared<Tensor>();
    t->shape = std::move(shape);
    t->data = std::move(data);
    t->dtype = dtype;
    return t;
}

TensorPtr filledTensor(std::vector<std::int64_t> shape, float value)
{
    for (auto d : shape)
        if (d < 0 || d > (1 << 24))
            throw TensorError { "invalid size " + std::to_string(d) + " in shape " + shapeText(shape) };
    const auto n = product(shape);
    if (n > (1 << 24))
        throw TensorError { "tensor of shape " + shapeText(shape) + " is too large" };
    return makeTensor(std::move(shape), std::vector<float>(static_cast<std::size_t>(n), value));
}

std::string shapeText(const std::vector<std::int64_t> &shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::int64_t normalizeDim(std::int64_t dim, std::size_t rank)
{
    const auto r = static_cast<std::int64_t>(std::max<std::size_t>(rank, 1));
    if (dim < -r || dim >= r)
        throw TensorError { "Dimension out of range (expected to be in range of [" + std::to_string(-r) + ", "
            + std::to_string(r - 1) + "], but got " + std::to_string(dim) + ")" };
    return dim < 0 ? dim + r : dim;
}

std::vector<std::int64_t> broadcastShapes(const std::vector<std::int64_t> &a, const std::vector<std::int64_t> &b)
{
    const std::size_t n = std::max(a.size(), b.size());
    std::vector<std::int64_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t da = i < n - a.size() ? 1 : a[i - (n - a.size())];
        const std::int64_t db = i < n - b.size() ? 1 : b[i - (n - b.size())];
        if (da != db && da != 1 && db != 1)
            throw TensorError { "The size of tensor a (" + std::to_string(da) + ") must match the size of tensor b ("
                + std::to_string(db) + ") at non-singleton dimension " + std::to_string(i) };
        out[i] = da == 1 ? db : da;
    }
    return out;
}

// Strides of `shape` viewed in the broadcast `out` shape (0 where broadcast).
static std::vector<std::int64_t> broadcastStrides(
    const std::vector<std::int64_t> &shape, const std::vector<std::int64_t> &out)
{
    std::vector<std::int64_t> strides(out.size(), 0);
    std::int64_t s = 1;
    for (std::size_t k = shape.size(); k-- > 0;) {
        const std::size_t i = k + (out.size() - shape.size());
        strides[i] = shape[k] == 1 ? 0 : s;
        s *= shape[k];
    }
    return strides;
}

TensorPtr elementwise(const Tensor &a, const Tensor &b, DType resultType, const std::function<float(float, float)> &f)
{
    auto shape = broadcastShapes(a.shape, b.shape);
    const auto n = product(shape);
    std::vector<float> data(static_cast<std::size_t>(n));
    if (a.shape == b.shape) {
        for (std::int64_t i = 0; i < n; ++i)
            data[i] = f(a.data[i], b.data[i]);
    } else {
        const auto sa = broadcastStrides(a.shape, shape), sb = broadcastStrides(b.shape, shape);
        std::vector<std::int64_t> index(shape.size(), 0);
        std::int64_t ia = 0, ib = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            data[i] = f(a.data[ia], b.data[ib]);
            for (std::size_t d = shape.size(); d-- > 0;) {
                ++index[d];
                ia += sa[d];
                ib += sb[d];
                if (index[d] < shape[d])
                    break;
                ia -= sa[d] * shape[d];
                ib -= sb[d] * shape[d];
                index[d] = 0;
            }
        }
    }
    auto result = makeTensor(std::move(shape), std::move(data), resultType);
    // TensorIterator lays the output out like the first operand that decides the order.
    if (result->shape == a.shape && !a.isContiguous())
        result->layoutStrides = a.layoutStrides;
    else if (result->shape == b.shape && !b.isContiguous() && a.numel() == 1)
        result->layoutStrides = b.layoutStrides;
    return result;
}

TensorPtr mapTensor(const Tensor &a, const std::function<float(float)> &f)
{
    std::vector<float> data(a.data.size());
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = f(a.data[i]);
    auto result = makeTensor(a.shape, std::move(data));
    if (!a.isContiguous())
        result->layoutStrides = a.layoutStrides;
    return result;
}

TensorPtr matmul(const Tensor &a, const Tensor &b)
{
    if (a.shape.empty() || b.shape.empty())
        throw TensorError { "both arguments to matmul need to be at least 1D, but they are "
            + std::to_string(a.shape.size()) + "D and " + std::to_string(b.shape.size()) + "D" };
    // Promote 1-D operands to matrices, multiply batched, then drop the added dims.
    auto as = a.shape, bs = b.shape;
    const bool aVec = as.size() == 1, bVec = bs.size() == 1;
    if (aVec)
        as.insert(as.begin(), 1);
    if (bVec)
        bs.push_back(1);
    const std::int64_t m = as[as.size() - 2], k = as.back(), k2 = bs[bs.size() - 2], n = bs.back();
    if (k != k2)
        throw TensorError { "mat1 and mat2 shapes cannot be multiplied (" + std::to_string(m) + "x" + std::to_string(k)
            + " and " + std::to_string(k2) + "x" + std::to_string(n) + ")" };
    std::vector<std::int64_t> batchA(as.begin(), as.end() - 2), batchB(bs.begin(), bs.end() - 2);
    auto batch = broadcastShapes(batchA, batchB);
    const auto nb = product(batch);
    const auto sa = broadcastStrides(batchA, batch), sb = broadcastStrides(batchB, batch);
    std::vector<float> out(static_cast<std::size_t>(nb * m * n), 0.0f);
    std::vector<std::int64_t> index(batch.size(), 0);
    for (std::int64_t bi = 0; bi < nb; ++bi) {
        std::int64_t oa = 0, ob = 0;
        for (std::size_t d = 0; d < batch.size(); ++d) {
            oa += index[d] * sa[d];
            ob += index[d] * sb[d];
        }
        const float *pa = a.data.data() + oa * m * k;
        const float *pb = b.data.data() + ob * k * n;
        float *po = out.data() + bi * m * n;
        for (std::int64_t i = 0; i < m; ++i)
            for (std::int64_t j = 0; j < n; ++j) {
                float acc = 0.0f;
                for (std::int64_t p = 0; p < k; ++p)
                    acc += pa[i * k + p] * pb[p * n + j];
                po[i * n + j] = acc;
            }
        for (std::size_t d = batch.size(); d-- > 0;) {
            if (++index[d] < batch[d])
                break;
            index[d] = 0;
        }
    }
    auto shape = batch;
    if (!aVec)
        shape.push_back(m);
    if (!bVec)
        shape.push_back(n);
    return makeTensor(std::move(shape), std::move(out));
}

TensorPtr reduceSum(const Tensor &a, const std::vector<std::int64_t> &dims, bool keepdim, bool mean)
{
    std::vector<bool> reduce(a.shape.size(), dims.empty());
    for (auto d : dims) {
        if (a.shape.empty()) {
            normalizeDim(d, 0);
            continue;
        }
        reduce[static_cast<std::size_t>(normalizeDim(d, a.shape.size()))] = true;
    }
    std::vector<std::int64_t> outShape, keptShape;
    for (std::size_t d = 0; d < a.shape.size(); ++d) {
        keptShape.push_back(reduce[d] ? 1 : a.shape[d]);
        if (!reduce[d])
            outShape.push_back(a.shape[d]);
        else if (keepdim)
            outShape.push_back(1);
    }
    const auto outStrides = broadcastStrides(keptShape, a.shape);
    std::vector<double> acc(static_cast<std::size_t>(product(keptShape)), 0.0);
    std::vector<std::int64_t> index(a.shape.size(), 0);
    std::int64_t o = 0;
    for (std::int64_t i = 0; i < a.numel(); ++i) {
        acc[static_cast<std::size_t>(o)] += a.data[i];
        for (std::size_t d = a.shape.size(); d-- > 0;) {
            ++index[d];
            o += outStrides[d];
            if (index[d] < a.shape[d])
                break;
            o -= outStrides[d] * a.shape[d];
            index[d] = 0;
        }
    }
    const double count = acc.empty() ? 1.0 : static_cast<double>(a.numel()) / static_cast<double>(acc.size());
    std::vector<float> data(acc.size());
    for (std::size_t i = 0; i < acc.size(); ++i)
        data[i] = static_cast<float>(mean ? acc[i] / count : acc[i]);
    return makeTensor(std::move(outShape), std::move(data));
}

TensorPtr reduceMax(const Tensor &a)
{
    if (a.data.empty())
        throw TensorError { "max(): Expected reduction dim to be specified for input.numel() == 0." };
    float m = a.data[0];
    for (float v : a.data)
        if (std::isnan(v) || v > m)
            m = v;
    return makeTensor({}, { m }, a.dtype);
}

TensorPtr softmax(const Tensor &a, std::int64_t dim)
{
    const std::size_t rank = a.shape.size();
    dim = normalizeDim(dim, rank);
    if (rank == 0)
        return makeTensor({}, { 1.0f });
    const std::int64_t size = a.shape[static_cast<std::size_t>(dim)];
    std::int64_t inner = 1;
    for (std::size_t d = static_cast<std::size_t>(dim) + 1; d < rank; ++d)
        inner *= a.shape[d];
    const std::int64_t outer = size == 0 ? 0 : a.numel() / (size * inner);
    std::vector<float> out(a.data.size());
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t in = 0; in < inner; ++in) {
            const std::int64_t base = o * size * inner + in;
            float mx = -std::numeric_limits<float>::infinity();
            for (std::int64_t s = 0; s < size; ++s)
                mx = std::max(mx, a.data[base + s * inner]);
            double total = 0;
            for (std::int64_t s = 0; s < size; ++s) {
                const float e = std::exp(a.data[base + s * inner] - mx);
                out[base + s * inner] = e;
                total += e;
            }
            for (std::int64_t s = 0; s < size; ++s)
                out[base + s * inner] = static_cast<float>(out[base + s * inner] / total);
        }
    return makeTensor(a.shape, std::move(out));
}

TensorPtr transpose2d(const Tensor &a)
{
    if (a.shape.size() > 2)
        throw TensorError { "t() expects a tensor with <= 2 dimensions, but self is " + std::to_string(a.shape.size())
            + "D" };
    if (a.shape.size() < 2)
        return makeTensor(a.shape, a.data, a.dtype);
    const auto r = a.shape[0], c = a.shape[1];
    std::vector<float> out(a.data.size());
    for (std::int64_t i = 0; i < r; ++i)
        for (std::int64_t j = 0; j < c; ++j)
            out[j * r + i] = a.data[i * c + j];
    auto result = makeTensor({ c, r }, std::move(out), a.dtype);
    const auto s = a.strides();
    result->layoutStrides = { s[1], s[0] }; // a view: the strides swap
    if (result->isContiguous())
        result->layoutStrides.clear();
    return result;
}

TensorPtr reshape(const Tensor &a, std::vector<std::int64_t> shape, bool view)
{
    if (view && !a.isContiguous() && shape != a.shape)
        throw TensorError { "view size is not compatible with input tensor's size and stride (at least one dimension "
                            "spans across two contiguous subspaces). Use .reshape(...) instead." };
    std::int64_t known = 1;
    int inferred = -1;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == -1) {
            if (inferred >= 0)
                throw TensorError { "only one dimension can be inferred" };
            inferred = static_cast<int>(i);
        } else if (shape[i] < 0) {
            throw TensorError { "invalid shape dimension " + std::to_string(shape[i]) };
        } else {
            known *= shape[i];
            if (known > (1LL << 40))
                throw TensorError { "shape " + shapeText(shape) + " is too large" };
        }
    }
    if (inferred >= 0) {
        if (known == 0 || a.numel() % known != 0)
            throw TensorError { "shape '" + shapeText(shape) + "' is invalid for input of size "
                + std::to_string(a.numel()) };
        shape[static_cast<std::size_t>(inferred)] = a.numel() / known;
        known *= shape[static_cast<std::size_t>(inferred)];
    }
    if (known != a.numel())
        throw TensorError { "shape '" + shapeText(shape) + "' is invalid for input of size "
            + std::to_string(a.numel()) };
    return makeTensor(std::move(shape), a.data, a.dtype);
}

TensorPtr concatenate(const std::vector<TensorPtr> &parts, std::int64_t dim)
{
    if (parts.empty())
        throw TensorError { "torch.cat(): expected a non-empty list of Tensors" };
    const auto &first = parts[0]->shape;
    if (first.empty())
        throw TensorError { "zero-dimensional tensor (at position 0) cannot be concatenated" };
    const auto d = static_cast<std::size_t>(normalizeDim(dim, first.size()));
    auto shape = first;
    shape[d] = 0;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto &s = parts[p]->shape;
        if (s.size() != first.size())
            throw TensorError { "Tensors must have same number of dimensions: got " + std::to_string(first.size())
                + " and " + std::to_string(s.size()) };
        for (std::size_t k = 0; k < s.size(); ++k)
            if (k != d && s[k] != first[k])
                throw TensorError { "Sizes of tensors must match except in dimension " + std::to_string(d)
                    + ". Expected size " + std::to_string(first[k]) + " but got size " + std::to_string(s[k])
                    + " for tensor number " + std::to_string(p) + " in the list." };
        shape[d] += s[d];
    }
    std::int64_t outer = 1, inner = 1;
    for (std::size_t k = 0; k < d; ++k)
        outer *= first[k];
    for (std::size_t k = d + 1; k < first.size(); ++k)
        inner *= first[k];
    std::vector<float> out;
    out.reserve(static_cast<std::size_t>(product(shape)));
    for (std::int64_t o = 0; o < outer; ++o)
        for (const auto &p : parts) {
            const std::int64_t chunk = p->shape[d] * inner;
            out.insert(out.end(), p->data.begin() + o * chunk, p->data.begin() + (o + 1) * chunk);
        }
    return makeTensor(std::move(shape), std::move(out));
}

TensorPtr selectIndex(const Tensor &a, std::int64_t dim, std::int64_t index)
{
    if (a.shape.empty())
        throw TensorError { "invalid index of a 0-dim tensor" };
    const auto d = static_cast<std::size_t>(normalizeDim(dim, a.shape.size()));
    const auto size = a.shape[d];
    if (index < -size || index >= size)
        throw TensorError { "index " + std::to_string(index) + " is out of bounds for dimension " + std::to_string(d)
            + " with size " + std::to_string(size) };
    if (index < 0)
        index += size;
    std::int64_t outer = 1, inner = 1;
    for (std::size_t k = 0; k < d; ++k)
        outer *= a.shape[k];
    for (std::size_t k = d + 1; k < a.shape.size(); ++k)
        inner *= a.shape[k];
    std::vector<float> out;
    for (std::int64_t o = 0; o < outer; ++o) {
        const auto start = a.data.begin() + (o * size + index) * inner;
        out.insert(out.end(), start, start + inner);
    }
    auto shape = a.shape;
    shape.erase(shape.begin() + static_cast<std::ptrdiff_t>(d));
    return makeTensor(std::move(shape), std::move(out), a.dtype);
}

} // namespace conceptlab::graphcapture
