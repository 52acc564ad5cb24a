# A loop over a Python range: tracing unrolls it, scripting keeps a prim::Loop.
# inputs: {"x": [1.0, 2.0]}
# check_inputs: {"x": [0.5, -1.0]}
import torch


def f(x):
    y = x
    for i in range(3):
        y = y * 2 + i
    return y
