#!/usr/bin/env python3
"""`l2dc repl` on a terminal (spec 1.4), driven through a pseudo-terminal: the prompt `>`
before each form and none on continuation lines, values in readable form, line editing
(cursor keys, insertion), history (the up arrow recalls a whole multi-line form), the
loop going on after an uncaught exception, and the exit status at end of input.

  repl_tty.py --l2dc PATH
"""
import argparse
import os
import pty
import select
import sys
import time

UP, LEFT, EOF = b"\x1b[A", b"\x1b[D", b"\x04"


class Terminal:
    def __init__(self, argv):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["NO_COLOR"] = "1"
            os.environ["TERM"] = "xterm"
            os.execv(argv[0], argv)
        self.seen = b""

    def expect(self, text, timeout=20):
        """Reads until [text] appears; returns what came before it (and it)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("waited for %r; the terminal shows %r" % (text, self.seen[-400:]))
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError("the REPL ended while waiting for %r: %r" % (text, self.seen[-400:]))
                self.seen += chunk
        at = self.seen.index(text) + len(text)
        before, self.seen = self.seen[:at], self.seen[at:]
        return before

    def send(self, data):
        os.write(self.fd, data)

    def status(self, timeout=20, resend=None):
        """The REPL's exit status, waiting up to [timeout] s. [resend]: keys sent again
        every 2 s meanwhile: a key typed the instant the prompt appears can be dropped
        when the line editor switches the terminal's mode (it flushes pending input), a
        race a person typing never meets."""
        deadline = time.monotonic() + timeout
        next_resend = time.monotonic() + 2
        while time.monotonic() < deadline:
            pid, st = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(st)
            if resend is not None and time.monotonic() >= next_resend:
                try:
                    os.write(self.fd, resend)
                except OSError:
                    pass
                next_resend = time.monotonic() + 2
            try:
                # Read only what is there: a blocking read would wait past the deadline.
                r, _, _ = select.select([self.fd], [], [], 0.05)
                if r:
                    self.seen += os.read(self.fd, 4096)
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the REPL did not end at end of input; the terminal shows %r" % self.seen[-300:])


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def session(l2dc, ending, expected_status):
    t = Terminal([l2dc, "repl"])
    t.expect(b">")
    t.send(b"(1 + 2)\r")
    t.expect(b"3\r\n>")
    # A form over two lines: no prompt on the continuation line, one value.
    t.send(b"(nil list 'a\r")
    t.expect(b"'a\r\n")
    t.send(b"  'b)\r")
    shown = t.expect(b"(a b)\r\n>")
    check(b">" not in shown[:-1], "a prompt on a continuation line: %r" % shown)
    # The up arrow recalls the whole two-line form as one line.
    t.send(UP + b"\r")
    t.expect(b"(a b)\r\n>")
    # Cursor keys edit the line: (3 + 4) with 9 typed before the closing bracket → (3 + 49).
    t.send(b"(3 + 4)" + LEFT + b"9\r")
    t.expect(b"52\r\n>")
    # An uncaught exception is reported and the loop goes on.
    t.send(b"(nil no-such-function)\r")
    t.expect(b"Error: undefined-method")
    t.expect(b">")
    t.send(b"(nil setq x 41)\r")
    t.expect(b">")
    t.send(b"(x + 1)\r")
    t.expect(b"42\r\n>")
    t.send(ending + b"\r")
    t.expect(b">")
    # The prompt can show before the line editor has put the terminal in raw mode: a ^D
    # typed in that instant is taken by the terminal's cooked mode (echoed as "^D") and
    # lost. Nobody types that fast; wait as a person would.
    time.sleep(0.3)
    t.send(EOF)
    status = t.status(resend=EOF)
    check(status == expected_status, "exit status %d at end of input, expected %d" % (status, expected_status))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--l2dc", required=True)
    a = ap.parse_args()
    l2dc = os.path.abspath(a.l2dc)
    try:
        session(l2dc, b"(300 + 7)", 307 % 256)   # the last value gives the status (spec 1.2)
        session(l2dc, b"(nil throw 'oops)", 1)    # the last form raised: 1
    except AssertionError as e:
        print("FAIL: %s" % e)
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
