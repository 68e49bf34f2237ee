#!/usr/bin/env python3
"""packaging.guide-examples: the examples of docs/guide.md are true.

Each ```lisp block of the guide is a whole script, example.l2d. `l2dc check` must find no
error in it. The blocks that follow it (only blank lines between) say more:
  ```output       `l2dc run example.l2d` writes exactly this to standard output
  ```stderr       … and exactly this to standard error
  ```diagnostics  `l2dc check example.l2d` writes exactly this to standard error
Usage: guide_examples.py L2DC GUIDE.md
"""
import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(text):
    """(kind, body, line, blank_lines_before) for each fenced block."""
    lines = text.split("\n")
    out, i, last_end = [], 0, -1
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        start = i
        i += 1
        body = []
        while i < len(lines) and not lines[i].startswith("```"):
            body.append(lines[i])
            i += 1
        between = lines[last_end + 1:start]
        adjacent = last_end >= 0 and all(not s.strip() for s in between)
        out.append((m.group(1), "\n".join(body) + "\n", start + 1, adjacent))
        last_end = i
        i += 1
    return out


def main():
    l2dc, guide = os.path.abspath(sys.argv[1]), sys.argv[2]
    with open(guide, encoding="utf-8") as f:
        found = blocks(f.read())
    env = dict(os.environ, NO_COLOR="1")
    failures, examples, checked = [], 0, 0
    with tempfile.TemporaryDirectory(prefix="l2dc-guide.") as tmp:
        env["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
        script = os.path.join(tmp, "example.l2d")

        def run(*args):
            return subprocess.run([l2dc, *args, "example.l2d"], cwd=tmp, env=env, capture_output=True,
                                  text=True, timeout=120)

        for n, (kind, body, line, _) in enumerate(found):
            if kind != "lisp":
                continue
            examples += 1
            with open(script, "w", encoding="utf-8") as f:
                f.write(body)
            expect = {}
            for kind2, body2, _, adjacent in found[n + 1:]:
                if not adjacent or kind2 not in ("output", "stderr", "diagnostics"):
                    break
                expect[kind2] = body2
            where = f"{guide}:{line}"
            check = run("check")
            if "diagnostics" in expect:
                checked += 1
                if check.stderr != expect["diagnostics"]:
                    failures.append(f"{where}: l2dc check wrote\n{check.stderr}instead of\n{expect['diagnostics']}")
            elif check.returncode != 0:
                failures.append(f"{where}: l2dc check found errors:\n{check.stderr}")
            if "output" in expect or "stderr" in expect:
                checked += 1
                r = run("run")
                for key, got in (("output", r.stdout), ("stderr", r.stderr)):
                    want = expect.get(key, "")
                    if got != want:
                        failures.append(f"{where}: l2dc run wrote to {'standard output' if key == 'output' else 'standard error'}\n{got}instead of\n{want}")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    print(f"-- {examples} examples, {checked} with their results checked, {len(failures)} failures")
    return 1 if failures or examples == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
