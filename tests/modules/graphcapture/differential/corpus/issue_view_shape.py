# aten::Int after NumToTensor
# inputs: {"x": [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]}
# check_inputs: {"x": [[-1.0, 2.0, 0.5], [2.0, 1.0, 3.0], [1.0, 1.0, 1.0]]}
import torch


def f(x):
    return x.view(x.shape[0], -1)
