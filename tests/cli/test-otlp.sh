#!/bin/sh
# bnbench export otlp against a loopback receiver that checks each request
# against the OTLP/JSON mapping and answers with scripted faults: retries only
# where the OTLP specification allows them, bounded in attempts and time, and
# the stored run is never changed.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY
unset OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_METRICS_ENDPOINT OTEL_EXPORTER_OTLP_HEADERS \
	OTEL_EXPORTER_OTLP_METRICS_HEADERS OTEL_EXPORTER_OTLP_TIMEOUT OTEL_EXPORTER_OTLP_METRICS_TIMEOUT \
	OTEL_SERVICE_NAME OTEL_RESOURCE_ATTRIBUTES

if ! grep -q '^#define HAVE_LIBCURL 1' "$BNB_BUILDDIR/config.h"; then
	out=$("$BNBENCH" --db none.db export otlp 2>&1); rc=$?
	is "$rc" 2 "without libcurl: export otlp exits 2"
	is "$out" "bnbench: export otlp: unsupported: built without libcurl" "without libcurl: the message"
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP the exports need libcurl (built without it)"
	done_testing
	exit
fi

# A stored run of three quick cases: two in elements, one in MACs.
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 10ms\n  max_time: 30ms\ngroups:\n%s\n' \
'  - op: quantize
    schemes: [i2s]
    backends: [scalar]
    sizes: [1024]
  - op: dequantize
    schemes: [i2s]
    backends: [scalar]
    sizes: [1024]
  - op: gemv
    schemes: [i2s]
    backends: [scalar]
    shapes: [128x256]' > t.yaml
"$BNBENCH" --db good.db run t.yaml --label first >/dev/null 2>&1 || { echo "Bail out! cannot make a run"; exit 1; }
sum_before=$(cksum < good.db)
refused=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# One receiver for every exchange below; its script holds their answers in order.
script='200 200,200 503:1,200 429,502,504,200 400 503:0,503:0,503:0,503:0,503:0 503:30 partial:2:two%20points%20were%20stale hang'
have_sqlite=$(command -v sqlite3 >/dev/null && echo 1)
have_run_otlp=$("$BNBENCH" --db dry.db run t.yaml --dry-run --otlp=http://127.0.0.1:9/ >/dev/null 2>&1 && echo 1)
[ -n "$have_sqlite" ] && script="$script 200,200,200"
[ -n "$have_run_otlp" ] && script="$script 400,200"
rpid=
trap '[ -n "$rpid" ] && kill $rpid 2>/dev/null; rm -rf "$TMP"' EXIT
python3 "$BNB_SRCDIR/tests/cli/otlp-receiver.py" --port-file port --log r.log --script "$(echo $script | tr ' ' ,)" \
	--max-seconds 60 --max-requests 40 &
rpid=$!
i=0
while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s port ] || { echo "Bail out! the receiver did not start"; exit 1; }
url="http://127.0.0.1:$(cat port)"
: >> r.log
mark() { seen=$(wc -l < r.log); }
q() { # q EXPR...: python expressions over r, the requests logged since mark, one line each, into q.out
	python3 -c 'import json, sys
r = [json.loads(line) for line in open("r.log")][int(sys.argv[1]):]
for e in sys.argv[2:]:
    print(eval(e))' "$seen" "$@" > q.out
}
line() { sed -n "$1p" q.out; }
export_otlp() { "$BNBENCH" --db good.db export otlp "$@"; }

# --- a good export: the request checked field by field ---
mark
out=$(OTEL_EXPORTER_OTLP_ENDPOINT="$url" OTEL_EXPORTER_OTLP_HEADERS='x-bnbench-test=a%20b%2Cc, Authorization=Bearer%20t0k' \
	OTEL_SERVICE_NAME=bench-ci OTEL_RESOURCE_ATTRIBUTES='deployment.environment=ci,service.name=ignored,team=k%3Dv' \
	export_otlp first 2>&1); rc=$?
