#!/usr/bin/env python3
"""Writes the hand-written corpus programs (differences once found against PyTorch, and variants) to corpus/ ."""
import os
H = "import torch\n\n\n"
X3 = '{"x": [1.0, -2.0, 3.0]}'
X3c = '{"x": [-1.0, 2.0, 0.5]}'
X23 = '{"x": [[1.0, -2.0, 3.0], [0.5, 4.0, -1.0]]}'
X23c = '{"x": [[-1.0, 2.0, 0.5], [2.0, 1.0, 3.0], [1.0, 1.0, 1.0]]}'
cases = {}
def case(name, body, inputs=X3, check=X3c, comment="", pre=""):
    cases[name] = f"# {comment or name}\n# inputs: {inputs}\n# check_inputs: {check}\n{H}{pre}{body}"

case("issue_branch_int", "def f(x, n: int):\n    if n > 1:\n        y = x * 2\n    else:\n        y = x + 1\n    return y\n",
     '{"x": [1.0, 2.0], "n": 2}', '{"x": [1.0, 2.0], "n": 0}', "a branch on an int argument")
case("issue_rsub", "def f(x):\n    return 1 - x\n", comment="1 - t")
case("issue_rdiv", "def f(x):\n    return 2 / x\n", comment="2 / t")
case("issue_rmul", "def f(x):\n    return 2 * x\n", comment="2 * t")
case("issue_radd", "def f(x):\n    return 3 + x\n", comment="3 + t")
case("issue_rsub_float", "def f(x):\n    return 1.5 - x * x\n", comment="1.5 - t")
case("issue_rdiv_float", "def f(x):\n    return 0.5 / (x + 4)\n", comment="0.5 / t")
case("issue_range_literal", "def f(x):\n    y = x\n    for i in range(1, 7, 2):\n        y = y + i\n    return y\n", comment="range(1, n, 2) with a literal n")
case("issue_range_start", "def f(x):\n    y = x\n    for i in range(2, 5):\n        y = y * i\n    return y\n", comment="range(start, stop)")
case("issue_while_literal", "def f(x):\n    i = 0\n    while i < 3:\n        x = x * 2\n        i += 1\n    return x\n", comment="while i < 3 from a literal")
case("issue_helper", "def g(x):\n    return x * 2\n\n\ndef f(x):\n    return g(x) + 1\n", comment="a helper function")
case("issue_helper_two", "def g(x, y):\n    return torch.relu(x) + y\n\n\ndef h(x):\n    return torch.tanh(x)\n\n\ndef f(x):\n    a = g(x, x)\n    return h(a) * g(a, x)\n", comment="two helpers")
case("issue_helper_nested", "def g(x):\n    return x - 1\n\n\ndef h(x):\n    return g(x) * g(x)\n\n\ndef f(x):\n    return h(x) + 2\n", comment="a helper calling a helper")
case("issue_intimplicit_loop", "def f(x):\n    n = 0\n    for i in range(3):\n        n = n + x\n    return n\n", comment="an int rebound to a tensor in a loop")
case("issue_intimplicit_straight", "def f(x):\n    y = 0\n    y = x * 2\n    return y\n", comment="an int rebound to a tensor")
case("issue_intimplicit_branch", "def f(x, c: bool):\n    y = 1\n    if c:\n        y = x\n    return y\n",
     '{"x": 2.0, "c": true}', '{"x": [1.0, 2.0], "c": true}', "a tensor assigned to an int variable in a branch")
case("issue_float_for_int", "def f(x, c: bool):\n    y = 1.5\n    if c:\n        y = 1\n    return x * y\n",
     '{"x": [1.0], "c": true}', '{"x": [1.0], "c": false}', "an int assigned to a float variable: refused")
