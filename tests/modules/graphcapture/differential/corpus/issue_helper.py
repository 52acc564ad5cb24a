# a helper function
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def g(x):
    return x * 2


def f(x):
    return g(x) + 1
