# .item() feeding Python arithmetic: the trace bakes the number in as a constant.
# inputs: {"x": [1.0, 2.0, 3.0]}
# check_inputs: {"x": [4.0, 5.0, 6.0]}
import torch


def f(x):
    m = x.max().item()
    scale = 1.0 / m
    return x * scale
