# matmul_at
# inputs: {"x": [[1.0, 2.0]], "w": [[1.0], [2.0]]}
# check_inputs: {"x": [[3.0, 2.0]], "w": [[1.0], [-2.0]]}
import torch


def f(x, w):
    return x @ w
