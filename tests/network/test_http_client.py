#!/usr/bin/env python3
"""The web page reader of spec 14.1 (samples/web-client.l2d) against a Python
http.server on 127.0.0.1: it prints the response byte for byte (each byte as the
character with that code), for small and large pages, a 404, and a host name; and
without a server it prints "Error: " and the error symbol."""
import http.server
import os
import re
import socket
import threading

from netlib import Program, WorkDir, check, parse_args, recv_all, refusing_port

FIXED_DATE = "Thu, 01 Jan 2026 00:00:00 GMT"


class Handler(http.server.SimpleHTTPRequestHandler):
    # Deterministic answers: the same request always gets the same bytes.
    def date_time_string(self, timestamp=None):
        return FIXED_DATE

    def version_string(self):
        return "TestServer/1.0"

    def log_message(self, *a):
        pass


def serve(root):
    handler = lambda *a, **k: Handler(*a, directory=root, **k)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def fetch(port, host, path):
    """What the seed program sends, sent by Python: the reference response."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (path, host)).encode())
    data = recv_all(s)
    s.close()
    return data


def main():
    args = parse_args()
    with WorkDir() as work:
        root = os.path.join(work, "site")
        os.mkdir(root)
        with open(os.path.join(root, "index.html"), "wb") as f:
            f.write(b"<html><body>Hello from Python\r\ncaf\xc3\xa9 \xff\x00\x01 end</body></html>\n")
        with open(os.path.join(root, "big.txt"), "wb") as f:
            f.write(b"".join(b"line %05d of a page longer than one buffer\n" % i for i in range(300)))
        prog = Program(args, os.path.join(args.samples, "web-client.l2d"), work)
        httpd = serve(root)
        port = httpd.server_address[1]
        try:
            for host, path in [("127.0.0.1", "/index.html"), ("localhost", "/big.txt"),
                               ("127.0.0.1", "/missing.html")]:
                status, out, err = prog.run(host, port, path, timeout=60)
                expected = fetch(port, host, path)
                check(len(expected) > 0, "the reference request got nothing")
                # Each byte is written as the character with its code, in UTF-8.
                want = expected.decode("latin-1").encode("utf-8")
                check(out == want, "%s%s: output differs\n--- expected\n%r\n--- actual\n%r" % (host, path, want, out))
                check(status == 0 and err == b"", "%s: status %d, stderr %r" % (path, status, err))
                print("%s %s: %d bytes ok" % (host, path, len(expected)))
        finally:
            httpd.shutdown()
            httpd.server_close()
        # Nobody listening: connect fails, then write and read return error symbols.
        idle, port = refusing_port()
        status, out, err = prog.run("127.0.0.1", port, "/", timeout=60)
        idle.close()
        check(re.fullmatch(rb"Error: [A-Z0-9]+\n", out) is not None, "without a server: %r" % out)
        check(status == 0 and err == b"", "without a server: status %d, stderr %r" % (status, err))
        print("no server: %s" % out.decode().strip())
    print("PASS")


if __name__ == "__main__":
    main()
