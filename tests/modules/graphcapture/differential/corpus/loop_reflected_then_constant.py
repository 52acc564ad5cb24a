# constants pooled from a loop body, then one after the loop
# inputs: {"x": [1.0, -2.0, 3.0], "y": [0.5, 2.0, -1.0], "n": 2}
# check_inputs: {"x": [-1.0, 2.0, 0.5], "y": [1.5, -0.5, 2.0], "n": 4}
import torch


def f(x, y, n: int):
    for i1 in range(n):
        x = x + ((-2.5 + y) / 2)
    return ((x / 0.5) / 0.5)
