#!/usr/bin/env python3
"""Hostile-input sweep of `conceptlab sim`: every parameter of every module gets bad values
(empty, malformed, huge, negative, NaN, wrong type, very long, unicode, endless files) and
explosive but valid ones (each maximum, all maxima at once), under a memory and a time cap.
`conceptlab export` gets bad steps (refused) and the end and a step far past it (drawn: a step
past the end shows the end), and, to an animation, bad and extreme --steps, --fps and --size values.

A bad value must exit 2 with one stderr line of bounded length; nothing may die of a signal,
run past the time cap or exceed the memory cap. The parameters are read from `sim <id> --help`,
so a new module is covered without editing this file.

Usage: hostile_sweep.py CONCEPTLAB [--quick] [--jobs N]
Exit status 0 when every run behaved, 1 otherwise; a summary is printed either way.
"""
import argparse
import concurrent.futures
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time

MEMORY_CAP_BYTES = 8 << 30  # address space; the largest legitimate run stays far below
TIME_CAP_SECONDS = 60
MAX_STDERR_CHARS = 600

PARAMETER_LINE = re.compile(r"^  ([a-z_][a-z0-9_]*)\s{2,}(.*)$")
RANGE = re.compile(r"^an? (integer|real number) in \[([^,]+), ([^\]]+)\]")

BAD_NUMBERS = ["", "abc", "1,5", "2,500", "0x10", "0x1p3", "nan", "inf", "-inf", "1e400",
               "99999999999999999999999", "-1e308", "ü", "1 2", "--1", "\uff11", "9" * 100000]
BAD_WORDS = ["", "nosuch", "ü∀😀", "x" * 100000, "true false"]
ODD_TEXT = ["", "ü∀😀", "\x01\x02", "(((((", "{", "]]", "/dev/zero", "/nonexistent/x",
            "(" * 100000, "a" * 100000]


def parse_help(binary, module):
    out = subprocess.run([binary, "sim", module, "--help"], capture_output=True, text=True,
                         check=True).stdout
    parameters = []
    for line in out.splitlines():
        match = PARAMETER_LINE.match(line)
        if not match:
            continue
        key, allowed = match.group(1), match.group(2)
        numeric = RANGE.match(allowed)
        if numeric:
            kind = "integer" if numeric.group(1) == "integer" else "real"
            parameters.append({"key": key, "kind": kind, "min": numeric.group(2),
                               "max": numeric.group(3).split()[0]})
        elif allowed.startswith("one of:"):
            parameters.append({"key": key, "kind": "enum"})
        elif allowed.startswith("true or false"):
            parameters.append({"key": key, "kind": "boolean"})
        else:
            parameters.append({"key": key, "kind": "text"})
    return parameters


def below_minimum(parameter):
    minimum = float(parameter["min"])
    if parameter["kind"] == "integer":
        return str(int(minimum) - 1)
    return repr(minimum - max(1.0, abs(minimum)))


def above_maximum(parameter):
    maximum = float(parameter["max"])
    if parameter["kind"] == "integer":
        return str(int(maximum) + 1) if maximum < 2**62 else "9223372036854775808"
    return repr(maximum * 2 + 1)


def cases_for(module, parameters, quick):
    """(module, settings, expectation) where expectation is 'refused' (exit 2) or 'bounded'."""
    cases = []
    for index, parameter in enumerate(parameters):
        key, kind = parameter["key"], parameter["kind"]
        if kind in ("integer", "real"):
            bad = BAD_NUMBERS + [below_minimum(parameter), above_maximum(parameter)]
            explosive = [parameter["max"], parameter["min"]]
        elif kind in ("enum", "boolean"):
            bad, explosive = BAD_WORDS, []
        else:
            bad, explosive = [], ODD_TEXT
        if quick:  # one bad value per parameter, chosen by position, and the maximum
            bad = bad[index % len(bad):][:1] if bad else []
            explosive = explosive[index % len(explosive):][:1] if explosive else []
        cases += [(module, [(key, value)], "refused", []) for value in bad]
        cases += [(module, [(key, value)], "bounded", []) for value in explosive]
    maxima = [(p["key"], p["max"]) for p in parameters if p["kind"] in ("integer", "real")]
    if maxima:
        cases.append((module, maxima, "bounded", []))
    return cases


def file_cases(module, scratch):
    """Scenario files that are endless, malformed or absurdly nested."""
    files = {
        "malformed": '{"module": "%s", "version": 1, "params": {' % module,
        "nested": '{"module": "%s", "version": 1, "params": {"x": %s}}' % (
            module, "[" * 100000 + "]" * 100000),
        "wrongtype": '{"module": "%s", "version": 1, "params": [], "step": "two"}' % module,
    }
    cases = [(module, [], "refused", ["--scenario", "/dev/zero"])]
    for name, text in files.items():
        path = os.path.join(scratch, f"{module}-{name}.conceptlab.json")
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        cases.append((module, [], "refused", ["--scenario", path]))
    return cases


BAD_STEPS = ["", "-1", "ende", "1e3", "1.5", "1000001", "9" * 100000, "end end"]
EDGE_STEPS = ["end", "1000000"]


def step_cases(module, quick):
    """`export --step` with bad values (refused) and with the end and far past it (bounded)."""
    bad = BAD_STEPS[:2] if quick else BAD_STEPS
    cases = [(module, [], "refused", ["--step", step]) for step in bad]
    cases += [(module, [], "bounded", ["--step", step]) for step in EDGE_STEPS]
    return cases


