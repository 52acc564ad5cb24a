# A construct scripting refuses: a try block. Eager execution and tracing still work.
# inputs: {"x": [[1.0, 2.0], [3.0, 4.0]]}
# check_inputs: {"x": [[0.0, 1.0], [1.0, 0.0]]}
import torch


def f(x):
    try:
        y = x @ x
    except Exception:
        y = x
    return torch.sigmoid(y)
