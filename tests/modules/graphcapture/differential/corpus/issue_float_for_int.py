# an int assigned to a float variable: refused
# inputs: {"x": [1.0], "c": true}
# check_inputs: {"x": [1.0], "c": false}
import torch


def f(x, c: bool):
    y = 1.5
    if c:
        y = 1
    return x * y
