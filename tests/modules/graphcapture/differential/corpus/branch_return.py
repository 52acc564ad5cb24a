# branch_return
# inputs: {"x": [1.0, 2.0], "n": 5}
# check_inputs: {"x": [1.0, 2.0], "n": 1}
import torch


def f(x, n: int):
    if n > 3:
        return x * 2
    return x - 2
