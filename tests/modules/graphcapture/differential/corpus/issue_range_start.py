# range(start, stop)
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    y = x
    for i in range(2, 5):
        y = y * i
    return y
