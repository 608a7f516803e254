#!/bin/sh
# bnbench baseline, compare and gate: exact messages and exit codes, with the
# t_slow plugin made slower (T_SLOW_SLOWDOWN) to make a regression.  The
# slowdown is 300%, not a subtler 50%: these tiny suites measure for 10 to 30 ms,
# and on a busy machine two such runs of the same kernel can differ by 50%.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
if [ ! -f "$BNB_TEST_PLUGINDIR/t_slow.so" ]; then skip_all "t_slow plugin not built"; fi
unset T_SLOW_SLOWDOWN
plugin_dir plugins i2s t_slow

suite() { # suite FILE BACKENDS SIZES
	printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 10ms\n  max_time: 30ms\ngroups:\n' > "$1"
	printf '  - op: dequantize\n    schemes: [i2s]\n    backends: [%s]\n    sizes: [%s]\n' "$2" "$3" >> "$1"
}
bn() { "$BNBENCH" --db t.db --plugin-dir plugins "$@"; }
suite s.yaml t_slow 1024,2048

# --- baselines ---
bn run s.yaml --label fast >/dev/null 2>&1
out=$(bn baseline save fast 2>&1); rc=$?
is "$rc" 0 "baseline save: exit 0"
is "$out" "saved baseline 'fast' (run 1)" "baseline save: names the latest run"
out=$(bn baseline save fast2 fast --note "by label" 2>&1)
is "$out" "saved baseline 'fast2' (run 1)" "baseline save: a run by label"
out=$(bn baseline list)
like "$out" "^fast +1 +[0-9-]+ [0-9:]+ +t +fast +$" "baseline list: name, run, date, suite, label"
like "$out" "^fast2 +1 .* by label$" "baseline list: the note"
out=$(bn baseline show fast)
like "$out" "^baseline 'fast': run 1: suite t, complete, label fast, " "baseline show: the run's header"
like "$out" "^dequantize/i2s/t_slow/1024 +[0-9.]+ [nu]s " "baseline show: the run's table"
out=$(bn baseline delete fast2); rc=$?
is "$rc/$out" "0/deleted baseline 'fast2'" "baseline delete"
out=$(bn baseline show fast2 2>&1); rc=$?
is "$rc/$out" "2/bnbench: no baseline 'fast2' (known: fast)" "baseline show: unknown name lists the known ones"
out=$(bn baseline delete nope 2>&1); rc=$?
is "$rc/$out" "2/bnbench: no baseline 'nope' (known: fast)" "baseline delete: unknown name"
out=$(bn baseline save x 99 2>&1); rc=$?
is "$rc/$out" "2/bnbench: no run '99'" "baseline save: unknown run"
out=$(bn baseline shw fast 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline: unknown subcommand 'shw' (did you mean 'show'?)" "baseline: unknown subcommand"
out=$(bn baseline 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline: no subcommand given (save, list, show or delete)" "baseline: no subcommand"
out=$(bn baseline show 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline show: no baseline name given" "baseline show: no name"

# --- compare ---
sum=$(cksum <t.db)
out=$(bn compare fast 2>&1); rc=$?
is "$rc/$out" "2/bnbench: compare: run 1 is baseline 'fast' itself: nothing to compare (name another run with --run)" \
	"compare a run with itself: refused"
out=$(bn compare fast --run fast 2>&1); rc=$?
is "$rc" 2 "compare a run with itself by label: refused"
is "$(cksum <t.db)" "$sum" "compare refused: the database unchanged"
# run 2: the same samples again (so the ratio is exactly 1)
bn export json fast >fast.json && bn import json fast.json >/dev/null
out=$(bn compare fast 2>&1); rc=$?
is "$rc" 0 "compare the same samples: exit 0"
like "$out" "^comparing run 2 " "compare: the latest run by default"
like "$out" "^dequantize/i2s/t_slow/1024 .* \+0\.0% +1\.000 \[" "compare the same samples: ratio 1"
like "$out" "^0 regressed, 0 not compared, [0-9] inconclusive, 0 improved, " "compare the same samples: nothing regressed"
out=$(bn compare fast --threshold 0.1% --fail-on-inconclusive 2>&1); rc=$?
is "$rc" 3 "--fail-on-inconclusive: noise wider than the threshold gives exit 3"
like "$out" "inconclusive$" "--fail-on-inconclusive: the table says inconclusive"
out=$(bn compare fast --threshold 0.1% 2>&1); rc=$?
is "$rc" 0 "inconclusive without --fail-on-inconclusive: exit 0"

T_SLOW_SLOWDOWN=300% bn run s.yaml --label slow --save-baseline slow >/dev/null 2>&1
out=$(bn compare fast 2>&1); rc=$?
is "$rc" 1 "300% slower than the baseline: exit 1"
like "$out" "^dequantize/i2s/t_slow/[0-9]+ .* regressed$" "300% slower: regressed"
like "$out" "^[12] regressed, " "300% slower: counted"
like "$out" "^geometric mean of 2 ratios: " "geometric mean line"
out=$(bn compare slow --run fast 2>&1); rc=$?
is "$rc" 0 "300% faster than the baseline: exit 0"
like "$out" "^dequantize/i2s/t_slow/[0-9]+ .* improved$" "300% faster: improved"
out=$(bn compare fast --format json)
ok "$(printf '%s' "$out" | python3 -m json.tool >/dev/null 2>&1; echo $?)" "compare --format json is valid json"
like "$out" '"result": "regressed"' "json: the result of each case"
out=$(bn compare fast --format markdown)
like "$out" '^\| dequantize/i2s/t_slow/[0-9]+ \| .* \| regressed \| +\|$' "markdown table row"

suite other.yaml t_slow 2048,4096
bn run other.yaml >/dev/null 2>&1
out=$(bn compare fast 2>&1)
like "$out" "^dequantize/i2s/t_slow/1024 .* only in baseline$" "a case only in the baseline"
like "$out" "^dequantize/i2s/t_slow/4096 .* only in run$" "a case only in the run"
suite none.yaml t_slow 8192
bn run none.yaml >/dev/null 2>&1
out=$(bn compare fast 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline 'fast' shares no case with run 5" "no shared case: exit 2"
out=$(bn compare nope 2>&1); rc=$?
is "$rc/$out" "2/bnbench: no baseline 'nope' (known: fast, slow)" "compare: unknown baseline"
out=$(bn compare fast --run nope 2>&1); rc=$?
is "$rc/$out" "2/bnbench: no run 'nope'" "compare: unknown run"
out=$(bn compare 2>&1); rc=$?
is "$rc/$out" "2/bnbench: compare: no baseline given (usage: bnbench compare BASELINE)" "compare: no baseline"
out=$(bn compare fast --format csv 2>&1); rc=$?
is "$rc/$out" "2/bnbench: compare: unknown format 'csv' (table, markdown or json)" "compare: unknown format"
out=$(bn compare fast --threshold much 2>&1); rc=$?
is "$rc/$out" "2/bnbench: compare: invalid --threshold 'much' (a percentage such as 5%)" "compare: bad threshold"
out=$("$BNBENCH" --db missing.db compare fast 2>&1); rc=$?
is "$rc/$out" "2/bnbench: missing.db: no such database" "compare: no database"

if command -v sqlite3 >/dev/null; then
	cp t.db empty.db
	sqlite3 empty.db 'PRAGMA foreign_keys = ON; DELETE FROM runs;'
	out=$("$BNBENCH" --db empty.db compare fast 2>&1); rc=$?
	is "$rc/$out" "2/bnbench: no baseline 'fast' (no baselines saved)" "compare: a database without runs"

	cp t.db env.db
	sqlite3 env.db "UPDATE env SET value = 'Other CPU' WHERE run_id = 1 AND key = 'cpu.model';
		UPDATE env SET value = '0; cc; -O0' WHERE run_id = 1 AND key = 'plugin.t_slow'"
	model=$(sqlite3 env.db "SELECT value FROM env WHERE run_id = 3 AND key = 'cpu.model'")
	build=$(sqlite3 env.db "SELECT value FROM env WHERE run_id = 3 AND key = 'plugin.t_slow'")
	out=$("$BNBENCH" --db env.db compare fast --run slow 2>&1 >/dev/null); rc=$?
	ok "$([ "$rc" -ne 2 ]; echo $?)" "differing env: compared anyway"
	is "$out" "bnbench: warning: environment differs: cpu.model is 'Other CPU' in baseline 'fast' (run 1) and '$model' in run 3
bnbench: warning: environment differs: plugin.t_slow is '0; cc; -O0' in baseline 'fast' (run 1) and '$build' in run 3" \
		"differing env: a warning per key with both values"
	out=$("$BNBENCH" --db env.db compare fast --run slow --require-same-env 2>&1); rc=$?
	is "$rc" 2 "--require-same-env: exit 2"
	like "$out" "^bnbench: environment differs: cpu\.model is 'Other CPU' in baseline 'fast' \(run 1\) and '.*' in run 3 \(--require-same-env\)$" \
		"--require-same-env: an error per key"
	n=$(sqlite3 env.db 'SELECT count(*) FROM runs')
	out=$("$BNBENCH" --db env.db --plugin-dir plugins gate s.yaml --baseline fast --require-same-env 2>&1); rc=$?
	is "$rc" 2 "gate --require-same-env: exit 2"
	is "$(sqlite3 env.db 'SELECT count(*) FROM runs')" "$n" "gate --require-same-env: no run stored"

	# a baseline imported from Criterion: matched by op, scheme and size, shown as speed-ups
	cp t.db crit.db
	sqlite3 crit.db "PRAGMA foreign_keys = ON; UPDATE runs SET source = 'criterion' WHERE id = 3;
		UPDATE cases SET backend = 'criterion', name = 'dequantize/i2s/criterion/' || k WHERE run_id = 3"
	out=$("$BNBENCH" --db crit.db compare slow --run fast 2>&1); rc=$?
	is "$rc" 0 "criterion baseline: exit 0"
	like "$out" "^note: the baseline was measured by another implementation with other encodings" "criterion baseline: the note on encodings"
	like "$out" "^dequantize/i2s/t_slow/2048 .* (faster|slower|similar|inconclusive)$" "criterion baseline: each case compared"
	like "$out" "^backend t_slow: geometric mean speed-up [0-9.]+x over 2 cases$" "criterion baseline: speed-up per backend"
fi

# --- gate ---
n=$(bn show --format csv | head -2 | tail -1 | cut -d, -f1)
out=$(bn gate s.yaml --baseline nope 2>&1); rc=$?
is "$rc/$out" "2/bnbench: no baseline 'nope' (known: fast, slow)" "gate: unknown baseline"
is "$(bn show --format csv | head -2 | tail -1 | cut -d, -f1)" "$n" "gate: unknown baseline, nothing run"
out=$(bn gate s.yaml 2>&1); rc=$?
is "$rc/$out" "2/bnbench: gate: nothing to gate against (--base-plugins DIR or --baseline NAME)" "gate: no baseline"
out=$(bn gate none.yaml --baseline fast 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline 'fast' shares no case with suite none.yaml" "gate: no shared case"
out=$(bn gate s.yaml --baseline slow 2>/dev/null); rc=$?
is "$rc" 0 "gate: faster than the baseline: exit 0"
like "$out" "^gate: 0 regressed at first" "gate: summary"
out=$(T_SLOW_SLOWDOWN=300% bn gate s.yaml --baseline fast --junit j.xml --save-baseline next 2>/dev/null); rc=$?
is "$rc" 1 "gate: 300% slower: exit 1"
like "$out" "^dequantize/i2s/t_slow/[0-9]+ .* regressed +confirmed \(measured again: " "gate: regression confirmed by a second measurement"
like "$out" "^  confirmed: dequantize/i2s/t_slow/[0-9]+$" "gate: summary names the confirmed case"
is "$(grep -c '<testcase classname="bnbench.dequantize" name="dequantize/i2s/t_slow/[0-9]*">' j.xml)" 2 "gate --junit: a testcase per case"
like "$(cat j.xml)" '<failure message="regressed \+' "gate --junit: a failure for the regression"
like "$(bn baseline list)" "^next " "gate --save-baseline"

# --- baseline save over an existing name ---
sum=$(cksum <t.db)
out=$(bn baseline save fast 2 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline save: baseline 'fast' exists (run 1): pass --force to replace it" \
	"baseline save: an existing name needs --force"
is "$(cksum <t.db)" "$sum" "baseline save without --force: the database unchanged"
out=$(bn baseline save fast 2 --force 2>&1); rc=$?
is "$rc/$out" "0/saved baseline 'fast' (run 2)" "baseline save --force: moves the name"
out=$(bn baseline list --force 2>&1); rc=$?
is "$rc/$out" "2/bnbench: baseline list: --force is an option of baseline save" "baseline list --force: refused"

# --- right after an import, compare takes the latest measured run, not the import ---
"$BNBENCH" --db c.db import json "$BNB_SRCDIR/tests/data/report-run.json" >/dev/null 2>&1
"$BNBENCH" --db c.db import criterion "$BNB_SRCDIR/tests/data/criterion-pr-448" --baseline pr-448 >/dev/null 2>&1
out=$("$BNBENCH" --db c.db compare pr-448 2>&1); rc=$?
is "$rc" 0 "compare after an import: exit 0"
like "$out" "^comparing run 1 \(suite t-report, label golden\) with baseline 'pr-448' \(run 2," \
	"compare after an import: the measured run against the imported baseline"
like "$out" "^dequantize/i2s/avx2/1024 +1\.48 ms +85\.91 ns +17238x faster +17238\.294 \[" \
	"a speed-up of 17238x is a factor, not -100.0%"
ok "$(printf '%s\n' "$out" | grep -q -- '-100\.0%'; [ $? -eq 1 ]; echo $?)" "no -100.0% anywhere"
out=$("$BNBENCH" --db c.db compare pr-448 --run 2 2>&1); rc=$?
is "$rc" 2 "compare the import with itself by --run: refused"
"$BNBENCH" --db i.db import criterion "$BNB_SRCDIR/tests/data/criterion-pr-448" --baseline pr-448 >/dev/null 2>&1
out=$("$BNBENCH" --db i.db compare pr-448 2>&1); rc=$?
is "$rc/$out" "2/bnbench: compare: no run measured by bnbench (imported runs are compared with --run RUN)" \
	"compare without a measured run: exit 2"
done_testing
