#!/usr/bin/env python3
"""Every method in the spec's tables has a project test: reads the message forms of
LANGUAGE.md's tables (`| \\`(R MESSAGE …)\\` | …`) and looks for each MESSAGE, sent as a
message, in the project's tests (golden and hostile Lisp2D cases, Catch2 unit tests that
evaluate Lisp2D text or send by name). Prints the messages with no test and fails if any.

  spec_coverage.py --spec LANGUAGE.md TESTS_DIR...
"""
import argparse
import os
import re
import sys

FORM = re.compile(r"`\((\S+)\s+([^\s()`]+)")


def spec_messages(spec):
    found = {}
    for n, line in enumerate(open(spec, encoding="utf-8"), 1):
        if not line.startswith("| `("):
            continue
        cell = line.split("|")[1]
        for receiver, message in FORM.findall(cell):
            if message.startswith(("'", '"', "#")):
                continue
            found.setdefault(message.lower(), n)
    return found


def test_text(dirs):
    chunks = []
    for top in dirs:
        for d, _, files in os.walk(top):
            for f in files:
                if f.endswith((".l2d", ".cpp", ".hpp", ".py", ".in")):
                    chunks.append(open(os.path.join(d, f), encoding="utf-8", errors="replace").read().lower())
    return "\n".join(chunks)


def sent(message, text):
    m = re.escape(message)
    # As a message in Lisp2D text: "(R message" with R any token or form, or by name in C++.
    patterns = [r"[\s(]" + m + r"[\s)]", r'"' + m + r'"']
    return any(re.search(p, text) for p in patterns)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    messages = spec_messages(a.spec)
    text = test_text(a.dirs)
    missing = sorted((line, msg) for msg, line in messages.items() if not sent(msg, text))
    for line, msg in missing:
        print("no test sends %r (LANGUAGE.md line %d)" % (msg, line))
    print("%d of the spec's %d table messages have a project test" % (len(messages) - len(missing), len(messages)))
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
