# loop_range_n
# inputs: {"x": [1.0, 2.0], "n": 2}
# check_inputs: {"x": [1.0, 2.0], "n": 3}
import torch


def f(x, n: int):
    for i in range(n):
        x = x * 2
    return x
