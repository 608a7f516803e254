#!/bin/sh
# bnbench run --processes and the suite key `processes`: each case measured in
# several worker processes, interleaved, its samples pooled and the spread of
# the processes' medians stored, shown, and used by compare.  The suite takes
# exactly min_samples samples per process (min_time 0, a CI target that is
# always met), so the pooled count is known.  The flaky build of t_slow is 400%
# slower in the first process that sets it up: a spread that is there for sure.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
builds=$BNB_TEST_PLUGINDIR/..
if [ ! -f "$builds/flaky/.libs/t_slow.so" ]; then skip_all "t_slow builds not made"; fi
unset T_SLOW_SLOWDOWN T_SLOW_FLAKY_FILE
plugin_dir plugins i2s t_slow
plugin_dir flaky i2s
cp "$builds/flaky/.libs/t_slow.so" flaky/

suite() { # suite FILE [EXTRA DEFAULTS LINE]
	printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 0s\n  max_time: 2s\n  min_samples: 7\n  target_ci: 1000000%%\n%s\ngroups:\n' \
		"${2:-}" > "$1"
	printf '  - op: dequantize\n    schemes: [i2s]\n    backends: [t_slow, scalar]\n    sizes: [4096]\n' >> "$1"
}
bn() { "$BNBENCH" --db t.db "$@"; }
q() { sqlite3 t.db "$1"; }
suite s.yaml
suite s3.yaml '  processes: 3'

# --- bad values: one line, exit 2, nothing written ---
for v in 0 -1 101 two; do
	out=$(bn --plugin-dir plugins run s.yaml --processes "$v" 2>&1); rc=$?
	is "$rc/$out" "2/bnbench: run: invalid --processes '$v' (an integer from 1 to 100)" "--processes $v: refused"
done
out=$(bn --plugin-dir plugins run s.yaml --processes 2 --no-isolate 2>&1); rc=$?
is "$rc/$out" "2/bnbench: run: --processes 2 needs worker processes: it cannot be given with --no-isolate" \
	"--processes with --no-isolate: refused"
suite bad.yaml '  processes: 0'
out=$(bn --plugin-dir plugins run bad.yaml 2>&1); rc=$?
is "$rc/$out" "2/bnbench: bad.yaml:8:14: invalid value '0' for 'processes' (expected an integer from 1 to 100)" \
	"suite processes: 0: refused where it is written"
ok "$([ ! -e t.db ]; echo $?)" "bad values: no database written"

# --- --processes 2: two processes per case, samples pooled ---
out=$(bn --plugin-dir plugins run s.yaml --processes 2 2>/dev/null); rc=$?
is "$rc" 0 "run --processes 2: exit 0"
is "$(q "SELECT group_concat(processes || '/' || n, ' ') FROM cases WHERE run_id = 1")" "2/14 2/14" \
	"each case: 2 processes, their 7 + 7 samples pooled"
is "$(q "SELECT group_concat(c, ' ') FROM (SELECT count(*) AS c FROM samples s JOIN cases c ON c.id = s.case_id
	WHERE c.run_id = 1 GROUP BY c.id)")" "14 14" "every pooled sample is stored"
is "$(q "SELECT count(*) FROM cases WHERE run_id = 1 AND process_spread >= 0")" 2 "the spread is stored"
like "$out" "^dequantize/i2s/t_slow/4096 .* n=14  ±[0-9]+\.[0-9]% between 2 processes  verified(  noisy: .*)?$" \
	"the case line shows the spread"
like "$(bn show 1)" "^dequantize/i2s/scalar/4096 .* [0-9]+  (ok|noisy)  ±[0-9]+\.[0-9]% between 2 processes$" "and so does the table"
is "$(q "SELECT value FROM env WHERE run_id = 1 AND key = 'bnbench.processes'")" 2 "the run records --processes"
is "$(bn show 1 --format json | python3 -c 'import json, sys
print(*sorted(set("%s %s %s" % (c["stats"]["n"], c["processes"], type(c["process_spread"]).__name__)
                  for c in json.load(sys.stdin)["cases"])))')" "14 2 float" \
	"show --format json: processes and spread"

# --- the suite's processes, and --processes over it ---
bn --plugin-dir plugins run s3.yaml >/dev/null 2>&1
is "$(q "SELECT group_concat(processes || '/' || n, ' ') FROM cases WHERE run_id = 2")" "3/21 3/21" \
	"suite processes: 3: 21 samples from 3 processes"
