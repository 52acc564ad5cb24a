# loop_counter
# inputs: {"x": [1.0, 2.0], "n": 3}
# check_inputs: {"x": [1.0, 2.0], "n": 4}
import torch


def f(x, n: int):
    s = 0
    for i in range(n):
        s = s + i
    return x * s
