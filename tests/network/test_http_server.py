#!/usr/bin/env python3
"""The HTTP server written in Lisp2D (samples/http-server.l2d), fetched with curl: files
come back byte for byte (text, binary, empty, an index in a subdirectory), HEAD has no
body, missing files give 404, ".." 403, POST 405; the server logs each request and ends
by itself after the number of requests it was given. Without a root it serves its
fixed page."""
import os
import random
import shutil
import subprocess

from netlib import Program, WorkDir, check, fail, parse_args, skip


def curl(*arguments, timeout=30):
    try:
        r = subprocess.run(["curl", "-s", "-S", "--max-time", "20"] + list(arguments),
                           capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("curl %s did not end" % " ".join(arguments))
    return r


def get(port, path, *extra):
    """(HTTP code, body) of a request for [path]."""
    r = curl("--path-as-is", "-o", "-", "-w", "\n%{http_code}", *extra, "http://127.0.0.1:%d%s" % (port, path))
    check(r.returncode == 0, "curl %s: %s" % (path, r.stderr.decode(errors="replace")))
    body, _, code = r.stdout.rpartition(b"\n")
    return int(code), body


def main():
    args = parse_args()
    if shutil.which("curl") is None:
        skip("curl is not installed")
    with WorkDir() as work:
        root = os.path.join(work, "www")
        os.makedirs(os.path.join(root, "sub"))
        rnd = random.Random(1234)
        files = {
            "/index.html": b"<!DOCTYPE html>\n<html><body><p>Index page</p></body></html>\n",
            "/notes.txt": "Привет, мир! Unicode text served as bytes.\n".encode(),
            "/blob.bin": bytes(rnd.randrange(256) for _ in range(200000)),
            "/empty.txt": b"",
            "/sub/index.html": b"<p>sub index</p>\n",
        }
        for name, data in files.items():
            with open(root + name, "wb") as f:
                f.write(data)
        prog = Program(args, os.path.join(args.samples, "http-server.l2d"), work)

        requests = [(path, 200, data) for path, data in files.items()]
        requests += [("/sub/", 200, files["/sub/index.html"]), ("/missing.html", 404, None),
                     ("/../etc/passwd", 403, None)]
        total = len(requests) + 2  # and a HEAD and a POST
        with prog.start("0", root, total) as server:
            first = server.read_line()
            check(first.startswith("http-server: listening on http://127.0.0.1:"), "first line: %r" % first)
            port = int(first.rsplit(":", 1)[1].rstrip("/"))
            for path, code, data in requests:
                got_code, body = get(port, path)
                check(got_code == code, "%s: code %d, expected %d" % (path, got_code, code))
                if data is not None:
                    check(body == data, "%s: body differs (%d bytes, expected %d)" % (path, len(body), len(data)))
                print("GET %s: %d ok" % (path, code))
            r = curl("-I", "http://127.0.0.1:%d/notes.txt" % port)
            check(r.returncode == 0 and r.stdout.startswith(b"HTTP/1.0 200 OK\r\n"), "HEAD: %r" % r.stdout)
            check(b"Content-Length: %d\r\n" % len(files["/notes.txt"]) in r.stdout, "HEAD headers: %r" % r.stdout)
            check(r.stdout.endswith(b"\r\n\r\n"), "HEAD has a body: %r" % r.stdout)
            code, _ = get(port, "/index.html", "-X", "POST", "-d", "x=1")
            check(code == 405, "POST: code %d" % code)
            status, rest, err = server.wait(timeout=60)
            check(status == 0, "the server's status: %d, stderr %r" % (status, err))
            log = server.out.decode().splitlines()
            check(log[-1] == "http-server: served %d requests, stopping" % total, "last line: %r" % log[-1:])
            check("GET /missing.html 404 Not Found" in log, "log: %r" % log)
            check("HEAD /notes.txt 200 OK" in log, "log: %r" % log)
            check(err == b"", "stderr: %r" % err)

        with prog.start("0", "-", 2) as server:
            port = int(server.read_line().rsplit(":", 1)[1].rstrip("/"))
            for path in ["/", "/anything"]:
                code, body = get(port, path)
                check(code == 200 and b"Hello from Lisp2D" in body, "fixed page at %s: %d %r" % (path, code, body))
            status, _, err = server.wait(timeout=60)
            check(status == 0 and err == b"", "fixed-page server: status %d, stderr %r" % (status, err))
            print("fixed page: ok")
    print("PASS")


if __name__ == "__main__":
    main()
