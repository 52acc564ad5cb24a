# while i < 3 from a literal
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    i = 0
    while i < 3:
        x = x * 2
        i += 1
    return x
