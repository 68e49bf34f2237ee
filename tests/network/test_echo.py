#!/usr/bin/env python3
"""The forking echo server (samples/echo-server.l2d) against real peers: socat over TCP
and over a UNIX socket, 50 concurrent clients × 200 messages that all come back intact,
every byte value, and the two ways it ends by itself (client count, idle time)."""
import os
import shutil
import subprocess
import threading
import time

from netlib import (Program, WorkDir, check, connect_tcp, connect_unix, fail, parse_args,
                    recv_exactly, skip)

CLIENTS = 50
MESSAGES = 200


def socat(data, address):
    try:
        r = subprocess.run(["socat", "-t", "5", "-T", "20", "-", address], input=data,
                           capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        fail("socat %s did not end" % address)
    check(r.returncode == 0, "socat %s: status %d, %s" % (address, r.returncode, r.stderr.decode(errors="replace")))
    return r.stdout


def many_clients(port):
    errors = []

    def client(c):
        try:
            s = connect_tcp(port)
            for m in range(MESSAGES):
                msg = ("client %02d message %03d " % (c, m)).encode() + bytes([c, m % 256]) * (m % 17 + 1)
                s.sendall(msg)
                back = recv_exactly(s, len(msg))
                if back != msg:
                    errors.append("client %d message %d: %r came back as %r" % (c, m, msg, back))
                    break
            s.close()
        except OSError as e:
            errors.append("client %d: %s" % (c, e))

    threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        if t.is_alive():
            fail("a client did not finish within 120 s")
    check(not errors, "; ".join(errors[:5]))


def main():
    args = parse_args()
    if shutil.which("socat") is None:
        skip("socat is not installed")
    with WorkDir() as work:
        prog = Program(args, os.path.join(args.samples, "echo-server.l2d"), work)

        # TCP: socat, then 50 concurrent clients; it stops after 1 + 50 clients.
        with prog.start("0", 1 + CLIENTS, 60) as server:
            line = server.read_line()
            check(line.startswith("echo-server: listening on port "), "first line: %r" % line)
            port = int(line.rsplit(" ", 1)[1])
            out = socat(b"hello over TCP\n", "TCP:127.0.0.1:%d" % port)
            check(out == b"hello over TCP\n", "socat over TCP got %r" % out)
            print("socat TCP: ok")
            start = time.monotonic()
            many_clients(port)
            print("%d clients x %d messages: ok (%.1f s)" % (CLIENTS, MESSAGES, time.monotonic() - start))
            status, rest, err = server.wait(timeout=60)
            check(status == 0 and err == b"", "TCP server: status %d, stderr %r" % (status, err))
            check(server.out.decode().splitlines()[-1] == "echo-server: served %d clients, stopping" % (1 + CLIENTS),
                  "TCP server output: %r" % server.out)

        # UNIX: socat and every byte value; it stops after 2 clients and removes its file.
        path = os.path.join(work, "echo.sock")
        with prog.start(path, 2, 60) as server:
            check(server.read_line() == "echo-server: listening on " + path, "UNIX first line")
            out = socat("Привет по UNIX-сокету\n".encode(), "UNIX-CONNECT:" + path)
            check(out == "Привет по UNIX-сокету\n".encode(), "socat over UNIX got %r" % out)
            s = connect_unix(path)
            every = bytes(range(256)) * 64
            s.sendall(every)
            check(recv_exactly(s, len(every)) == every, "the byte values did not come back intact")
            s.close()
            status, _, err = server.wait(timeout=60)
            check(status == 0 and err == b"", "UNIX server: status %d, stderr %r" % (status, err))
            check(not os.path.exists(path), "the UNIX server left its socket file")
            print("socat UNIX and all byte values: ok")

        # Idle: one client, then nobody for 1 s.
        with prog.start("0", 100, 1) as server:
            port = int(server.read_line().rsplit(" ", 1)[1])
            out = socat(b"one\n", "TCP:127.0.0.1:%d" % port)
            check(out == b"one\n", "idle test client got %r" % out)
            start = time.monotonic()
            status, _, err = server.wait(timeout=30)
            waited = time.monotonic() - start
            check(status == 0 and err == b"", "idle server: status %d, stderr %r" % (status, err))
            check(server.out.decode().splitlines()[-1] == "echo-server: idle for 1 s, stopping",
                  "idle server output: %r" % server.out)
            check(waited < 15, "the idle server took %.1f s to stop" % waited)
            print("idle timeout: ok (%.1f s)" % waited)
    print("PASS")


if __name__ == "__main__":
    main()
