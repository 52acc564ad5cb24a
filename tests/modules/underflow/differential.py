#!/usr/bin/python3
"""Differential test: the emulated running products against numpy (float16, float32, float64)
and PyTorch (bfloat16, float8_e4m3fn, float8_e5m2 and the others), step by step.

Usage: differential.py <underflow_dump>. Exit 77 (ctest SKIP) when numpy or torch is missing.
Each case: the dump prints the float64 probabilities and the core's bits per step; here the same
probabilities are rounded to each dtype and multiplied one step at a time in that dtype."""
import json
import subprocess
import sys

try:
    import numpy as np
    import torch
except ImportError as error:
    print(f"SKIP: {error}")
    sys.exit(77)

CASES = [
    ["source=constant", "p=0.5", "steps=1200"],
    ["source=constant", "p=0.9", "steps=8000"],
    ["source=constant", "p=0.999", "steps=20000"],
    ["source=constant", "p=0.1", "steps=400"],
    ["source=constant", "p=0.001", "steps=120"],
    ["source=constant", "p=0.7", "steps=2500"],
    ["source=uniform", "seed=1", "steps=3000", "low=0.5", "high=1"],
    ["source=uniform", "seed=2", "steps=3000", "low=0", "high=1"],
    ["source=uniform", "seed=3", "steps=5000", "low=0.9", "high=1"],
    ["source=beta", "seed=4", "steps=4000", "alpha=8", "beta=2"],
    ["source=beta", "seed=5", "steps=3000", "alpha=50", "beta=0.5"],
    ["source=beta", "seed=6", "steps=2000", "alpha=0.5", "beta=0.5"],
    ["source=sentence", "steps=270"],
]

TORCH = {
    "float64": torch.float64,
    "float32": torch.float32,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
}
if hasattr(torch, "float8_e4m3fn"):
    TORCH["float8_e4m3fn"] = torch.float8_e4m3fn
    TORCH["float8_e5m2"] = torch.float8_e5m2
NUMPY = {"float64": (np.float64, np.uint64), "float32": (np.float32, np.uint32), "float16": (np.float16, np.uint16)}
WIDTH = {"float64": 16, "float32": 8, "bfloat16": 4, "float16": 4, "float8_e4m3fn": 2, "float8_e5m2": 2}


def summary(bits, zero_class):
    """first subnormal, first zero and stuck steps from hex bits and a classifier."""
    first_sub = first_zero = None
    for k, b in enumerate(bits, start=1):
        c = zero_class(b)
        if c == "sub" and first_sub is None:
            first_sub = k
        if c == "zero" and first_zero is None:
            first_zero = k
    stuck = None
    if len(bits) >= 2 and zero_class(bits[-1]) in ("sub", "normal"):
        first = len(bits) - 1
        while first > 0 and bits[first - 1] == bits[-1]:
            first -= 1
        if first < len(bits) - 1:
            stuck = first + 1
    return first_sub, first_zero, stuck


def classifier(dtype_name):
    total = {"float64": 64, "float32": 32, "bfloat16": 16, "float16": 16, "float8_e4m3fn": 8, "float8_e5m2": 8}[dtype_name]
    mant = {"float64": 52, "float32": 23, "bfloat16": 7, "float16": 10, "float8_e4m3fn": 3, "float8_e5m2": 2}[dtype_name]

    def classify(hexbits):
        b = int(hexbits, 16) & ((1 << (total - 1)) - 1)  # drop the sign
        if b == 0:
            return "zero"
        if b >> mant == 0:
            return "sub"
        return "normal"
    return classify


def numpy_run(probabilities, name):
    dtype, utype = NUMPY[name]
    ps = np.array(probabilities, dtype=np.float64).astype(dtype)
    x = ps[0]
    out = [x]
    for p in ps[1:]:
        x = dtype(x * p)
        out.append(x)
    return ["0x%0*x" % (WIDTH[name], int(np.array(v, dtype=dtype).view(utype))) for v in out]


def round_to_odd_float32(probabilities):
    """float64 → float32 rounded to odd (truncate, then set the last bit if inexact). Rounding
    that once more to nearest even in a format of at most 22 bits is the correct rounding of the
    float64 value (Boldo and Melquiond), which PyTorch's own cast (via float32, to nearest) is not."""
    d = np.array(probabilities, dtype=np.float64)
    f = d.astype(np.float32)
    too_far = np.abs(f.astype(np.float64)) > np.abs(d)
    f[too_far] = np.nextafter(f[too_far], np.float32(0))
    bits = f.view(np.uint32)
    bits[f.astype(np.float64) != d] |= np.uint32(1)
    return torch.from_numpy(bits.view(np.float32).copy())


def torch_cast(probabilities, name):
    """PyTorch's own float64 → dtype cast."""
    return torch.tensor(probabilities, dtype=torch.float64).to(TORCH[name])


def torch_run(probabilities, name):
    dtype = TORCH[name]
    if name in ("float64", "float32"):
        ps = torch.tensor(probabilities, dtype=torch.float64).to(dtype)
    else:
        ps = round_to_odd_float32(probabilities).to(dtype)
    x = ps[0:1].clone()
    rows = [x]
    for i in range(1, len(probabilities)):
        x = x * ps[i:i + 1]
        rows.append(x)
    values = torch.cat(rows)
    itype = {64: torch.int64, 32: torch.int32, 16: torch.int16, 8: torch.uint8}[WIDTH[name] * 4]
    raw = values.view(itype).tolist()
    mask = (1 << (WIDTH[name] * 4)) - 1
    return ["0x%0*x" % (WIDTH[name], v & mask) for v in raw]


def main():
    dump = sys.argv[1]
    compared = failures = cast_differences = 0
    for case in CASES:
        result = json.loads(subprocess.run([dump] + case, check=True, capture_output=True, text=True).stdout)
        probabilities = result["probabilities"]
        for name, core in result["formats"].items():
            references = []
            if name in NUMPY:
                references.append(("numpy", numpy_run(probabilities, name)))
            if name in TORCH:
                references.append(("torch", torch_run(probabilities, name)))
                if name not in ("float64", "float32"):
                    own = torch_cast(probabilities, name)
                    correct = round_to_odd_float32(probabilities).to(TORCH[name])
                    differing = int((own.float() != correct.float()).sum())
                    if differing:
                        cast_differences += differing
                        print(f"note: {' '.join(case)}: PyTorch's own float64 → {name} cast rounds {differing} "
                              "probabilities twice (via float32); compared with correctly rounded inputs")
            for library, bits in references:
                compared += 1
                expected = summary(bits, classifier(name))
                got = (core["first_subnormal_step"], core["first_zero_step"], core["stuck_from_step"])
                if bits != core["bits"] or expected != got:
                    failures += 1
                    first = next((k for k, (a, b) in enumerate(zip(bits, core["bits"])) if a != b), None)
                    print(f"MISMATCH {' '.join(case)} {name} vs {library}: steps {got} vs {expected}, "
                          f"first differing step {None if first is None else first + 1}")
    print(f"{compared} comparisons ({len(CASES)} cases, every step's bits), {failures} mismatches; "
          f"{cast_differences} probabilities double-rounded by PyTorch's own cast")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
