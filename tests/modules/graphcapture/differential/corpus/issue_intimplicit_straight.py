# an int rebound to a tensor
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    y = 0
    y = x * 2
    return y
