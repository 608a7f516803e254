#!/bin/sh
# The http plugin against a loopback server: latencies that bracket the
# server's delay, p50/p90/p99 in the results, and failing endpoints that fail
# only their case with the count and the first error.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

plugin_dir plugins http
quick='  warmup: 5ms
  min_time: 20ms
  max_time: 150ms'
suite() { # suite FILE GROUPS
	printf 'name: h\ndefaults:\n%s\ngroups:\n%s\n' "$quick" "$2" > "$1"
}
group() { # group NAME PARAMS [MORE]: an http group with flow-style params
	printf '  - name: %s\n    op: http\n    sizes: [1]\n    params: { %s }\n%s' "$1" "$2" "${3:-}"
}

if ! grep -q '^#define HAVE_LIBCURL 1' "$BNB_BUILDDIR/config.h"; then
	out=$("$BNBENCH" --plugin-dir plugins list http 2>&1)
	like "$out" "unsupported: built without libcurl" "without libcurl: list shows the plugin unsupported"
	suite nocurl.yaml "$(group g 'url: "http://127.0.0.1:9/"')"
	out=$("$BNBENCH" --db nocurl.db --plugin-dir plugins run nocurl.yaml 2>/dev/null); rc=$?
	is "$rc" 0 "without libcurl: a skipped case is no error"
	like "$out" "^http/-/http/1[^ ]* +skipped +unsupported: built without libcurl" "without libcurl: the case is skipped with the reason"
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP requests to a test server need libcurl (built without it)"
	done_testing
	exit
fi

python3 "$BNB_SRCDIR/tests/cli/http-server.py" --port-file port --log server.log --min-ms 2 --max-ms 6 \
	--max-seconds 60 --max-requests 20000 &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s port ] || { echo "Bail out! the test server did not start"; exit 1; }
url="http://127.0.0.1:$(cat port)"
refused=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

# --- endpoints that answer: latencies, methods, headers, bodies, reuse ---
printf '{"from": "file"}' > body.json
suite good.yaml "$(group delay "url: \"$url/delay\"" '    max_time: 400ms
    min_samples: 20
')
$(group post "url: \"$url/post\", method: POST, body: '{\"a\": 1}', headers: \"Content-Type: application/json; X-Test: yes\"")
$(group put "url: \"$url/put\", method: PUT, body_file: body.json")
$(group head "url: \"$url/head\", method: HEAD")
$(group delete "url: \"$url/delete\", method: DELETE")
$(group any2xx "url: \"$url/status/204\", expected_status: 0")
$(group fresh "url: \"$url/fresh\", reuse: false")
$(group flaky "url: \"$url/flaky/tolerant\", max_error_rate: 50%")"
out=$("$BNBENCH" --db good.db --plugin-dir plugins run good.yaml 2>good.err); rc=$?
is "$rc" 0 "answering endpoints: run exits 0"
like "$out" "^http/-/http/1[^ ]* +[0-9.]+ ms \[.*\] +[0-9.]+ op/s +p50 [0-9.]+ ms +p90 [0-9.]+ ms +p99 [0-9.]+ ms +n=[0-9]+ " \
	"per-case line has p50, p90 and p99"
measured() { # "MEASURED FAILED ERRORS SKIPPED" from the summary line: ok and noisy cases are measured
	printf '%s\n' "$1" | sed -n 's/^\([0-9]*\) ok, \([0-9]*\) noisy, \([0-9]*\) failed, \([0-9]*\) errors, \([0-9]*\) skipped$/\1 \2 \3 \4 \5/p' |
		awk '{ print $1 + $2, $3, $4, $5 }'
}
is "$(measured "$out")" "8 0 0 0" "every answering endpoint measured"
like "$(cat good.err)" "warning: http $url/flaky/tolerant: [0-9]+ of [0-9]+ requests failed \(within max_error_rate 50%\); first error: HTTP 500 \(expected 200\)" \
	"max_error_rate 50% tolerates 1 in 4 failures, with a warning"
"$BNBENCH" --db good.db show --format json > good.json
stats() { # stats GROUP: "median min p50 p90 p99 samples" in ns
	python3 -c 'import json, sys
for c in json.load(open("good.json"))["cases"]:
    if c["group"] == sys.argv[1]:
        s, l = c["stats"], c["latency"]
        print(" ".join("%d" % v for v in (s["median_ns"], s["min_ns"], l["p50_ns"], l["p90_ns"], l["p99_ns"], s["n"])))' "$1"
}
set -- $(stats delay)
ok "$([ "${3:-0}" -ge 2000000 ] && [ "${3:-0}" -le 11000000 ]; echo $?)" "delay 2-6 ms: p50 $3 ns within 2 ms .. 6 ms + 5 ms"
ok "$([ "${2:-0}" -ge 2000000 ]; echo $?)" "delay 2-6 ms: min $2 ns >= 2 ms"
ok "$([ "${3:-0}" -le "${4:-0}" ] && [ "${4:-0}" -le "${5:-0}" ]; echo $?)" "p50 <= p90 <= p99"
ok "$([ "${6:-0}" -ge 20 ]; echo $?)" "one request per sample, at least min_samples ($6)"
csv=$("$BNBENCH" --db good.db show --format csv)
like "$(printf '%s\n' "$csv" | head -1)" ",detail,threads,processes,process_spread,target_ci,outliers,p50_ns,p90_ns,p99_ns$" "csv has latency columns"
like "$csv" '"delay",http,,http,1,1,.*,(ok|noisy),.*,[0-9.]+,[0-9.]+,[0-9.]+$' "csv has the latency values"

