# range(n) needs a Python int: torch.compile specialises n and guards it (L['n'] == 1). Every new
# n recompiles; after 8 compiles (cache_size_limit) the function falls back to eager.
# inputs: {"x": [1.0, 2.0], "n": 1}
# check_inputs: {"x": [1.0, 2.0], "n": 2}
# calls: [{"x": [1.0, 2.0], "n": 3}, {"x": [1.0, 2.0], "n": 4}, {"x": [1.0, 2.0], "n": 5}, {"x": [1.0, 2.0], "n": 6}, {"x": [1.0, 2.0], "n": 7}, {"x": [1.0, 2.0], "n": 8}, {"x": [1.0, 2.0], "n": 9}, {"x": [1.0, 2.0], "n": 2}]
import torch


def f(x, n: int):
    for i in range(n):
        x = x * 2 + 1
    return x
