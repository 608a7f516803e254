#!/bin/sh
# One JSON document for run, show and export json: every output validates
# against the JSON Schema shipped in docs/, raw samples only on request, a
# version 1 document still imports.  Honest status: a case whose CI is wider
# than its target shows as noisy (stored as ok) in every format, with its
# outliers counted in the table.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

SCHEMA=$BNB_SRCDIR/docs/bnbench-run.schema.json
V1=$BNB_SRCDIR/tests/data/run-v1.json
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 10ms\n  max_time: 30ms\n%s\ngroups:\n  - op: quantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n' \
	'  target_ci: 0.0001%' > t.yaml

# --- a live run: a target no short run reaches is noisy everywhere ---
"$BNBENCH" --db a.db run t.yaml --label live > run.txt 2>/dev/null
is "$?" 0 "a run to look at"
like "$(grep '^quantize/i2s/scalar/1024 ' run.txt)" "noisy: CI [0-9.e+-]+% of the median, target 0\.0001%$" \
	"the case line says noisy, with its CI width and the target"
like "$(cat run.txt)" "^0 ok, 2 noisy, 0 failed, 0 errors, 0 skipped$" "the summary counts noisy cases apart"
"$BNBENCH" --db a.db run t.yaml --quiet > quiet.txt 2>/dev/null
like "$(grep '^quantize/i2s/scalar/1024 ' quiet.txt)" " +[0-9]+ +noisy$" "run --quiet, the table: outliers, then noisy"
like "$(cat quiet.txt)" "CASE +MEDIAN +95% CI +THROUGHPUT +GB/s +VS SCALAR +OUTL +STATUS" "the table has an OUTL column"
like "$(cat quiet.txt)" "^0 ok, 2 noisy, 0 failed, 0 errors, 0 skipped$" "the table's summary counts noisy cases apart"
"$BNBENCH" --db a.db run t.yaml --format json > run.json 2>/dev/null
"$BNBENCH" --db a.db run t.yaml --format json --samples > run-samples.json 2>/dev/null
"$BNBENCH" --db a.db show 1 --format json > show.json
"$BNBENCH" --db a.db show 1 --format json --samples > show-samples.json
"$BNBENCH" --db a.db export json 1 > export.json
"$BNBENCH" --db a.db import criterion "$BNB_SRCDIR/tests/data/criterion-pr-448" >/dev/null
"$BNBENCH" --db a.db export json latest > criterion.json

# A document's summary: "samples CASE:STATUS:N-SAMPLES ..." (N-SAMPLES - without samples_ns).
summary() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["samples"], *("%s:%s:%s" % (c["name"], c["status"], len(c["samples_ns"]) if "samples_ns" in c else "-")
                      for c in d["cases"]))' "$1"
}
is "$(summary show.json)" "False quantize/i2s/scalar/1024:noisy:- dequantize/i2s/scalar/1024:noisy:-" \
	"show --format json: noisy, no raw samples"
is "$(summary run.json)" "False quantize/i2s/scalar/1024:noisy:- dequantize/i2s/scalar/1024:noisy:-" \
	"run --format json: the same document"
is "$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["samples"], all(len(c["samples_ns"]) == c["stats"]["n"] > 0 for c in d["cases"]))' show-samples.json)" "True True" \
	"show --samples: every case with its raw samples"
is "$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d["samples"], all(len(c["samples_ns"]) == c["stats"]["n"] > 0 for c in d["cases"]))' export.json)" "True True" \
	"export json: always with raw samples"
is "$(python3 -c 'import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for c in a["cases"]:
    del c["samples_ns"]
print(dict(a, samples=False) == b)' show-samples.json show.json)" "True" "show --format json and show --samples differ only by the samples"
is "$(python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["cases"][0]
print(c["threads"], c["processes"], c["process_spread"], c["target_ci"], c["ci_rel_width"] > c["target_ci"])' show.json)" \
	"1 1 None 1e-06 True" "the case's threads, processes, spread and CI target"

# --- every document against the schema ---
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP python3 jsonschema is not installed (apt-get install python3-jsonschema): documents not validated"
	validate() { :; }
	have_validator=
