#!/usr/bin/env python3
"""`l2dc translate` output is clean C++: every sample, golden case and conformance case is
translated, and the C++ compiler (-std=c++20 -Wall -Wextra -Werror -O1, the runtime's one
header) must accept it without a warning, and every translation must carry #line
directives back to its .l2d file. A translation cut into units (the parts `l2dc build`
compiles in parallel) under a --units path is also compiled one unit at a time, as the
build does, and each unit must be as clean.

  translate_warnings.py --l2dc PATH --include DIR [--jobs N] [--units DIR]... DIR_OR_FILE...
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile


def scripts(paths):
    for p in paths:
        if os.path.isdir(p):
            for d, _, files in sorted(os.walk(p)):
                for f in sorted(files):
                    if f.endswith(".l2d"):
                        yield os.path.join(d, f)
        elif p.endswith(".l2d"):
            yield p


def unit_count(text):
    return len(set(re.findall(r"^#if L2D_IN_UNIT\((\d+)\)$", text, re.M)))


def check(l2dc, include, cxx, script, work, units):
    name = os.path.relpath(script).replace("/", "_").replace(".", "_")
    cpp = os.path.join(work, name + ".cpp")
    t = subprocess.run([l2dc, "translate", script, "-o", cpp], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if t.returncode != 0:
        return None  # a script the golden tests expect to be refused: not this test's business
    text = open(cpp, encoding="utf-8", errors="replace").read()
    if '#line ' not in text or os.path.basename(script) not in text:
        return "%s: no #line directive back to the script" % script
    compiles = [[]]
    if any(os.path.abspath(script).startswith(os.path.abspath(u)) for u in units):
        compiles += [["-DL2D_UNIT_FIRST=%d" % u, "-DL2D_UNIT_LAST=%d" % u] for u in range(1, unit_count(text) + 1)]
    for defines in compiles:
        c = subprocess.run(cxx + ["-std=c++20", "-Wall", "-Wextra", "-Werror", "-O1", "-I", include] + defines +
                           ["-c", cpp, "-o", os.devnull], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if c.returncode != 0:
            return "%s %s:\n%s" % (script, " ".join(defines), c.stdout.decode(errors="replace")[-3000:])
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--units", action="append", default=[], help="also compile these translations unit by unit")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    cxx = os.environ.get("CXX", "c++").split()
    files = list(scripts(a.paths))
    with tempfile.TemporaryDirectory(prefix="l2dc-warnings.") as work:
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
            results = list(pool.map(lambda s: check(a.l2dc, a.include, cxx, s, work, a.units), files))
    compiled = [r for r in results if r is not None]
    bad = [r for r in compiled if r]
    for r in bad:
        print("FAIL " + r)
    print("%d translations compiled without a warning, %d with warnings (%d scripts refused by translate)"
          % (len(compiled) - len(bad), len(bad), len(results) - len(compiled)))
    sys.exit(1 if bad or not compiled else 0)


if __name__ == "__main__":
    main()