req() { # req PATH [MAX]: the logged requests to PATH, one JSON list a line
	python3 -c 'import json, sys
got = [json.loads(line) for line in open("server.log")]
got = [r for r in got if r["path"] == sys.argv[1]][:int(sys.argv[2])]
for r in got:
    print(json.dumps([r["method"], r["headers"].get("content-type"), r["headers"].get("x-test"), r["body"], r["port"]]))' "$1" "${2:-1000000}"
}
like "$(req /post 1)" '^\["POST", "application/json", "yes", "\{\\"a\\": 1\}", [0-9]+\]$' "POST with the body and the headers"
like "$(req /put 1)" '^\["PUT", [^,]*, null, "\{\\"from\\": \\"file\\"\}", ' "PUT with the body of body_file"
like "$(req /head 1)" '^\["HEAD", ' "HEAD"
like "$(req /delete 1)" '^\["DELETE", ' "DELETE"
is "$(req /delay | sed 's/.*, //' | sort -u | wc -l | tr -d ' ')" 1 "reuse (default): one connection for every request"
n=$(req /fresh | sed 's/.*, //' | sort -u | wc -l | tr -d ' ')
ok "$([ "$n" -gt 10 ]; echo $?)" "reuse: false: a new connection per request ($n ports)"

# --- endpoints that fail: each fails its case with the count and the first error ---
suite bad.yaml "$(group e500 "url: \"$url/status/500\"")
$(group close "url: \"$url/close\"")
$(group hang "url: \"$url/hang\", timeout: 200ms")
$(group flaky0 "url: \"$url/flaky/strict\"")
$(group refused "url: \"http://127.0.0.1:$refused/\"")
$(group expect201 "url: \"$url/\", expected_status: 201")
  - name: nourl
    op: http
    sizes: [1]
$(group badurl 'url: "ftp://127.0.0.1/"')
$(group getbody "url: \"$url/\", body: x")
$(group badheaders "url: \"$url/\", headers: \"NoColon\"")
$(group last "url: \"$url/last\"")"
start=$(date +%s)
out=$("$BNBENCH" --db bad.db --plugin-dir plugins run bad.yaml 2>/dev/null); rc=$?
took=$(($(date +%s) - start))
is "$rc" 1 "failing endpoints: run exits 1"
e="^http/-/http/1[^ ]* +error +http/-/http: run: "
like "$out" "${e}1 of 1 requests failed \(max_error_rate 0%\); first error: HTTP 500 \(expected 200\)$" "500: case error with the count and first error"
like "$out" "${e}1 of 1 requests failed \(max_error_rate 0%\); first error: the server closed the connection without a response$" \
	"closed without an answer: case error"
like "$out" "${e}1 of 1 requests failed \(max_error_rate 0%\); first error: no response within 200 ms$" "no answer: timeout"
like "$out" "${e}1 of 4 requests failed \(max_error_rate 0%\); first error: HTTP 500 \(expected 200\)$" \
	"max_error_rate 0%: the first failure (request 4 of 4) fails the case"
like "$out" "${e}1 of 1 requests failed \(max_error_rate 0%\); first error: .*127\.0\.0\.1 port $refused" "connection refused: case error"
like "$out" "${e}1 of 1 requests failed \(max_error_rate 0%\); first error: HTTP 200 \(expected 201\)$" "unexpected status"
like "$out" "^http/-/http/1[^ ]* +error +http/-/http: setup: parameter 'url' is required" "no url: setup fails"
like "$out" "^http/-/http/1[^ ]* +error +http/-/http: setup: url 'ftp://127\.0\.0\.1/' is not an http:// or https:// url$" "not an http url"
like "$out" "^http/-/http/1[^ ]* +error +http/-/http: setup: a body needs method POST, PUT or DELETE, not GET$" "a body with GET"
like "$out" "^http/-/http/1[^ ]* +error +http/-/http: setup: headers: 'NoColon' is not 'Name: value'$" "malformed headers"
is "$(measured "$out")" "1 0 10 0" "the run goes on after failing endpoints"
ok "$([ "$took" -le 10 ]; echo $?)" "failing endpoints cost little time (${took} s)"
n=$(req /last | wc -l | tr -d ' ')
ok "$([ "$n" -gt 0 ]; echo $?)" "the last group reached the server ($n requests)"

done_testing
