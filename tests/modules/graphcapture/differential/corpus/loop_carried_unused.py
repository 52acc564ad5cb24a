# loop-carried values nobody uses after the loop keep TorchScript's order
# inputs: {"x": [1.0, -2.0, 3.0], "y": [0.5, 2.0, -1.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5], "y": [1.5, -0.5, 2.0]}
import torch


def f(x, y):
    k1 = 0
    while k1 < 3:
        x = x * 0.5 + 1
        k1 += 1
    return y
