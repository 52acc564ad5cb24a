# while_counter
# inputs: {"x": [1.0, 2.0], "n": 2}
# check_inputs: {"x": [1.0, 2.0], "n": 4}
import torch


def f(x, n: int):
    i = 0
    while i < n:
        x = x + 1
        i = i + 1
    return x
