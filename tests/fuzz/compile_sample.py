#!/usr/bin/env python3
"""The slow half of translate fuzzing: a sample of the inputs fuzz_translate kept must also
build — l2dc's C++ must compile — or be refused with positioned diagnostics.

  compile_sample.py --l2dc L2DC [--count 24] CORPUS_DIR...

The sample is deterministic: the inputs accepted by `l2dc check`, those of the first
directory (the fuzzer's new inputs) first, then by the hash of their content; the first
--count of them are built (and as many refused ones, whose `l2dc build` must refuse them
too, starting with a positioned error; the exact form of diagnostics is the business of
fuzz_translate and tests/hostile). A C++ compiler error, a crash or a hang fails the test
and prints the input.
"""
import argparse
import concurrent.futures
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "hostile"))
from run_hostile import HEADER, describe_status  # noqa: E402


def run(cmd, cwd, env, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stderr
    except subprocess.TimeoutExpired as e:
        return None, e.stderr or b""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--count", type=int, default=24)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    l2dc = os.path.abspath(a.l2dc)
    inputs = {}
    rank = {}
    for i, d in enumerate(a.dirs):
        if not os.path.isdir(d):
            continue
        for n in os.listdir(d):
            p = os.path.join(d, n)
            if os.path.isfile(p):
                data = open(p, "rb").read()
                key = hashlib.sha1(data).hexdigest()
                inputs[key] = data
                rank.setdefault(key, min(i, 1))
    work = tempfile.mkdtemp(prefix="l2dc-sample-")
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env["XDG_CACHE_HOME"] = os.path.join(work, "cache")

    def check(item):
        key, data = item
        d = os.path.join(work, key)
        os.makedirs(d)
        with open(os.path.join(d, "in.l2d"), "wb") as f:
            f.write(data)
        code, err = run([l2dc, "check", "in.l2d"], d, env, 60)
        return key, code, err

    def build(item):
        key, accepted = item
        d = os.path.join(work, key)
        code, err = run([l2dc, "build", "in.l2d", "-o", "prog"], d, env, 300)
        problems = []
        if accepted and code != 0:
            problems.append(f"build: {describe_status(code)}: {err[-3000:].decode('utf-8', 'replace')}")
        if not accepted:
            if code != 1:
                problems.append(f"build of a refused input: {describe_status(code)}")
            first = err.split(b"\n", 1)[0]
            m = HEADER.match(first)
            if not m or m.group("sev") != b"error" or b"internal" in err or b"C++ compiler" in err:
                problems.append("build did not refuse it with a positioned error: "
                                + err[:500].decode("utf-8", "replace"))
        return key, problems

    failures = 0
    try:
        keys = sorted(inputs, key=lambda k: (rank[k], k))
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            checked = list(pool.map(check, [(k, inputs[k]) for k in keys]))
            accepted = [k for k, code, _ in checked if code == 0][: a.count]
            refused = [k for k, code, _ in checked if code == 1][: a.count]
            for k, code, err in checked:
                if code not in (0, 1):
                    failures += 1
                    print(f"FAIL: check {describe_status(code)} on input {k}:\n{inputs[k][:2000]!r}\n"
                          f"{err[-1000:].decode('utf-8', 'replace')}")
            results = list(pool.map(build, [(k, True) for k in accepted] + [(k, False) for k in refused]))
        for k, problems in results:
            if problems:
                failures += 1
                print(f"FAIL: input {k}:\n  " + "\n  ".join(problems) + f"\n  input: {inputs[k][:2000]!r}")
        print(f"compile sample: {len(inputs)} inputs checked, {len(accepted)} accepted ones built, "
              f"{len(refused)} refused ones refused by build too, {failures} failures")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
