# A two-layer MLP: straight-line tensor code, identical under tracing and scripting.
# inputs: {"x": [[1.0, -2.0]], "w1": [[0.5, -1.0, 0.25], [1.0, 0.5, -0.5]], "b1": [0.1, 0.2, 0.3], "w2": [[1.0], [-1.0], [2.0]], "b2": [0.5]}
# check_inputs: {"x": [[0.0, 1.0], [2.0, 3.0]], "w1": [[0.5, -1.0, 0.25], [1.0, 0.5, -0.5]], "b1": [0.1, 0.2, 0.3], "w2": [[1.0], [-1.0], [2.0]], "b2": [0.5]}
import torch


def mlp(x, w1, b1, w2, b2):
    h = torch.relu(x @ w1 + b1)
    return torch.matmul(h, w2) + b2
