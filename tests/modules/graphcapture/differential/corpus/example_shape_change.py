# A new input size fails the size guard and recompiles; automatic dynamic shapes then make the
# dimension symbolic (s0), so further sizes hit the cache, except 0 and 1 (always specialised).
# inputs: {"x": [[1.0, -2.0, 3.0], [4.0, -5.0, 6.0]], "w": [[1.0], [0.5], [-1.0]]}
# check_inputs: {"x": [[1.0, -2.0, 3.0], [4.0, -5.0, 6.0], [7.0, 8.0, -9.0]], "w": [[1.0], [0.5], [-1.0]]}
# calls: [{"x": [[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]], "w": [[1.0], [0.5], [-1.0]]}, {"x": [[1.0, 2.0, 3.0]], "w": [[1.0], [0.5], [-1.0]]}]
import torch


def f(x, w):
    return torch.sigmoid(x @ w) * 2
