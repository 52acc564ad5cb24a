# branch_float_arg
# inputs: {"x": [1.0, 2.0], "r": 0.75}
# check_inputs: {"x": [1.0, 2.0], "r": 0.25}
import torch


def f(x, r: float):
    if r > 0.5:
        y = x * r
    else:
        y = x + r
    return y
