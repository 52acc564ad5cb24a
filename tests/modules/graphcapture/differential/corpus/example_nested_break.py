# A graph break inside a helper breaks its caller too: the caller's graph ends at the call, the
# helper is compiled as a frame of its own (two graphs around its print), and the caller resumes.
# inputs: {"x": [1.0, -2.0]}
# check_inputs: {"x": [3.0, 4.0]}
import torch


def helper(y):
    z = y * 2
    print("inside helper")
    return z + 1


def f(x):
    a = torch.relu(x) + 1
    b = helper(a)
    return b * 3
