#!/usr/bin/env python3
"""Driver security tests (RELIABILITY.md §4).

  run_security.py --l2dc build/transpiler/l2dc [--filter NAME] [-v]

Each check runs in a fresh directory with its own build cache ($XDG_CACHE_HOME):

* names-*      script names with spaces, quotes, `;`, `$(…)`, backticks, a newline, a
               leading `-`, … work with check, translate, build, run, repl and ship, reach
               `arg` unchanged, and no shell ever runs them (a `$(touch …)` or backtick in a
               name or an argument would create a marker file);
* private-*    what l2dc creates outside its private directories is created exclusively
               (O_EXCL, as mkstemp does) and its directories are made private (mkdtemp):
               checked on the system calls of l2dc itself, through strace;
* cache-*      the cache directory is mode 0700 whatever the umask and whatever mode it had;
               a cache l2dc does not own (a symlink, a file, another user's directory) is not
               used; a corrupted entry — a flipped byte, a shell script in place of the
               executable, a damaged manifest, a directory instead of a file — is detected
               and rebuilt, never run;
* concurrent-* 8 processes run (and build) the same script at once, from a cold cache;
* inputs-*     scripts that are not regular files, or too big: status 1 and a clear message;
* toolchain-*  a broken C++ compiler is the environment's fault, said so; -v shows the phases;
* ship-*       a project written by `l2dc ship` holds no absolute path of the build machine.

known-bugs.txt lists the checks that fail today because of an l2dc bug; they still run and
are reported as KNOWN FAILURE (an UNEXPECTED PASS fails the run: delete the line).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from known_list import read_known_list  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PROGRAM = '(cout print arg)\n(cout writeln "ran")\n'
TIMEOUT = 180


class Failure(Exception):
    pass


class Skip(Exception):
    """A check that cannot run here; reported as SKIP, never silently."""


def with_umask(cmd, umask):
    # The arguments reach the command as "$@": the shell never interprets them.
    return cmd if umask is None else ["/bin/sh", "-c", f'umask {umask:03o}; exec "$@"', "sh"] + cmd


def expect(cond, message):
    if not cond:
        raise Failure(message)


class Env:
    """A fresh directory, cache and environment for one check."""

    def __init__(self, l2dc, root, name):
        self.l2dc = l2dc
        self.dir = tempfile.mkdtemp(prefix=re.sub(r"[^a-z0-9]", "-", name) + "-", dir=root)
        self.cache_home = os.path.join(self.dir, "xdg-cache")
        self.work = os.path.join(self.dir, "work")
        os.makedirs(self.work)
        self.env = dict(os.environ)
        self.env["NO_COLOR"] = "1"
        self.env["XDG_CACHE_HOME"] = self.cache_home
        self.env["HOME"] = os.path.join(self.dir, "home")
        os.makedirs(self.env["HOME"])

    def run(self, *args, cwd=None, stdin=b"", env=None, timeout=TIMEOUT, umask=None):
        cmd = with_umask([self.l2dc] + list(args), umask)
        return subprocess.run(cmd, cwd=cwd or self.work, input=stdin, env=env or self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)

    def cache_root(self):
        return os.path.join(self.cache_home, "l2dc")

    def entries(self):
        """The cache entries (named by their 128-bit key; not the work directories tmp-*
        nor the toolchain memos toolchain-*)."""
        root = self.cache_root()
        if not os.path.isdir(root):
            return []
        return sorted(e for e in os.listdir(root) if re.fullmatch(r"[0-9a-f]{32}", e))

    def leftovers(self):
        root = self.cache_root()
        return sorted(e for e in os.listdir(root) if e.startswith("tmp-")) if os.path.isdir(root) else []


def ok(p, what):
    expect(p.returncode == 0, f"{what}: exit status {p.returncode}\n{p.stderr.decode('utf-8', 'replace')[-2000:]}")


def no_marker(env, where=()):
    for d in (env.work, env.dir, "/tmp") + tuple(where):
        for m in ("PWNED", "pwned-l2dc-security"):
            expect(not os.path.exists(os.path.join(d, m)), f"a shell ran: {os.path.join(d, m)} exists")


# ---- names -------------------------------------------------------------------------------------
ODD_NAMES = {
    "space": "my script.l2d",
    "single-quote": "it's.l2d",
    "double-quote": 'say "hi".l2d',
    "semicolon": "a;touch PWNED;b.l2d",
    "command-substitution": "$(touch PWNED).l2d",
    "backticks": "`touch PWNED`.l2d",
    "newline": "new\nline.l2d",
    "tab-and-cr": "tab\tcr\r.l2d",
    "leading-dash": "-x.l2d",
    "leading-double-dash": "--help.l2d",
    "glob-and-redirect": "*?[a] >out <in |pipe &.l2d",
    "backslash": "back\\slash.l2d",
    "unicode": "программа 🙂.l2d",
    "no-extension": "script",
    "hash-bang-like": "#!prog.l2d",
    "cpp-escapes": '??=\\x41"\\.l2d',
    "percent": "%s%n%d.l2d",
}
ODD_ARGS = ["a b", "'q'", '"dq"', "$(touch PWNED)", "`touch PWNED`", ";", "-x", "--", "new\nline", "*", ""]


def check_names(l2dc, root, key):
    """check, translate, build, run, repl and ship on a script with a hostile name."""
    name = ODD_NAMES[key]
    env = Env(l2dc, root, "names-" + key)
    sub = os.path.join(env.work, "dir $(touch PWNED) `x`;")  # the directory is odd too
    os.makedirs(sub)
    with open(os.path.join(sub, name), "w") as f:
        f.write(PROGRAM)
    # How the script is named on the command line: as is, as a path that cannot read as an
    # option, and (for a leading '-') after `--`, which ends the options.
    spellings = [["./" + name]]
    if name.startswith("-"):
        spellings.append(["--", name])
    else:
        spellings.append([name])
    expected_arg = '("' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    for spelled in spellings:
        tag = " ".join(spelled)
        ok(env.run("check", *spelled, cwd=sub), f"check {tag!r}")
        p = env.run("translate", "-o", "out.cpp", *spelled, cwd=sub)
        ok(p, f"translate {tag!r}")
        cpp = open(os.path.join(sub, "out.cpp"), encoding="utf-8", errors="replace").read()
        expect("#line" in cpp, "translate: no #line directive")
        p = env.run("translate", *spelled, cwd=sub)
        ok(p, f"translate {tag!r} (default output)")
        p = env.run("build", "-o", "./-out prog $(x)", *spelled, cwd=sub)
        ok(p, f"build {tag!r}")
        r = subprocess.run(["./-out prog $(x)"] + ODD_ARGS, cwd=sub, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=60)
        expect(r.returncode == 0 and r.stdout.startswith(expected_arg.encode()),
               f"built program: status {r.returncode}, output {r.stdout[:300]!r}, expected {expected_arg!r}…")
        expected = r.stdout
        p = env.run("build", *spelled, cwd=sub)
        ok(p, f"build {tag!r} (default output)")
        p = env.run("run", *spelled, *ODD_ARGS, cwd=sub)
        ok(p, f"run {tag!r}")
        expect(p.stdout == expected, f"run {tag!r}: output {p.stdout[:300]!r}, expected {expected[:300]!r}")
        p = env.run("repl", *spelled, *ODD_ARGS, cwd=sub)
        ok(p, f"repl {tag!r}")
        expect(p.stdout == expected, f"repl {tag!r}: output {p.stdout[:300]!r}, expected {expected[:300]!r}")
        if spelled[0] == "--":  # options, then `--`, then the script and its arguments
            p = env.run("run", "-O1", "--history", "3", *spelled, *ODD_ARGS, cwd=sub)
            ok(p, f"run -O1 --history 3 {tag!r}")
            expect(p.stdout == expected, f"run -O1 {tag!r}: output {p.stdout[:300]!r}")
            p = env.run("repl", "--history", "3", *spelled, *ODD_ARGS, cwd=sub)
            ok(p, f"repl --history 3 {tag!r}")
            expect(p.stdout == expected, f"repl --history 3 {tag!r}: output {p.stdout[:300]!r}")
        ship = os.path.join(sub, "ship $(x) `y`")
        shutil.rmtree(ship, ignore_errors=True)
        p = env.run("ship", "-o", "ship $(x) `y`", *spelled, cwd=sub)
        ok(p, f"ship {tag!r}")
        expect(os.path.exists(os.path.join(ship, "CMakeLists.txt")), "ship: no CMakeLists.txt")
    no_marker(env, (sub,))


# ---- private files -----------------------------------------------------------------------------
TRACED = "openat,open,creat,mkdir,mkdirat,rename,renameat,renameat2,link,linkat,symlink,symlinkat"


def strace(env, args, cwd, umask=None):
    if not shutil.which("strace"):
        raise Skip("strace is not installed (scripts/install-deps installs it)")
    log = os.path.join(env.dir, "strace.log")
    cmd = with_umask(["strace", "-qq", "-e", "trace=" + TRACED, "-e", "signal=none", "-o", log, env.l2dc] + args,
                     umask)
    p = subprocess.run(cmd, cwd=cwd, env=env.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    return p, open(log, encoding="utf-8", errors="replace").read().splitlines()


def created_files(lines, private_dirs):
    """(call, path, exclusive) of each file l2dc creates outside [private_dirs]."""
    out = []
    for line in lines:
        m = re.match(r'(openat|open|creat)\((?:AT_FDCWD, )?"([^"]*)", ([A-Z_|]+)', line)
        if not m or "O_CREAT" not in m.group(3) or re.search(r"= -1 ", line):
            continue
        path = m.group(2)
        if any(path.startswith(d + "/") for d in private_dirs):
            continue
        out.append((line, path, "O_EXCL" in m.group(3)))
    return out


def work_dirs(lines):
    """The directories l2dc made with mode 0700 (mkdtemp): what is created in them is private."""
    dirs = []
    for line in lines:
        m = re.match(r'mkdir(?:at)?\((?:AT_FDCWD, )?"([^"]*)", (0\d+)\)\s+= 0', line)
        if m and m.group(2) == "0700":
            dirs.append(m.group(1))
    return dirs


def check_private(l2dc, root, command):
    env = Env(l2dc, root, "private-" + command)
    with open(os.path.join(env.work, "p.l2d"), "w") as f:
        f.write(PROGRAM)
    args = {"translate": ["translate", "p.l2d", "-o", "p.cpp"],
            "build": ["build", "p.l2d", "-o", "p"],
            "build-no-cache": ["build", "p.l2d", "-o", "p"],
            "run": ["run", "p.l2d"],
            "ship": ["ship", "p.l2d", "-o", "proj"]}[command]
    if command == "build-no-cache":
        env.env.pop("XDG_CACHE_HOME")
        env.env.pop("HOME")  # no cache at all: the work directory goes to /tmp
    p, lines = strace(env, args, env.work, umask=0)
    ok(p, command)
    private = work_dirs(lines)
    bad = [(line, path) for line, path, excl in created_files(lines, private)
           if not excl and command != "ship"]
    if command == "ship":  # a new project directory is written in place, by design
        bad = [(line, path) for line, path, excl in created_files(lines, private)
               if not excl and not path.startswith("proj/")]
    expect(not bad, "files created without O_EXCL outside a private directory:\n  " +
           "\n  ".join(line for line, _ in bad))
    for line in lines:
        m = re.match(r'mkdir(?:at)?\((?:AT_FDCWD, )?"([^"]*)", (0\d+)\)\s+= 0', line)
        if m and m.group(1).endswith("/l2dc") and m.group(2) != "0700" and command != "ship":
            raise Failure(f"the cache directory is created with mode {m.group(2)} (umask 0), and only then "
                          f"restricted by chmod: {line}")
    if command == "build-no-cache":
        expect(private, "no private (mkdtemp) work directory")


# ---- the cache -----------------------------------------------------------------------------------
def prepared(l2dc, root, name, source=PROGRAM):
    env = Env(l2dc, root, name)
    with open(os.path.join(env.work, "p.l2d"), "w") as f:
        f.write(source)
    return env


def run_ok(env, *extra):
    p = env.run("run", "-v", "p.l2d", *extra)
    ok(p, "run")
    expect(b"ran\n" in p.stdout, f"run: unexpected output {p.stdout[:200]!r}")
    return p


def check_cache_mode(l2dc, root, case):
    env = prepared(l2dc, root, "cache-mode-" + case)
    if case == "fresh-umask-0":
        p = env.run("run", "p.l2d", umask=0)
        ok(p, "run")
    elif case == "existing-0777":
        os.makedirs(env.cache_root())
        os.chmod(env.cache_root(), 0o777)
        run_ok(env)
    elif case == "existing-0755":
        os.makedirs(env.cache_root())
        os.chmod(env.cache_root(), 0o755)
        run_ok(env)
    mode = stat.S_IMODE(os.lstat(env.cache_root()).st_mode)
    expect(mode == 0o700, f"cache directory mode {oct(mode)}")
    # Entries are renamed private work directories: no one else may enter them either.
    for n in os.listdir(env.cache_root()):
        m = stat.S_IMODE(os.lstat(os.path.join(env.cache_root(), n)).st_mode)
        expect(not m & 0o077, f"cache entry {n} has mode {oct(m)}")


def check_cache_foreign(l2dc, root, case):
    """A cache root l2dc must not use: the build still works, nothing is written there."""
    env = prepared(l2dc, root, "cache-foreign-" + case)
    target = os.path.join(env.dir, "elsewhere")
    os.makedirs(target)
    os.makedirs(env.cache_home)
    if case == "symlink":
        os.symlink(target, env.cache_root())
    elif case == "regular-file":
        open(env.cache_root(), "w").close()
    elif case == "other-owner":
        if os.getuid() != 0:
            raise Skip("needs root to give the cache directory to another user")
        os.makedirs(env.cache_root())
        os.chown(env.cache_root(), 65534, 65534)
        target = env.cache_root()
    elif case == "relative-xdg":  # ignored (the XDG rule): the cache goes to $HOME/.cache
        env.env["XDG_CACHE_HOME"] = "relative"
        target = env.work
    p = run_ok(env)
    if case != "relative-xdg":  # said once per command, so that the user can put it right
        expect(b"warning: not using the build cache" in p.stderr,
               f"no warning about the cache it does not use: {p.stderr[-300:]!r}")
    if case == "relative-xdg":
        expect(os.listdir(env.work) == ["p.l2d"], f"l2dc wrote beside the script: {os.listdir(env.work)}")
        expect(os.path.isdir(os.path.join(env.env["HOME"], ".cache", "l2dc")), "no cache in $HOME/.cache")
        return
    expect(not os.listdir(target) if os.path.isdir(target) else True,
           f"l2dc wrote into a cache it must not use: {os.listdir(target)}")


def check_cache_entry_other_owner(l2dc, root, case):
    """An entry someone else made (say, while the cache was open to others) is never used."""
    if os.getuid() != 0:
        raise Skip("needs root to give a cache entry to another user")
    env = prepared(l2dc, root, "cache-entry-" + case)
    run_ok(env)
    entry = os.path.join(env.cache_root(), env.entries()[0])
    what = {"other-owner": entry, "program-other-owner": os.path.join(entry, "program"),
            "manifest-other-owner": os.path.join(entry, "manifest")}[case]
    os.chown(what, 65534, 65534)
    p = run_ok(env)
    expect(b"cache miss" in p.stderr, "an entry owned by another user was used: " + p.stderr.decode()[-300:])
    p = run_ok(env)
    expect(b"cache hit" in p.stderr, "the rebuilt entry is not used: " + p.stderr.decode()[-300:])
    # A cache left writable by others is made private again, and said so.
    os.chmod(env.cache_root(), 0o777)
    p = run_ok(env)
    expect(b"writable by other users" in p.stderr, f"no warning about a cache open to others: {p.stderr[-300:]!r}")
    expect(stat.S_IMODE(os.lstat(env.cache_root()).st_mode) == 0o700, "the cache is still open to others")


def corrupt(env, how):
    entries = env.entries()
    expect(len(entries) == 1, f"expected one cache entry, found {entries}")
    entry = os.path.join(env.cache_root(), entries[0])
    exe = os.path.join(entry, "program")
    manifest = os.path.join(entry, "manifest")
    marker = os.path.join(env.dir, "PWNED")
    if how == "flipped-byte":
        data = bytearray(open(exe, "rb").read())
        data[len(data) // 2] ^= 0x01
        open(exe, "wb").write(bytes(data))
    elif how == "flipped-last-byte":
        data = bytearray(open(exe, "rb").read())
        data[-1] ^= 0x80
        open(exe, "wb").write(bytes(data))
    elif how == "shell-script":
        os.remove(exe)
        with open(exe, "w") as f:
            f.write(f"#!/bin/sh\ntouch '{marker}'\necho hijacked\n")
        os.chmod(exe, 0o755)
    elif how == "truncated":
        data = open(exe, "rb").read()
        open(exe, "wb").write(data[: len(data) // 3])
    elif how == "empty-executable":
        open(exe, "wb").close()
    elif how == "executable-is-directory":
        os.remove(exe)
        os.mkdir(exe)
    elif how == "executable-missing":
        os.remove(exe)
    elif how == "manifest-garbage":
        open(manifest, "wb").write(os.urandom(200))
    elif how == "manifest-empty":
        open(manifest, "wb").close()
    elif how == "manifest-missing":
        os.remove(manifest)
    elif how == "manifest-is-directory":
        os.remove(manifest)
        os.mkdir(manifest)
    elif how == "manifest-wrong-hash":
        text = open(manifest).read()
        open(manifest, "w").write(re.sub(r"hash [0-9a-f]+", "hash " + "0" * 32, text))
    elif how == "entry-is-file":
        shutil.rmtree(entry)
        open(entry, "w").write("not a directory")
    elif how == "entry-symlink-to-script":
        evil = os.path.join(env.dir, "evil")
        os.makedirs(evil)
        with open(os.path.join(evil, "program"), "w") as f:
            f.write(f"#!/bin/sh\ntouch '{marker}'\necho hijacked\n")
        os.chmod(os.path.join(evil, "program"), 0o755)
        shutil.copy(manifest, os.path.join(evil, "manifest"))
        shutil.rmtree(entry)
        os.symlink(evil, entry)
    return marker


def check_cache_corrupt(l2dc, root, how):
    env = prepared(l2dc, root, "cache-corrupt-" + how)
    run_ok(env)
    marker = corrupt(env, how)
    p = run_ok(env)
    expect(not os.path.exists(marker), "the corrupted cache entry was run")
    expect(b"hijacked" not in p.stdout, "the corrupted cache entry was run")
    expect(b"cache miss" in p.stderr, "no rebuild (no 'cache miss' with -v): " + p.stderr.decode()[-300:])
    p = run_ok(env)  # and the rebuilt entry is sound again
    expect(b"cache hit" in p.stderr, "the rebuilt entry is not used: " + p.stderr.decode()[-300:])


# ---- concurrency ---------------------------------------------------------------------------------
def check_concurrent(l2dc, root, what):
    env = prepared(l2dc, root, "concurrent-" + what, PROGRAM + "".join(
        f"(nil defmethod f{i} (x) (x + {i}))\n" for i in range(10)))
    def one(i):
        if what == "run":
            return env.run("run", "p.l2d", str(i))
        if what == "build-same-output":  # --stress only: the race does not always show
            return env.run("build", "p.l2d", "-o", "same")
        if what == "translate-same-output":
            return env.run("translate", "p.l2d", "-o", "same.cpp")
        return env.run("build", "p.l2d", "-o", f"out{i}")
    for round_ in range(2):  # cold cache, then warm
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(one, range(8)))
        for i, p in enumerate(results):
            ok(p, f"process {i} (round {round_ + 1})")
            if what == "run":
                expect(p.stdout.startswith(f'("p.l2d" "{i}")\nran\n'.encode()),
                       f"process {i}: output {p.stdout[:200]!r}")
        if what == "build-same-output":
            r = subprocess.run([os.path.join(env.work, "same")], stdout=subprocess.PIPE, timeout=60)
            expect(r.returncode == 0 and b"ran\n" in r.stdout, "the output built concurrently does not run")
        if what == "translate-same-output":
            text = open(os.path.join(env.work, "same.cpp"), encoding="utf-8").read()
            # main's closing brace ends the file, or the #endif of unit 1 around it
            expect(text.rstrip().endswith("}") or text.rstrip().endswith("}\n#endif  // unit 1"),
                   "the C++ written concurrently is incomplete")
    if what != "translate-same-output":
        expect(len(env.entries()) == 1, f"cache entries: {env.entries()} (expected one)")
        expect(not env.leftovers(), f"work directories left in the cache: {env.leftovers()}")
    leftovers = [n for n in os.listdir(env.work) if "l2dc" in n or n.startswith(".")]
    expect(not leftovers, f"temporary files left beside the outputs: {leftovers}")


# ---- ship ------------------------------------------------------------------------------------------
def check_output_temp(l2dc, root, case):
    """Whatever lies beside the output under another name does not stop a build."""
    env = prepared(l2dc, root, "output-temp-" + case)
    if case == "directory-named-like-the-temporary":
        os.makedirs(os.path.join(env.work, "same.l2dc-tmp", "x"))
    elif case == "symlink-named-like-the-temporary":
        victim = os.path.join(env.dir, "victim")
        open(victim, "w").write("precious\n")
        os.symlink(victim, os.path.join(env.work, "same.l2dc-tmp"))
    p = env.run("build", "p.l2d", "-o", "same")
    ok(p, "build")
    if case == "symlink-named-like-the-temporary":
        expect(open(os.path.join(env.dir, "victim")).read() == "precious\n", "the symlink's target was overwritten")
    r = subprocess.run([os.path.join(env.work, "same")], stdout=subprocess.PIPE, timeout=60)
    expect(r.returncode == 0 and b"ran\n" in r.stdout, "the output does not run")


def is_sanitized(l2dc):
    with open(l2dc, "rb") as f:
        return b"__asan_init" in f.read()


def check_inputs(l2dc, root, case):
    """Scripts that are not regular files: a clear error (status 1), never a crash or a hang."""
    env = prepared(l2dc, root, "inputs-" + case)
    if case == "pipe":  # read exactly once: the C++ and the cache key come from the same text
        for command in ("run", "run", "build", "repl"):
            args = [command, "/dev/stdin"] + (["-o", "piped"] if command == "build" else [])
            p = env.run(*args, stdin=PROGRAM.encode())
            ok(p, f"{command} /dev/stdin")
            if command == "build":
                p = subprocess.run([os.path.join(env.work, "piped")], stdout=subprocess.PIPE, timeout=60)
            expect(b"ran\n" in p.stdout, f"{command} /dev/stdin: output {p.stdout[:200]!r} (the script read twice?)")
        return
    limit = []
    if case == "directory":
        script = env.work
    elif case == "nonexistent":
        script = os.path.join(env.work, "missing.l2d")
    elif case == "too-big":  # over the 64 MiB limit (a sparse file: no disk used)
        script = os.path.join(env.work, "big.l2d")
        with open(script, "wb") as f:
            f.truncate(64 * 1024 * 1024 + 1)
    elif case == "dev-zero":  # endless input: refused once too big, not read until memory runs out
        if is_sanitized(l2dc):
            raise Skip("an address-space limit cannot apply to a sanitized l2dc")
        script = "/dev/zero"
        limit = ["prlimit", "--as=4000000000", "--"]
    out = os.path.join(env.work, "out")
    for command in ("check", "build", "translate", "run", "repl", "ship"):
        args = [command, script] + (["-o", out] if command in ("build", "translate", "ship") else [])
        p = subprocess.run(limit + [l2dc] + args, cwd=env.work, env=env.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
        err = p.stderr.decode("utf-8", "replace")
        expect(p.returncode == 1, f"{command}: exit status {p.returncode} (expected 1): {err[-500:]}")
        expect("error:" in err and "terminate called" not in err, f"{command}: no error message: {err[-500:]}")
        if case == "directory":
            expect("is a directory" in err, f"{command}: the message does not say it is a directory: {err[-300:]}")
        if case in ("too-big", "dev-zero"):
            expect("64 MiB" in err, f"{command}: the message does not give the limit: {err[-300:]}")
        expect(not os.path.exists(out), f"{command}: wrote an output")


def check_output_is_script(l2dc, root, case):
    """`-o` naming the script itself is refused; the script is left alone."""
    env = prepared(l2dc, root, "output-" + case)
    script = os.path.join(env.work, "p.l2d")
    for command in ("build", "translate"):
        p = env.run(command, "p.l2d", "-o", "./p.l2d")
        expect(p.returncode == 1, f"{command} -o the script: exit status {p.returncode}")
        expect(open(script).read() == PROGRAM, f"{command} -o the script overwrote it")


def fake_compiler(env, body):
    path = os.path.join(env.dir, "fake-c++")
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body + "\n")
    os.chmod(path, 0o755)
    return path


def check_toolchain(l2dc, root, case):
    """A compiler that is missing, cannot run or dies is the environment's fault, said so,
    not an l2dc bug report; and a working one reports its phases with -v."""
    env = prepared(l2dc, root, "toolchain-" + case)
    expected = None
    if case == "missing-compiler":
        env.env["CXX"] = os.path.join(env.dir, "no-such-compiler")
        expected = "No such file or directory"
    elif case == "not-executable":
        env.env["CXX"] = os.path.join(env.dir, "no-such-compiler")
        open(env.env["CXX"], "w").close()
        expected = "Permission denied"
    elif case == "not-on-path":  # a bare name is looked up on PATH only, never in the current directory
        env.env["CXX"] = "no-such-compiler"
        fake = os.path.join(env.work, "no-such-compiler")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\ntouch PWNED\nexit 1\n")
        os.chmod(fake, 0o755)
        expected = "not found on PATH"
    elif case == "killed":  # as the kernel's OOM killer does
        env.env["CXX"] = fake_compiler(env, "kill -9 $$") + " no-such-compiler"
        expected = "signal 9"
    elif case == "cc1plus-killed":  # g++ survives, its cc1plus is killed
        env.env["CXX"] = fake_compiler(env, 'echo "c++: fatal error: Killed signal terminated program cc1plus" >&2; exit 1') + \
            " no-such-compiler"
        expected = "Killed signal terminated program cc1plus"
    elif case == "out-of-memory":  # g++ itself says so; its lines shown as lines
        env.env["CXX"] = fake_compiler(env, 'echo "cc1plus: out of memory allocating 65536 bytes" >&2; exit 1')
        expected = "ran out of memory:\n  cc1plus: out of memory allocating 65536 bytes\n"
    elif case == "disk-full":
        env.env["CXX"] = fake_compiler(
            env, 'echo "/usr/bin/ld: final link failed: No space left on device" >&2; exit 1')
        expected = "ran out of disk space:\n  /usr/bin/ld: final link failed: No space left on device\n"
    elif case == "rejects-code":  # an l2dc bug: its messages shown as lines, harmlessly
        env.env["CXX"] = fake_compiler(
            env, "printf 'program.cpp:12:3: error: oops\\n   12 | x\\033[2J;\\n      | ^\\n' >&2; exit 1")
        for command in ("build", "run"):
            args = [command, "p.l2d"] + (["-o", "p"] if command == "build" else [])
            p = env.run(*args)
            err = p.stderr.decode("utf-8", "replace")
            expect(p.returncode == 1, f"{command}: exit status {p.returncode}: {err[-300:]}")
            expect("report this as an l2dc bug" in err, f"{command}: not reported as an l2dc bug: {err[-400:]}")
            expect("\n  program.cpp:12:3: error: oops\n     12 | x?[2J;\n        | ^\n" in err,
                   f"{command}: the compiler's lines are not shown as lines: {err[-400:]!r}")
            expect("\x1b" not in err, f"{command}: a control character reached the terminal: {err[-400:]!r}")
            expect(not os.path.exists(os.path.join(env.work, "p")), f"{command}: wrote an output")
        expect(not env.leftovers(), f"work directories left in the cache: {env.leftovers()}")
        return
    elif case == "units-out-of-memory":
        # Compiles at once need more memory: one that runs out is run again alone. The
        # fake compiler fails each unit's first compile as g++ does when memory runs out.
        env.env["L2DC_UNIT_LINES"] = "1"
        env.env["CXX"] = fake_compiler(env, (
            'for a in "$@"; do case "$a" in -DL2D_UNIT_FIRST=*) u="${a#-DL2D_UNIT_FIRST=}";; esac; done\n'
            'if [ -n "$u" ] && [ ! -e "%s/oom-$u" ]; then\n'
            '  touch "%s/oom-$u"; echo "cc1plus: out of memory allocating 65536 bytes" >&2; exit 1\n'
            'fi\n'
            'exec c++ "$@"') % (env.dir, env.dir))
        with open(os.path.join(env.work, "p.l2d"), "a") as f:
            f.write("".join(f"(nil defmethod f{i} (x) (nil let ((s 0)) (x for* k (nil setq s (s + k))) s))\n"
                            for i in range(6)))
        p = env.run("build", "-v", "p.l2d", "-o", "p")
        ok(p, "build -v")
        err = p.stderr.decode("utf-8", "replace")
        r = subprocess.run([os.path.join(env.work, "p")], stdout=subprocess.PIPE, timeout=60)
        expect(r.returncode == 0 and b"ran\n" in r.stdout, "the output does not run")
        if len(os.sched_getaffinity(0)) >= 2:
            retried = len([f for f in os.listdir(env.dir) if f.startswith("oom-")])
            expect(retried >= 2, f"no unit compiled at once ran out of memory: {err[-400:]}")
            expect(re.search(r"compiles of \d+ units at once, %d again alone for want of memory" % retried, err),
                   f"-v does not say compiles ran again alone: {err[-400:]}")
        return
    elif case == "verbose-phases":
        p = env.run("build", "-v", "p.l2d", "-o", "p")
        ok(p, "build -v")
        err = p.stderr.decode("utf-8", "replace")
        for phase in ("cache miss", "read+check", "generate", "translate", "compile", "link", "cache", "total"):
            expect(re.search(r"l2dc: " + re.escape(phase) + r" +[0-9.]+ ms", err), f"no phase {phase!r} with -v: {err}")
        p = env.run("build", "-v", "p.l2d", "-o", "p")
        ok(p, "build -v (cached)")
        expect(b"cache hit" in p.stderr, f"no 'cache hit' with -v: {p.stderr[-300:]!r}")
        r = subprocess.run([os.path.join(env.work, "p")], stdout=subprocess.PIPE, timeout=60)
        expect(r.returncode == 0 and b"ran\n" in r.stdout, "the output does not run")
        return
    for command in ("build", "run"):
        args = [command, "p.l2d"] + (["-o", "p"] if command == "build" else [])
        p = env.run(*args)
        err = p.stderr.decode("utf-8", "replace")
        expect(p.returncode == 1, f"{command}: exit status {p.returncode}: {err[-300:]}")
        expect("no-such-compiler" in err or "fake-c++" in err, f"the message does not name the compiler: {err[-300:]}")
        expect(expected in err, f"the message does not say {expected!r}: {err[-300:]}")
        expect("internal" not in err and "report this as an l2dc bug" not in err,
               f"a broken compiler is reported as an internal l2dc bug: {err[-400:]}")
        expect(not os.path.exists(os.path.join(env.work, "p")), f"{command}: wrote an output")
    expect(not env.leftovers(), f"work directories left in the cache: {env.leftovers()}")
    no_marker(env)


def check_ship(l2dc, root, case):
    env = prepared(l2dc, root, "ship-" + case)
    args = ["ship", "p.l2d", "-o", "proj"]
    if case == "absolute-script-path":
        args = ["ship", os.path.join(env.work, "p.l2d"), "-o", os.path.join(env.work, "proj")]
    elif case == "with-options":
        args += ["-O2", "-g", "--history", "3"]
    p = env.run(*args)
    ok(p, "ship")
    proj = os.path.join(env.work, "proj")
    forbidden = {env.work, env.dir, root, os.path.dirname(os.path.abspath(l2dc)),
                 os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(l2dc)))),
                 env.cache_home, os.path.expanduser("~"), tempfile.gettempdir() + "/"}
    forbidden = {f for f in forbidden if f and len(f) > 4}
    for dirpath, _, files in os.walk(proj):
        for n in files:
            path = os.path.join(dirpath, n)
            data = open(path, "rb").read()
            for f in forbidden:
                expect(f.encode() not in data,
                       f"{os.path.relpath(path, proj)} holds the build-machine path {f!r}")
            for m in re.finditer(rb'#line \d+ "([^"]*)"', data):
                expect(not m.group(1).startswith(b"/"), f"{n}: #line with an absolute path {m.group(1)!r}")


CHECKS = {}
for k in ODD_NAMES:
    CHECKS[f"names-{k}"] = (check_names, k)
for c in ("translate", "build", "build-no-cache", "run", "ship"):
    CHECKS[f"private-{c}"] = (check_private, c)
for c in ("fresh-umask-0", "existing-0777", "existing-0755"):
    CHECKS[f"cache-mode-{c}"] = (check_cache_mode, c)
for c in ("symlink", "regular-file", "other-owner", "relative-xdg"):
    CHECKS[f"cache-foreign-{c}"] = (check_cache_foreign, c)
for c in ("other-owner", "program-other-owner", "manifest-other-owner"):
    CHECKS[f"cache-entry-{c}"] = (check_cache_entry_other_owner, c)
for c in ("flipped-byte", "flipped-last-byte", "shell-script", "truncated", "empty-executable",
          "executable-is-directory", "executable-missing", "manifest-garbage", "manifest-empty",
          "manifest-missing", "manifest-is-directory", "manifest-wrong-hash", "entry-is-file",
          "entry-symlink-to-script"):
    CHECKS[f"cache-corrupt-{c}"] = (check_cache_corrupt, c)
for c in ("run", "build", "translate-same-output"):
    CHECKS[f"concurrent-{c}"] = (check_concurrent, c)
STRESS = {"concurrent-build-same-output": (check_concurrent, "build-same-output")}
for c in ("directory-named-like-the-temporary", "symlink-named-like-the-temporary"):
    CHECKS[f"output-temp-{c}"] = (check_output_temp, c)
for c in ("directory", "nonexistent", "too-big", "dev-zero", "pipe"):
    CHECKS[f"inputs-{c}"] = (check_inputs, c)
CHECKS["output-is-the-script"] = (check_output_is_script, "is-the-script")
for c in ("missing-compiler", "not-executable", "not-on-path", "killed", "cc1plus-killed", "rejects-code",
          "verbose-phases", "units-out-of-memory", "out-of-memory", "disk-full"):
    CHECKS[f"toolchain-{c}"] = (check_toolchain, c)
for c in ("relative", "absolute-script-path", "with-options"):
    CHECKS[f"ship-{c}"] = (check_ship, c)


def load_known(path):
    return dict(read_known_list(path))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--filter", default="")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--known-bugs", default=os.path.join(HERE, "known-bugs.txt"))
    ap.add_argument("--stress", action="store_true", help="also the checks whose failure is a matter of luck")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    l2dc = os.path.abspath(a.l2dc)
    known = load_known(a.known_bugs)
    if a.stress:
        CHECKS.update(STRESS)
    root = tempfile.mkdtemp(prefix="l2dc-security-")
    names = [n for n in CHECKS if a.filter in n]
    counts = {"PASS": 0, "FAIL": 0, "KNOWN FAILURE": 0, "UNEXPECTED PASS": 0, "SKIP": 0}

    def run_one(name):
        fn, arg = CHECKS[name]
        t0 = time.monotonic()
        try:
            fn(l2dc, root, arg)
            return name, None, time.monotonic() - t0
        except Failure as e:
            return name, str(e), time.monotonic() - t0
        except Skip as e:
            return name, "SKIP: " + str(e), time.monotonic() - t0
        except subprocess.TimeoutExpired as e:
            return name, f"timed out: {e.cmd!r}", time.monotonic() - t0
        except Exception as e:  # a crash of the check is a failure too
            return name, f"{type(e).__name__}: {e}", time.monotonic() - t0

    t0 = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            for name, problem, secs in pool.map(run_one, names):
                if problem and problem.startswith("SKIP: "):
                    counts["SKIP"] += 1
                    print(f"SKIP: {name}: {problem[6:]}")
                    continue
                if problem:
                    verdict = "KNOWN FAILURE" if name in known else "FAIL"
                else:
                    verdict = "UNEXPECTED PASS" if name in known else "PASS"
                counts[verdict] += 1
                if verdict != "PASS" or a.verbose:
                    extra = f" ({known[name]})" if name in known else ""
                    print(f"{verdict}: {name} [{secs:.1f} s]{extra}")
                    if problem:
                        print("    " + problem.replace("\n", "\n    "))
                    if verdict == "UNEXPECTED PASS":
                        print("    passes now: remove it from known-bugs.txt")
        for name in sorted(set(known) - set(CHECKS) - set(STRESS)):
            print(f"FAIL: known-bugs.txt names '{name}', which is not a check")
            counts["FAIL"] += 1
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"security: {sum(counts.values())} checks in {time.monotonic() - t0:.0f} s: " +
          ", ".join(f"{v} {k.lower()}" for k, v in counts.items()))
    return 1 if counts["FAIL"] or counts["UNEXPECTED PASS"] else 0


if __name__ == "__main__":
    sys.exit(main())
