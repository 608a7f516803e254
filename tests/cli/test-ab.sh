#!/bin/sh
# bnbench ab and gate --base-plugins: two builds of the t_slow plugin (the
# same name, in two folders) measured paired in one worker.  Builds made with
# other defines: slow4x (400% slower), wrong (fails verification), flaky (400%
# slower in the first worker process only, so a re-measurement disagrees).
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
builds=$BNB_TEST_PLUGINDIR/..
if [ ! -f "$builds/slow4x/.libs/t_slow.so" ]; then skip_all "t_slow builds not made"; fi
unset T_SLOW_SLOWDOWN
plugin_dir cand i2s t_slow
plugin_dir base i2s t_slow
variant() { # variant DIR BUILD: the candidate folder with that build of t_slow
	plugin_dir "$1" i2s
	cp "$builds/$2/.libs/t_slow.so" "$1/"
}
variant slow4x slow4x
variant wrong wrong
variant flaky flaky
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 20ms\n  max_time: 200ms\n  threshold: 20%%\ngroups:\n' > s.yaml
printf '  - op: dequantize\n    schemes: [i2s]\n    backends: [t_slow, scalar]\n    sizes: [4096]\n' >> s.yaml
bn() { "$BNBENCH" --db t.db "$@"; }
xml_ok() { python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "$1" 2>&1; }

# --- ab: the same build on both sides ---
out=$(bn --plugin-dir cand ab s.yaml --base-plugins base 2>&1); rc=$?
is "$rc" 0 "ab, same build: exit 0"
like "$out" "^paired a/b run 1 \(suite t\): candidate plugins against the base plugins in base$" "ab: header"
like "$out" "^dequantize/i2s/t_slow/4096 .* (unchanged|inconclusive)$" "ab, same build: not regressed"
is "$(sqlite3 t.db "SELECT kind FROM runs WHERE id = 1")" "ab" "the run is of kind ab"
n_pairs=$(sqlite3 t.db "SELECT count(*) FROM pairs p JOIN cases c ON c.id = p.case_id WHERE c.backend = 't_slow'")
n_samples=$(sqlite3 t.db "SELECT n FROM cases WHERE backend = 't_slow'")
[ "$n_pairs" -ge 10 ] && [ "$n_pairs" = "$n_samples" ]
ok $? "raw pairs stored, one per candidate sample ($n_pairs)"
is "$(sqlite3 t.db "SELECT group_concat(base_first, '') FROM (SELECT base_first FROM pairs ORDER BY case_id, seq LIMIT 4)")" \
	"1010" "pairs in ABBA order: the base first, then the candidate first"
like "$(sqlite3 t.db "SELECT value FROM env WHERE run_id = 1 AND key = 'ab.base.t_slow'")" \
	"^fnv1a64:[0-9a-f]{16} .*base/t_slow.so$" "env: the base build and its hash"
is "$(sqlite3 t.db "SELECT count(DISTINCT substr(value, 1, 24)) FROM env WHERE key IN ('ab.base.t_slow', 'ab.candidate.t_slow')")" \
	"1" "env: the same build hashes the same on both sides"
out=$(bn show 1)
like "$out" "^dequantize/i2s/t_slow/4096 .* [01]\.[0-9]{3} \[[0-9.]+, [0-9.]+\] " "show: an ab run's ratios"

bn --db m.db merge t.db >/dev/null 2>&1
like "$("$BNBENCH" --db m.db show 1)" "^dequantize/i2s/t_slow/4096 .* [01]\.[0-9]{3} \[[0-9.]+, [0-9.]+\] " \
	"merge: the run keeps its pairs (show prints the ratios)"
is "$(sqlite3 m.db "SELECT kind FROM runs")/$(sqlite3 m.db "SELECT count(*) FROM pairs")" "ab/$(sqlite3 t.db "SELECT count(*) FROM pairs")" \
	"merge: the run's kind and all its pairs"

# --- a much slower candidate ---
out=$(bn --plugin-dir slow4x ab s.yaml --base-plugins base 2>&1); rc=$?
is "$rc" 0 "ab, slower candidate: exit 0 (ab measures, the gate judges)"
like "$out" "^dequantize/i2s/t_slow/4096 .* regressed$" "ab: 400% slower is regressed"
like "$(sqlite3 t.db "SELECT value FROM env WHERE run_id = 2 AND key = 'ab.candidate.t_slow'")" \
	"slow4x/t_slow.so$" "env: the candidate's build"
