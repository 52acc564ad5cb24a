# a tensor assigned to an int variable in a branch
# inputs: {"x": 2.0, "c": true}
# check_inputs: {"x": [1.0, 2.0], "c": true}
import torch


def f(x, c: bool):
    y = 1
    if c:
        y = x
    return y
