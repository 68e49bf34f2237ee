#!/usr/bin/env python3
"""Runs Lisp2D test cases the way the conformance suite's README describes.

A case is NAME.l2d with optional NAME.out (exact stdout), NAME.err (stderr, a line of
exactly `...` matches any number of lines), NAME.exit (status, else 0), NAME.args (one
argument per line), NAME.in (stdin), NAME.sort (compare sorted lines), NAME.repl (feed
the file to the interactive mode), NAME.modes (the modes the case holds in, one a line, e.g.
`compiled` for what only compiled code promises, such as a flat stack in self tail calls;
in other modes it is skipped and counts as passed). Each case runs in a fresh temporary
directory.

  casetool.py --l2dc PATH --mode compiled|repl CASE.l2d...     run cases, report each
  casetool.py --l2dc PATH --mode compiled --suite DIR [--known-failures FILE]
      run every case of DIR and print `N passed, M failed`; exit 1 if a case fails
      that is not listed as a known failure (listed ones are still reported).
"""
import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

from known_list import read_known_list
import time

TIMEOUT = 60


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def err_matches(expected, actual):
    exp = expected.split(b"\n")
    act = actual.split(b"\n")
    # dynamic programming over `...` wildcards
    memo = {}

    def match(i, j):
        key = (i, j)
        if key in memo:
            return memo[key]
        if i == len(exp):
            r = j == len(act)
        elif exp[i] == b"...":
            r = any(match(i + 1, k) for k in range(j, len(act) + 1))
        else:
            r = j < len(act) and exp[i] == act[j] and match(i + 1, j + 1)
        memo[key] = r
        return r

    return match(0, 0)


def sorted_lines(data):
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return sorted(lines)


BUILD_FLAGS = []  # --build-flag: extra options of `l2dc build` (e.g. -O0 in the sanitized tree)


def run_case(l2dc, case, mode, build_dir=None):
    """Returns (passed, message)."""
    base = case[:-4]
    name = os.path.basename(base)
    if os.path.exists(base + ".modes"):
        modes = read(base + ".modes", "r").split()
        if mode not in modes:
            return True, "skipped (only %s)" % " ".join(modes)
    expected_out = read(base + ".out") if os.path.exists(base + ".out") else b""
    expected_err = read(base + ".err") if os.path.exists(base + ".err") else None
    expected_exit = int(read(base + ".exit", "r").strip()) if os.path.exists(base + ".exit") else 0
    args = []
    if os.path.exists(base + ".args"):
        args = read(base + ".args", "r").split("\n")
        if args and args[-1] == "":
            args.pop()
    stdin = read(base + ".in") if os.path.exists(base + ".in") else b""
    is_sorted = os.path.exists(base + ".sort")
    is_repl = os.path.exists(base + ".repl")
    work = tempfile.mkdtemp(prefix="l2dc-case-")
    try:
        shutil.copy(case, os.path.join(work, name + ".l2d"))
        env = dict(os.environ)
        env["NO_COLOR"] = "1"
        env.pop("L2D_CONFORMANCE_UNSET_VARIABLE", None)
        if mode == "check":
            # A translation-error case: `l2dc check` must print exactly NAME.err and fail.
            cmd = [l2dc, "check", name + ".l2d"]
            if not os.path.exists(base + ".exit"):
                expected_exit = 1
        elif is_repl:
            cmd = [l2dc, "repl"]
            stdin = read(case)
        elif mode == "repl":
            cmd = [l2dc, "repl", name + ".l2d"] + args
        else:
            build = subprocess.run([l2dc, "build", *BUILD_FLAGS, name + ".l2d", "-o", "prog"], cwd=work, env=env,
                                   stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
            if build.returncode != 0:
                return False, "build failed:\n" + build.stderr.decode(errors="replace")
            cmd = ["./prog"] + args
        start = time.time()
        try:
            p = subprocess.run(cmd, cwd=work, env=env, input=stdin, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return False, "timed out after %d s" % TIMEOUT
        out, err, status = p.stdout, p.stderr, p.returncode
        if status < 0:
            status = 128 - status
        problems = []
        if is_sorted:
            if sorted_lines(out) != sorted_lines(expected_out):
                problems.append("stdout (sorted) differs")
        elif out != expected_out:
            problems.append("stdout differs")
        if expected_err is None:
            if err != b"":
                problems.append("stderr should be empty")
        else:
            e_ok = (sorted_lines(err) == sorted_lines(expected_err)) if is_sorted and b"..." not in expected_err \
                else err_matches(expected_err.rstrip(b"\n"), err.rstrip(b"\n"))
            if not e_ok:
                problems.append("stderr differs")
        if status != expected_exit:
            problems.append("exit status %d, expected %d" % (status, expected_exit))
        if problems:
            detail = "; ".join(problems)
            detail += "\n--- expected stdout\n" + expected_out.decode(errors="replace")
            detail += "\n--- actual stdout\n" + out.decode(errors="replace")
            if err or expected_err:
                detail += "\n--- expected stderr\n" + (expected_err or b"").decode(errors="replace")
                detail += "\n--- actual stderr\n" + err.decode(errors="replace")
            return False, detail
        return True, "ok (%.2f s)" % (time.time() - start)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--mode", choices=["compiled", "repl", "check"], default="compiled")
    ap.add_argument("--suite")
    ap.add_argument("--known-failures")
    ap.add_argument("--recursive", action="store_true", help="take the suite's subfolders too")
    ap.add_argument("--jobs", type=int, default=1, help="cases run at once")
    ap.add_argument("--build-flag", action="append", default=[], help="an option for `l2dc build`")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("cases", nargs="*")
    a = ap.parse_args()
    l2dc = os.path.abspath(a.l2dc)
    BUILD_FLAGS.extend(a.build_flag)
    cases = list(a.cases)
    if a.suite and a.recursive:
        cases += sorted(os.path.join(d, f) for d, _, files in os.walk(a.suite) for f in files if f.endswith(".l2d"))
    elif a.suite:
        cases += sorted(os.path.join(a.suite, f) for f in os.listdir(a.suite) if f.endswith(".l2d"))
    known = dict(read_known_list(a.known_failures))
    passed = failed = 0
    unexpected = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        results = list(pool.map(lambda case: run_case(l2dc, case, a.mode), cases))
    for case, (ok, msg) in zip(cases, results):
        name = os.path.basename(case)[:-4]
        if ok:
            passed += 1
            if a.verbose:
                print("PASS %s %s" % (name, msg))
        else:
            failed += 1
            if name in known:
                print("KNOWN FAILURE %s: %s" % (name, known[name]))
            else:
                unexpected.append(name)
                print("FAIL %s: %s" % (name, msg))
    print("%d passed, %d failed" % (passed, failed))
    if unexpected:
        print("unexpected failures: " + " ".join(unexpected))
    sys.exit(1 if unexpected else 0)


if __name__ == "__main__":
    main()
