#!/usr/bin/env python3
"""A loopback OTLP/HTTP metrics receiver for tests.

Binds 127.0.0.1 on a free port and writes the port to --port-file.  Each
request is checked field by field against the OTLP/JSON mapping of
ExportMetricsServiceRequest as bnbench writes it, and logged as one JSON line
to --log: its path, headers, problems found, metrics, data points and their
values, and the resource's attributes with the kind of each value.  The
answers follow --script, a comma-separated list used in order (then 200):

  200            success
  503:S, 429:S   the status with "Retry-After: S" (S omitted: no header)
  502, 504, 400  the status (400 with a Status body naming the problem)
  hang           never answer
  partial:N:MSG  200 with partialSuccess rejectedDataPoints N, errorMessage MSG
                 (percent-decoded)

Exits after --max-requests requests or --max-seconds seconds.
"""
import argparse
import json
import os
import re
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIGITS = re.compile(r"^(0|[1-9][0-9]*)$")
THROUGHPUT_UNITS = {"{element}/s", "{MAC}/s", "{request}/s", "{op}/s"}
METRICS = {
    "bnbench.case.median": "ns",
    "bnbench.case.ci_low": "ns",
    "bnbench.case.ci_high": "ns",
    "bnbench.case.throughput": None,
    "bnbench.case.noisy": "1",
    "bnbench.case.outliers": "{sample}",
}
INT_METRICS = {"bnbench.case.noisy", "bnbench.case.outliers"}
POINT_KEYS_REQUIRED = {"op", "backend", "size", "threads", "suite", "run.id"}
POINT_KEYS_OPTIONAL = {"scheme", "group", "params", "label", "git.commit"}


def check_keys(obj, where, allowed, required, problems):
    if not isinstance(obj, dict):
        problems.append(f"{where}: not an object")
        return False
    for k in obj:
        if k not in allowed:
            problems.append(f"{where}: unexpected key '{k}'")
    for k in required:
        if k not in obj:
            problems.append(f"{where}: missing key '{k}'")
    return True


def any_value(v, where, problems):
    """The Python value of an AnyValue, checked."""
    if not check_keys(v, where, {"stringValue", "intValue", "doubleValue", "boolValue"}, set(), problems):
        return None
    if len(v) != 1:
        problems.append(f"{where}: {len(v)} value fields, expected exactly one")
        return None
    kind, val = next(iter(v.items()))
    if kind == "stringValue" and not isinstance(val, str):
        problems.append(f"{where}.stringValue: not a string")
    if kind == "intValue" and not (isinstance(val, str) and re.match(r"^-?[0-9]+$", val)):
        problems.append(f"{where}.intValue: {val!r} is not a decimal string (64-bit integers are strings)")
    if kind == "doubleValue" and (isinstance(val, bool) or not isinstance(val, (int, float))):
        problems.append(f"{where}.doubleValue: {val!r} is not a number")
    if kind == "boolValue" and not isinstance(val, bool):
        problems.append(f"{where}.boolValue: {val!r} is not true or false")
    return val


def attributes(lst, where, problems, kinds=None):
    """The attributes as a dict of Python values; `kinds` gets each key's AnyValue field."""
    out = {}
    if not isinstance(lst, list):
        problems.append(f"{where}: not a list")
        return out
    for i, kv in enumerate(lst):
        w = f"{where}[{i}]"
        if not check_keys(kv, w, {"key", "value"}, {"key", "value"}, problems):
            continue
        if not isinstance(kv.get("key"), str) or not kv["key"]:
            problems.append(f"{w}.key: not a non-empty string")
            continue
        if kv["key"] in out:
            problems.append(f"{w}: duplicate key '{kv['key']}'")
        out[kv["key"]] = any_value(kv.get("value"), f"{w}.value", problems)
        if kinds is not None and isinstance(kv.get("value"), dict) and len(kv["value"]) == 1:
            kinds[kv["key"]] = next(iter(kv["value"]))
    return out


def check_point(dp, where, problems, metric):
    value = "asInt" if metric in INT_METRICS else "asDouble"
    check_keys(dp, where, {"attributes", "timeUnixNano", "startTimeUnixNano", value},
               {"attributes", "timeUnixNano", value}, problems)
    t = dp.get("timeUnixNano")
    if not (isinstance(t, str) and DIGITS.match(t)):
        problems.append(f"{where}.timeUnixNano: {t!r} is not a decimal string")
    elif not 1_500_000_000 * 10**9 < int(t) < 4_000_000_000 * 10**9:
        problems.append(f"{where}.timeUnixNano: {t} is not a plausible time")
    v = dp.get(value)
    if value == "asInt" and not (isinstance(v, str) and DIGITS.match(v)):
        problems.append(f"{where}.asInt: {v!r} is not a non-negative decimal string")
    elif value == "asInt" and metric == "bnbench.case.noisy" and v not in ("0", "1"):
        problems.append(f"{where}.asInt: {v!r} for {metric}, expected 0 or 1")
    elif value == "asDouble" and (isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or v < 0):
        problems.append(f"{where}.asDouble: {v!r} is not a non-negative number")
    attrs = attributes(dp.get("attributes"), f"{where}.attributes", problems)
    for k in POINT_KEYS_REQUIRED - attrs.keys():
        problems.append(f"{where}.attributes: missing '{k}'")
    for k in attrs.keys() - POINT_KEYS_REQUIRED - POINT_KEYS_OPTIONAL:
        problems.append(f"{where}.attributes: unexpected '{k}'")
    for k in ("run.id", "threads"):
        if k in attrs:
            v = next(a["value"] for a in dp["attributes"] if a["key"] == k)
            if "intValue" not in v:
                problems.append(f"{where}.attributes: '{k}' is not an intValue")
    return attrs


