# branch_bool_arg
# inputs: {"x": [1.0, -2.0], "flag": true}
# check_inputs: {"x": [1.0, -2.0], "flag": false}
import torch


def f(x, flag: bool):
    if flag:
        x = torch.relu(x)
    return x + 1
