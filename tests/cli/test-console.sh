#!/bin/sh
# The console of a run: a progress line on a terminal only, erased before every
# line that reaches the screen, none with --quiet or when stderr is not a
# terminal; each case printed once; colour on a terminal, --color and NO_COLOR.
# A pseudo terminal comes from script(1) (util-linux).
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
command -v script >/dev/null 2>&1 || skip_all "script(1) not found"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found"
script -qc true /dev/null >/dev/null 2>&1 </dev/null || skip_all "script(1) cannot open a pseudo terminal"

plugin_dir plugins t_faulty
printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 5ms\n  max_time: 20ms\ngroups:\n  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar, t_wrong]\n    sizes: [1024, 2048]\n' > t.yaml
cases='dequantize/i2s/scalar/1024 dequantize/i2s/scalar/2048 dequantize/i2s/t_wrong/1024 dequantize/i2s/t_wrong/2048'
unset NO_COLOR
export TERM=xterm

# tty COMMAND: run it with a terminal as stdin, stdout and stderr; the terminal's bytes in tty.out
tty() {
	script -qec "$1" /dev/null </dev/null >tty.out 2>&1
}
esc=$(printf '\033')
has_esc() { grep -q "$esc" "$1"; }
# What the terminal shows at the end of each line: the text after the last carriage return.
visible() { python3 -c 'import re, sys
for line in open(sys.argv[1], "rb").read().decode("utf-8", "replace").split("\n"):
    print(re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", line.rstrip("\r").split("\r")[-1]))' "$1"; }
once() { # once FILE NAME: each case on exactly one line of FILE
	bad=
	for c in $cases; do
		[ "$(grep -c "^$c " "$1")" -eq 1 ] || bad="$bad $c"
	done
	is "${bad:-none}" none "$2"
}

# --- stderr a terminal, stdout a pipe into a file ---
tty "'$BNBENCH' --db a.db --plugin-dir plugins run t.yaml | cat > a.out"
like "$(cat tty.out)" "\[1/4\] dequantize/i2s/[a-z_]+/[0-9]+  elapsed [0-9.]+s  ETA [0-9.]+s-[0-9.]+s" \
	"stderr a terminal: the progress line [n/N] case elapsed ETA"
ok "$(grep -q "$esc\[K" tty.out; echo $?)" "the progress line is rewritten in place"
is "$(visible tty.out | grep -c 'ETA')" 0 "the progress line is erased by the end of the run"
once a.out "stdout a pipe: each case once"
ok "$(has_esc a.out; [ $? -eq 1 ]; echo $?)" "stdout a pipe: no escape sequences"
ok "$(grep -q 'ETA\|\[1/4\]' a.out; [ $? -eq 1 ]; echo $?)" "stdout a pipe: no progress in it"
like "$(cat a.out)" "^(2 ok, 0|1 ok, 1|0 ok, 2) noisy, 2 failed, 0 errors, 0 skipped$" "the summary after the case lines"
ok "$(grep -q '^CASE ' a.out; [ $? -eq 1 ]; echo $?)" "no table repeating the cases"

# --- the ETA: each case left takes warm-up + min_time .. warm-up + max_time ---
printf 'name: eta\ndefaults:\n  warmup: 1s\n  min_time: 2s\n  max_time: 5s\ngroups:\n  - op: dequantize\n    schemes: [i2s]\n    backends: [t_wrong]\n    sizes: [1024, 2048, 4096]\n' > eta.yaml
tty "'$BNBENCH' --db eta.db --plugin-dir plugins run eta.yaml >/dev/null"
like "$(cat tty.out)" "\[1/3\] dequantize/i2s/t_wrong/1024  elapsed [0-9.]+s  ETA 0:09-0:18" "ETA of 3 cases: 3 x (1 s + 2 s) .. 3 x (1 s + 5 s)"
like "$(cat tty.out)" "\[3/3\] dequantize/i2s/t_wrong/4096  elapsed [0-9.]+s  ETA 3.0s-6.0s" "ETA of the last case: 3 s .. 6 s"
tty "'$BNBENCH' --db eta.db --plugin-dir plugins run eta.yaml --warmup 0ms --max-time 3s >/dev/null"
like "$(cat tty.out)" "\[1/3\] dequantize/i2s/t_wrong/1024  elapsed [0-9.]+s  ETA 6.0s-9.0s" "the ETA follows --warmup and --max-time"

# --- stdout and stderr the same terminal: every line a whole one ---
tty "'$BNBENCH' --db b.db --plugin-dir plugins run t.yaml"
visible tty.out > b.screen
once b.screen "a terminal: each case once on the screen"
ok "$(grep -q 'ETA' b.screen; [ $? -eq 1 ]; echo $?)" "a terminal: no line mixes the progress with a case line"
like "$(cat b.screen)" "^dequantize/i2s/t_wrong/1024 +failed" "a terminal: the failed case line is whole"
like "$(cat tty.out)" "${esc}\[31mdequantize/i2s/t_wrong/1024 +failed.*${esc}\[0m" "a terminal: a failed case in red"
ok "$(python3 -c 'import re, sys
t = open("tty.out", "rb").read().decode("utf-8", "replace")
starts = [m.start() for m in re.finditer(r"dequantize/i2s/[a-z_]+/[0-9]+ +([0-9]|failed)", t)]
ok = len(starts) == 4 and all(re.search(r"(\n|\r\x1b\[K)(\x1b\[[0-9;]*m)?$", t[:i]) for i in starts)
sys.exit(0 if ok else 1)'; echo $?)" "a terminal: the progress line is erased before each case line"

# --- no progress when stderr is not a terminal ---
tty "'$BNBENCH' --db c.db --plugin-dir plugins run t.yaml 2>c.err | cat > c.out"
ok "$(grep -q 'ETA\|\[1/4\]' c.err tty.out; [ $? -eq 1 ]; echo $?)" "stderr a file: no progress line"
ok "$(has_esc c.err; [ $? -eq 1 ]; echo $?)" "stderr a file: no escape sequences in it"
once c.out "stderr a file: each case once on stdout"
"$BNBENCH" --db d.db --plugin-dir plugins run t.yaml >d.out 2>d.err
ok "$(has_esc d.out || has_esc d.err; [ $? -eq 1 ]; echo $?)" "no terminal: no escape sequences at all"

# --- --quiet: no progress, no case lines; the table holds each case once ---
tty "'$BNBENCH' --db e.db --plugin-dir plugins run t.yaml --quiet"
ok "$(grep -q 'ETA\|\[1/4\]' tty.out; [ $? -eq 1 ]; echo $?)" "--quiet: no progress line"
visible tty.out > e.screen
like "$(cat e.screen)" "^CASE +MEDIAN" "--quiet: the table"
is "$(grep -c '^dequantize/i2s/scalar/1024 ' e.screen)" 1 "--quiet: each case once"

# --- colour: --color=always into a pipe, NO_COLOR and --color=never on a terminal ---
"$BNBENCH" --db f.db --plugin-dir plugins run t.yaml --color=always >f.out 2>/dev/null
like "$(cat f.out)" "${esc}\[31mdequantize/i2s/t_wrong/2048 +failed" "--color=always: colour into a pipe"
tty "NO_COLOR=1 '$BNBENCH' --db g.db --plugin-dir plugins run t.yaml"
ok "$(grep -q "$esc\[3[0-9]m" tty.out; [ $? -eq 1 ]; echo $?)" "NO_COLOR: no colour on a terminal"
like "$(cat tty.out)" "ETA" "NO_COLOR: the progress line is still drawn"
tty "'$BNBENCH' --db g.db --plugin-dir plugins run t.yaml --color never"
ok "$(grep -q "$esc\[3[0-9]m" tty.out; [ $? -eq 1 ]; echo $?)" "--color never: no colour on a terminal"
tty "'$BNBENCH' --color=never --db g.db show --format table"
ok "$(grep -q "$esc\[3[0-9]m" tty.out; [ $? -eq 1 ]; echo $?)" "global --color=never: show has no colour"
tty "'$BNBENCH' --db g.db show"
like "$(cat tty.out)" "${esc}\[31mfailed${esc}\[0m" "show on a terminal: the failed status in red"
"$BNBENCH" --db g.db baseline save base >/dev/null
"$BNBENCH" --db g.db --plugin-dir plugins run t.yaml >/dev/null 2>&1
tty "'$BNBENCH' --db g.db compare base --threshold 99%"
ok "$(grep -q "$esc\[31mregressed" tty.out; [ $? -eq 1 ]; echo $?)" "compare: nothing regressed at 99%, nothing red for it"
like "$(cat tty.out)" "${esc}\[31mnot compared${esc}\[0m" "compare on a terminal: failed cases (not compared) in red"
out=$("$BNBENCH" --db g.db run t.yaml --color sometimes 2>&1); rc=$?
is "$rc/$out" "2/bnbench: run: invalid --color 'sometimes' (auto, always or never)" "--color: a bad value"
done_testing
