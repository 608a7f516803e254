#!/bin/sh
# Hostile and careless input to the parsers and readers: sizes that are not
# integers or overflow, special files, files over their cap, deep nesting,
# many keys, bad samples.  Each is exit 2, one exact line with file:line:col
# where there is a file, and the database byte-identical.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

"$BNBENCH" --db db.db import json "$BNB_SRCDIR/tests/data/report-run.json" >/dev/null || exit 1
cp db.db before.db

refused() { # refused NAME MESSAGE ARGS...: exit 2, the message, db.db unchanged
	name=$1 msg=$2
	shift 2
	out=$("$BNBENCH" --db db.db "$@" 2>&1); rc=$?
	is "$rc" 2 "$name: exit 2"
	is "$out" "bnbench: $msg" "$name: message"
	ok "$(cmp -s db.db before.db; echo $?)" "$name: database unchanged"
}
suite() { # suite FILE LIST: a quantize group with these sizes
	printf 'name: t\ngroups:\n  - op: quantize\n    schemes: [i2s]\n    sizes: [%s]\n' "$2" > "$1"
}

# --- sizes: integers with K/M/G only; nothing whose byte counts overflow ---
for size in 0x80 1.28e2 0x1p10 -1 1e3 1.5 +128; do
	suite s.yaml "128, $size"
	refused "size $size" "s.yaml:5:18: invalid size '$size' (expected a positive count such as 1024 or 64K)" \
		run s.yaml
done
suite s.yaml "1.5K, 64Ki"
out=$("$BNBENCH" --db dry.db run --dry-run s.yaml 2>&1); rc=$?
is "$rc" 0 "1.5K and 64Ki are sizes"
like "$out" "quantize/i2s/[a-z0-9]+/1536 " "1.5K is 1536"
suite s.yaml 4611686018427387904
refused "size 2^62" "s.yaml:5:13: size '4611686018427387904' is too large (its buffers would not fit in 64 bits)" \
	run s.yaml
refused "size 2^62 without isolation" \
	"s.yaml:5:13: size '4611686018427387904' is too large (its buffers would not fit in 64 bits)" \
	run --no-isolate s.yaml
suite s.yaml 18446744073709551616
refused "size 2^64" "s.yaml:5:13: invalid size '18446744073709551616' (expected a positive count such as 1024 or 64K)" \
	run s.yaml
printf 'name: t\ngroups:\n  - op: gemv\n    schemes: [i2s]\n    shapes: [4Gx4G]\n' > g.yaml
refused "shape whose MxK overflows" "g.yaml:5:14: shape '4Gx4G' is too large (its buffers would not fit in 64 bits)" \
	run g.yaml
suite s.yaml "1024, 1024G"
out=$("$BNBENCH" --db db.db run --no-isolate s.yaml 2>&1); rc=$?
is "$rc" 2 "more than the memory: exit 2"
like "$out" "^bnbench: s\.yaml:5:19: size 1099511627776 needs [0-9.]+ TiB of inputs and outputs, more than half of the memory available \([0-9.]+ [KMGT]iB\)$" \
	"more than the memory: message"
ok "$(cmp -s db.db before.db; echo $?)" "more than the memory: database unchanged"

# --- special files and caps ---
mkfifo fifo.yaml fifo.json
refused "a FIFO as the suite" "fifo.yaml: not a regular file" run fifo.yaml
refused "/dev/zero as the suite" "/dev/zero: not a regular file" run /dev/zero
mkdir dir.yaml
refused "a directory as the suite" "dir.yaml: is a directory" run dir.yaml
refused "a FIFO to import" "fifo.json: not a regular file" import json fifo.json
refused "/dev/zero to import" "/dev/zero: not a regular file" import json /dev/zero
mkdir -p tree/g/I2S_quantize/1024/new
mkfifo tree/g/I2S_quantize/1024/new/benchmark.json
refused "a FIFO in a criterion tree" "tree/g/I2S_quantize/1024/new/benchmark.json: not a regular file" \
	import criterion tree
{ printf 'name: t\n'; head -c 4194304 /dev/zero | tr '\0' '#'; printf '\n'; } > big.yaml
refused "a suite over 4 MiB" "big.yaml: file too large (4194313 bytes; the limit is 4 MiB)" run big.yaml

# --- nesting and many keys: refused (or read) at once, not in minutes ---
python3 -c "print('name: t\ngroups: ' + '[' * 200000)" > deep.yaml
refused "200000 [ in a suite" "deep.yaml:2:72: nested deeper than 64 levels" run deep.yaml
python3 -c "print('[' * 200000)" > deep.json
refused "200000 [ in JSON" "deep.json:1:258: nested deeper than 256 levels" import json deep.json
python3 -c "
print('name: t\ndefaults:\n  params:')
for i in range(100000): print('    p%d: 1' % i)
print('    p5: 2\ngroups:\n  - op: quantize\n    sizes: [1024]')" > keys.yaml
refused "100000 params, one twice" "keys.yaml:100004:5: duplicate key 'p5' (first at 9:5)" run keys.yaml
python3 -c "
print('{' + ', '.join('\"k%d\": 1' % i for i in range(100000)) + ', \"k7\": 2}')" > keys.json
col=$(python3 -c "print(open('keys.json').read().rindex('\"k7\"') + 1)")
refused "100000 JSON keys, one twice" "keys.json:1:$col: duplicate key 'k7'" import json keys.json
python3 -c "
import sys
s = 'name: t\na0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n'
for i in range(1, 8): s += 'a%d: &a%d [%s]\n' % (i, i, ', '.join(['*a%d' % (i - 1)] * 10))
sys.stdout.write(s)" > alias.yaml
refused "aliases that expand to 10^8 values" "alias.yaml:8:10: aliases expand to more than 2000000 values" run alias.yaml

# --- import json: samples finite, above 0, below 1e15 ns, as many as stats.n ---
RUN=$BNB_SRCDIR/tests/data/report-run.json
for v in -5:-5 0:0 1e308:1e+308 1e15:1000000000000000; do
	sed "61s/2970\.0/${v%%:*}/" "$RUN" > s.json
	refused "sample ${v%%:*}" "s.json:61:5: 'cases[0].samples_ns[0]' is ${v#*:}, expected a time in ns above 0 and below 1e15" \
		import json s.json
done
sed 62d "$RUN" > s.json
refused "fewer samples than stats.n" "s.json:60:18: 'samples_ns' has 11 values but 'stats.n' is 12" import json s.json

done_testing