else
	have_validator=1
	validate() { # validate FILE...: "FILE: ok" or the first error of each
		python3 -c 'import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for f in sys.argv[2:]:
    errs = sorted(v.iter_errors(json.load(open(f))), key=lambda e: list(e.absolute_path))
    print("%s: %s" % (f, "ok" if not errs else "%s at %s" % (errs[0].message, list(errs[0].absolute_path))))' "$SCHEMA" "$@"
	}
	for f in run.json run-samples.json show.json show-samples.json export.json criterion.json; do
		is "$(validate "$f")" "$f: ok" "$f follows the schema"
	done
	# The validator really checks: a status that does not exist, samples not asked for, a missing field.
	sed '0,/"status": "noisy"/s//"status": "fine"/' show.json > bad-status.json
	like "$(validate bad-status.json)" "^bad-status.json: 'fine' is not one of .* at \['cases', 0, 'status'\]$" \
		"the schema refuses an unknown status"
	sed 's/"samples": false/"samples": true/' show.json > bad-samples.json
	like "$(validate bad-samples.json)" "^bad-samples.json: 'samples_ns' is a required property" \
		"the schema wants samples_ns when the document says it has samples"
	grep -v '"threads"' show.json > bad-threads.json
	like "$(validate bad-threads.json)" "'threads' is a required property" "the schema wants threads"
fi

# --- a noisy and an ok case from a document: deterministic ---
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for c, target, outl in zip(d["cases"], (0.05, 0.5), ((1, 2, 3, 4), (0, 0, 0, 0))):
    s = c["stats"]
    s["ci_low_ns"], s["ci_high_ns"] = s["median_ns"] * 0.9, s["median_ns"] * 1.1
    s["outliers_low_mild"], s["outliers_low_severe"], s["outliers_high_mild"], s["outliers_high_severe"] = outl
    c["target_ci"] = target
    c["status"] = "ok"
json.dump(d, open(sys.argv[2], "w"), indent=2)' export.json set.json
out=$("$BNBENCH" --db n.db import json set.json); rc=$?
is "$rc" 0 "a version 2 document imports"
out=$("$BNBENCH" --db n.db show)
like "$out" "quantize/i2s/scalar/1024 .* 10 +noisy" "table: CI 20% against a 5% target is noisy, 10 outliers"
like "$out" "dequantize/i2s/scalar/1024 .* 0 +ok" "table: CI 20% against a 50% target is ok"
like "$out" "^1 ok, 1 noisy, 0 failed, 0 errors, 0 skipped$" "table: the summary"
like "$("$BNBENCH" --db n.db show --format markdown)" "^\| quantize/i2s/scalar/1024 \|.*\| 10 \| noisy \|$" "markdown: noisy"
is "$("$BNBENCH" --db n.db show --format csv | python3 -c 'import csv, sys
print(*("%s:%s:%s:%s" % (r["case"], r["status"], r["outliers"], r["target_ci"]) for r in csv.DictReader(sys.stdin)))')" \
	"quantize/i2s/scalar/1024:noisy:10:0.05 dequantize/i2s/scalar/1024:ok:0:0.5" "csv: status, outliers and target_ci"
"$BNBENCH" --db n.db export json > set.2.json
is "$(summary set.2.json)" "True quantize/i2s/scalar/1024:noisy:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][0]["stats"]["n"])' set.json) dequantize/i2s/scalar/1024:ok:$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][1]["stats"]["n"])' set.json)" \
	"export json: noisy and ok"
