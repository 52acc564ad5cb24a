# an int argument cannot be traced
# inputs: {"x": [1.0, 2.0], "n": 3}
# check_inputs: {"x": [1.0, 2.0], "n": 4}
import torch


def f(x, n: int):
    return x * n
