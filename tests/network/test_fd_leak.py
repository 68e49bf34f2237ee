#!/usr/bin/env python3
"""No descriptor or memory growth: a Lisp2D server (tests/network/scripts/accept-loop.l2d)
accepts 10,000 connections one after another, and fails three connects after each; its
descriptors, counted from outside in /proc/PID/fd, are as many afterwards as after the
first connection, and its resident memory grows by less than a bound once warmed up.
Every other client half-closes its side before reading the echo back."""
import os
import socket
import time

from netlib import Program, WorkDir, check, connect_tcp, descriptor_count, parse_args, recv_exactly, refusing_port

CONNECTIONS = 10000
WARMUP = 1000
RSS_GROWTH_LIMIT_KB = 12 * 1024  # a leak above ~1.3 KB per connection


def settled_count(pid, target=None, timeout=10):
    """The descriptor count once it stops changing (or reaches [target])."""
    deadline = time.monotonic() + timeout
    last = descriptor_count(pid)
    while time.monotonic() < deadline:
        time.sleep(0.05)
        now = descriptor_count(pid)
        if (target is not None and now == target) or (target is None and now == last):
            return now
        last = now
    return last


def resident_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def exchange(port, i):
    s = connect_tcp(port)
    msg = b"connection %d" % i
    s.sendall(msg)
    if i % 2:
        s.shutdown(socket.SHUT_WR)  # half-closed: the server still writes its echo back
    back = recv_exactly(s, len(msg))
    s.close()
    check(back == msg, "connection %d: %r came back as %r" % (i, msg, back))


def main():
    args = parse_args()
    with WorkDir() as work:
        prog = Program(args, os.path.join(args.scripts, "accept-loop.l2d"), work)
        # One connection to settle, the 1,000 counted, and a last one that ends it.
        idle, refused = refusing_port()
        with prog.start(CONNECTIONS + 2, refused) as server:
            line = server.read_line()
            check(line.startswith("port "), "first line: %r" % line)
            port = int(line.split()[1])
            exchange(port, 0)
            before = settled_count(server.pid)
            start = time.monotonic()
            for i in range(1, CONNECTIONS + 1):
                exchange(port, i)
                if i == WARMUP:
                    warm_rss = resident_kb(server.pid)
            rss = resident_kb(server.pid)
            print("resident memory: %d KB after %d connections, %d KB after %d"
                  % (warm_rss, WARMUP, rss, CONNECTIONS))
            check(rss - warm_rss < RSS_GROWTH_LIMIT_KB,
                  "memory grew by %d KB over %d connections" % (rss - warm_rss, CONNECTIONS - WARMUP))
            after = settled_count(server.pid, target=before)
            print("descriptors: %d after the first connection, %d after %d more (%.1f s)"
                  % (before, after, CONNECTIONS, time.monotonic() - start))
            check(after == before, "descriptors leaked: %d before, %d after" % (before, after))
            exchange(port, CONNECTIONS + 1)
            status, _, err = server.wait(timeout=30)
            check(status == 0 and err == b"", "status %d, stderr %r" % (status, err))
            check(server.out.decode().splitlines()[-1] == "served %d" % (CONNECTIONS + 2), "output: %r" % server.out)
        idle.close()
    print("PASS")


if __name__ == "__main__":
    main()
