#!/usr/bin/env python3
"""The hostile-input runner (RELIABILITY.md §3): every case, bounded in time, in parallel.

  run_hostile.py --l2dc build/transpiler/l2dc [--jobs N] [--filter SUBSTRING] [-v]

Cases (the `.l2d` files under errors/, garbage/, valid/ and repl/, plus the big inputs
gen_cases.py writes into a scratch directory at each run; each runs in a fresh directory
with a fresh build cache):

* errors/GROUP/NAME.l2d — must be refused: `l2dc check` and `l2dc build` both exit with
  status 1 and print at least one positioned diagnostic — `FILE:LINE:COL: error: MESSAGE`,
  then the source line, then a caret — and nothing else that is not a diagnostic: no
  crash, no hang, no "internal" error, no C++ compiler message. NAME.where, if present,
  holds the LINE:COL the first error must point at. The same bytes are also typed into
  `l2dc repl` (interactive mode), which must end with status 0 or 1, never a crash.
* garbage/NAME.l2d — binary or foreign data, some of which happens to read as Lisp2D
  (a run of NUL bytes is one symbol): either refused as above, or accepted by `l2dc
  check`, and then `l2dc build` must succeed too (it is not run).
* valid/NAME.l2d with NAME.out (and NAME.exit, else 0) — odd but valid programs: `l2dc
  check` exits 0, `l2dc build` succeeds (no C++ compiler error) and the executable
  prints exactly NAME.out and exits with NAME.exit (NAME.args: its arguments, one a
  line; NAME.cpu: a tighter CPU bound for its build).
* repl/NAME.l2d with NAME.out (and NAME.exit, else 0) — typed into `l2dc repl`
  (interactive mode, standard input not a terminal): exactly NAME.out on standard output.

known-bugs.txt lists the cases that fail today because of an l2dc bug (`CASE  symptom`).
They still run: a listed case that fails is reported as KNOWN FAILURE and does not fail
the run; one that passes is an UNEXPECTED PASS and does (remove its line). `?CASE` marks
a bug whose symptom depends on memory layout (a pass is reported, not failed); a symptom
starting with `[asan]` is known only in sanitized builds (L2DC_SANITIZED set), whose
larger stack frames reach the stack-depth bugs sooner.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import gen_cases  # noqa: E402
from known_list import read_known_list  # noqa: E402

# Bounds, in CPU seconds of each process (RLIMIT_CPU through prlimit, so a loaded machine
# does not make a case fail), with a wall-clock timeout five times as long on top.
CHECK_CPU = 30         # `l2dc check`, and `l2dc build` of a refused program
BUILD_CPU = 120        # `l2dc build` of a valid program, and the C++ compiler it runs
RUN_CPU = 20           # the built program
PRLIMIT = shutil.which("prlimit")

HEADER = re.compile(rb"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note): (?P<msg>.+)$")


def load_known_bugs(path):
    known = {}
    for name, why in read_known_list(path):
        may_pass = name.startswith("?")
        if why.startswith("[asan]"):  # known only in sanitized builds (deeper stack frames)
            if not os.environ.get("L2DC_SANITIZED"):
                continue
            why = why[len("[asan]"):].strip()
        known[name.lstrip("?")] = (why, may_pass)
    return known


def describe_status(code):
    if code is None:
        return "timed out"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def run(cmd, cwd, env, cpu, stdin=subprocess.DEVNULL):
    """Runs [cmd] with at most [cpu] CPU seconds per process; (status, out, err, seconds)."""
    t0 = time.monotonic()
    timeout = cpu * 5
    if PRLIMIT:
        cmd = [PRLIMIT, f"--cpu={cpu}", "--"] + cmd
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdin=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout, p.stderr, time.monotonic() - t0
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b"", time.monotonic() - t0


def check_diagnostics(stderr, script_name):
    """Problems with a refusal's standard error (empty list: a proper refusal)."""
    problems = []
    lines = stderr.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    errors = []
    for line in lines:
        if re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", line):
            problems.append("a control character in a diagnostic: " + repr(line[:200]))
            break
    i = 0
    while i < len(lines):
        m = HEADER.match(lines[i])
        if not m:
            problems.append("not a diagnostic: " + lines[i][:200].decode("utf-8", "replace"))
            i += 1
            continue
        if m.group("file").decode("utf-8", "replace") != script_name:
            problems.append("diagnostic names another file: " + lines[i][:200].decode("utf-8", "replace"))
        msg = m.group("msg")
        if msg.startswith(b"internal") or b"C++ compiler" in msg:
            problems.append("internal error: " + lines[i][:300].decode("utf-8", "replace"))
        if i + 2 >= len(lines):
            problems.append("diagnostic without source line and caret: " + lines[i][:200].decode("utf-8", "replace"))
            break
        if not lines[i + 1].startswith(b"  ") or not re.match(rb"^  *\^$", lines[i + 2]):
            problems.append("diagnostic without source line and caret: " + lines[i][:200].decode("utf-8", "replace"))
        if m.group("sev") == b"error":
            errors.append((int(m.group("line")), int(m.group("col")), msg.decode("utf-8", "replace")))
        i += 3
    if not errors:
        problems.append("no positioned error")
    return problems, errors