def check_request(doc, problems, summary):
    if not check_keys(doc, "request", {"resourceMetrics"}, {"resourceMetrics"}, problems):
        return
    rms = doc["resourceMetrics"]
    if not isinstance(rms, list) or len(rms) != 1:
        problems.append("resourceMetrics: expected a list of one")
        return
    rm = rms[0]
    check_keys(rm, "resourceMetrics[0]", {"resource", "scopeMetrics", "schemaUrl"},
               {"resource", "scopeMetrics"}, problems)
    res = rm.get("resource", {})
    check_keys(res, "resource", {"attributes", "droppedAttributesCount"}, {"attributes"}, problems)
    summary["resource"] = attributes(res.get("attributes"), "resource.attributes", problems,
                                     summary["resource_kinds"])
    for k in ("service.name", "host.name"):
        if k not in summary["resource"]:
            problems.append(f"resource.attributes: missing '{k}'")
    sms = rm.get("scopeMetrics")
    if not isinstance(sms, list) or len(sms) != 1:
        problems.append("scopeMetrics: expected a list of one")
        return
    sm = sms[0]
    check_keys(sm, "scopeMetrics[0]", {"scope", "metrics", "schemaUrl"}, {"scope", "metrics"}, problems)
    scope = sm.get("scope", {})
    check_keys(scope, "scope", {"name", "version"}, {"name", "version"}, problems)
    if scope.get("name") != "bnbench":
        problems.append(f"scope.name: {scope.get('name')!r}, expected 'bnbench'")
    cases, points = set(), 0
    for i, m in enumerate(sm.get("metrics") or []):
        w = f"metrics[{i}]"
        check_keys(m, w, {"name", "description", "unit", "gauge"}, {"name", "unit", "gauge"}, problems)
        name, unit = m.get("name"), m.get("unit")
        if name not in METRICS:
            problems.append(f"{w}.name: unexpected {name!r}")
        elif METRICS[name] and unit != METRICS[name]:
            problems.append(f"{w}.unit: {unit!r} for {name}, expected {METRICS[name]!r}")
        elif not METRICS[name] and unit not in THROUGHPUT_UNITS:
            problems.append(f"{w}.unit: {unit!r} is not a throughput unit")
        summary["metrics"].append(f"{name} {unit}")
        gauge = m.get("gauge", {})
        check_keys(gauge, f"{w}.gauge", {"dataPoints"}, {"dataPoints"}, problems)
        dps = gauge.get("dataPoints")
        if not isinstance(dps, list) or not dps:
            problems.append(f"{w}.gauge.dataPoints: not a non-empty list")
            continue
        for j, dp in enumerate(dps):
            a = check_point(dp, f"{w}.gauge.dataPoints[{j}]", problems, name)
            cases.add(json.dumps([a.get(k) for k in ("op", "scheme", "backend", "size", "group", "params")]))
            points += 1
            summary["attributes"] = a
            summary["values"].setdefault(name, []).append(dp.get("asInt", dp.get("asDouble")))
    summary["points"] = points
    summary["cases"] = len(cases)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--script", default="")
    ap.add_argument("--max-requests", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=20)
    args = ap.parse_args()
    script = [s for s in args.script.split(",") if s]
    lock = threading.Lock()
    state = {"n": 0}
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall between headers and body

        def log_message(self, *a):
            pass

        def reply(self, status, body, extra=()):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with lock:
                n = state["n"]
                state["n"] += 1
                action = script[n] if n < len(script) else "200"
            problems = []
            summary = {"metrics": [], "points": 0, "cases": 0, "resource": {}, "resource_kinds": {},
                       "attributes": {}, "values": {}}
            if self.headers.get("Content-Type") != "application/json":
                problems.append(f"Content-Type: {self.headers.get('Content-Type')!r}")
            try:
                check_request(json.loads(raw), problems, summary)
            except ValueError as e:
                problems.append(f"invalid json: {e}")
            entry = {"n": n, "t": time.time(), "path": self.path, "action": action, "problems": problems,
                     "headers": {k.lower(): v for k, v in self.headers.items()}, "bytes": len(raw)}
            entry.update(summary)
            with lock, open(args.log, "a") as f:
                f.write(json.dumps(entry) + "\n")
            if n + 1 >= args.max_requests:
                stop.set()
            kind, _, rest = action.partition(":")
            if kind == "hang":
                stop.wait(args.max_seconds)
                return
            if kind == "partial":
                count, _, msg = rest.partition(":")
                self.reply(200, {"partialSuccess": {"rejectedDataPoints": count, "errorMessage": urllib.parse.unquote(msg)}})
            elif kind == "200":
                self.reply(200, {})
            elif kind == "400":
                self.reply(400, {"code": 3, "message": "invalid metric data"})
            else:
                self.reply(int(kind), {"code": 14, "message": "unavailable"},
                           [("Retry-After", rest)] if rest else [])

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop.wait(args.max_seconds)
    time.sleep(0.2)  # let the last answer go out
    server.shutdown()


if __name__ == "__main__":
    main()
