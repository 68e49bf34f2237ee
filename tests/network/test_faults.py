#!/usr/bin/env python3
"""Socket failures against real peers (tests/network/scripts/faults.l2d): connection
refused, a peer closing or resetting in the middle of a transfer, a big write to a peer
that leaves, writing to a closed peer (PIPE, and the program goes on), binding a path
and a port in use, unlinking a missing file. Every failure is an error symbol; the
program ends normally with an empty standard error."""
import os
import re
import socket
import struct
import threading

from netlib import Program, WorkDir, check, parse_args, refusing_port

PARTIAL = 5000


class Peer:
    """A TCP listener on 127.0.0.1 that treats every connection with [behave]."""

    def __init__(self, behave):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.behave = behave
        self.stop = False
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except socket.timeout:
                continue
            except OSError:
                return
            conn.settimeout(30)
            try:
                self.behave(conn)
            except OSError:
                pass
            finally:
                conn.close()

    def close(self):
        self.stop = True
        self.thread.join(timeout=5)
        self.sock.close()


def send_part(conn):
    conn.recv(100)
    conn.sendall(b"p" * PARTIAL)  # of the 100000 asked for; then an orderly close


def send_part_then_reset(conn):
    conn.recv(100)
    conn.sendall(b"r" * PARTIAL)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST


def read_a_little(conn):
    conn.recv(1000)  # then close with the rest unread


def close_at_once(conn):
    pass


EXPECTED = [
    r"refused: CONNREFUSED CONNREFUSED",
    r"then: nil",
    r"closed mid-transfer: \(%d 0\)" % PARTIAL,
    r"reset mid-transfer: \((\d+) (CONNRESET|0)\)",
    r"big write to a peer that leaves: (CONNRESET|PIPE)",
    r"read from a closed peer: 0",
    r"TCP write to a closed peer: (PIPE|CONNRESET)",
    r"UNIX write to a closed peer: PIPE PIPE",
    r"bind a path in use: nil ADDRINUSE",
    r"unlink it twice: nil NOENT",
    r"bind a port in use: ADDRINUSE",
    r"unlink a missing file: NOENT",
    r"done",
]


def main():
    args = parse_args()
    with WorkDir() as work:
        prog = Program(args, os.path.join(args.scripts, "faults.l2d"), work)
        for run in range(2):
            idle, refused = refusing_port()
            peers = [Peer(b) for b in (send_part, send_part_then_reset, close_at_once, read_a_little)]
            try:
                status, out, err = prog.run(refused, *[p.port for p in peers], timeout=120)
            finally:
                for p in peers:
                    p.close()
                idle.close()
            lines = out.decode().split("\n")
            check(lines[-1] == "", "output does not end with a newline: %r" % out)
            lines = lines[:-1]
            check(len(lines) == len(EXPECTED), "%d lines, expected %d:\n%s" % (len(lines), len(EXPECTED), out.decode()))
            for line, pattern in zip(lines, EXPECTED):
                m = re.fullmatch(pattern, line)
                check(m is not None, "%r does not match %r" % (line, pattern))
                if line.startswith("reset"):
                    check(int(m.group(1)) <= PARTIAL, "more bytes than were sent: %r" % line)
            check(status == 0, "exit status %d" % status)
            check(err == b"", "standard error: %r" % err)
            left = [f for f in os.listdir(work) if f.endswith(".sock")]
            check(not left, "socket files left: %r" % left)
            print("run %d: ok\n  %s" % (run + 1, "\n  ".join(lines)))
    print("PASS")


if __name__ == "__main__":
    main()
