#!/usr/bin/env python3
"""EPIPE on standard output or standard error ends a program with status 141 and no
report (spec 1.2), compiled and through the evaluator: the reader of the pipe closes it
after the first line while the program still writes (a bounded loop).

  epipe.py --l2dc PATH
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

PROGRAM = """
(nil setq stream (nil if (((arg rest) first) = "cerr") cerr cout))
(200000 for* i (stream writeln "line " i))
(cout writeln "not reached")
(nil exit 3)
"""


def run(cmd, which):
    """Runs [cmd]; the stream [which] goes to a pipe closed after its first line."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE if which == "cout" else subprocess.DEVNULL,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    pipe = p.stdout if which == "cout" else p.stderr
    first = pipe.readline()
    pipe.close()
    other = p.stderr.read() if which == "cout" else b""
    status = p.wait(timeout=60)
    return first, status, other


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    a = ap.parse_args()
    l2dc = os.path.abspath(a.l2dc)
    work = tempfile.mkdtemp(prefix="l2dc-epipe.")
    failures = []
    try:
        script = os.path.join(work, "writer.l2d")
        with open(script, "w") as f:
            f.write(PROGRAM)
        exe = os.path.join(work, "writer")
        subprocess.run([l2dc, "build", script, "-o", exe], check=True)
        for mode, base in (("compiled", [exe]), ("repl", [l2dc, "repl", script])):
            for which in ("cout", "cerr"):
                first, status, err = run(base + [which], which)
                what = "%s, %s" % (mode, which)
                if first != b"line 0\n":
                    failures.append("%s: first line %r" % (what, first))
                if status != 141:
                    failures.append("%s: exit status %d, expected 141" % (what, status))
                if err:
                    failures.append("%s: standard error %r" % (what, err[:200]))
                print("%s: status %d" % (what, status))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL " + f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
