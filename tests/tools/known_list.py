"""The lists of known failures the test runners share (tests/conformance/known-failures.txt,
tests/hostile/known-bugs.txt, tests/security/known-bugs.txt): one `NAME  reason` per line,
`#` comments and blank lines ignored."""
import os


def read_known_list(path):
    """[(name, reason)] in file order; empty when [path] is missing or not given."""
    entries = []
    if not path or not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, why = line.partition(" ")
                entries.append((name, why.strip()))
    return entries