case("issue_range_shape", "def f(x):\n    y = x[0]\n    for i in range(x.shape[0]):\n        y = y + x[i]\n    return y\n", X23, X23c, "range(x.shape[0])")
case("issue_zeros_size", "def f(x):\n    z = torch.zeros(2, 3)\n    return z + x\n", X23, '{"x": [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]]}', "torch.zeros")
case("issue_ones_size", "def f(x):\n    return torch.ones(3) * x\n", comment="torch.ones")
case("issue_zeros_like", "def f(x):\n    z = torch.zeros_like(x)\n    return z - x\n", comment="torch.zeros_like")
case("issue_ones_like", "def f(x):\n    return torch.ones_like(x) + x\n", comment="torch.ones_like")
case("issue_view_shape", "def f(x):\n    return x.view(x.shape[0], -1)\n", X23, X23c, "aten::Int after NumToTensor")
case("issue_reshape_size", "def f(x):\n    n = x.size(0)\n    return x.reshape(n * 3)\n", X23, X23c, "size arithmetic")
case("issue_shape_twice", "def f(x):\n    a = x.shape[0]\n    b = x.shape[1]\n    return x.view(b, a)\n", X23, X23c, "two sizes")
case("issue_int_arg_trace", "def f(x, n: int):\n    return x * n\n", '{"x": [1.0, 2.0], "n": 3}', '{"x": [1.0, 2.0], "n": 4}', "an int argument cannot be traced")
case("issue_kwargs", "def f(x, **kwargs):\n    return x + 1\n", comment="**kwargs refused by scripting")
case("issue_varargs", "def f(x, *args):\n    return x + 1\n", comment="*args refused by scripting")
# unary ops
for op in ["relu", "tanh", "sigmoid", "exp", "neg"]:
    case(f"unary_torch_{op}", f"def f(x):\n    return torch.{op}(x)\n")
    case(f"unary_method_{op}", f"def f(x):\n    return x.{op}()\n")
case("unary_log", "def f(x):\n    return torch.log(x * x + 1)\n")
case("unary_minus", "def f(x):\n    return -x\n")
# binary ops with scalars
for sym, nm in [("+", "add"), ("-", "sub"), ("*", "mul"), ("/", "div")]:
    case(f"binary_tensor_{nm}_int", f"def f(x):\n    return x {sym} 3\n")
    case(f"binary_tensor_{nm}_float", f"def f(x):\n    return x {sym} 0.25\n")
    case(f"binary_tensor_{nm}_tensor", f"def f(x, y):\n    return x {sym} y\n", '{"x": [1.0, 2.0], "y": [3.0, 4.0]}', '{"x": [5.0, 2.0], "y": [1.0, -4.0]}')
    case(f"binary_int_arg_{nm}", f"def f(x, n: int):\n    m = n {sym} 2\n    return x * m\n", '{"x": [1.0, 2.0], "n": 3}', '{"x": [1.0, 2.0], "n": 5}')
