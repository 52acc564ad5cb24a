#!/usr/bin/python3
"""Random programs of the documented subset, run through PyTorch 1.13 and ConceptLab and compared
like the corpus (compare.py); a failing program is shrunk (statements dropped while it still fails)
and printed.

Usage: random_programs.py CONCEPTLAB --seed S --count N [--keep DIR]
Needs /usr/bin/python3 with torch. Exits 1 when a program differs.
"""
import argparse
import os
import random
import sys
import tempfile

import compare
import torch_reference

TENSOR_UNARY = ["torch.relu({})", "torch.tanh({})", "torch.sigmoid({})", "{}.neg()", "-{}", "{}.exp().log()"]
NUMBERS = ["2", "3", "1.5", "0.5", "-1", "-2.5"]


class Generator:
    def __init__(self, rng, with_int):
        self.rng = rng
        self.with_int = with_int
        self.tensors = ["x", "y"]
        self.ints = ["n"] if with_int else []
        self.counter = 0

    def new_name(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def tensor_expr(self, depth=0):
        r = self.rng.random()
        if depth > 1 or r < 0.3:
            return self.rng.choice(self.tensors)
        if r < 0.5:
            return self.rng.choice(TENSOR_UNARY).format(self.tensor_expr(depth + 1))
        op = self.rng.choice(["+", "-", "*", "/"])
        a = self.tensor_expr(depth + 1)
        if self.rng.random() < 0.5:
            b = self.tensor_expr(depth + 1)
            if op == "/":
                b = f"({b} * {b} + 1)"
            return f"({a} {op} {b})"
        number = self.rng.choice(NUMBERS + self.ints)
        if op == "/":
            return f"({a} / {number})" if number not in ("0",) else f"({a} * 2)"
        if self.rng.random() < 0.5:
            return f"({number} {op} {a})" if op != "/" else f"({a} / {number})"
        return f"({a} {op} {number})"

    def int_expr(self):
        a = self.rng.choice(self.ints + ["1", "2", "3"])
        b = self.rng.choice(["1", "2", "3"] + self.ints)
        return f"{a} {self.rng.choice(['+', '-', '*'])} {b}"

    def statements(self, indent, depth):
        lines = []
        for _ in range(self.rng.randint(1, 3)):
            lines += self.statement(indent, depth)
        return lines

    def statement(self, indent, depth):
        pad = "    " * indent
        r = self.rng.random()
        if depth < 2 and r < 0.15:
            var = self.rng.choice(self.tensors)
            cond = (f"n > {self.rng.randint(0, 3)}" if self.ints and self.rng.random() < 0.6
                    else f"{self.rng.choice(self.tensors)}.sum() > 0")
            lines = [f"{pad}if {cond}:", f"{pad}    {var} = {self.tensor_expr()}"]
            if self.rng.random() < 0.6:
                lines += [f"{pad}else:", f"{pad}    {var} = {self.tensor_expr()}"]
            return lines
        if depth < 2 and r < 0.3:
            var = self.rng.choice(self.tensors)
            loop = self.rng.choice(["range(3)", "range(1, 7, 2)", "range(2, 5)"] + (["range(n)"] if self.ints else []))
            i = self.new_name("i")
            body = self.rng.choice([f"{var} = {var} * 2 + {i}", f"{var} = {var} + {self.tensor_expr()}",
                                    f"{var} = torch.tanh({var}) - {i}"])
            return [f"{pad}for {i} in {loop}:", f"{pad}    {body}"]
        if depth < 2 and r < 0.38:
            var = self.rng.choice(self.tensors)
            k = self.new_name("k")
            return [f"{pad}{k} = 0", f"{pad}while {k} < {self.rng.randint(1, 3)}:",
                    f"{pad}    {var} = {var} * 0.5 + 1", f"{pad}    {k} += 1"]
        if self.ints and r < 0.5:
            m = self.new_name("m")
            self.ints.append(m) if indent == 1 else None
            return [f"{pad}{m} = {self.int_expr()}"]
        if r < 0.6:
            var = self.rng.choice(self.tensors)
            return [f"{pad}{var} = {var} {self.rng.choice(['+', '-', '*'])} {self.rng.choice(NUMBERS)}"]
        if indent == 1 and r < 0.8:
            t = self.new_name("t")
            line = f"{pad}{t} = {self.tensor_expr()}"
            self.tensors.append(t)
            return [line]
        var = self.rng.choice(self.tensors)
        return [f"{pad}{var} = {self.tensor_expr()}"]

    def program(self, index):
        params = "x, y, n: int" if self.with_int else "x, y"
        body = self.statements(1, 0)
        body.append(f"    return {self.tensor_expr()}")
        inputs = '{"x": [1.0, -2.0, 3.0], "y": [0.5, 2.0, -1.0]' + (', "n": 2}' if self.with_int else "}")
        check = '{"x": [-1.0, 2.0, 0.5], "y": [1.5, -0.5, 2.0]' + (', "n": 4}' if self.with_int else "}")
        return "\n".join([f"# random program {index}", f"# inputs: {inputs}", f"# check_inputs: {check}",
                          "import torch", "", "", f"def f({params}):"] + body) + "\n"


def differences(conceptlab, source, directory, name="p"):
    path = os.path.join(directory, name + ".py")
    with open(path, "w", encoding="utf-8") as out:
        out.write(source)
    try:
        result = torch_reference.reference(path)
    except Exception:  # noqa: BLE001 (a program Python rejects is not a case)
        return None
    if isinstance(result["eager"], dict):
        return None  # nor is one whose eager run fails
    expected = os.path.join(directory, "expected")
    os.makedirs(expected, exist_ok=True)
    import json
    with open(os.path.join(expected, name + ".json"), "w", encoding="utf-8") as out:
        json.dump(result, out)
    _, found, _, _ = compare.compare_program(conceptlab, expected, directory, name)
    return found


def shrink(conceptlab, source, directory):
    lines = source.split("\n")
    changed = True
    attempts = 0
    while changed and attempts < 60:
        changed = False
        for k in range(len(lines) - 1, 6, -1):
            text = lines[k].strip()
            # A while loop's counter step stays: without it the eager run would not end.
            if text.startswith(("def ", "return")) or not text or text.endswith("+= 1"):
                continue
            attempts += 1
            candidate = "\n".join(lines[:k] + lines[k + 1:])
            found = differences(conceptlab, candidate, directory, "shrunk")
            if found:
                lines = candidate.split("\n")
                changed = True
                break
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("conceptlab")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--keep")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = compared = 0
    import contextlib
    import io
    with tempfile.TemporaryDirectory() as directory:
        work = args.keep or directory
        os.makedirs(work, exist_ok=True)
        for index in range(args.count):
            source = Generator(rng, rng.random() < 0.5).program(index)
            with contextlib.redirect_stdout(io.StringIO()):
                found = differences(args.conceptlab, source, work)
            if found is None:
                continue
            compared += 1
            if found:
                failures += 1
                with contextlib.redirect_stdout(io.StringIO()):
                    minimal = shrink(args.conceptlab, source, work)
                print(f"FAIL seed {args.seed} program {index}: {', '.join(sorted(found))} differ; shrunk:\n{minimal}")
                if failures >= 3:
                    break
    print(f"seed {args.seed}: {compared} random programs compared, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
