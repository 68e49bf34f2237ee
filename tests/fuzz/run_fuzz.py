#!/usr/bin/env python3
"""Runs one libFuzzer target for a bounded time, as CTest's `fuzz` label does.

  run_fuzz.py --target build-fuzz/tests/fuzz/fuzz_reader --seconds 15 --work DIR SEED_DIR...

The working corpus DIR/corpus starts empty at each run (the seed directories are only
read), the random seed is fixed, and findings go to DIR/artifacts. A crash, a sanitizer
report or a leak of the target fails the test and prints the input that caused it (and
the command that reproduces it). Timeouts and out-of-memory are tolerated for
fuzz_eval only: an evaluated program may legitimately loop for ever (-fork mode with
-ignore_timeouts/-ignore_ooms); they are still counted and reported.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# libFuzzer's exit statuses for a unit that ran too long and one that ran out of memory
# (-timeout_exitcode's default; FuzzerOptions' OOMExitCode). In -fork mode libFuzzer
# exits with the status of the last job it collected, so a tolerated timeout that
# happens to end the time budget is its exit status too.
TIMEOUT_EXIT = 70
OOM_EXIT = 71


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--seconds", type=int, default=15)
    ap.add_argument("--work", required=True)
    ap.add_argument("--max-len", type=int, default=4096)
    ap.add_argument("seeds", nargs="*")
    a = ap.parse_args()

    a.target = os.path.abspath(a.target)
    a.work = os.path.abspath(a.work)
    name = os.path.basename(a.target)
    corpus = os.path.join(a.work, "corpus")
    artifacts = os.path.join(a.work, "artifacts")
    shutil.rmtree(a.work, ignore_errors=True)
    os.makedirs(corpus)
    os.makedirs(artifacts)
    seeds = [os.path.abspath(s) for s in a.seeds if os.path.isdir(s)]

    env = dict(os.environ)
    # Boehm GC scans the stack conservatively: no fake stacks; its heap is not malloc's,
    # so leak checking only reports false positives.
    env.setdefault("ASAN_OPTIONS", "detect_leaks=0:detect_stack_use_after_return=0:"
                   "allocator_may_return_null=1:handle_segv=1:abort_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    evaluator = name == "fuzz_eval"
    cmd = [a.target, f"-max_total_time={a.seconds}", "-seed=1", f"-max_len={a.max_len}",
           f"-artifact_prefix={artifacts}/", "-print_final_stats=1", "-rss_limit_mb=2048",
           "-timeout=10" if not evaluator else "-timeout=2", f"-timeout_exitcode={TIMEOUT_EXIT}"]
    if evaluator:
        cmd += ["-fork=1", "-ignore_timeouts=1", "-ignore_ooms=1", "-ignore_crashes=0"]
    cmd += [corpus] + seeds
    print("$", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       cwd=a.work, timeout=a.seconds * 4 + 120)
    out = p.stdout.decode("utf-8", "replace")
    execs = re.findall(r"stat::number_of_executed_units:\s*(\d+)", out)
    runs = sum(int(x) for x in execs)
    if not runs:  # -fork mode prints `#N: cov: …` lines instead
        m = re.findall(r"#(\d+)(?::|\s+(?:DONE|pulse|NEW|REDUCE))", out)
        runs = int(m[-1]) if m else 0
    findings = sorted(os.listdir(artifacts))
    crashes = [f for f in findings if not f.startswith(("timeout-", "oom-", "slow-unit-"))]
    tolerated = [f for f in findings if f not in crashes]
    print(f"{name}: {runs} inputs in {a.seconds} s, corpus {len(os.listdir(corpus))} files, "
          f"{len(crashes)} crashes, {len(tolerated)} timeouts/ooms tolerated")
    tolerated_exit = evaluator and p.returncode in (TIMEOUT_EXIT, OOM_EXIT) and tolerated
    if (p.returncode != 0 and not tolerated_exit) or crashes:
        tail = out[-12000:]
        print(tail)
        for f in crashes:
            path = os.path.join(artifacts, f)
            print(f"FAIL: {path}\n  reproduce: {a.target} {path}")
        return 1
    for f in tolerated:
        print(f"tolerated: {os.path.join(artifacts, f)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
