# Straight-line tensor code: torch.compile captures it whole, one graph and no graph breaks;
# Inductor fuses the pointwise ops into the row-sum reduction that follows them.
# inputs: {"x": [[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]], "b": [0.5, -0.5, 1.0]}
# check_inputs: {"x": [[-1.0, 2.0, -3.0], [4.0, 5.0, 6.0]], "b": [0.5, -0.5, 1.0]}
import torch


def f(x, b):
    y = torch.tanh(x + b) * 0.5
    z = torch.exp(y).sum(1)
    return z - 1