def animation_cases(module, scratch):
    """`export` to .gif/.webp with bad animation options (refused) and small valid ones."""
    gif = ["--command", "export", "--out", os.path.join(scratch, f"{module}.gif")]
    webp = ["--command", "export", "--out", os.path.join(scratch, f"{module}.webp")]
    steps = ["", "5", "a:b", ":", "1:", "-1:2", "2:1", "0:99999999999999999999", "0:1000",
             "0:1e3", "0:\u0663", "0x1:2", " 0:2", "0:2:4", "1,5:3", "0:" + "9" * 100000]
    fps = ["", "0", "61", "2.5", "1e1", "-5", "nan", "\uff11", "9" * 100000]
    sizes = ["0x0", "9000x64", "64x64x64", "x", "64X64"]
    cases = [(module, [], "refused", gif + ["--steps", value]) for value in steps]
    cases += [(module, [], "refused", webp + ["--steps", "0:1", "--fps", value]) for value in fps]
    cases += [(module, [], "refused", gif + ["--steps", "0:1", "--size", value]) for value in sizes]
    cases += [(module, [], "refused", gif + ["--steps", "0:40", "--size", "8192x8192"]),
              (module, [], "refused", gif + ["--steps", "0:1", "--step", "1"]),
              (module, [], "refused", ["--command", "export", "--out",
                                       os.path.join(scratch, "x.png"), "--steps", "0:1"]),
              (module, [], "refused", gif + ["--steps", "1000000:1000000", "--size", "64x64"])]
    # Valid but fast: a past-the-end LAST may refuse (exit 2); anything else must write.
    cases += [(module, [], "bounded", gif + ["--steps", "0:3", "--fps", "60", "--size", "64x64"]),
              (module, [], "bounded", webp + ["--steps", "0:3", "--fps", "1", "--size", "64x64"])]
    return cases


def limit_child():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


def run_case(binary, case, scratch):
    module, settings, expectation, extra = case
    if extra[:1] == ["--step"]:
        picture = os.path.join(scratch, f"{module}-{os.getpid()}-{time.monotonic_ns()}.png")
        arguments = [binary, "export", module, "--size", "320x180", "--out", picture] + extra
    elif extra[:2] == ["--command", "export"]:
        arguments = [binary, "export", module] + extra[2:]
    else:
        arguments = [binary, "sim", module, "--json"] + extra
    for key, value in settings:
        arguments += ["--set", f"{key}={value}"]
    errors_path = os.path.join(scratch, f"{os.getpid()}-{time.monotonic_ns()}.err")
    started = time.monotonic()
    with open(errors_path, "wb") as errors:
        process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=errors,
                                   preexec_fn=limit_child)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - started > TIME_CAP_SECONDS:
                os.killpg(process.pid, signal.SIGKILL)
                timed_out = True
            time.sleep(0.01)
    seconds = time.monotonic() - started
    with open(errors_path, "rb") as errors:
        stderr = errors.read().decode("utf-8", "replace")
    os.unlink(errors_path)
    signalled = os.WIFSIGNALED(status)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status)
    problems = []
    if timed_out:
        problems.append(f"ran past {TIME_CAP_SECONDS} s")
    elif signalled:
        problems.append(f"killed by signal {os.WTERMSIG(status)}")
    elif expectation == "refused" and code != 2:
        problems.append(f"exit {code}, expected 2")
    elif code not in (0, 2):
        problems.append(f"exit {code}")
    if code != 0 and not timed_out:
        lines = stderr.splitlines()
        if len(lines) != 1:
            problems.append(f"{len(lines)} stderr lines")
        if len(stderr) > MAX_STDERR_CHARS:
            problems.append(f"stderr of {len(stderr)} characters")
    return {"module": module, "settings": settings + [(extra[i], extra[i + 1]) for i in range(0, len(extra), 2)], "code": code, "seconds": seconds,
            "max_rss_kb": usage.ru_maxrss, "problems": problems, "stderr": stderr[:300]}


def shown(settings):
    parts = []
    for key, value in settings:
        text = value if len(value) <= 40 else f"{value[:20]}…({len(value)} chars)"
        parts.append(f"{key}={text!r}")
    return " ".join(parts)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    listing = json.loads(subprocess.run([options.binary, "list", "--json"], capture_output=True,
                                        text=True, check=True).stdout)
    modules = [m["id"] for m in listing["modules"]]
    with tempfile.TemporaryDirectory() as scratch:
        cases = []
        for module in modules:
            cases += cases_for(module, parse_help(options.binary, module), options.quick)
            if not options.quick or module == modules[0]:
                cases += file_cases(module, scratch)
                cases += animation_cases(module, scratch)
            cases += step_cases(module, options.quick)
        results = []
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            for result in pool.map(lambda c: run_case(options.binary, c, scratch), cases):
                results.append(result)
    failures = [r for r in results if r["problems"]]
    codes = {}
    for r in results:
        codes[r["code"]] = codes.get(r["code"], 0) + 1
    slowest = max(results, key=lambda r: r["seconds"])
    largest = max(results, key=lambda r: r["max_rss_kb"])
    print(f"hostile sweep: {len(results)} runs over {len(modules)} modules "
          f"({'quick' if options.quick else 'full'}); exit codes "
          + ", ".join(f"{code}: {count}" for code, count in sorted(codes.items())))
    print(f"slowest: {slowest['seconds']:.2f} s, {slowest['module']} {shown(slowest['settings'])}")
    print(f"largest: {largest['max_rss_kb'] / 1024:.0f} MB, {largest['module']} {shown(largest['settings'])}")
    for r in failures:
        print(f"FAIL {r['module']} {shown(r['settings'])}: {'; '.join(r['problems'])}: {r['stderr'][:200]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
