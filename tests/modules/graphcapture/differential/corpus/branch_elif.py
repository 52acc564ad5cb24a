# branch_elif
# inputs: {"x": [1.0, 2.0], "n": 1}
# check_inputs: {"x": [1.0, 2.0], "n": 2}
import torch


def f(x, n: int):
    if n == 0:
        y = x
    elif n == 1:
        y = x * 2
    else:
        y = x * 3
    return y
