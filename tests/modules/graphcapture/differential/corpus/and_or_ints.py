# and_or_ints
# inputs: {"x": [1.0], "n": 2}
# check_inputs: {"x": [1.0], "n": 7}
import torch


def f(x, n: int):
    if n > 0 and n < 5:
        x = x * 2
    return x
