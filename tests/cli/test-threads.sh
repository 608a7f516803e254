#!/bin/sh
# Thread counts: a case per count for the SIMD gemv kernels, each verified bit for bit against
# the scalar reference (1, 2, 3 threads, and more threads than rows); one case for a
# single-threaded kernel; --threads; bad counts.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

simd=
for b in sse avx2 avx512; do
	[ -f "$BNB_PLUGINDIR/$b.so" ] && simd="$simd $b"
done
[ -n "$simd" ] || skip_all "no SIMD plugin was built"
# shellcheck disable=SC2086
plugin_dir plugins reference $simd
run() { "$BNBENCH" --db t.db --plugin-dir plugins run "$@" 2>&1; }

# 40 rows: fewer than 64 threads, and fewer than a tl1 tile; 200 rows: several tiles of every kernel.
cat > t.yaml <<'YAML'
name: t
defaults:
  warmup: 1ms
  min_time: 2ms
  max_time: 20ms
  min_samples: 3
  threads: [1, 2, 3, 64]
groups:
  - op: gemv
    shapes: [40x256, 200x384]
YAML
out=$(run t.yaml --format csv); rc=$?
is "$rc" 0 "a run of gemv at 1, 2, 3 and 64 threads exits 0"
for b in $simd; do
	# A backend this CPU cannot run has its cases skipped as unsupported.
	if printf '%s\n' "$out" | grep -q "^[0-9]*,\"gemv/i2s/$b/40x256\",.*,skipped,"; then
		echo "# $b: unsupported on this CPU"
		continue
	fi
	for s in i2s tl1 tl2; do
		for shape in 40x256 200x384; do
			for t in "" /t2 /t3 /t64; do
				like "$out" "^[0-9]+,\"gemv/$s/$b/$shape$t\",.*,(ok|noisy)," "gemv/$s/$b/$shape$t: ok (verified against the scalar reference)"
			done
		done
	done
done
n_ok=$(printf '%s\n' "$out" | grep -Ec ',(ok|noisy),')
n_fail=$(printf '%s\n' "$out" | grep -Ec ',(failed|error),')
is "$n_fail" 0 "no case failed"
ok "$([ "$n_ok" -gt 0 ]; echo $?)" "cases were measured"
like "$out" "^[0-9]+,\"gemv/tl1/scalar/40x256\",.*,(ok|noisy)," "the scalar reference has its case"
is "$(printf '%s\n' "$out" | grep -c '"gemv/tl1/scalar/')" 2 "the single-threaded scalar kernel: one case per shape, not one per count"
# name=threads of the stored avx2 i2s 40x256 cases, from the exported run.
stored=$("$BNBENCH" --db t.db export json 2>/dev/null | awk -F'"' '
	$2 == "name" && $4 ~ /^gemv\/i2s\/avx2\/40x256/ { name = $4 }
	$2 == "threads" && name != "" { sub(/.*: /, ""); sub(/,$/, ""); printf "%s=%s ", name, $0; name = "" }')
is "$stored" "gemv/i2s/avx2/40x256=1 gemv/i2s/avx2/40x256/t2=2 gemv/i2s/avx2/40x256/t3=3 gemv/i2s/avx2/40x256/t64=64 " \
   "the stored cases have their thread counts"

# --threads replaces the suite's counts; cases that differ only in threads stay distinct.
out=$(run t.yaml --threads 2 --backend avx2,scalar --scheme i2s --dry-run); rc=$?
is "$rc" 0 "--threads 2 --dry-run exits 0"
is "$(printf '%s\n' "$out" | awk '{print $1}' | grep '^gemv' | tr '\n' ' ')" \
   "gemv/i2s/avx2/40x256/t2 gemv/i2s/scalar/40x256 gemv/i2s/avx2/200x384/t2 gemv/i2s/scalar/200x384 " \
   "--threads 2: avx2 on 2 threads, scalar on one"
out=$(run t.yaml --threads 1,2 --backend avx2 --scheme tl2 --filter '*/t2' --dry-run); rc=$?
is "$(printf '%s\n' "$out" | awk '{print $1}' | grep '^gemv' | tr '\n' ' ')" \
   "gemv/tl2/avx2/40x256/t2 gemv/tl2/avx2/200x384/t2 " "--filter sees the thread count in the name"

# The shipped suite of the thread figures.
case " $simd " in *" avx2 "*)
	out=$(run "$BNB_SRCDIR/suites/gemv-threads.yaml" --backend avx2 --dry-run); rc=$?
	is "$rc" 0 "suites/gemv-threads.yaml plans"
	is "$(printf '%s\n' "$out" | grep -c '^gemv/[a-z0-9]*/avx2/[0-9x]* *run')" 6 "suites/gemv-threads.yaml: 6 cases on one thread"
	is "$(printf '%s\n' "$out" | grep -c '^gemv/[a-z0-9]*/avx2/[0-9x]*/t2 *run')" 6 "suites/gemv-threads.yaml: 6 cases on two threads"
esac

# Bad counts: one line, exit 2.
for bad in 0 two 1,1 1025 ''; do
	out=$(run t.yaml --threads "$bad" --dry-run); rc=$?
	is "$rc" 2 "--threads '$bad': exit 2"
done
out=$(run t.yaml --threads 0 --dry-run)
is "$out" "bnbench: run: --threads: invalid count '0' (expected 1 to 1024)" "--threads 0: the message"
out=$(run t.yaml --threads 2,4,2 --dry-run)
is "$out" "bnbench: run: --threads: '2' is given twice" "--threads with a duplicate: the message"
sed 's/threads: \[1, 2, 3, 64\]/threads: [1, 2.5]/' t.yaml > bad.yaml
out=$(run bad.yaml --dry-run); rc=$?
is "$rc" 2 "threads: [1, 2.5]: exit 2"
is "$out" "bnbench: bad.yaml:7:16: invalid value '2.5' for 'threads' (expected a thread count from 1 to 1024)" \
   "threads: a non-integer count is refused where it is written"
done_testing
