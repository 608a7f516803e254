#!/bin/sh
# bnbench run: bad input gets one line and exit 2 with the database untouched;
# misbehaving kernels fail only their case; Ctrl-C keeps finished cases.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

quick='  warmup: 5ms
  min_time: 10ms
  max_time: 30ms'
suite() { # suite FILE BODY: a suite with quick defaults
	printf 'name: t\ndefaults:\n%s\ngroups:\n%s\n' "$quick" "$2" > "$1"
}

# --- bad input: exact message, exit 2, nothing written ---
bad() { # bad NAME BODY MESSAGE
	printf '%s\n' "$2" > bad.yaml
	out=$("$BNBENCH" --db bad.db run bad.yaml 2>&1); rc=$?
	is "$rc" 2 "$1: exit 2"
	is "$out" "bnbench: $3" "$1: message"
	ok "$([ ! -e bad.db ]; echo $?)" "$1: no database written"
}
bad "unknown key" 'name: t
groups:
  - op: quantize
    szes: [1024]' "bad.yaml:4:5: unknown key 'szes' (did you mean 'sizes'?)"
bad "unknown op" 'name: t
groups:
  - op: quantise
    sizes: [1024]' "bad.yaml:3:9: unknown op 'quantise' (did you mean 'quantize'?)"
bad "unknown scheme" 'name: t
groups:
  - op: quantize
    schemes: [i2z]
    sizes: [1024]' "bad.yaml:4:15: unknown scheme 'i2z' (did you mean 'i2s'?)"
bad "unknown backend" 'name: t
groups:
  - op: quantize
    backends: [avx3]
    sizes: [1024]' "bad.yaml:4:16: unknown backend 'avx3' (did you mean 'avx2'?)"
bad "size not a multiple of 128" 'name: t
groups:
  - op: quantize
    schemes: [i2s]
    sizes: [1000]' "bad.yaml:5:13: size 1000 is not a multiple of 128 (scheme i2s)"