case("reduce_sum", "def f(x):\n    return x.sum()\n", X23, X23c)
case("reduce_sum_dim", "def f(x):\n    return x.sum(1)\n", X23, X23c)
case("reduce_mean_keepdim", "def f(x):\n    return x.mean(0, True)\n", X23, X23c)
case("reduce_max", "def f(x):\n    return x.max()\n", X23, X23c)
case("matmul_t", "def f(x):\n    return torch.matmul(x, x.t())\n", X23, X23c)
case("matmul_at", "def f(x, w):\n    return x @ w\n", '{"x": [[1.0, 2.0]], "w": [[1.0], [2.0]]}', '{"x": [[3.0, 2.0]], "w": [[1.0], [-2.0]]}')
case("softmax_dim", "def f(x):\n    return torch.softmax(x, dim=1)\n", X23, X23c)
case("softmax_method", "def f(x):\n    return x.softmax(0)\n", X23, X23c)
case("cat_list", "def f(x, y):\n    return torch.cat([x, y], 0)\n", '{"x": [1.0, 2.0], "y": [3.0]}', '{"x": [1.0], "y": [3.0, 4.0]}')
case("tuple_return", "def f(x):\n    a = x + 1\n    b = x * 2\n    return a, b\n")
case("branch_tensor_else", "def f(x):\n    if x.sum() > 0:\n        y = x * 2\n    else:\n        y = x - 1\n    return y\n")
case("branch_float_arg", "def f(x, r: float):\n    if r > 0.5:\n        y = x * r\n    else:\n        y = x + r\n    return y\n", '{"x": [1.0, 2.0], "r": 0.75}', '{"x": [1.0, 2.0], "r": 0.25}')
case("branch_bool_arg", "def f(x, flag: bool):\n    if flag:\n        x = torch.relu(x)\n    return x + 1\n", '{"x": [1.0, -2.0], "flag": true}', '{"x": [1.0, -2.0], "flag": false}')
case("branch_elif", "def f(x, n: int):\n    if n == 0:\n        y = x\n    elif n == 1:\n        y = x * 2\n    else:\n        y = x * 3\n    return y\n", '{"x": [1.0, 2.0], "n": 1}', '{"x": [1.0, 2.0], "n": 2}')
case("branch_return", "def f(x, n: int):\n    if n > 3:\n        return x * 2\n    return x - 2\n", '{"x": [1.0, 2.0], "n": 5}', '{"x": [1.0, 2.0], "n": 1}')
case("loop_range_n", "def f(x, n: int):\n    for i in range(n):\n        x = x * 2\n    return x\n", '{"x": [1.0, 2.0], "n": 2}', '{"x": [1.0, 2.0], "n": 3}')
case("loop_counter", "def f(x, n: int):\n    s = 0\n    for i in range(n):\n        s = s + i\n    return x * s\n", '{"x": [1.0, 2.0], "n": 3}', '{"x": [1.0, 2.0], "n": 4}')
case("loop_nested", "def f(x):\n    for i in range(2):\n        for j in range(3):\n            x = x + j\n    return x\n")
case("while_counter", "def f(x, n: int):\n    i = 0\n    while i < n:\n        x = x + 1\n        i = i + 1\n    return x\n", '{"x": [1.0, 2.0], "n": 2}', '{"x": [1.0, 2.0], "n": 4}')
case("inplace_add", "def f(x):\n    y = x * 1\n    y += 2\n    return y\n")
case("inplace_mul", "def f(x):\n    y = x + 0\n    y *= x\n    return y\n")
case("item_mul", "def f(x):\n    s = x.sum().item()\n    return x * s\n")
case("float_conv", "def f(x):\n    return x * float(x.max())\n")
case("int_conv", "def f(x):\n    return x + int(x.sum())\n")
case("len_tensor", "def f(x):\n    return x * len(x)\n", X23, X23c)
case("list_arg", "def f(x, xs: List[int]):\n    return x.view(xs[0], xs[1])\n", '{"x": [1.0, 2.0, 3.0, 4.0], "xs": [2, 2]}', '{"x": [1.0, 2.0, 3.0, 4.0], "xs": [4, 1]}')
case("compare_tensor", "def f(x):\n    return x > 0\n")
case("and_or_ints", "def f(x, n: int):\n    if n > 0 and n < 5:\n        x = x * 2\n    return x\n", '{"x": [1.0], "n": 2}', '{"x": [1.0], "n": 7}')
case("floordiv_int", "def f(x, n: int):\n    return x * (n // 2)\n", '{"x": [1.0], "n": 5}', '{"x": [1.0], "n": 8}')
case("mod_int", "def f(x, n: int):\n    return x * (n % 3)\n", '{"x": [1.0], "n": 5}', '{"x": [1.0], "n": 7}')
case("pow_tensor", "def f(x):\n    return x ** 2\n")
case("mlp2", "def f(x, w1, w2):\n    h = torch.relu(x @ w1)\n    return torch.sigmoid(h @ w2)\n", '{"x": [[1.0, 2.0]], "w1": [[1.0, -1.0], [0.5, 2.0]], "w2": [[1.0], [-1.0]]}', '{"x": [[-1.0, 2.0]], "w1": [[1.0, -1.0], [0.5, 2.0]], "w2": [[1.0], [-1.0]]}')
case("chain_const", "def f(x):\n    a = x + 1.5\n    b = a * 2.5\n    return b - 3.5\n")
case("shape_mul", "def f(x):\n    return x * x.shape[0]\n", X23, X23c)
case("neg_literal", "def f(x):\n    return x * -2\n")
XY = '{"x": [1.0, -2.0, 3.0], "y": [0.5, 2.0, -1.0]}'
XYc = '{"x": [-1.0, 2.0, 0.5], "y": [1.5, -0.5, 2.0]}'
case("loop_carried_unused", "def f(x, y):\n    k1 = 0\n    while k1 < 3:\n        x = x * 0.5 + 1\n        k1 += 1\n    return y\n",
     XY, XYc, "loop-carried values nobody uses after the loop keep TorchScript's order")
case("loop_carried_first_use", "def f(x):\n    k = 0\n    j = 0\n    while k < 3:\n        j = j + 2\n        k += 1\n    return x * j + k\n",
     comment="loop outputs ordered by their first use after the loop")
case("loop_reflected_then_constant", "def f(x, y, n: int):\n    for i1 in range(n):\n        x = x + ((-2.5 + y) / 2)\n    return ((x / 0.5) / 0.5)\n",
     '{"x": [1.0, -2.0, 3.0], "y": [0.5, 2.0, -1.0], "n": 2}', '{"x": [-1.0, 2.0, 0.5], "y": [1.5, -0.5, 2.0], "n": 4}',
     "constants pooled from a loop body, then one after the loop")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
for n, s in cases.items():
    open(os.path.join(OUT, n + ".py"), "w").write(s)
print(len(cases))
