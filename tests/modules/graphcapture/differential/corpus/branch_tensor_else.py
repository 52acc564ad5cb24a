# branch_tensor_else
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    if x.sum() > 0:
        y = x * 2
    else:
        y = x - 1
    return y
