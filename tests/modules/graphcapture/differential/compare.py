#!/usr/bin/env python3
"""Differential test: ConceptLab's headless graphcapture output against PyTorch's.

Usage: compare.py CONCEPTLAB EXPECTED_DIR CORPUS_DIR [--known FILE [--write-known REASON]] [--jobs N]
                  [--verbose] [NAME...]

For each corpus program, runs `CONCEPTLAB sim graphcapture --set program=FILE --json` and compares
with PyTorch's recorded output (torch_reference.py): traced graph, scripted graph (PyTorch's
`graph`, and `inlined_graph` against `script.inlined_graph`), TracerWarnings, the scripting
error, eager outputs and the check outputs. Graph text is compared after normalising value names
(renumbered in order of first appearance) and dropping source-location comments, nothing else.
Prints the counts of identical graphs; exits 1 if a difference is not listed in the known file
(or a listed one no longer occurs).
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

VALUE = re.compile(r"%([A-Za-z0-9_.]+)")
COMMENT = re.compile(r" # [^\n]*$", re.M)


def normalise_graph(text):
    if text is None:
        return None
    text = COMMENT.sub("", text)
    names = {}

    def rename(match):
        name = match.group(1)
        if name not in names:
            names[name] = "v" + str(len(names))
        return "%" + names[name]

    return VALUE.sub(rename, text).rstrip("\n") + "\n"


def close(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-6 + 1e-5 * abs(a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return "error" in a and "error" in b
    return a == b


def torch_error(text):
    """The message, line and column of a TorchScript compile error (first line, 'File ..., line N', the
    first '~' of the highlighted range)."""
    if text is None:
        return None
    lines = [line for line in text.splitlines() if line.strip()]
    message = lines[0].rstrip(":") if lines else ""
    match = re.search(r'File "[^"]*", line (\d+)', text)
    column = None
    if match:
        # The first highlighted line follows the range's first source line: its first '~' is the column.
        for line in text[match.end():].splitlines():
            if "~" in line:
                column = line.index("~") + 1
                break
    return {"message": message, "line": int(match.group(1)) if match else None, "column": column}


def ours_error(error):
    if error is None:
        return None
    return {"message": error.get("message"), "line": error.get("line"), "column": error.get("column")}


def compare_program(conceptlab, expected_dir, corpus_dir, name):
    with open(os.path.join(expected_dir, name + ".json"), encoding="utf-8") as f:
        torch = json.load(f)
    program = os.path.join(corpus_dir, name + ".py")
    run = subprocess.run([conceptlab, "sim", "graphcapture", "--set", "program=" + program, "--json"],
                         capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    if run.returncode != 0:
        return name, {"run": run.stderr.strip()}, torch, None
    ours = json.loads(run.stdout)
    differences = {}

    def check(field, expected, actual):
        if expected != actual:
            differences[field] = {"torch": expected, "conceptlab": actual}

    check("trace.graph", normalise_graph(torch["trace"]["graph"]), normalise_graph(ours["trace"]["graph"]))
    check("script.graph", normalise_graph(torch["script"]["graph"]), normalise_graph(ours["script"]["graph"]))
    if "inlined_graph" in ours["script"]:
        check("script.inlined_graph", normalise_graph(torch["script"]["inlined_graph"]),
              normalise_graph(ours["script"]["inlined_graph"]))
    torch_warnings = [{"line": w["line"], "message": w["message"]} for w in torch["trace"]["warnings"]
                      if w["category"] == "TracerWarning"]
    check("trace.warnings", torch_warnings, ours["trace"]["warnings"])
    torch_trace_error = torch["trace"]["error"]
    ours_trace_error = ours["trace"]["error"]
    check("trace.error", torch_trace_error.splitlines()[0] if torch_trace_error else None,
          ours_trace_error["message"] if ours_trace_error else None)
    check("script.error", torch_error(torch["script"]["error"]), ours_error(ours["script"]["error"]))
    if not close(torch["eager"], ours["eager"]["outputs"]):
        check("eager.outputs", torch["eager"], ours["eager"]["outputs"])
    if torch["check"] is not None:
        for key in ("eager", "trace", "script"):
            expected, actual = torch["check"][key], ours["check"][key]
            # PyTorch gives no function to run when tracing or scripting failed; ConceptLab says why.
            if expected is None and (actual is None or "error" in actual):
                continue
            if not close(expected, actual):
                check("check." + key, expected, actual)
    return name, differences, torch, ours


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("conceptlab")
    parser.add_argument("expected")
    parser.add_argument("corpus")
    parser.add_argument("--known")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--write-known", metavar="REASON",
                        help="rewrite the known file to the current differences (new ones get REASON)")
    parser.add_argument("names", nargs="*")
    args = parser.parse_intermixed_args()
    names = args.names or sorted(n[:-5] for n in os.listdir(args.expected) if n.endswith(".json"))
    known = {}
    if args.known:
        with open(args.known, encoding="utf-8") as f:
            known = json.load(f)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda n: compare_program(args.conceptlab, args.expected, args.corpus, n), names))

    counts = {"trace": [0, 0], "script": [0, 0], "inlined": [0, 0]}
    failures = 0
    for name, differences, torch, ours in results:
        for key, field, torch_key in (("trace", "trace.graph", "trace"), ("script", "script.graph", "script")):
            if torch[torch_key]["graph"] is not None:
                counts[key][1] += 1
                if field not in differences and "run" not in differences:
                    counts[key][0] += 1
        if torch["script"]["inlined_graph"] is not None and ours is not None and "inlined_graph" in ours["script"]:
            counts["inlined"][1] += 1
            if "script.inlined_graph" not in differences:
                counts["inlined"][0] += 1
        expected_fields = set(known.get(name, {}))
        unexpected = sorted(set(differences) - expected_fields)
        stale = sorted(expected_fields - set(differences))
        for field in unexpected:
            failures += 1
            print(f"FAIL {name}: {field} differs")
            if args.verbose:
                diff = differences[field]
                for side in ("torch", "conceptlab"):
                    value = diff[side] if isinstance(diff, dict) and side in diff else diff
                    print(f"  --- {side}:\n" + (value if isinstance(value, str) else json.dumps(value)))
        for field in stale:
            failures += 1
            print(f"FAIL {name}: {field} is listed as a known difference but now agrees; remove it")
    if args.write_known:
        current = {}
        for name, differences, _, _ in results:
            if differences:
                current[name] = {field: known.get(name, {}).get(field, args.write_known) for field in sorted(differences)}
        with open(args.known, "w", encoding="utf-8") as f:
            json.dump(current, f, indent=1, sort_keys=True)
            f.write("\n")
        failures = 0
    print(f"programs {len(results)}: scripted graphs identical {counts['script'][0]}/{counts['script'][1]}, "
          f"inlined {counts['inlined'][0]}/{counts['inlined'][1]}, "
          f"traced graphs identical {counts['trace'][0]}/{counts['trace'][1]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
