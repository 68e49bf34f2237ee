#!/usr/bin/env python3
"""l2dc under valgrind's memcheck (RELIABILITY.md §2): `l2dc check` and `l2dc translate`
on Lisp2D files must not read uninitialised memory, touch freed or unallocated memory, or
crash. The Boehm collector's conservative scanning is suppressed (boehm-gc.supp: only
reports whose innermost frame is inside libgc).

  memcheck.py --l2dc build/transpiler/l2dc            the quick set (samples, a few hostile cases)
  memcheck.py --l2dc build/transpiler/l2dc --all      every sample, valid, garbage and error case
                                                      and the conformance suite (slow: ~20 min)
"""
import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
QUICK = ["valid/punctuation-symbols.l2d", "valid/bar-symbols.l2d", "valid/strings-control-and-nul.l2d",
         "valid/numbers-in-quoted-data.l2d", "valid/backquote-odd.l2d", "errors/special/many-errors-one-per-form.l2d",
         "errors/utf8/truncated-in-string.l2d", "errors/reader/long-line-error-in-middle.l2d",
         "garbage/random-bytes-4096.l2d"]


def files(all_):
    out = sorted(glob.glob(os.path.join(ROOT, "samples", "*.l2d")))
    if not all_:
        return out + [os.path.join(HERE, q) for q in QUICK]
    for sub in ("valid", "garbage", "errors"):
        out += sorted(glob.glob(os.path.join(HERE, sub, "**", "*.l2d"), recursive=True))
    out += sorted(glob.glob(os.path.join(ROOT, "..", "shared", "conformance", "*.l2d")))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args()
    if not shutil.which("valgrind"):
        print("FAIL: valgrind is not installed (scripts/install-deps installs it)")
        return 1
    l2dc = os.path.abspath(a.l2dc)
    work = tempfile.mkdtemp(prefix="l2dc-memcheck-")
    env = dict(os.environ, NO_COLOR="1", XDG_CACHE_HOME=os.path.join(work, "cache"))
    base = ["valgrind", "--tool=memcheck", "--error-exitcode=99", "--quiet", "--track-origins=no",
            f"--suppressions={os.path.join(HERE, 'boehm-gc.supp')}", l2dc]

    def one(item):
        i, path = item
        problems = []
        for cmd in (["check", path], ["translate", path, "-o", os.path.join(work, f"{i}.cpp")]):
            p = subprocess.run(base + cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=600)
            err = p.stderr.decode("utf-8", "replace")
            report = "\n".join(l for l in err.splitlines() if re.match(r"==\d+==", l))
            if p.returncode not in (0, 1) or report:
                report = report or err[-2000:]
                problems.append(f"{cmd[0]}: status {p.returncode}\n{report[:4000]}")
        return path, problems

    failures = 0
    todo = list(enumerate(files(a.all)))
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            for path, problems in pool.map(one, todo):
                if problems:
                    failures += 1
                    print(f"FAIL: {os.path.relpath(path, ROOT)}")
                    for p in problems:
                        print("    " + p.replace("\n", "\n    "))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"memcheck: {len(todo)} files, {2 * len(todo)} l2dc runs under valgrind, {failures} with errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