class Runner:
    def __init__(self, l2dc, work, env, verbose):
        self.l2dc = l2dc
        self.work = work
        self.env = env
        self.verbose = verbose

    def scratch(self, case):
        d = tempfile.mkdtemp(prefix="case-", dir=self.work)
        name = os.path.basename(case.path)
        shutil.copy(case.path, os.path.join(d, name))
        return d, name

    def repl_stdin(self, case, d):
        """The same bytes typed into the interactive mode: errors are reported, never a crash."""
        if os.path.getsize(case.path) > 2 * 1024 * 1024:
            return []
        with open(case.path, "rb") as f:
            code, out, err, secs = run([self.l2dc, "repl"], d, self.env, CHECK_CPU, stdin=f)
        if code not in (0, 1):
            return [f"repl < {case.name}.l2d: {describe_status(code)}: {err[-300:].decode('utf-8', 'replace')}"]
        return []

    def error_case(self, case):
        d, name = self.scratch(case)
        problems = self.repl_stdin(case, d)
        first = None
        for command in ("check", "build"):
            cmd = [self.l2dc, command, name] + (["-o", "prog"] if command == "build" else [])
            code, out, err, secs = run(cmd, d, self.env, CHECK_CPU)
            if code != 1:
                problems.append(f"{command}: {describe_status(code)} (expected 1)")
            if os.path.exists(os.path.join(d, "prog")):
                problems.append(f"{command}: an executable was written")
            p, errors = check_diagnostics(err, name)
            problems += [f"{command}: {x}" for x in p[:3]]
            if errors and first is None:
                first = errors[0]
        if case.where and first and f"{first[0]}:{first[1]}" != case.where:
            problems.append(f"first error at {first[0]}:{first[1]}, expected {case.where} ({first[2]})")
        shutil.rmtree(d, ignore_errors=True)
        return problems, (f"{first[0]}:{first[1]}: {first[2]}" if first else "")

    def valid_case(self, case):
        d, name = self.scratch(case)
        problems = []
        code, out, err, secs = run([self.l2dc, "check", name], d, self.env, CHECK_CPU)
        if code != 0:
            problems.append(f"check: {describe_status(code)}: {err[:600].decode('utf-8', 'replace')}")
        code, out, err, secs = run([self.l2dc, "build", name, "-o", "prog"], d, self.env, case.build_cpu or BUILD_CPU)
        if code != 0:
            problems.append(f"build: {describe_status(code)} after {secs:.0f} s: {err[:1500].decode('utf-8', 'replace')}")
        elif re.search(rb": error: ", err):
            problems.append(f"build: error output: {err[:600].decode('utf-8', 'replace')}")
        else:
            code, out, err, secs = run([os.path.join(d, "prog")] + case.args, d, self.env, RUN_CPU)
            if out != case.expected_out:
                problems.append("output differs: got " + repr(out[:300]) + " expected " + repr(case.expected_out[:300]))
            if code != case.expected_exit:
                problems.append(f"run: {describe_status(code)}, expected {case.expected_exit}: "
                                + err[:600].decode("utf-8", "replace"))
        shutil.rmtree(d, ignore_errors=True)
        return problems, ""

    def garbage_case(self, case):
        d, name = self.scratch(case)
        code, out, err, secs = run([self.l2dc, "check", name], d, self.env, CHECK_CPU)
        shutil.rmtree(d, ignore_errors=True)
        if code == 1:
            return self.error_case(case)
        if code != 0:
            return [f"check: {describe_status(code)}: {err[:300].decode('utf-8', 'replace')}"], ""
        d, name = self.scratch(case)
        problems = self.repl_stdin(case, d)
        code, out, err, secs = run([self.l2dc, "build", name, "-o", "prog"], d, self.env, BUILD_CPU)
        shutil.rmtree(d, ignore_errors=True)
        if code != 0:
            problems.append(f"accepted by check, but build: {describe_status(code)}: {err[:1500].decode('utf-8', 'replace')}")
        return problems, "accepted"

    def repl_case(self, case):
        d, name = self.scratch(case)
        with open(case.path, "rb") as f:
            code, out, err, secs = run([self.l2dc, "repl"], d, self.env, CHECK_CPU, stdin=f)
        shutil.rmtree(d, ignore_errors=True)
        problems = []
        if out != case.expected_out:
            problems.append("output differs: got " + repr(out[:300]) + " expected " + repr(case.expected_out[:300]))
        if code != case.expected_exit:
            problems.append(f"repl: {describe_status(code)}, expected {case.expected_exit}: "
                            + err[-300:].decode("utf-8", "replace"))
        return problems, ""

    def __call__(self, case):
        t0 = time.monotonic()
        kinds = {"error": self.error_case, "any": self.garbage_case, "valid": self.valid_case,
                 "repl": self.repl_case}
        try:
            problems, info = kinds[case.kind](case)
        except Exception as e:  # a runner problem is a failure too
            problems, info = [f"runner: {e!r}"], ""
        return case, problems, info, time.monotonic() - t0


