# loop outputs ordered by their first use after the loop
# inputs: {"x": [1.0, -2.0, 3.0]}
# check_inputs: {"x": [-1.0, 2.0, 0.5]}
import torch


def f(x):
    k = 0
    j = 0
    while k < 3:
        j = j + 2
        k += 1
    return x * j + k