is "$rc" 0 "export exits 0"
is "$out" "run 1: sent 3 cases (18 data points) in 1 request to $url/v1/metrics" "export reports what it sent"
q 'len(r)' 'r[0]["problems"]' 'r[0]["path"]' 'r[0]["headers"]["content-type"]' 'r[0]["headers"]["x-bnbench-test"]' \
	'r[0]["headers"]["authorization"]' 'r[0]["resource"]["service.name"]' \
	'(r[0]["resource"]["deployment.environment"], r[0]["resource"]["team"])' \
	'r[0]["resource"]["host.cpu.model.name"] != "" and r[0]["resource"]["host.name"] != ""' 'sorted(r[0]["metrics"])' \
	'(r[0]["cases"], r[0]["points"])' 'sorted((k, v) for k, v in r[0]["attributes"].items() if k != "git.commit")' \
	'sorted(k for k in r[0]["resource"] if not k.startswith("bnbench.") and k not in ("deployment.environment", "team"))' \
	'(r[0]["resource"]["os.type"], r[0]["resource"]["os.version"], r[0]["resource"]["host.arch"])' \
	'[r[0]["resource_kinds"][k] for k in ("bnbench.cpu.count", "bnbench.load.avg1", "bnbench.timer.resolution_ns", "bnbench.timer.cost_ns")]' \
	'int(r[0]["resource"]["bnbench.cpu.count"]) > 0 and r[0]["resource"]["bnbench.version"] != ""' \
	'sorted(set(v for k, v in r[0]["resource_kinds"].items() if k.startswith("bnbench.plugin.") or k == "bnbench.cpu.features"))'
is "$(line 1)" 1 "one request"
is "$(line 2)" "[]" "the request follows the OTLP/JSON mapping (no problems found)"
is "$(line 3)" "/v1/metrics" "OTEL_EXPORTER_OTLP_ENDPOINT gets /v1/metrics appended"
is "$(line 4)" "application/json" "Content-Type: application/json"
is "$(line 5)" "a b,c" "OTEL_EXPORTER_OTLP_HEADERS: a custom header, URL-decoded"
is "$(line 6)" "Bearer t0k" "OTEL_EXPORTER_OTLP_HEADERS: a second header"
is "$(line 7)" "bench-ci" "OTEL_SERVICE_NAME wins over service.name in OTEL_RESOURCE_ATTRIBUTES"
is "$(line 8)" "('ci', 'k=v')" "OTEL_RESOURCE_ATTRIBUTES"
is "$(line 9)" "True" "resource: host.name and host.cpu.model.name"
is "$(line 10)" "['bnbench.case.ci_high ns', 'bnbench.case.ci_low ns', 'bnbench.case.median ns', 'bnbench.case.noisy 1', 'bnbench.case.outliers {sample}', 'bnbench.case.throughput {MAC}/s', 'bnbench.case.throughput {element}/s']" \
	"gauges: median, ci_low, ci_high in ns; throughput in {element}/s and {MAC}/s; noisy and outliers"
is "$(line 11)" "(3, 18)" "six data points per case"
is "$(line 12)" "[('backend', 'scalar'), ('group', 'gemv'), ('label', 'first'), ('op', 'gemv'), ('run.id', '1'), ('scheme', 'i2s'), ('size', '128x256'), ('suite', 't'), ('threads', '1')]" \
	"data point attributes"
is "$(line 13)" "['host.arch', 'host.cpu.model.name', 'host.name', 'os.description', 'os.type', 'os.version', 'service.name', 'service.version']" \
	"resource: OpenTelemetry's semantic-convention names, the rest under bnbench.*"
case $(uname -m) in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
is "$(line 14)" "('$(uname -s | tr A-Z a-z)', '$(uname -r)', '$arch')" "resource: os.type, os.version and host.arch from uname"
is "$(line 15)" "['intValue', 'doubleValue', 'doubleValue', 'doubleValue']" "resource: counts as intValue, figures as doubleValue"
is "$(line 16)" "True" "resource: bnbench.cpu.count and bnbench.version"
is "$(line 17)" "['stringValue']" "resource: text stays stringValue"

# --- which endpoint ---
mark
OTEL_EXPORTER_OTLP_METRICS_ENDPOINT="$url/custom/path" OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$refused" \
	export_otlp >/dev/null 2>&1
OTEL_EXPORTER_OTLP_METRICS_ENDPOINT="http://127.0.0.1:$refused/v1/metrics" export_otlp --endpoint "$url/flag" >/dev/null 2>&1
q '[x["path"] for x in r]'
is "$(line 1)" "['/custom/path', '/flag']" "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT used as is; --endpoint wins"

