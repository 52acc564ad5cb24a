# a helper calling a helper
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def g(x):
    return x - 1


def h(x):
    return g(x) * g(x)


def f(x):
    return h(x) + 2
