# PyTorch's documented toy_example: torch.compile splits it at the print (a graph break) and at
# the branch on tensor data (generic_jump): 3 graphs, 2 graph breaks. Always equal to eager.
# inputs: {"a": [1.0, -2.0, 3.0], "b": [-1.0, -3.0, 2.0]}
# check_inputs: {"a": [1.0, -2.0, 3.0], "b": [1.0, 3.0, 2.0]}
import torch


def toy_example(a, b):
    x = a / (torch.abs(a) + 1)
    print("woo")
    if b.sum() < 0:
        b = b * -1
    return x * b