# --- retries: 429, 502, 503, 504 only ---
ep="$url/v1/metrics"
mark
out=$(export_otlp --endpoint "$ep" 2>&1); rc=$?
q 'len(r)' 'r[1]["t"] - r[0]["t"] >= 0.95'
is "$rc" 0 "503 with Retry-After then 200: exit 0"
is "$(line 1)" 2 "503 then 200: retried once"
is "$(line 2)" True "Retry-After: 1 honoured"
mark
out=$(export_otlp --endpoint "$ep" 2>&1); rc=$?
q 'len(r)' 'r[3]["t"] - r[0]["t"] < 3'
is "$rc" 0 "429, 502, 504 then 200: exit 0"
is "$(line 1)" 4 "429, 502, 504 then 200: four attempts"
is "$(line 2)" True "backoff without Retry-After stays short"
mark
out=$(export_otlp --endpoint "$ep" 2>&1); rc=$?
q 'len(r)'
is "$rc" 2 "400: exit 2"
is "$out" "bnbench: export otlp: run 1: $ep: HTTP 400: invalid metric data (not retried)" "400: the message"
is "$(line 1)" 1 "400: exactly one request"
mark
out=$(export_otlp --endpoint "$ep" 2>&1); rc=$?
q 'len(r)'
is "$rc" 2 "503 every time: exit 2"
is "$out" "bnbench: export otlp: run 1: $ep: HTTP 503: unavailable (gave up after 5 attempts)" "503 every time: the message"
is "$(line 1)" 5 "503 every time: five attempts"
mark
out=$(OTEL_EXPORTER_OTLP_TIMEOUT=2000 export_otlp --endpoint "$ep" 2>&1); rc=$?
is "$rc" 2 "Retry-After past the timeout: exit 2"
is "$out" "bnbench: export otlp: run 1: $ep: HTTP 503, and a retry in 30000 ms would pass the 2000 ms timeout" \
	"Retry-After past the timeout: no wait"

# --- partial success: a warning with the count ---
mark
out=$(export_otlp --endpoint "$ep" 2>&1); rc=$?
is "$rc" 0 "partial success: exit 0"
like "$out" "^bnbench: warning: otlp: $ep rejected 2 of 18 data points: two points were stale$" \
	"partial success: a warning with the count and the message"

# --- a receiver that never answers, and none at all ---
mark
start=$(date +%s)
out=$(OTEL_EXPORTER_OTLP_TIMEOUT=700 export_otlp --endpoint "$ep" 2>&1); rc=$?
took=$(($(date +%s) - start))
q 'len(r)'
is "$rc" 2 "no answer: exit 2"
is "$out" "bnbench: export otlp: run 1: $ep: no answer within 700 ms" "no answer: the message"
ok "$([ "$took" -le 3 ]; echo $?)" "no answer: gives up after the timeout (${took} s)"
is "$(line 1)" 1 "no answer: not retried"
out=$(export_otlp --endpoint "http://127.0.0.1:$refused/v1/metrics" 2>&1); rc=$?
is "$rc" 2 "connection refused: exit 2"
like "$out" "^bnbench: export otlp: run 1: http://127\.0\.0\.1:$refused/v1/metrics: .*(Couldn't connect|Connection refused)" \
	"connection refused: the message"

is "$(cksum < good.db)" "$sum_before" "failed exports leave the database unchanged"

# --- a large run: requests of at most 200 cases ---
if [ -n "$have_sqlite" ]; then
	cp good.db big.db
	sqlite3 big.db 'CREATE TEMP TABLE t AS SELECT * FROM cases WHERE run_id = 1; UPDATE t SET id = NULL;
		INSERT INTO cases SELECT t.* FROM t, (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 149) SELECT n FROM c);'
	mark
	out=$("$BNBENCH" --db big.db export otlp --endpoint "$ep" 2>&1); rc=$?
	q '[x["points"] for x in r]' '[p for x in r for p in x["problems"]]'
	is "$rc" 0 "450 cases: exit 0"
	is "$out" "run 1: sent 450 cases (2700 data points) in 3 requests to $ep" "450 cases: three requests"
	is "$(line 1)" "[1200, 1200, 300]" "450 cases: 200, 200 and 50 cases a request"
	is "$(line 2)" "[]" "450 cases: every request well-formed"
