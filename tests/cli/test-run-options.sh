#!/bin/sh
# run's measurement settings over the suite's (--warmup, --min-time, --max-time,
# --min-samples, --target-ci, --seed), recorded with the run; -o FILE in the
# format of its extension; show -o.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 5ms\n  max_time: 20ms\n  min_samples: 10\ngroups:\n  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n' > t.yaml

refused() { # refused NAME MESSAGE ARGS...: exit 2, MESSAGE on stderr, no database
	name=$1 msg=$2
	shift 2
	"$BNBENCH" --db x.db "$@" >out 2>err
	is "$?/$(cat err)/$(cat out)" "2/bnbench: $msg/" "$name"
	ok "$([ ! -e x.db ]; echo $?)" "$name: nothing written"
}
refused "--warmup 5 parsecs" "run: invalid --warmup '5 parsecs' (a duration such as 500ms; units ns, us, ms, s, m)" \
	run t.yaml --warmup '5 parsecs'
refused "--max-time 0" "run: invalid --max-time '0' (a positive duration such as 500ms; units ns, us, ms, s, m)" \
	run t.yaml --max-time 0
refused "--min-samples 0" "run: invalid --min-samples '0' (a positive integer)" run t.yaml --min-samples 0
refused "--target-ci x" "run: invalid --target-ci 'x' (a positive percentage such as 1%)" run t.yaml --target-ci x
refused "--seed -1" "run: invalid --seed '-1' (an integer from 0 to 18446744073709551615)" run t.yaml --seed -1
refused "--min-time over the suite's max_time" \
	"t.yaml: group 'dequantize': min_time 1.000 s is greater than max_time 20.00 ms (with --min-time)" run t.yaml --min-time 1s
refused "gate --seed x" "gate: invalid --seed 'x' (an integer from 0 to 18446744073709551615)" gate t.yaml --baseline b --seed x
refused "ab --warmup x" "ab: invalid --warmup 'x' (a duration such as 500ms; units ns, us, ms, s, m)" ab t.yaml --base-plugins . --warmup x

# --- the overrides apply to every case and are recorded with the run ---
"$BNBENCH" --db s.db run t.yaml --warmup 2ms --min-time 1ms --max-time 2s --min-samples 60 --target-ci 50% --seed 7 \
	>/dev/null 2>&1
ok $? "run with every override"
env=$("$BNBENCH" --db s.db show --env)
like "$env" "^  settings\.warmup +2ms$" "--warmup recorded as given"
like "$env" "^  settings\.min_time +1ms$" "--min-time recorded"
like "$env" "^  settings\.max_time +2s$" "--max-time recorded"
like "$env" "^  settings\.min_samples +60$" "--min-samples recorded"
like "$env" "^  settings\.target_ci +50%$" "--target-ci recorded"
like "$env" "^  settings\.seed +7$" "--seed recorded"
n=$("$BNBENCH" --db s.db show --format csv | awk -F, 'NR == 2 { print $19 }')
ok "$([ "${n:-0}" -ge 60 ]; echo $?)" "--min-samples 60 over the suite's 10: $n samples"
"$BNBENCH" --db s.db run t.yaml >/dev/null 2>&1
ok "$("$BNBENCH" --db s.db show --env | grep -q '^  settings\.'; [ $? -eq 1 ]; echo $?)" "a run without them records none"
if command -v sqlite3 >/dev/null 2>&1; then
	is "$(sqlite3 s.db 'SELECT target_ci FROM cases ORDER BY id LIMIT 1')" 0.5 "--target-ci stored as the case's CI target"
fi

# --- -o FILE: the format from the extension, the case lines stay on stdout ---
"$BNBENCH" --db o.db run t.yaml -o r.json >o.out 2>/dev/null
ok "$(python3 -m json.tool r.json >/dev/null 2>&1; echo $?)" "-o r.json: a JSON document"
like "$(cat o.out)" "^dequantize/i2s/scalar/1024 +[0-9.]+ [nu]s" "-o: the case line on stdout"
ok "$(grep -q '"cases"' o.out; [ $? -eq 1 ]; echo $?)" "-o: not the document on stdout"
"$BNBENCH" --db o.db run t.yaml --output r.csv --quiet >o.out 2>/dev/null
like "$(head -1 r.csv)" "^run,case,group," "--output r.csv: CSV"
is "$(cat o.out)" "" "--quiet -o: nothing on stdout"
"$BNBENCH" --db o.db run t.yaml -o r.md >/dev/null 2>&1
like "$(head -1 r.md)" "^\| case \| median " "-o r.md: markdown"
"$BNBENCH" --db o.db run t.yaml -o r.out --format csv >/dev/null 2>&1
like "$(head -1 r.out)" "^run,case," "--format over the extension"
refused "-o r.xyz" "run: -o r.xyz: cannot tell the format from the extension (.json, .csv, .md or .txt); give --format" \
	run t.yaml -o r.xyz
refused "-o in a missing folder" "run: -o: nodir/r.json: cannot write: no such directory" run t.yaml -o nodir/r.json
"$BNBENCH" --db o.db show -o s.json
ok "$(python3 -m json.tool s.json >/dev/null 2>&1; echo $?)" "show -o s.json: a JSON document"
"$BNBENCH" --db o.db show -o s.txt
like "$(cat s.txt)" "^CASE +MEDIAN" "show -o s.txt: the table"

# --- compare -o: its formats (table, markdown, json) from the extension ---
"$BNBENCH" --db o.db baseline save b 1 >/dev/null
"$BNBENCH" --db o.db compare b --threshold 99% -o c.json >c.out   # a wide threshold: no verdict rests on timing here
is "$?/$(cat c.out)" "0/" "compare -o c.json: exit 0, nothing on stdout"
ok "$(python3 -m json.tool c.json >/dev/null 2>&1; echo $?)" "compare -o c.json: a JSON document"
"$BNBENCH" --db o.db compare b -o c.md
like "$(cat c.md)" "^\| case \| baseline \| run \|" "compare -o c.md: markdown"
refused "compare -o c.csv" "compare: unknown format 'csv' (table, markdown or json)" compare b -o c.csv
refused "gate -o nodir/g.md" "gate: -o: nodir/g.md: cannot write: no such directory" gate t.yaml --baseline b -o nodir/g.md
done_testing
