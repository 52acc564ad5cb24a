# a branch on an int argument
# inputs: {"x": [1.0, 2.0], "n": 2}
# check_inputs: {"x": [1.0, 2.0], "n": 0}
import torch


def f(x, n: int):
    if n > 1:
        y = x * 2
    else:
        y = x + 1
    return y
