# binary_int_arg_add
# inputs: {"x": [1.0, 2.0], "n": 3}
# check_inputs: {"x": [1.0, 2.0], "n": 5}
import torch


def f(x, n: int):
    m = n + 2
    return x * m
