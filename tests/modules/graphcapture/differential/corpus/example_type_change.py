# A variable whose type differs between branches: scripting refuses it.
# inputs: {"x": [1.0, 2.0]}
# check_inputs: {"x": [-1.0, -2.0]}
import torch


def f(x):
    if bool(x.sum() > 0):
        y = x + 1
    else:
        y = 0
    return x * y
