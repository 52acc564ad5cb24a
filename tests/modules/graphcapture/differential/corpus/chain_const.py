# chain_const
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    a = x + 1.5
    b = a * 2.5
    return b - 3.5
