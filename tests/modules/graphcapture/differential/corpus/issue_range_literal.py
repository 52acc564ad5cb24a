# range(1, n, 2) with a literal n
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    y = x
    for i in range(1, 7, 2):
        y = y + i
    return y
