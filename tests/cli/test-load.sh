#!/bin/sh
# Plugins that misbehave while bnbench loads them (a crashing constructor,
# bnb_plugin_init or buffer_bytes, output, descriptors, a grandchild): each is
# broken alone, described in a child; list and runs of other plugins go on.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 99

plugin_dir bad t_ctorcrash t_initcrash t_sizecrash t_loadnoise t_loadfds
reason() { printf '%s\n' "$out" | grep -A1 "^$1 " | sed -n '2s/^  //p'; }

start=$(date +%s)
"$BNBENCH" --plugin-dir bad list >list.out 2>list.err </dev/null; rc=$?
took=$(( $(date +%s) - start ))
out=$(cat list.out)
is "$rc" 0 "list exits 0"
is "$(reason t_ctorcrash)" "broken: loading it crashed: Segmentation fault (signal 11)" "a constructor that crashes: broken"
is "$(reason t_initcrash)" "broken: loading it crashed: Segmentation fault (signal 11)" "a bnb_plugin_init that crashes: broken"
like "$out" "^t_sizecrash +ok " "buffer_bytes is not asked without a suite"
like "$out" "^t_loadnoise +ok " "a constructor that prints and forks is loaded"
like "$(reason t_loadfds)" "^broken: malformed description" "junk in the message pipe: broken"
for p in i2s tl1 tl2; do
	like "$out" "^$p +ok " "$p is listed ok beside them"
done
is "$(cat list.err)" "" "nothing a plugin prints while loading reaches bnbench's stderr"
ok "$(grep -q '^t_loadnoise: hello\|^t_loadfds was here' list.out; [ $? -eq 1 ]; echo $?)" \
	"nor its stdout, but quoted in the reason"
ok "$([ "$took" -lt 15 ]; echo $?)" "a sleeping grandchild does not stall list (${took}s)"
ok "$(ps -eo args | grep -c '[s]leep 1234\.5')" "no process a plugin started is left behind"

printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 5ms\n  max_time: 20ms\n  min_samples: 5\ngroups:\n  - op: quantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n' >q.yaml
"$BNBENCH" --db q.db --plugin-dir bad run q.yaml >run.out 2>run.err </dev/null; rc=$?
is "$rc" 0 "a run of other plugins succeeds"
like "$(cat run.out)" "^quantize/i2s/scalar/1024 +[0-9.]+ [nu]s .* verified" "its case is measured"
"$BNBENCH" --db q.db --plugin-dir bad run q.yaml --format json >/dev/null 2>run2.err
ok "$(grep -q 'hello on\|t_loadfds was here' run.out run.err run2.err; [ $? -eq 1 ]; echo $?)" \
	"nothing the plugins print reaches the run's output"
is "$(python3 -c 'import sqlite3; print(sqlite3.connect("q.db").execute("PRAGMA integrity_check").fetchone()[0])')" \
	"ok" "the database is intact"
is "$(python3 -c 'import sqlite3; print(sqlite3.connect("q.db").execute("SELECT count(*) FROM runs WHERE status = \"complete\"").fetchone()[0])')" \
	"2" "both runs are stored complete"

# With a suite, buffer_bytes is asked for its shapes: a crash there breaks that plugin alone.
printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 5ms\n  max_time: 20ms\n  min_samples: 5\ngroups:\n  - op: noop\n    backends: [t_loadnoise, t_sizecrash]\n    sizes: [1024]\n' >n.yaml
out=$("$BNBENCH" --db n.db --plugin-dir bad run n.yaml 2>&1); rc=$?
is "$rc/$out" "2/bnbench: n.yaml:9:29: unknown backend 't_sizecrash'" "a buffer_bytes that crashes breaks its plugin"
sed -i 's/, t_sizecrash//' n.yaml
out=$("$BNBENCH" --db n.db --plugin-dir bad run n.yaml 2>/dev/null); rc=$?
like "$out" "^noop/-/t_loadnoise/1024 +[0-9.]+ [nu]s " "the other plugin of the folder runs"
ok "$(ps -eo args | grep -c '[s]leep 1234\.5')" "no process is left behind after the runs"

done_testing
