#!/usr/bin/env python3
"""A loopback HTTP server for the http plugin's tests.

Binds 127.0.0.1 on a free port and writes the port to --port-file.  The path
chooses the behaviour:

  /delay     200 after a delay drawn uniformly from --min-ms to --max-ms
  /status/N  status N at once
  /flaky...  every fourth request to the path gets 500, the others 200
  /close     closes the connection without an answer
  /hang      never answers
  anything   200 at once

Every request is logged as one JSON line to --log (method, path, headers,
body, client port).  Exits after --max-requests requests or --max-seconds seconds.
"""
import argparse
import json
import os
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--min-ms", type=float, default=2)
    ap.add_argument("--max-ms", type=float, default=6)
    ap.add_argument("--max-requests", type=int, default=5000)
    ap.add_argument("--max-seconds", type=float, default=60)
    args = ap.parse_args()
    lock = threading.Lock()
    state = {"n": 0}
    flaky = {}
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

        def log_message(self, *a):
            pass

        def answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                state["n"] += 1
                if state["n"] >= args.max_requests:
                    stop.set()
                if self.path.startswith("/flaky"):
                    flaky[self.path] = flaky.get(self.path, 0) + 1
                count = flaky.get(self.path, 0)
                with open(args.log, "a") as f:
                    f.write(json.dumps({"method": self.command, "path": self.path,
                                        "headers": {k.lower(): v for k, v in self.headers.items()},
                                        "body": body.decode("utf-8", "replace"),
                                        "port": self.client_address[1]}) + "\n")
            status = 200
            if self.path == "/delay":
                time.sleep(random.uniform(args.min_ms, args.max_ms) / 1000)
            elif self.path.startswith("/status/"):
                status = int(self.path[8:])
            elif self.path.startswith("/flaky"):
                status = 500 if count % 4 == 0 else 200
            elif self.path == "/close":
                self.close_connection = True
                return
            elif self.path == "/hang":
                stop.wait(args.max_seconds)
                self.close_connection = True
                return
            data = b"" if status in (204, 304) or self.command == "HEAD" else b"ok\n"
            self.send_response(status)
            if status not in (204, 304):
                self.send_header("Content-Length", "3")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop.wait(args.max_seconds)
    time.sleep(0.1)
    server.shutdown()


if __name__ == "__main__":
    main()
