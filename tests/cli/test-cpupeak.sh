#!/bin/sh
# The cpupeak plugin: mac8 and lookup8 on every backend the CPU can run, their
# work (the case's size, an iteration), no GB/s and no roofline, and sizes it
# refuses.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
[ -f "$BNB_PLUGINDIR/cpupeak.so" ] || skip_all "no cpupeak plugin (not an x86-64 build)"
plugin_dir p cpupeak membw

cat > peak.yaml <<'YAML'
name: peak
defaults:
  warmup: 5ms
  min_time: 10ms
  max_time: 30ms
groups:
  - op: mac8
    sizes: [64K]
  - op: lookup8
    sizes: [64K]
  - op: read
    sizes: [64K]
YAML

out=$("$BNBENCH" --db r.db --plugin-dir p run peak.yaml --quiet 2>err); rc=$?
is "$rc" 0 "a run of mac8 and lookup8: exit 0"
# What this CPU has decides which backends run; the rest are skipped, with their reason.
flags=$(grep -m1 '^flags' /proc/cpuinfo)
has() { case " $flags " in *" $1 "*) return 0 ;; esac; return 1; }
for op in mac8 lookup8; do
	for b in sse avx2 avx512; do
		case $b in
		sse) need=ssse3 ;;
		avx2) need=avx2 ;;
		avx512) need=avx512bw; [ $op = mac8 ] && need=avx512_vnni ;;
		esac
		if has $need && { [ $b != avx512 ] || has avx512bw; }; then
			like "$out" "^$op/-/$b/65536 .* [0-9.]+ [kMGT]?op/s +- +- +- +[0-9]+ +(ok|noisy)$" \
				"$op on $b: measured, in op/s, with no GB/s, roofline or scalar speed-up"
		else
			like "$out" "^$op/-/$b/65536 .*skipped" "$op on $b: skipped on a CPU without $need"
		fi
	done
done

# Each kernel asks for its own features: without VNNI, mac8 on avx512 is skipped and lookup8 is not.
if has avx512bw && has avx512_vnni; then
	out=$(BNBENCH_CPU_DISABLE=avx512vnni "$BNBENCH" --db r.db --plugin-dir p run peak.yaml --quiet 2>/dev/null)
	like "$out" "^mac8/-/avx512/65536 .*skipped" "without avx512vnni: mac8 on avx512 skipped"
	like "$out" "^lookup8/-/avx512/65536 .*(ok|noisy)$" "without avx512vnni: lookup8 on avx512 still runs"
fi

# The work of an iteration is the case's size: throughput x median = 65536 operations.
"$BNBENCH" --db r.db show --format csv latest > run.csv
col() { awk -F, -v want="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next }
	$2 == "\"mac8/-/sse/65536\"" { print $c }' run.csv; }
ops=$(awk -v t="$(col throughput_per_s)" -v m="$(col median_ns)" 'BEGIN { printf "%.0f", t * m / 1e9 }')
is "$ops" 65536 "CSV: throughput x median is the size, 65536 operations an iteration"
is "$(col gb_per_s)" "" "CSV: no gb_per_s for a kernel that moves no bytes"
is "$(col roofline)" "" "CSV: and no roofline"
is "$(col detail)" '"not verified (no output)"' "CSV: not verified, and said so"
"$BNBENCH" --db r.db show --format json latest > run.json
got=$(python3 -c 'import json
c = next(c for c in json.load(open("run.json"))["cases"] if c["name"] == "mac8/-/sse/65536")
print(c["gb_per_s"], c["roofline"], c["unit"])')
is "$got" "None None op" "JSON: gb_per_s and roofline null, unit op"

# Sizes it cannot run: not a multiple of 512 operations, or a shape.
cat > bad.yaml <<'YAML'
name: bad
defaults: {warmup: 1ms, min_time: 1ms, max_time: 2ms}
groups:
  - op: mac8
    backends: [sse]
    sizes: [1000]
  - op: lookup8
    backends: [sse]
    shapes: [4x512]
YAML
out=$("$BNBENCH" --db r.db --plugin-dir p run bad.yaml 2>&1); rc=$?
is "$rc" 1 "sizes it cannot run: exit 1"
like "$out" "mac8/-/sse/1000 .*the count must be a multiple of 512 operations" "a size not a multiple of 512: the message"
like "$out" "lookup8/-/sse/4x512 .*a size, not a shape" "a shape: the message"
done_testing