out=$(bn --plugin-dir slow4x gate s.yaml --base-plugins base --junit j.xml 2>&1); rc=$?
is "$rc" 1 "gate, slower candidate: exit 1"
like "$out" "confirmed \(measured again: [0-9.]+ \[" "gate: the regression measured again and confirmed"
like "$out" "^gate: 1 regressed at first, measured again: 1 confirmed, 0 unstable$" "gate: summary"
is "$(xml_ok j.xml)" "" "junit: well-formed XML"
like "$(cat j.xml)" "<failure message=\"regressed \+[0-9.]+%" "junit: the regression is a failure"
out=$(bn --plugin-dir base gate s.yaml --base-plugins slow4x 2>&1); rc=$?
is "$rc" 0 "gate, faster candidate: exit 0"
like "$out" "^dequantize/i2s/t_slow/4096 .* improved$" "gate: improved"

# --- unstable: slow at first, not when measured again ---
rm -f flag
out=$(T_SLOW_FLAKY_FILE=$TMP/flag bn --plugin-dir flaky gate s.yaml --base-plugins base 2>&1); rc=$?
like "$out" "^dequantize/i2s/t_slow/4096 .* unstable  unstable \(measured again: " "gate: disagreeing measurements are unstable"
is "$rc" 0 "gate: unstable does not fail the gate"
like "$out" "^gate: 1 regressed at first, measured again: 0 confirmed, 1 unstable$" "gate: unstable in the summary"
rm -f flag
out=$(T_SLOW_FLAKY_FILE=$TMP/flag bn --plugin-dir flaky gate s.yaml --base-plugins base --fail-on-inconclusive 2>&1); rc=$?
is "$rc" 3 "gate --fail-on-inconclusive: unstable is exit 3"

# --- refused cases ---
out=$(bn --plugin-dir cand ab s.yaml --base-plugins wrong 2>&1); rc=$?
is "$rc" 1 "ab: a base build that fails verification: exit 1"
like "$out" "^dequantize/i2s/t_slow/4096 .* not compared  run: failed: base: " "ab: its case failed, naming the base side"
plugin_dir onlyi2s i2s
out=$(bn --plugin-dir cand ab s.yaml --base-plugins onlyi2s 2>&1); rc=$?
like "$out" "^dequantize/i2s/t_slow/4096 .* not compared  run: skipped: only in the candidate: " "ab: a backend on the candidate side only"
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 20ms\n  max_time: 200ms\ngroups:\n' > all.yaml
printf '  - op: dequantize\n    schemes: [i2s]\n    sizes: [4096]\n' >> all.yaml
out=$(bn --plugin-dir onlyi2s ab all.yaml --base-plugins cand 2>&1); rc=$?
like "$out" "backend t_slow is only in the base plugins: not compared" "ab: a backend on the base side only"

# --- the stored-baseline gate: filtered cases are not listed; a warning when the machine is too noisy ---
bn --plugin-dir cand run all.yaml --save-baseline plain >/dev/null 2>&1
out=$(bn --plugin-dir cand gate all.yaml --baseline plain --filter '*/t_slow/*' 2>/dev/null)
is "$(printf '%s\n' "$out" | grep -c '^dequantize/')" "1" "gate --filter: only the measured case is listed"
out=$(bn --plugin-dir cand gate all.yaml --baseline plain --filter '*/t_slow/*' --threshold 0.001% 2>&1 >/dev/null)
like "$out" "^bnbench: warning: this machine is too noisy for the threshold: in 1 of 1 cases the run's own 95% CI is wider" \
	"gate --baseline: a warning when the run's own spread exceeds the threshold"

# --- bad input: exit 2, nothing stored ---
runs=$(sqlite3 t.db "SELECT count(*) FROM runs")
out=$(bn ab s.yaml 2>&1); rc=$?
is "$rc/$out" "2/bnbench: ab: no base plugins given (--base-plugins DIR)" "ab without --base-plugins"
out=$(bn ab s.yaml --base-plugins nope 2>&1); rc=$?
is "$rc/$out" "2/bnbench: ab: nope: no such folder (--base-plugins)" "ab: a missing folder"
out=$(bn gate s.yaml --base-plugins base --baseline x 2>&1); rc=$?
is "$rc/$out" "2/bnbench: gate: --baseline and --base-plugins exclude each other" "gate: one mode at a time"
out=$(bn gate s.yaml --base-plugins base --save-baseline '' 2>&1); rc=$?
is "$rc/$out" "2/bnbench: gate: --save-baseline: empty name" "gate --save-baseline ''"
out=$(bn gate s.yaml --base-plugins base --junit /no/such/dir/x.xml 2>&1); rc=$?
is "$rc/$out" "2/bnbench: gate: --junit /no/such/dir/x.xml: cannot write: no such directory" "gate --junit in a missing folder"
is "$(sqlite3 t.db "SELECT count(*) FROM runs")" "$runs" "bad input stores no run"
done_testing
