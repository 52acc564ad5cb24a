#!/usr/bin/python3
"""Runs each corpus program through real PyTorch (torch.jit.trace and torch.jit.script) and
writes what PyTorch printed: graph and inlined_graph text, TracerWarnings, errors, outputs.

Usage: torch_reference.py [--check] CORPUS_DIR OUT_DIR [NAME...]
With --check nothing is written: exits 1 if a stored file differs from what PyTorch gives now.
Needs /usr/bin/python3 with torch (Debian 12: python3-torch, PyTorch 1.13). The output files are
checked in (expected/) so that compare.py runs where torch is absent.
"""
import ast
import contextlib
import io
import importlib.util
import json
import os
import re
import sys
import tempfile
import warnings
from typing import List, Tuple  # noqa: F401  (programs may use them without importing)

import torch


def comment_json(source, key):
    match = re.search(r"^# " + key + r": (.*)$", source, re.M)
    return json.loads(match.group(1)) if match else None


def entry_signature(source):
    defs = [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    entry = defs[-1]
    params = []
    for arg in entry.args.args:
        annotation = ast.unparse(arg.annotation) if arg.annotation is not None else "Tensor"
        params.append((arg.arg, annotation))
    return entry.name, params


def make_args(params, values):
    args = []
    for name, annotation in params:
        value = values[name]
        if annotation == "int":
            args.append(int(value))
        elif annotation == "float":
            args.append(float(value))
        elif annotation == "bool":
            args.append(bool(value))
        elif annotation.startswith("List"):
            args.append(list(value))
        else:
            args.append(torch.tensor(value, dtype=torch.float32))
    return args


def to_json(value):
    if isinstance(value, torch.Tensor):
        if value.dtype == torch.bool:
            return value.tolist()
        if value.is_floating_point():
            return value.tolist()
        return value.tolist()
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return repr(value)


def outputs(value):
    if isinstance(value, tuple):
        return [to_json(v) for v in value]
    return [to_json(value)]


def run_outputs(fn, args):
    try:
        return outputs(fn(*args))
    except Exception as error:  # noqa: BLE001 (every failure is a result)
        return {"error": first_line(error)}


def first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def strip_path(text, directory):
    return text.replace(directory + os.sep, "")


def reference(path):
    source = open(path, encoding="utf-8").read()
    name = os.path.splitext(os.path.basename(path))[0]
    entry, params = entry_signature(source)
    inputs = comment_json(source, "inputs")
    check = comment_json(source, "check_inputs")
    result = {"program": name}
    with tempfile.TemporaryDirectory() as directory:
        file_name = os.path.join(directory, name + ".py")
        with open(file_name, "w", encoding="utf-8") as out:
            out.write(source)
        spec = importlib.util.spec_from_file_location("corpus_" + name, file_name)
        module = importlib.util.module_from_spec(spec)
        module.__dict__.update({"List": List, "Tuple": Tuple, "torch": torch})
        spec.loader.exec_module(module)
        function = getattr(module, entry)
        args = make_args(params, inputs)
        check_args = make_args(params, check) if check is not None else None
        result["eager"] = run_outputs(function, args)

        trace = {"graph": None, "inlined_graph": None, "error": None, "warnings": []}
        traced = None
        with warnings.catch_warnings(record=True) as caught:
            try:
                traced = torch.jit.trace(function, tuple(args))
                trace["graph"] = strip_path(str(traced.graph), directory)
                trace["inlined_graph"] = strip_path(str(traced.inlined_graph), directory)
            except Exception as error:  # noqa: BLE001
                trace["error"] = strip_path(str(error), directory)
        for w in caught:
            trace["warnings"].append({
                "category": w.category.__name__,
                "file": os.path.basename(w.filename),
                "line": w.lineno,
                "message": str(w.message),
            })
        result["trace"] = trace

        script = {"graph": None, "inlined_graph": None, "error": None}
        scripted = None
        try:
            scripted = torch.jit.script(function)
            script["graph"] = strip_path(str(scripted.graph), directory)
            script["inlined_graph"] = strip_path(str(scripted.inlined_graph), directory)
        except Exception as error:  # noqa: BLE001
            script["error"] = strip_path(str(error), directory)
        result["script"] = script

        if check_args is not None:
            result["check"] = {
                "eager": run_outputs(function, check_args),
                "trace": run_outputs(traced, check_args) if traced is not None else None,
                "script": run_outputs(scripted, check_args) if scripted is not None else None,
            }
        else:
            result["check"] = None
    return result


def main():
    arguments = sys.argv[1:]
    check_only = arguments[:1] == ["--check"]
    if check_only:
        arguments = arguments[1:]
    corpus, out_dir = arguments[0], arguments[1]
    names = arguments[2:] or sorted(n[:-3] for n in os.listdir(corpus) if n.endswith(".py"))
    if not check_only:
        os.makedirs(out_dir, exist_ok=True)
    stale = []
    torch.manual_seed(0)
    for name in names:
        with contextlib.redirect_stdout(io.StringIO()):
            result = reference(os.path.join(corpus, name + ".py"))
        text = json.dumps(result, indent=1, sort_keys=True) + "\n"
        path = os.path.join(out_dir, name + ".json")
        if check_only:
            stored = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if stored != text:
                stale.append(name)
                print(f"FAIL {name}: the stored PyTorch output differs from PyTorch {torch.__version__}'s")
        else:
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
    if check_only:
        print(f"{len(names)} programs, {len(stale)} stored outputs differ from PyTorch {torch.__version__}")
    else:
        print(f"wrote PyTorch {torch.__version__}'s outputs of {len(names)} programs to {out_dir}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
