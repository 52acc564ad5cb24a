# two helpers
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def g(x, y):
    return torch.relu(x) + y


def h(x):
    return torch.tanh(x)


def f(x):
    a = g(x, x)
    return h(a) * g(a, x)
