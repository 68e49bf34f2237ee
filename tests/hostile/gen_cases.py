"""The big hostile inputs, written at each run (too big for the repository): huge
literals, deep nesting, a 10 MB source, 20,000 methods. Used by run_hostile.py.

Each case is (text, kind, expected_stdout[, build_cpu]): kind "error" must be refused with
a positioned diagnostic (expected_stdout, if a string, is the LINE:COL of the first error), kind "any" refused or built, kind "valid" must build within
build_cpu CPU seconds (default: run_hostile.BUILD_CPU) and print expected_stdout.
"""
import os
import random

MB = 1 << 20


def cases():
    c = {}
    # ---- deep nesting -----------------------------------------------------------------------
    # The reader refuses nesting deeper than 10 000 levels (brackets and quote prefixes,
    # l2d::max_read_depth) with a positioned error, whatever the depth: never a crash.
    n = 100_000
    c["deep/list-100k-quoted"] = ("(nil setq x '" + "(" * n + ")" * n + ")\n(cout writeln \"ok\")\n", "error", "1:10012")
    c["deep/list-100k-evaluated"] = ("(cout writeln " + "(" * n + ")" * n + ")\n", "error", "1:10014")
    c["deep/list-100k-unclosed"] = ("(" * n, "error", "1:10001")
    c["deep/vector-100k"] = ("(nil setq x " + "#(" * n + ")" * n + ")\n(cout writeln \"ok\")\n", "error", "1:20011")
    c["deep/quote-prefix-100k"] = ("(nil setq x " + "'" * n + "a)\n(cout writeln \"ok\")\n", "error", "1:10012")
    c["deep/sends-100k"] = ("(cout writeln " + "(1 + " * n + "0" + ")" * n + ")\n", "error", "1:50010")
    c["deep/list-20k-quoted"] = ("(nil setq x '" + "(" * 20000 + ")" * 20000 + ")\n(cout writeln \"ok\")\n", "error", "1:10012")
    # The limit itself: 10 000 levels in all (setq 1, quote 1, 9 998 lists) is read and
    # built; one more is refused at the bracket that opens level 10 001.
    c["deep/list-at-read-limit"] = ("(nil setq x '" + "(" * 9998 + ")" * 9998 + ")\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    c["deep/list-over-read-limit"] = ("(nil setq x '" + "(" * 9999 + ")" * 9999 + ")\n(cout writeln \"ok\")\n", "error", "1:10012")
    c["deep/quote-prefix-over-read-limit"] = ("'" * 10001 + "a\n", "error", "1:10001")
    c["deep/sends-4000"] = ("(cout writeln " + "(1 + " * 4000 + "0" + ")" * 4000 + ")\n", "valid", b"4000\n")
    c["deep/progn-8000"] = ("(cout writeln " + "(nil progn " * 8000 + "7" + ")" * 8000 + ")\n", "valid", b"7\n")
    c["deep/ifs-3000"] = ("(cout writeln " + "(nil if true " * 3000 + "1" + ")" * 3000 + ")\n", "valid", b"1\n", 30)
    c["deep/lets-500"] = ("".join(f"(nil let ((v{i} {i})) " for i in range(500)) + "(cout writeln v0 \" \" v499)" + ")" * 500 + "\n",
                          "valid", b"0 499\n")
    c["deep/lambdas-300"] = ("(nil setq f " + "".join(f"(nil lambda (x{i}) " for i in range(300)) + "(x0 + x299)" + ")" * 300 + ")\n"
                             "(cout writeln \"ok\")\n", "valid", b"ok\n")
    # ---- huge literals ------------------------------------------------------------------------
    digits = "7" * 100_000
    c["huge/integer-1m-digits"] = ("(nil setq x " + "9" * 1_000_000 + ")\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    c["huge/integer-100k-digits"] = (f"(nil setq x {digits})\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    c["huge/integer-120k-digits"] = (f"(nil setq x {'7' * 120_000})\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    c["huge/integer-100k-digits-printed"] = (f"(cout writeln {digits})\n", "valid", (digits + "\n").encode())
    c["huge/negative-integer-100k-digits-quoted"] = (f"(cout writeln '(-{digits}))\n", "valid", f"(-{digits})\n".encode())
    num, den = "1" + "0" * 19999, "3" * 20000  # coprime: the denominator is odd, not a multiple of 5
    c["huge/fraction-20k-digits"] = (f"(cout writeln {num}/{den})\n", "valid", f"{num}/{den}\n".encode())
    c["huge/float-100k-digits"] = (f"(cout writeln 1.{'5' * 100_000})\n", "valid", b"1.5555555555555556\n")
    c["huge/float-exponent-100k-digits"] = (f"(cout writeln 1e{'9' * 100_000})\n", "valid", b"inf\n")
    s = "abcdefghij" * (MB // 10)
    c["huge/string-1mb"] = (f'(nil setq s "{s}")\n(cout writeln s)\n', "valid", (s + "\n").encode())
    u = "ж" * (MB // 2)
    c["huge/string-1mb-cyrillic"] = (f'(cout writeln "{u}")\n', "valid", (u + "\n").encode())
    esc = "\\\"" * (MB // 4)
    c["huge/string-escapes"] = (f'(cout writeln "{esc}")\n', "valid", ('"' * (MB // 4) + "\n").encode())
    sym = "s" * 100_000
    c["huge/symbol-100k-chars"] = (f"(nil setq {sym} 5)\n(cout writeln {sym})\n(cout writeln '{sym[:10]})\n", "valid", b"5\nssssssssss\n")
    c["huge/symbol-10k-punctuation"] = (f"(nil setq {'*+!' * 3000} 6)\n(cout writeln {'*+!' * 3000})\n", "valid", b"6\n")
    items = " ".join(str(i) for i in range(100_000))
    c["huge/list-100k-elements"] = (f"(nil setq l '({items}))\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    c["huge/vector-100k-elements"] = (f"(nil setq v #({items}))\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    bytes_ = " ".join(str(i % 256) for i in range(100_000))
    c["huge/byte-vector-100k"] = (f"(nil setq b #[{bytes_}])\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    c["huge/args-2000"] = ("(cout writeln " + " ".join(f'"{i % 10}"' for i in range(2000)) + ")\n", "valid",
                           ("".join(str(i % 10) for i in range(2000)) + "\n").encode())
    params = " ".join(f"p{i}" for i in range(1000))
    args = " ".join(str(i) for i in range(1000))
    c["huge/params-1000"] = (f"(nil defmethod f ({params}) (cout writeln p0 \" \" p999))\n(nil f {args})\n", "valid", b"0 999\n")
    binds = " ".join(f"(b{i} {i})" for i in range(5000))
    c["huge/let-5000-bindings"] = (f"(nil let ({binds}) (cout writeln b0 \" \" b4999))\n", "valid", b"0 4999\n")
    syms = " ".join(f"sym{i}" for i in range(50_000))
    c["huge/distinct-symbols-50k"] = (f"(nil setq l '({syms}))\n(cout writeln \"ok\")\n", "valid", b"ok\n")
    # ---- big programs ------------------------------------------------------------------------------
    methods = "".join(f"(nil defmethod m{i} (a) (a + {i}))\n" for i in range(20_000))
    c["big/methods-20000"] = (methods + "(cout writeln (nil m19999 1) \" \" (nil m0 1))\n", "valid", b"20000 1\n", 30)
    forms = "".join(f'(nil setq v{i} "{"x" * 80}")\n' for i in range(100_000))
    c["big/source-10mb-error-at-end"] = (forms + "(cout writeln (nil if))\n", "error", None)
    c["big/source-10mb-unclosed-at-start"] = ("(cout writeln\n" + forms, "error", None)
    c["big/source-10mb-one-line-error-at-end"] = ("(cout writeln " + '"x" ' * (10 * MB // 4) + "#[256])\n", "error", None)
    c["big/source-10mb-comment-then-error"] = (";" + "c" * (10 * MB) + "\n(1)\n", "error", None)
    c["big/source-10mb-invalid-utf8-at-end"] = (forms.encode() + b'(cout writeln "\xff")\n', "error", None)
    c["big/errors-in-10000-forms"] = ("(nil if)\n" * 10_000, "error", None)
    # ---- big garbage (kind "any": refused with a diagnostic, or accepted and built) ---------------
    rng = random.Random(7)
    c["garbage/random-bytes-10mb"] = (rng.randbytes(10 * MB), "any", None)
    c["garbage/random-ascii-1mb"] = ("".join(rng.choice("abc ()'`,#\\\";|.\n") for _ in range(MB)), "any", None)
    c["garbage/nul-bytes-1mb"] = (b"\0" * MB, "any", None)
    return c


def write_all(directory):
    """Writes every case under [directory]; returns [(relative name, kind)]."""
    out = []
    for rel, (text, kind, expected, *cpu) in sorted(cases().items()):
        path = os.path.join(directory, "gen", rel + ".l2d")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        with open(path, "wb") as f:
            f.write(data)
        if kind == "valid":
            with open(path[:-4] + ".out", "wb") as f:
                f.write(expected or b"")
        if kind == "error" and isinstance(expected, str):
            with open(path[:-4] + ".where", "w") as f:
                f.write(expected + "\n")
        if cpu:
            with open(path[:-4] + ".cpu", "w") as f:
                f.write(f"{cpu[0]}\n")
        out.append(("gen/" + rel, kind))
    return out