class Case:
    def __init__(self, name, path, kind):
        self.name, self.path, self.kind = name, path, kind
        base = path[:-4]
        self.where = open(base + ".where").read().strip() if os.path.exists(base + ".where") else None
        self.expected_out = open(base + ".out", "rb").read() if os.path.exists(base + ".out") else b""
        self.expected_exit = int(open(base + ".exit").read().strip()) if os.path.exists(base + ".exit") else 0
        self.args = open(base + ".args").read().split("\n")[:-1] if os.path.exists(base + ".args") else []
        # NAME.cpu: a tighter CPU bound for building this program (scalability cases).
        self.build_cpu = int(open(base + ".cpu").read().strip()) if os.path.exists(base + ".cpu") else None


def collect(root, scratch):
    cases = []
    for kind, sub in (("error", "errors"), ("any", "garbage"), ("valid", "valid"), ("repl", "repl")):
        top = os.path.join(root, sub)
        for dirpath, _, files in os.walk(top):
            for f in sorted(files):
                if f.endswith(".l2d"):
                    path = os.path.join(dirpath, f)
                    rel = os.path.relpath(path, root)[:-4]
                    cases.append(Case(rel, path, kind))
    gen_dir = os.path.join(scratch, "generated")
    for rel, kind in gen_cases.write_all(gen_dir):
        cases.append(Case(rel, os.path.join(gen_dir, rel + ".l2d"), kind))
    # The generated (big) cases first, so that the slowest do not end the run alone.
    return sorted(cases, key=lambda c: (not c.name.startswith("gen/"), c.name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--filter", default="")
    ap.add_argument("--known-bugs", default=os.path.join(HERE, "known-bugs.txt"))
    ap.add_argument("--cxx", default="", help="CXX for the programs l2dc builds (sanitized builds)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    l2dc = os.path.abspath(a.l2dc)
    known = load_known_bugs(a.known_bugs)

    work = tempfile.mkdtemp(prefix="l2dc-hostile-")
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env["XDG_CACHE_HOME"] = os.path.join(work, "cache")  # a fresh cache: every build is real
    if a.cxx:
        env["CXX"] = a.cxx
    try:
        cases = [c for c in collect(HERE, work) if a.filter in c.name]
        runner = Runner(l2dc, work, env, a.verbose)
        unknown = set(known) - {c.name for c in cases}
        results = {"PASS": 0, "FAIL": 0, "KNOWN FAILURE": 0, "UNEXPECTED PASS": 0}
        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            for case, problems, info, secs in pool.map(runner, cases):
                if problems:
                    verdict = "KNOWN FAILURE" if case.name in known else "FAIL"
                elif case.name in known:
                    verdict = "KNOWN FAILURE" if known[case.name][1] else "UNEXPECTED PASS"
                    if known[case.name][1]:
                        problems = ["passed this time (a memory-layout dependent bug: `?` in known-bugs.txt)"]
                else:
                    verdict = "PASS"
                results[verdict] += 1
                if verdict != "PASS" or a.verbose:
                    extra = f" ({known[case.name][0]})" if case.name in known else ""
                    print(f"{verdict}: {case.name} [{secs:.1f} s]{extra}")
                    for p in problems:
                        print("    " + p.replace("\n", "\n    "))
                    if verdict == "UNEXPECTED PASS":
                        print("    passes now: remove it from known-bugs.txt")
                    if a.verbose and info:
                        print("    " + info)
        for name in sorted(unknown):
            if not a.filter:
                print(f"FAIL: known-bugs.txt names '{name}', which is not a case")
                results["FAIL"] += 1
        total = sum(results.values())
        print(f"hostile: {total} cases in {time.monotonic() - t0:.0f} s: " +
              ", ".join(f"{v} {k.lower()}" for k, v in results.items()))
        return 1 if results["FAIL"] or results["UNEXPECTED PASS"] else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
