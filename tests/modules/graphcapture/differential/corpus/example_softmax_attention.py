# A tiny attention step with a helper function: softmax(q k^T) v, all traceable.
# inputs: {"q": [[1.0, 0.0], [0.0, 1.0]], "k": [[1.0, 2.0], [0.5, -1.0]], "v": [[1.0, 2.0], [3.0, 4.0]]}
# check_inputs: {"q": [[0.0, 0.0], [1.0, 1.0]], "k": [[1.0, 2.0], [0.5, -1.0]], "v": [[1.0, 2.0], [3.0, 4.0]]}
import torch


def scores(q, k):
    return torch.matmul(q, k.t()) / 2.0


def attend(q, k, v):
    w = torch.softmax(scores(q, k), dim=1)
    return w @ v
