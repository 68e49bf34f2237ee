#!/usr/bin/env python3
"""Checks run_fuzz.py's verdicts against fake libFuzzer targets (no clang needed).

Each fake target is a script that, like libFuzzer, writes its findings under
-artifact_prefix and exits with a status; run_fuzz.py must pass the run or fail it:
the evaluator's timeouts and out-of-memory are tolerated even when one ends the run
(libFuzzer's -fork mode then exits with its status), crashes never are, and the other
targets tolerate nothing.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

FAKE = """#!/bin/sh
for a in "$@"; do case "$a" in -artifact_prefix=*) dir="${a#-artifact_prefix=}";; esac; done
for f in %(artifacts)s; do : > "$dir$f"; done
echo "#42: cov: 1 ft: 1 corp: 1 exec/s 1 oom/timeout/crash: 0/0/0 time: 1s job: 1"
echo "INFO: exiting: %(status)d time: 1s"
exit %(status)d
"""

CASES = [
    # (target name, artifacts, exit status, run_fuzz.py passes)
    ("fuzz_eval", [], 0, True),
    ("fuzz_eval", ["timeout-1"], 0, True),
    ("fuzz_eval", ["timeout-1"], 70, True),   # the last job timed out
    ("fuzz_eval", ["oom-1"], 71, True),       # the last job ran out of memory
    ("fuzz_eval", [], 70, False),             # a timeout status without its artifact
    ("fuzz_eval", ["timeout-1", "crash-2"], 70, False),
    ("fuzz_eval", ["crash-2"], 77, False),
    ("fuzz_eval", ["timeout-1"], 1, False),   # any other status is a failure
    ("fuzz_reader", ["timeout-1"], 70, False),  # only the evaluator may time out
    ("fuzz_reader", [], 0, True),
]


def main():
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, artifacts, status, passes) in enumerate(CASES):
            bindir = os.path.join(tmp, f"case{i}")
            os.makedirs(bindir)
            target = os.path.join(bindir, name)
            with open(target, "w") as f:
                f.write(FAKE % {"artifacts": " ".join(artifacts), "status": status})
            os.chmod(target, 0o755)
            p = subprocess.run([sys.executable, os.path.join(HERE, "run_fuzz.py"),
                                "--target", target, "--seconds", "1",
                                "--work", os.path.join(bindir, "work")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            ok = (p.returncode == 0) == passes
            print(f"{'ok  ' if ok else 'FAIL'} {name} artifacts={artifacts} status={status}"
                  f" -> run_fuzz.py exit {p.returncode} (expected {'0' if passes else '1'})")
            if not ok:
                print(p.stdout.decode("utf-8", "replace"))
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
