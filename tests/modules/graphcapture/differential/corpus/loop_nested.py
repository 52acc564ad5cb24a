# loop_nested
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    for i in range(2):
        for j in range(3):
            x = x + j
    return x
