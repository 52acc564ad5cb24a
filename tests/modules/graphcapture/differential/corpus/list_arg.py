# list_arg
# inputs: {"x": [1.0, 2.0, 3.0, 4.0], "xs": [2, 2]}
# check_inputs: {"x": [1.0, 2.0, 3.0, 4.0], "xs": [4, 1]}
import torch


def f(x, xs: List[int]):
    return x.view(xs[0], xs[1])