"$BNBENCH" --db n2.db import json set.2.json >/dev/null
"$BNBENCH" --db n2.db export json > set.3.json
is "$(diff set.2.json set.3.json)" "" "a noisy case reads back as itself"
is "$(python3 -c 'import sqlite3, sys
print(*(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT status FROM cases ORDER BY id")))' n2.db)" "ok ok" \
	"the store keeps a noisy case as ok"
"$BNBENCH" --db n.db report -o rep --format markdown >/dev/null 2>&1
like "$(cat rep/report.md)" "^- Cases: 1 ok, 1 noisy, 0 failed, 0 errors, 0 skipped$" "report: the cases counted"
like "$(cat rep/report.md)" "^- Noisy: quantize/i2s/scalar/1024 \(95% CI of the median wider than its target\)$" \
	"report: the noisy case named"
like "$(cat rep/report.md)" "^\| 1024 \| +[0-9.]+ [mun]?s \(noisy\) \| +[0-9.]+ [KMG]?elem/s \| +[0-9.]+ [mun]?s \| " \
	"report: the noisy case's time is marked, the other's is not"
"$BNBENCH" --db n.db import json export.json --baseline live >/dev/null
out=$("$BNBENCH" --db n.db compare live --run 1)
like "$out" "^noisy \(CI wider than its target\): 1 case in the run, 2 in the baseline; each result rests on the CI of its ratio$" \
	"compare: the noisy cases counted on each side"
is "$("$BNBENCH" --db n.db compare live --run 1 --format json | python3 -c 'import json, sys
print(*sorted("%s:%s:%s" % (r["name"], r["baseline_noisy"], r["run_noisy"]) for r in json.load(sys.stdin)["cases"]))')" \
	"dequantize/i2s/scalar/1024:True:False quantize/i2s/scalar/1024:True:True" "compare --format json: noisy on either side"
[ -n "$have_validator" ] && is "$(validate set.2.json)" "set.2.json: ok" "the noisy document follows the schema"

# --- a document without samples imports, without them ---
out=$("$BNBENCH" --db ns.db import json show.json); rc=$?
is "$rc" 0 "a document without samples imports"
"$BNBENCH" --db ns.db export json > ns.json
is "$(summary ns.json)" "True quantize/i2s/scalar/1024:noisy:0 dequantize/i2s/scalar/1024:noisy:0" \
	"exported again: the cases have no samples"
out=$("$BNBENCH" --db ns2.db import json ns.json); rc=$?
is "$rc" 0 "and that document imports too"
[ -n "$have_validator" ] && is "$(validate ns.json)" "ns.json: ok" "and follows the schema"

# --- a document of version 1 (written by bnbench 0.1.0 before version 2) ---
out=$("$BNBENCH" --db v1.db import json "$V1"); rc=$?
is "$rc" 0 "a version 1 document imports"
"$BNBENCH" --db v1.db export json > v1-again.json
is "$(python3 -c 'import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
keep = lambda c: {k: v for k, v in c.items() if k in a["cases"][0]}
print(b["version"], a["run"] == dict(b["run"], id=a["run"]["id"]), [keep(c) for c in b["cases"]] == a["cases"],
      *("%s:%s:%s:%s" % (c["status"], c["threads"], c["processes"], c["target_ci"]) for c in b["cases"]))' "$V1" v1-again.json)" \
	"2 True True ok:1:1:None ok:1:1:None" "version 1: every field kept, one thread and process, no CI target"
[ -n "$have_validator" ] && is "$(validate v1-again.json)" "v1-again.json: ok" "exported again, it follows the schema"
sed '0,/"status": "ok"/s//"status": "noisy"/' "$V1" > v1-noisy.json
out=$("$BNBENCH" --db v1.db import json v1-noisy.json 2>&1); rc=$?
is "$rc" 2 "version 1 has no noisy status: exit 2"
like "$out" "'cases\[0\]\.status' is 'noisy', expected ok, failed, error or skipped$" "version 1 has no noisy status: message"
sed '0,/"target_ci": 0.05/s//"target_ci": -0.05/' set.2.json > negative.json
out=$("$BNBENCH" --db v1.db import json negative.json 2>&1)
like "$out" "^bnbench: negative.json:[0-9]+:[0-9]+: 'cases\[0\]\.target_ci' is -0\.05[0-9]*, expected a fraction from 0 to 1e6, or null$" \
	"a negative CI target: file:line and the range"
for cmd in "run t.yaml" "show"; do
	out=$("$BNBENCH" --db a.db $cmd --samples 2>&1); rc=$?
	is "$rc:$out" "2:bnbench: ${cmd%% *}: --samples goes with --format json" "${cmd%% *} --samples without --format json: exit 2"
done
sed '0,/"threads": 1/s//"threads": 0/' set.2.json > zero.json
out=$("$BNBENCH" --db v1.db import json zero.json 2>&1)
like "$out" "^bnbench: zero.json:[0-9]+:[0-9]+: 'cases\[0\]\.threads' is 0, expected 1 to 1048576$" "threads 0: file:line and the range"

done_testing
