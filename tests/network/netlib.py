"""Shared helpers of the network tests: a Lisp2D program built in the mode under test
(compiled with `l2dc build`, or run by `l2dc repl FILE`), started or run with time limits
in a private temporary directory, and small socket utilities. Every wait is bounded."""
import argparse
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def skip(message):
    print("SKIP: " + message, flush=True)
    sys.exit(SKIP)


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    ap.add_argument("--mode", choices=["compiled", "repl"], default="compiled")
    ap.add_argument("--samples", required=True, help="the samples/ directory")
    a = ap.parse_args()
    a.l2dc = os.path.abspath(a.l2dc)
    a.samples = os.path.abspath(a.samples)
    a.scripts = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripts")
    return a


class WorkDir:
    """A fresh temporary directory, removed at the end."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="l2d-net-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


def env():
    e = dict(os.environ)
    e["NO_COLOR"] = "1"
    return e


class Program:
    """A Lisp2D program copied into [workdir] and made ready to run in [mode]."""

    def __init__(self, args, source, workdir):
        name = os.path.basename(source)
        self.name = name
        self.workdir = workdir
        shutil.copy(source, os.path.join(workdir, name))
        if args.mode == "compiled":
            exe = os.path.join(workdir, name[:-4] + ".bin")
            r = subprocess.run([args.l2dc, "build", name, "-o", exe], cwd=workdir, env=env(),
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=900)
            if r.returncode != 0:
                fail("l2dc build %s failed:\n%s" % (name, r.stderr.decode(errors="replace")))
            self.argv = [exe]
        else:
            self.argv = [args.l2dc, "repl", name]

    def run(self, *arguments, timeout=60, stdin=b""):
        """Runs to the end; returns (status, stdout bytes, stderr bytes)."""
        try:
            p = subprocess.run(self.argv + [str(a) for a in arguments], cwd=self.workdir, env=env(),
                               input=stdin, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            fail("%s %s did not end within %d s" % (self.name, " ".join(map(str, arguments)), timeout))
        return p.returncode, p.stdout, p.stderr

    def start(self, *arguments):
        return Server(subprocess.Popen(self.argv + [str(a) for a in arguments], cwd=self.workdir, env=env(),
                                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, start_new_session=True), self.name)


class Server:
    """A running Lisp2D program whose standard output is read line by line."""

    def __init__(self, popen, name):
        self.p = popen
        self.name = name
        self.pending = b""
        self.out = b""

    @property
    def pid(self):
        return self.p.pid

    def read_line(self, timeout=30):
        deadline = time.monotonic() + timeout
        sel = selectors.DefaultSelector()
        sel.register(self.p.stdout, selectors.EVENT_READ)
        try:
            while b"\n" not in self.pending:
                left = deadline - time.monotonic()
                if left <= 0 or not sel.select(left):
                    self.kill()
                    fail("%s printed no line within %d s (so far: %r)" % (self.name, timeout, self.pending))
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    self.kill()
                    fail("%s ended before printing a line (so far: %r; stderr: %r)"
                         % (self.name, self.pending, self.p.stderr.read()))
                self.pending += chunk
        finally:
            sel.close()
        line, _, self.pending = self.pending.partition(b"\n")
        self.out += line + b"\n"
        return line.decode("utf-8", errors="replace")

    def wait(self, timeout=60):
        """Waits for the end; returns (status, rest of stdout, stderr)."""
        try:
            out, err = self.p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            fail("%s did not end by itself within %d s" % (self.name, timeout))
        rest = self.pending + out
        self.pending = b""
        self.out += rest
        return self.p.returncode, rest, err

    def kill(self):
        """Ends the program and every process it forked (its own session)."""
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()


def descriptor_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def connect_tcp(port, timeout=30):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    return s


def connect_unix(path, timeout=30):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    return s


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def recv_all(sock):
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def refusing_port():
    """A port on 127.0.0.1 that refuses connections: bound but not listening, for as long
    as the returned socket stays open. Returns (socket, port)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    return s, s.getsockname()[1]