is "$(q "SELECT value FROM env WHERE run_id = 2 AND key = 'bnbench.processes'")" 3 "the run records the suite's"
out=$(bn --plugin-dir plugins run s3.yaml --processes 1 2>/dev/null)
is "$(q "SELECT group_concat(processes || '/' || n || '/' || quote(process_spread), ' ') FROM cases WHERE run_id = 3")" \
	"1/7/NULL 1/7/NULL" "--processes 1 overrides the suite: one process, no spread"
if printf '%s\n' "$out" | grep -q 'between'; then r=1; else r=0; fi
ok "$r" "one process: no spread shown"
out=$(bn --plugin-dir plugins run s3.yaml --no-isolate 2>&1 >/dev/null)
like "$out" "warning: --no-isolate: each case is measured in this process alone \(the suite's processes: 3 does not apply\)" \
	"--no-isolate warns that the suite's processes do not apply"
is "$(q "SELECT group_concat(processes || '/' || n, ' ') FROM cases WHERE run_id = 4")" "1/7 1/7" "and measures once"

# --- the first process 400% slower: the spread says so ---
T_SLOW_FLAKY_FILE=$TMP/flag bn --plugin-dir flaky run s.yaml --processes 2 >/dev/null 2>&1
is "$(q "SELECT process_spread > 0.5 FROM cases WHERE run_id = 5 AND backend = 't_slow'")" 1 \
	"a process 5x slower than the other: a spread over 50%"

# --- a case that fails in a later process: its status, saying which ---
rm -f flag
out=$(T_SLOW_FLAKY_FILE=$TMP/flag T_SLOW_FLAKY_FAIL=1 bn --plugin-dir flaky run s.yaml --processes 3 2>/dev/null); rc=$?
is "$rc" 1 "a case that errs in its second process: exit 1"
like "$out" "^dequantize/i2s/t_slow/4096 +error +process 2 of 3: .*set up in a later process" \
	"the error names the process"
is "$(q "SELECT status || '/' || processes || '/' || n FROM cases WHERE run_id = 6 AND backend = 't_slow'")" "error/2/0" \
	"stored as an error after 2 processes, no samples"
is "$(q "SELECT status || '/' || processes || '/' || n FROM cases WHERE run_id = 6 AND backend = 'scalar'")" "ok/3/21" \
	"the other plugin's case is measured in all 3"

# --- compare: a change within the between-process spread is no regression ---
# Timings of runs minutes apart on a busy machine are too noisy to make a
# change of a known size: the stored samples are set instead, 1000 ns in the
# baseline (one process) and 1500 ns in run 2 (three processes).
bn baseline save one 3 >/dev/null
q "UPDATE samples SET ns_per_iter = 1000 + seq % 5 WHERE case_id IN (SELECT id FROM cases WHERE run_id = 3)"
q "UPDATE samples SET ns_per_iter = 1500 + seq % 5 WHERE case_id IN (SELECT id FROM cases WHERE run_id = 2)"
q "UPDATE cases SET process_spread = 0.6 WHERE run_id = 2"
out=$(bn compare one --run 2 2>&1); rc=$?
is "$rc" 0 "50% slower, processes 60% apart: no regression (exit 0)"
like "$out" "^dequantize/i2s/t_slow/4096 .* \+50\.[0-9]% .* inconclusive  within process spread \(±60\.0%\)$" \
	"compare says why"
like "$out" "^0 regressed, 0 not compared, 2 inconclusive, " "both cases inconclusive"
like "$(bn compare one --run 2 --format json)" '"process_spread": 0.59999[0-9]*, "within_process_spread": true' \
	"compare --format json: the spread and the reason"
q "UPDATE cases SET process_spread = 0.4 WHERE run_id = 2"
out=$(bn compare one --run 2 2>&1); rc=$?
is "$rc" 1 "50% slower, processes 40% apart: regressed (exit 1)"
like "$out" "^dequantize/i2s/t_slow/4096 .* regressed$" "regressed, without a note"
q "UPDATE cases SET processes = 1, process_spread = 0.6 WHERE run_id = 2"
out=$(bn compare one --run 2 2>&1); rc=$?
is "$rc" 1 "a spread stored with one process is not used"

done_testing