fi

# --- bnbench run --otlp: a failed export never changes the run or its exit status ---
if [ -n "$have_run_otlp" ]; then
	mark
	"$BNBENCH" --db otlp-run.db run t.yaml --otlp="$ep" >/dev/null 2>run.err; rc=$?
	is "$rc" 0 "run --otlp, export refused: the run's exit status"
	is "$(grep otlp run.err)" "bnbench: otlp: run 1 is stored, but its export failed: $ep: HTTP 400: invalid metric data (not retried)" \
		"run --otlp, export refused: the failure is printed"
	like "$("$BNBENCH" --db otlp-run.db show 1 --format csv | wc -l)" "^ *4$" "run --otlp, export refused: the run is stored"
	"$BNBENCH" --db otlp-run.db run t.yaml --otlp="$ep" >/dev/null 2>&1
	q '[(x["points"], x["problems"]) for x in r]'
	is "$(line 1)" "[(18, []), (18, [])]" "run --otlp sends the stored run"
fi

# --- noisy and outliers: a run whose CI widths, targets and outliers are known ---
"$BNBENCH" --db good.db export json first > first.json
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for c, target, outl in zip(d["cases"], (0.05, 0.5, 0.5), ((1, 2, 3, 4), (0, 0, 0, 0), (0, 0, 0, 1))):
    s = c["stats"]
    s["ci_low_ns"], s["ci_high_ns"] = s["median_ns"] * 0.9, s["median_ns"] * 1.1
    s["outliers_low_mild"], s["outliers_low_severe"], s["outliers_high_mild"], s["outliers_high_severe"] = outl
    c["target_ci"] = target
json.dump(d, open(sys.argv[2], "w"))' first.json noisy.json
"$BNBENCH" --db noisy.db import json noisy.json >/dev/null
mark
"$BNBENCH" --db noisy.db export otlp --endpoint "$ep" >/dev/null 2>&1
q 'r[0]["values"]["bnbench.case.noisy"]' 'r[0]["values"]["bnbench.case.outliers"]' 'r[0]["problems"]'
is "$(line 1)" "['1', '0', '0']" "bnbench.case.noisy: 1 for a CI of 20% against a 5% target, 0 against 50%"
is "$(line 2)" "['10', '0', '1']" "bnbench.case.outliers: the Tukey outliers of each case"
is "$(line 3)" "[]" "integer gauges follow the OTLP/JSON mapping (asInt)"
kill $rpid 2>/dev/null
wait $rpid 2>/dev/null
rpid=

# --- bad configuration: one line, exit 2, nothing sent ---
bad() { # bad NAME MESSAGE ENV...
	name=$1 msg=$2
	shift 2
	out=$(env "$@" "$BNBENCH" --db good.db export otlp --endpoint "http://127.0.0.1:$refused/" 2>&1); rc=$?
	is "$rc" 2 "$name: exit 2"
	is "$out" "bnbench: export otlp: $msg" "$name: message"
}
bad "header without =" "OTEL_EXPORTER_OTLP_HEADERS: 'novalue' is not key=value" OTEL_EXPORTER_OTLP_HEADERS=novalue
bad "bad percent-encoding" "OTEL_RESOURCE_ATTRIBUTES: invalid percent-encoding in 'a=%zz'" OTEL_RESOURCE_ATTRIBUTES=a=%zz
bad "header value with a newline" "OTEL_EXPORTER_OTLP_HEADERS: control character in 'x=a%0D%0Ab: c'" \
	'OTEL_EXPORTER_OTLP_HEADERS=x=a%0D%0Ab: c'
bad "bad timeout" "OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' is not a timeout in milliseconds (1 to 3600000)" \
	OTEL_EXPORTER_OTLP_TIMEOUT=soon
out=$(export_otlp --endpoint ftp://127.0.0.1/ 2>&1); rc=$?
is "$rc" 2 "not an http endpoint: exit 2"
is "$out" "bnbench: export otlp: otlp endpoint 'ftp://127.0.0.1/' is not an http:// or https:// url" "not an http endpoint: message"
out=$(export_otlp 9 --endpoint "http://127.0.0.1:$refused/" 2>&1); rc=$?
is "$rc" 2 "unknown run: exit 2"
is "$out" "bnbench: no run '9'" "unknown run: message"

done_testing
