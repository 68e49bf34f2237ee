#!/usr/bin/env python3
"""Generative and differential fuzzing of l2dc, without libFuzzer (RELIABILITY.md §1).

  gen_programs.py --l2dc build/transpiler/l2dc [--count 48] [--seed 1] [--keep DIR] [-v]

Writes random Lisp2D programs from a grammar of the language (spec 3, 4): every special
form and special message, closures, methods on nil and on classes, classes, quoted data and
backquote templates, names that are C++ keywords or generator internals or punctuation, and
literals of every kind. A third of them get one random mutation that may make them
malformed (a part dropped, doubled or replaced by an odd datum).

For each program:
* `l2dc check` exits 0, or 1 with positioned diagnostics only (never a crash or a hang);
* if it passes the check, `l2dc build` succeeds: a C++ compiler error is an l2dc bug;
* the executable and the evaluator (`l2dc repl FILE`) agree exactly on standard output,
  standard error (the report of an uncaught exception carries the history of spec 11.3)
  and exit status (differential testing of the code generator against the evaluator).

Programs use only what every runtime has: `cout` output and program-defined methods; they
raise exceptions by sending undefined messages, which `try` catches. They terminate: loops
run on false tests and a method calls only methods defined before it.
Deterministic for a given --seed; a failing program is printed in full with its seed.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "hostile"))
from run_hostile import check_diagnostics, describe_status  # noqa: E402

ODD_NAMES = ["int", "class", "return", "main", "printf", "self", "fn", "base", "argc", "argv",
             "t1", "k", "ic", "nil_", "s_x", "v_x", "a_0", "new", "delete", "operator", "std",
             "a-b", "a_b", "a.b", "*/", "/*", "a->b", "x?", "!", "<=>", "%d", "$x", "|A B|",
             "|*/|", "|x\\|", "переменная", "λ", "🙂", "a#b", "{}", "template", "value"]
PLAIN_NAMES = ["x", "y", "z", "acc", "item", "lst", "val", "tmp"]
ERROR_CODES = ["undefined-method", "unbound-variable", "wrong-type", "nil", "syntax"]


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.methods = []        # (name, arity) defined so far at top level
        self.globals = []
        self.classes = []

    # ---- atoms ----------------------------------------------------------------------------
    def name(self):
        return self.r.choice(ODD_NAMES if self.r.random() < 0.4 else PLAIN_NAMES)

    def string(self):
        parts = ["", "a", "hello world", "\\\"q\\\"", "\\\\", "*/", "/*", "%s%n", "??=",
                 "\\n", "\\t", "привет", "🙂", "#line 1", "\\x41", "tab\there"]
        return '"' + "".join(self.r.choice(parts) for _ in range(self.r.randrange(0, 4))) + '"'

    def number(self):
        return self.r.choice(["0", "-1", "42", "+7", "4611686018427387904", "-9223372036854775808",
                              "123456789012345678901234567890", "1/3", "-6/8", "2.5", "-0.0",
                              "1e300", "1e400", ".5", "3/1"])

    def char(self):
        return self.r.choice(["#\\a", "#\\space", "#\\(", "#\\;", "#\\\"", "#\\\\", "#\\u41", "#\\я", "#\\newline"])

    def literal(self):
        k = self.r.randrange(6)
        if k == 0:
            return self.string()
        if k == 1:
            return self.number()
        if k == 2:
            return self.char()
        if k == 3:
            return self.r.choice(["nil", "true", "false", "()"])
        if k == 4:
            return "'" + self.datum(2)
        return "#(" + " ".join(self.datum(1) for _ in range(self.r.randrange(3))) + ")"

    def datum(self, depth):
        if depth <= 0 or self.r.random() < 0.4:
            return self.r.choice([self.name(), self.number(), self.string(), self.char(), "nil", "#[0 255]"])
        items = [self.datum(depth - 1) for _ in range(self.r.randrange(0, 4))]
        if items and self.r.random() < 0.15:
            return "(" + " ".join(items) + " . " + self.datum(0) + ")"
        return "(" + " ".join(items) + ")"

    # ---- expressions ------------------------------------------------------------------------
    def expr(self, scope, depth):
        if depth <= 0 or self.r.random() < 0.25:
            if scope and self.r.random() < 0.5:
                return self.r.choice(scope)
            if self.globals and self.r.random() < 0.2:
                return self.r.choice(self.globals)
            return self.literal()
        k = self.r.randrange(17)
        d = depth - 1
        e = lambda: self.expr(scope, d)  # noqa: E731
        if k == 0:
            v = self.name()
            return f"(nil let (({v} {e()}) {self.name()}) {self.expr(scope + [v], d)})"
        if k == 1:
            v, w = self.name(), self.name()
            if v == w:
                w = v + "2" if not v.startswith("|") else "w2"
            return f"(nil let* (({v} {e()}) ({w} {self.expr(scope + [v], d)})) {self.expr(scope + [v, w], d)})"
        if k == 2:
            return f"(nil if {e()} {e()}" + "".join(" " + e() for _ in range(self.r.randrange(3))) + ")"
        if k == 3:
            clauses = " ".join(f"({e()}" + "".join(" " + e() for _ in range(self.r.randrange(2))) + ")"
                               for _ in range(self.r.randrange(1, 3)))
            return f"(nil cond {clauses})"
        if k == 4:
            return f"(nil {self.r.choice(['when', 'unless'])} {e()} {e()})"
        if k == 5:
            return f"(nil {self.r.choice(['and', 'or', 'progn'])}" + "".join(" " + e() for _ in range(self.r.randrange(4))) + ")"
        if k == 6:
            return f"(nil while false {e()})"
        if k == 7:
            code = self.r.choice(ERROR_CODES)
            return f"(nil try {self.raiser(scope, d)} {code} {e()})"
        if k == 8:
            params = self.params()
            return f"(nil lambda ({' '.join(params)}) {self.expr(scope + [p for p in params if p != '&rest'], d)})"
        if k == 9:
            params = self.params()
            args = " ".join(e() for _ in range(self.r.randrange(3)))
            return f"({e()} (lambda ({' '.join(params)}) {self.expr(scope + [p for p in params if p != '&rest'], d)}) {args})"
        if k == 10 and self.methods:
            m, arity = self.r.choice(self.methods)
            return f"(nil {m}" + "".join(" " + e() for _ in range(arity)) + ")"
        if k == 11:
            return "`(" + " ".join(self.r.choice([self.datum(1), "," + e(), ",@'" + self.datum(1)])
                                   for _ in range(self.r.randrange(4))) + ")"
        if k == 12 and scope:
            return f"(nil setq {self.r.choice(scope)} {e()})"
        if k == 13:
            if self.r.random() < 0.15:
                return "(cout error)"  # the live history (spec 8, 11.3)
            return f"(cout {self.r.choice(['write', 'writeln', 'print'])}" + "".join(" " + e() for _ in range(self.r.randrange(3))) + ")"
        if k == 14 and scope:
            return f"('{self.r.choice(scope)} set {e()})"
        if k == 15:
            return f"({e()} progn {e()})"
        return self.literal()

    def raiser(self, scope, depth):
        """A form that raises (or not)."""
        return self.r.choice([f"({self.expr(scope, depth)} no-such-message)", "unbound-name-here",
                              self.expr(scope, depth)])

    def params(self):
        names = []
        for _ in range(self.r.randrange(4)):
            n = self.name()
            if n not in names:
                names.append(n)
        if self.r.random() < 0.2:
            names += ["&rest", "rest-args"]
        return names

    # ---- top level -----------------------------------------------------------------------------
    def toplevel(self):
        k = self.r.randrange(7)
        if k == 0:
            name = f"m{len(self.methods)}-{self.name().strip('|')}"
            params = [p for p in self.params() if p not in ("&rest", "rest-args")]
            body = self.expr(params, 3)
            form = f"(nil defmethod |{name}| ({' '.join(params)}) {body})"
            self.methods.append((f"|{name}|", len(params)))
            return form
        if k == 1:
            cls = f"c{len(self.classes)}"
            recv = self.r.choice(["'integer", "'string", "'symbol", "nil"])
            return f"({recv} defmethod {self.name()} ({' '.join(p for p in self.params() if p not in ('&rest', 'rest-args'))}) {self.expr([], 2)})"
        if k == 2:
            g = self.r.choice(["g1", "g2", "int", "main", "|G X|", "argv"])
            if g not in self.globals:
                self.globals.append(g)
            return f"(nil setq {g} {self.expr([], 3)})"
        if k == 3:
            cls = f"cls{len(self.classes)}-{self.name().strip('|')}"
            self.classes.append(cls)
            fields = []
            for f in ["int", "value", "self", "x", "class"]:
                if self.r.random() < 0.4:
                    fields.append(f if self.r.random() < 0.5 else f"({f} {self.literal()})")
            return f"(nil defclass |{cls}| true ({' '.join(fields)}))"
        return f"(cout print {self.expr([], 4)})"

    def program(self):
        forms = [self.toplevel() for _ in range(self.r.randrange(3, 12))]
        forms.append('(cout writeln "end")')
        return "\n".join(forms) + "\n"


def mutate(text, rng):
    """One random change that may make the program malformed."""
    k = rng.randrange(5)
    pos = [i for i, c in enumerate(text) if c in "()"]
    if not pos:
        return text
    i = rng.choice(pos)
    if k == 0:
        return text[:i] + text[i + 1:]                  # a parenthesis dropped
    if k == 1:
        return text[:i] + text[i] + text[i:]            # one doubled
    odd = rng.choice(["this", "nil", "1", '"s"', "(a . b)", "&rest", ".", "'", "#", "(nil if)", "(1)"])
    if k == 2:
        return text[:i + 1] + odd + " " + text[i + 1:]  # an odd datum inserted
    j = text.find(" ", i)
    if j < 0:
        return text
    return text[:j + 1] + odd + " " + text[j + 1:]


def run(cmd, cwd, env, timeout):
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", e.stderr or b""


def one(args):
    l2dc, seed, work, env = args
    rng = random.Random(seed)
    text = Gen(rng).program()
    mutated = rng.random() < 0.33
    if mutated:
        text = mutate(text, rng)
    d = os.path.join(work, f"p{seed}")
    os.makedirs(d)
    with open(os.path.join(d, "prog.l2d"), "w", encoding="utf-8") as f:
        f.write(text)
    problems = []
    code, out, err = run([l2dc, "check", "prog.l2d"], d, env, 60)
    if code == 1:
        p, _ = check_diagnostics(err, "prog.l2d")
        problems += ["check: " + x for x in p]
        code, out, err = run([l2dc, "build", "prog.l2d", "-o", "prog"], d, env, 60)
        if code != 1:
            problems.append(f"build of a refused program: {describe_status(code)}")
        return seed, text, problems, "refused"
    if code != 0:
        return seed, text, [f"check: {describe_status(code)}: {err[:800].decode('utf-8', 'replace')}"], ""
    code, out, err = run([l2dc, "build", "prog.l2d", "-o", "prog"], d, env, 180)
    if code != 0:
        return seed, text, [f"build: {describe_status(code)}: {err[:3000].decode('utf-8', 'replace')}"], ""
    c_code, c_out, c_err = run([os.path.join(d, "prog")], d, env, 30)
    e_code, e_out, e_err = run([l2dc, "repl", "prog.l2d"], d, env, 30)
    for what, c in (("compiled", c_code), ("evaluator", e_code)):
        if c is None or c < 0:
            problems.append(f"{what}: {describe_status(c)}")
    if c_code != e_code or c_out != e_out or c_err != e_err:
        problems.append("the compiled program and the evaluator disagree:\n"
                        f"  compiled  ({describe_status(c_code)}): {c_out[:600]!r}\n  {c_err[-400:]!r}\n"
                        f"  evaluator ({describe_status(e_code)}): {e_out[:600]!r}\n  {e_err[-400:]!r}")
    shutil.rmtree(d, ignore_errors=True)
    return seed, text, problems, "built"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--count", type=int, default=48)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="also write every program into this directory")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="l2dc-genprog-")
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env["XDG_CACHE_HOME"] = os.path.join(work, "cache")
    failures = 0
    stats = {"refused": 0, "built": 0, "": 0}
    try:
        jobs = [(os.path.abspath(a.l2dc), a.seed * 100000 + i, work, env) for i in range(a.count)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            for seed, text, problems, outcome in pool.map(one, jobs):
                stats[outcome] += 1
                if a.keep:
                    os.makedirs(a.keep, exist_ok=True)
                    with open(os.path.join(a.keep, f"gen-{seed}.l2d"), "w", encoding="utf-8") as f:
                        f.write(text)
                if problems:
                    failures += 1
                    print(f"FAIL: program of seed {seed}:")
                    for p in problems:
                        print("    " + p.replace("\n", "\n    "))
                    print("    --- program ---\n    " + text.replace("\n", "\n    "))
                elif a.verbose:
                    print(f"PASS: seed {seed} ({outcome})")
        print(f"generated programs: {a.count} ({stats['built']} built and compared, {stats['refused']} refused), "
              f"{failures} failed")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
