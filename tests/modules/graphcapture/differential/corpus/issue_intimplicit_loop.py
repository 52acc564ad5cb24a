# an int rebound to a tensor in a loop
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    n = 0
    for i in range(3):
        n = n + x
    return n