bad "invalid yaml" 'name: t
groups: [' "bad.yaml:3:1: invalid yaml: did not find expected node content (while parsing a flow node at 3:1)"
bad "empty suite" 'name: t
groups: []' "bad.yaml:2:9: empty suite (no groups)"
out=$("$BNBENCH" --db bad.db run missing.yaml 2>&1); rc=$?
is "$rc" 2 "missing suite: exit 2"
like "$out" "^bnbench: missing\.yaml: " "missing suite: names the file"

suite ok.yaml '  - op: quantize
    schemes: [i2s]
    backends: [scalar]
    sizes: [1024]'
echo "not a database" > text.db; cp text.db text.db.orig
out=$("$BNBENCH" --db text.db run ok.yaml 2>&1); rc=$?
is "$rc" 2 "not a bnbench database: exit 2"
is "$out" "bnbench: text.db: not a bnbench database" "not a bnbench database: message"
ok "$(cmp -s text.db text.db.orig; echo $?)" "not a bnbench database: file unchanged"
out=$("$BNBENCH" --db "$TMP/nodir/x.db" run ok.yaml 2>&1); rc=$?
is "$rc" 2 "database in a missing folder: exit 2"
like "$out" "^bnbench: $TMP/nodir/x\.db: " "database in a missing folder: names the path"
if command -v sqlite3 >/dev/null; then
	sqlite3 newer.db 'PRAGMA application_id = 1112425043; PRAGMA user_version = 99; CREATE TABLE t(x);'
	cp newer.db newer.db.orig
	out=$("$BNBENCH" --db newer.db run ok.yaml 2>&1); rc=$?
	is "$rc" 2 "newer schema: exit 2"
	is "$out" "bnbench: newer.db: database schema version 99 is newer than this bnbench supports (3)" "newer schema: message"
	ok "$(cmp -s newer.db newer.db.orig; echo $?)" "newer schema: file unchanged"
fi

# --- a good run: stored with samples, statistics and fingerprint ---
out=$("$BNBENCH" --db good.db run ok.yaml --label first 2>/dev/null); rc=$?
is "$rc" 0 "run exits 0"
like "$out" "^quantize/i2s/scalar/1024 +[0-9.]+ [nu]s \[.*\] .* verified" "per-case line with median, CI, verification"
csv=$("$BNBENCH" --db good.db show first --format csv)
like "$csv" '^1,"quantize/i2s/scalar/1024","quant[a-z_]*",quantize,i2s,scalar,1,1024,"",(ok|noisy),' "show --format csv prints the stored case"
n=$(printf '%s\n' "$csv" | awk -F, 'NR == 2 { print $19 }')
ok "$([ "${n:-0}" -ge 10 ]; echo $?)" "at least 10 raw samples stored ($n)"
env=$("$BNBENCH" --db good.db show --env)
like "$env" "cpu\.model +" "fingerprint has the cpu model"
like "$env" "timer\.resolution_ns +" "fingerprint has the timer resolution"
like "$env" "plugin\.i2s +1\.0; " "fingerprint has each plugin's build"
json=$("$BNBENCH" --db good.db show --format json)
ok "$(printf '%s' "$json" | python3 -m json.tool >/dev/null 2>&1; echo $?)" "show --format json is valid json"
out=$("$BNBENCH" --db good.db show 99 2>&1); rc=$?
is "$out" "bnbench: no run '99'" "show unknown run"

# --- misbehaving kernels fail only their case ---
plugin_dir plugins t_faulty
suite faulty.yaml '  - op: dequantize
    schemes: [i2s]
    backends: [t_segv, t_abort, t_hang, t_wrong, scalar]
    sizes: [1024]'
out=$("$BNBENCH" --db faulty.db --plugin-dir plugins run faulty.yaml --timeout 2s 2>/dev/null); rc=$?
is "$rc" 1 "a failed case makes run exit 1"
like "$out" "^dequantize/i2s/t_segv/1024 +error +worker crashed: Segmentation fault \(signal 11\)" "segfault fails its case"
like "$out" "^dequantize/i2s/t_abort/1024 +error +worker crashed: Aborted \(signal 6\)" "abort fails its case"
like "$out" "^dequantize/i2s/t_hang/1024 +error +timed out after 2 s \(worker killed\)" "hang fails its case"
like "$out" "^dequantize/i2s/t_wrong/1024 +failed +output differs from the reference at element 0: " "wrong output fails verification"
like "$out" "^dequantize/i2s/scalar/1024 +[0-9.]+ [nu]s .* verified" "the run goes on after them"
like "$out" "(1 ok, 0 noisy|0 ok, 1 noisy), 1 failed, 3 errors, 0 skipped" "summary counts"

# --- rude kernels: their output, descriptors and children never reach bnbench ---
suite rude.yaml '  - op: dequantize
    schemes: [i2s]
    backends: [t_print, t_fds, t_fork, scalar]
    sizes: [1024]'
start=$(date +%s)
"$BNBENCH" --db rude.db --plugin-dir plugins run rude.yaml --format json --timeout 20s >rude.out 2>rude.err </dev/null
took=$(( $(date +%s) - start ))
ok "$(python3 -m json.tool rude.out >/dev/null 2>&1; echo $?)" "a kernel's printf does not break --format json"
ok "$(grep -q 't_fds junk\|t_print was here' rude.err; [ $? -eq 1 ]; echo $?)" "nothing a kernel writes reaches bnbench's stderr"
ok "$(grep -q '^t_fds junk' rude.out; [ $? -eq 1 ]; echo $?)" "nor its stdout"
rude_cases() { python3 -c 'import json; [print(c["name"], c["status"], json.dumps(c["detail"])) for c in json.load(open("rude.out"))["cases"]]'; }
like "$(rude_cases)" "t_print/1024 .*plugin output: [^\"]*(t_print was here.*bnbench's output|bnbench's output.*t_print was here)" \
	"what a kernel prints is kept in its case's detail"
is "$(python3 -c 'import sqlite3; print(sqlite3.connect("rude.db").execute("PRAGMA integrity_check").fetchone()[0])')" "ok" "a kernel writing into every descriptor leaves the database intact"
like "$(rude_cases)" "dequantize/i2s/t_fds/1024 .*malformed message from the worker" "junk in the message pipe fails that worker's case"
like "$(rude_cases)" "^dequantize/i2s/scalar/1024 (ok|noisy) " "the other cases of the run are measured"
ok "$([ "$took" -lt 15 ]; echo $?)" "a sleeping grandchild does not stall the run (${took}s)"
ok "$(ps -eo args | grep -c '[r]ude\.yaml')" "no process of the run is left behind"

# --- a scheme whose buffer is 0 bytes: its kernels cannot be verified, so never ok ---
plugin_dir zero t_zero
suite zero.yaml '  - op: quantize
    schemes: [tz]
    sizes: [1024]'
out=$("$BNBENCH" --db zero.db --plugin-dir zero run zero.yaml 2>/dev/null); rc=$?
is "$rc" 1 "an unverifiable case fails the run"
like "$out" "^quantize/tz/scalar/1024 +error +cannot be verified: the output of 1x1024 has 0 bytes \(scheme tz's buffer_bytes\)" \
	"an output of 0 bytes is an error, not ok"

# --- unsupported kernels are skipped with the reason ---
if [ -f "$BNB_PLUGINDIR/avx2.so" ] && "$BNBENCH" list avx2 | grep -q 'quantize *i2s'; then
	suite skip.yaml '  - op: quantize
    schemes: [i2s]
    backends: [avx2]
    sizes: [1024]'
	out=$(BNBENCH_CPU_DISABLE=avx2 "$BNBENCH" --db skip.db run skip.yaml 2>/dev/null); rc=$?
	is "$rc" 0 "skipped cases are no error"
	like "$out" "^quantize/i2s/avx2/1024 +skipped +unsupported: cpu lacks avx2" "unsupported kernel skipped with its reason"
fi
out=$("$BNBENCH" --db dry.db run "$BNB_SRCDIR/suites/quant.yaml" --dry-run --filter 'quantize/tl1/*')
like "$out" "^quantize/tl1/scalar/65536 +run" "dry run lists the cases"
ok "$([ ! -e dry.db ]; echo $?)" "dry run writes nothing"

# --- Ctrl-C: finished cases stay, the run is incomplete ---
suite long.yaml '  - op: dequantize
    schemes: [i2s]
    backends: [scalar]
    sizes: [1024, 2048, 4096, 8192]
    max_time: 2s
    min_time: 2s'
"$BNBENCH" --db int.db run long.yaml >int.out 2>int.err &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^dequantize/i2s/scalar/1024 ' int.out 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -INT "$pid"
wait "$pid"; rc=$?
is "$rc" 130 "interrupted run exits 130"
out=$("$BNBENCH" --db int.db show 2>&1)
like "$out" "^run 1: suite t, incomplete" "interrupted run is stored as incomplete"
like "$out" "^dequantize/i2s/scalar/1024 " "finished case kept"
done_testing
