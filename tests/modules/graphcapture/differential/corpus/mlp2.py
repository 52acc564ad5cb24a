# mlp2
# inputs: {"x": [[1.0, 2.0]], "w1": [[1.0, -1.0], [0.5, 2.0]], "w2": [[1.0], [-1.0]]}
# check_inputs: {"x": [[-1.0, 2.0]], "w1": [[1.0, -1.0], [0.5, 2.0]], "w2": [[1.0], [-1.0]]}
import torch


def f(x, w1, w2):
    h = torch.relu(x @ w1)
    return torch.sigmoid(h @ w2)
