# A while loop on tensor data: halve until the squared norm is at most 1. Scripting keeps the loop.
# inputs: {"x": [3.0, 4.0]}
# check_inputs: {"x": [30.0, 40.0]}
import torch


def f(x):
    steps = 0
    while (x * x).sum() > 1.0:
        x = x / 2
        steps += 1
    return x * steps
