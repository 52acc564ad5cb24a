# Branch on tensor data: tracing keeps only the branch the example input takes.
# inputs: {"x": [[1.0, -2.0, 3.0]]}
# check_inputs: {"x": [[-1.0, -2.0, -3.0]]}
import torch


def f(x):
    if x.sum() > 0:
        y = torch.relu(x)
    else:
        y = -x
    return y * 2
