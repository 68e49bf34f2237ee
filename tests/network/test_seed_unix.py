#!/usr/bin/env python3
"""The UNIX-socket seed program of spec 14.2, unchanged (samples/unix-seed.l2d): it
prints the seed's lines with the order rules of spec 14.2, "Привет!" is 13 bytes and
"Пока!" 9, standard error is empty, the status 0, and no socket file is left."""
import os
import re

from netlib import Program, WorkDir, check, fail, parse_args

CLIENT_END = [
    "Клиент: connect...",
    "Клиент connect: OK",
    "Клиент посылает сообщение серверу: Привет!",
    "Клиент послал 13 байт",
    "Клиент получил сообщение размером 9",
    "Клиент закрыл  связь с сервером : nil",
]
SERVER = [
    "Сервер: open = nil",
    "Сервер: bind = nil",
    "Сервер: socket-max-connections = 128",
    "Сервер: listen = nil",
    "Сервер: accept = Socket(N)",
    "Сервер получил сообщение размером 13",
    "Сервер посылает сообщение клиенту: Пока!",
    "Сервер послал 9 байт",
    "Сервер закрыл  связь с клиентом : nil",
    "Сервер закрылся : nil",
    "Сервер удалил файл : nil",
]


def check_run(lines):
    check(lines and lines[0] == "unlink(Мой Сокет)=NOENT", "the first line is not unlink(…)=NOENT: %r" % lines[:1])
    rest = [re.sub(r"^Сервер: accept = Socket\(\d+\)$", "Сервер: accept = Socket(N)", l) for l in lines[1:]]
    client = [l for l in rest if l.startswith("Клиент")]
    server = [l for l in rest if l.startswith("Сервер")]
    check(len(client) + len(server) == len(rest), "lines of neither process: %r" % rest)
    check(server == SERVER, "the server's lines differ or are out of order:\n" + "\n".join(server))
    # The client: open, any number of failed attempts (NOENT before CONNREFUSED), then
    # the successful one and the exchange.
    check(client[:1] == ["Клиент: open = nil"], "the client's first line: %r" % client[:1])
    attempts = client[1:len(client) - len(CLIENT_END)]
    check(client[len(client) - len(CLIENT_END):] == CLIENT_END,
          "the client's last lines differ or are out of order:\n" + "\n".join(client))
    check(len(attempts) % 2 == 0, "an attempt without its result: %r" % attempts)
    errors = []
    for i in range(0, len(attempts), 2):
        check(attempts[i] == "Клиент: connect...", "expected a connect attempt, got %r" % attempts[i])
        m = re.fullmatch(r"Клиент connect: (NOENT|CONNREFUSED)", attempts[i + 1])
        check(m is not None, "a failed attempt prints NOENT or CONNREFUSED, not %r" % attempts[i + 1])
        errors.append(m.group(1))
    check(errors == sorted(errors, key=lambda e: e != "NOENT"), "NOENT after CONNREFUSED: %r" % errors)
    pos = {l: i for i, l in enumerate(rest)}

    def before(a, b):
        check(pos[a] < pos[b], "%r must come before %r" % (a, b))

    before("Сервер: socket-max-connections = 128", "Клиент connect: OK")
    before("Клиент посылает сообщение серверу: Привет!", "Сервер получил сообщение размером 13")
    before("Сервер посылает сообщение клиенту: Пока!", "Клиент получил сообщение размером 9")
    return len(attempts) // 2


def main():
    args = parse_args()
    for run in range(3):
        with WorkDir() as work:
            prog = Program(args, os.path.join(args.samples, "unix-seed.l2d"), work)
            status, out, err = prog.run(timeout=60)
            check(status == 0, "exit status %d" % status)
            check(err == b"", "standard error is not empty: %r" % err)
            lines = out.decode("utf-8").split("\n")
            check(lines[-1] == "", "the output does not end with a newline")
            retries = check_run(lines[:-1])
            check(not os.path.exists(os.path.join(work, "Мой Сокет")), "the socket file was left behind")
            print("run %d: ok, %d failed connect attempt(s)" % (run + 1, retries))
    print("PASS")


if __name__ == "__main__":
    main()
