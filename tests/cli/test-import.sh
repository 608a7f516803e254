#!/bin/sh
# bnbench import criterion: the PR 448 baseline of BitNet-rs (real input), and
# hand-made trees that are refused with one exact line, exit 2 and the
# database untouched.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

# A copy of BitNet-rs's benchmarks/baselines/pr-448, as Criterion wrote it.
FIX=$BNB_SRCDIR/tests/data/criterion-pr-448

# --- hand-made trees ---
ESTIMATES='{"mean": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 100.5, "upper_bound": 120.25},
  "point_estimate": 110.125, "standard_error": 1.0},
 "median": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 99.5, "upper_bound": 121.0},
  "point_estimate": 109.0, "standard_error": 1.0},
 "median_abs_dev": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 1.0, "upper_bound": 2.0},
  "point_estimate": 1.5, "standard_error": 0.1},
 "slope": null,
 "std_dev": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 1.0, "upper_bound": 2.0},
  "point_estimate": 1.5, "standard_error": 0.1}}'
SAMPLE='{"sampling_mode":"Flat","iters":[10.0,10.0,10.0,10.0],"times":[1000.0,1200.0,1100.0,1150.0]}'

bench() { # bench ROOT GROUP FUNCTION VALUE: a benchmark with good files in new/
	d=$1/$2/$3/$4/new
	mkdir -p "$d"
	printf '{"group_id":"%s","function_id":"%s","value_str":"%s","throughput":{"Elements":%s},"full_id":"%s/%s/%s","directory_name":"%s/%s/%s","title":"%s/%s/%s"}\n' \
		"$2" "$3" "$4" "$4" "$2" "$3" "$4" "$2" "$3" "$4" "$2" "$3" "$4" > "$d/benchmark.json"
	printf '%s\n' "$ESTIMATES" > "$d/estimates.json"
	printf '%s\n' "$SAMPLE" > "$d/sample.json"
}
tree() { # tree ROOT: two good benchmarks
	rm -rf "$1"
	bench "$1" quantization_sizes I2S_quantize 1024
	bench "$1" quantization_sizes TL2_quantize 1024
}

tree good
out=$("$BNBENCH" --db good.db import criterion good); rc=$?
is "$rc" 0 "small tree: exit 0"
is "$out" "imported run 1: 2 cases of good from good" "small tree: summary"
csv=$("$BNBENCH" --db good.db export csv)
is "$(printf '%s\n' "$csv" | cut -d, -f2-11)" 'case,group,op,scheme,backend,m,k,params,status,median_ns
"quantize/i2s/criterion/1024","quantization_sizes",quantize,i2s,criterion,1,1024,"",ok,112.500
"quantize/tl2/criterion/1024","quantization_sizes",quantize,tl2,criterion,1,1024,"",ok,112.500' \
	"small tree: cases, names and the median of times/iters"
like "$csv" ',"criterion quantization_sizes/I2S_quantize/1024 \(flat sampling\): mean 110\.125 ns \[100\.5, 120\.25\], median 109 ns \[99\.5, 121\]",1,1,,,0$' \
	"small tree: criterion estimates kept in the detail"
is "$(printf '%s\n' "$csv" | awk -F, 'NR == 2 { print $19 "," $20 }')" "4,10" "small tree: samples and iterations per sample"
json=$("$BNBENCH" --db good.db export json)
like "$json" '"source": "criterion",' "small tree: source criterion"
like "$json" '"host": "",' "small tree: no host"
like "$json" '"criterion.which": "new"' "small tree: env records --which"
like "$json" '"bytes": 4384,' "small tree: bytes 4n + n/4 + 32"
like "$json" '"samples_ns": \[100, 120, 110, 115\]' "small tree: samples in ns per iteration, in order"

bench good other Fancy_Kernel 64
out=$("$BNBENCH" --db good.db import criterion good/ --label mine); rc=$?
is "$rc" 0 "unknown function: imported"
csv=$("$BNBENCH" --db good.db export csv mine)
like "$csv" '^2,"fancy_kernel/criterion/64","other",fancy_kernel,,criterion,1,64,' "unknown function: op lower-cased, no scheme"

# Refused: exit 2, the exact message, the database unchanged.
cp good.db before.db
bad() { # bad NAME MESSAGE ARGS...
	name=$1 msg=$2
	shift 2
	out=$("$BNBENCH" --db good.db import "$@" 2>&1); rc=$?
	is "$rc" 2 "$name: exit 2"
	is "$out" "bnbench: $msg" "$name: message"
	ok "$(cmp -s good.db before.db; echo $?)" "$name: database unchanged"
}
mkdir empty
bad "not a criterion tree" \
	"empty: no Criterion benchmarks found (expected <group>/<function>/<value>/new/sample.json)" criterion empty
bad "missing directory" "nowhere: no such file or directory" criterion nowhere
tree t; rm t/quantization_sizes/TL2_quantize/1024/new/estimates.json
bad "missing file" "t/quantization_sizes/TL2_quantize/1024/new/estimates.json: no such file or directory" criterion t
tree t
bad "no such --which" "t/quantization_sizes/I2S_quantize/1024/base/benchmark.json: no such file or directory" \
	criterion t --which base
tree t; printf '{"sampling_mode":"Flat","iters":[10.0,10.0],"times":[1000.0,12' > t/quantization_sizes/TL2_quantize/1024/new/sample.json
bad "truncated json" \
	"t/quantization_sizes/TL2_quantize/1024/new/sample.json:1:63: invalid JSON: did not find expected ',' or ']' (while parsing a flow sequence at 1:53)" criterion t
tree t; printf '%s\n' "$ESTIMATES" | sed 's/"point_estimate": 110.125/"point_estimate": "110.125"/' \
	> t/quantization_sizes/I2S_quantize/1024/new/estimates.json
bad "wrong type" \
	"t/quantization_sizes/I2S_quantize/1024/new/estimates.json:2:21: 'mean.point_estimate' is a string, expected a number" criterion t
tree t; printf '{"mean": [], "median": {}}\n' > t/quantization_sizes/I2S_quantize/1024/new/estimates.json
bad "wrong type (object)" \
	"t/quantization_sizes/I2S_quantize/1024/new/estimates.json:1:10: 'mean' is an array, expected an object" criterion t
tree t; printf '{"mean": {"point_estimate": 1.0}}\n' > t/quantization_sizes/I2S_quantize/1024/new/estimates.json
bad "missing key" \
	"t/quantization_sizes/I2S_quantize/1024/new/estimates.json:1:10: missing key 'mean.confidence_interval'" criterion t
tree t; printf '{"sampling_mode":"Flat","iters":[10.0,10.0],"times":[1000.0,NaN]}\n' > t/quantization_sizes/I2S_quantize/1024/new/sample.json
bad "NaN" "t/quantization_sizes/I2S_quantize/1024/new/sample.json:1:61: NaN is not valid JSON" criterion t
tree t; printf '{"sampling_mode":"Flat","iters":[],"times":[]}\n' > t/quantization_sizes/I2S_quantize/1024/new/sample.json
bad "empty samples" "t/quantization_sizes/I2S_quantize/1024/new/sample.json:1:44: 'times' is empty (no samples)" criterion t
tree t; printf '{"sampling_mode":"Flat","iters":[10.0,10.0,10.0],"times":[1000.0,1200.0]}\n' > t/quantization_sizes/I2S_quantize/1024/new/sample.json
bad "mismatched lengths" \
	"t/quantization_sizes/I2S_quantize/1024/new/sample.json:1:58: 'times' has 2 values but 'iters' has 3" criterion t
tree t; printf '{"sampling_mode":"Flat","iters":[10.0,0.0],"times":[1000.0,1200.0]}\n' > t/quantization_sizes/I2S_quantize/1024/new/sample.json
bad "zero iterations" \
	"t/quantization_sizes/I2S_quantize/1024/new/sample.json:1:39: 'iters[1]' is 0, expected a positive whole number" criterion t
tree t; sed 's/"value_str":"1024"/"value_str":"big"/' t/quantization_sizes/I2S_quantize/1024/new/benchmark.json > x.json
mv x.json t/quantization_sizes/I2S_quantize/1024/new/benchmark.json
bad "value not a size" \
	"t/quantization_sizes/I2S_quantize/1024/new/benchmark.json:1:75: 'value_str' is 'big', expected a size (a number of elements)" criterion t
tree t; bench t quantization_large I2S_quantize 1024
bad "two benchmarks, one case" \
	"t: benchmarks 'quantization_large/I2S_quantize/1024' and 'quantization_sizes/I2S_quantize/1024' both make case 'quantize/i2s/criterion/1024'" criterion t
bad "invalid --which" "import criterion: invalid --which '../x' (new, base or a Criterion baseline name)" criterion t --which ../x
bad "no directory" "import criterion: no directory given (usage: bnbench import criterion DIR)" criterion
bad "unknown format" "import: unknown format 'criterio' (did you mean 'criterion'?)" criterio t
out=$("$BNBENCH" --db fresh.db import criterion empty 2>&1); rc=$?
ok "$([ "$rc" = 2 ] && [ ! -e fresh.db ]; echo $?)" "refused: no database created"

# Accepted: slope null (flat sampling) and a slope object; Criterion's report folders.
tree t; mkdir -p t/quantization_sizes/report t/quantization_sizes/I2S_quantize/report
printf '%s\n' "$ESTIMATES" | sed 's/"slope": null/"slope": {"confidence_interval": {"confidence_level": 0.95, "lower_bound": 1.0, "upper_bound": 2.0}, "point_estimate": 1.5, "standard_error": 0.1}/' \
	> t/quantization_sizes/TL2_quantize/1024/new/estimates.json
out=$("$BNBENCH" --db ok.db import criterion t 2>&1); rc=$?
is "$rc" 0 "slope null and slope object: accepted"
is "$out" "imported run 1: 2 cases of t from t" "report folders: ignored"

# --- the PR 448 baseline of BitNet-rs ---
out=$("$BNBENCH" --db fix.db import criterion "$FIX" --baseline pr-448); rc=$?
is "$rc" 0 "fixture: exit 0"
is "$out" "imported run 1: 25 cases of criterion-pr-448 from $FIX
saved as baseline 'pr-448'" "fixture: summary"
csv=$("$BNBENCH" --db fix.db export csv 1)
is "$(printf '%s\n' "$csv" | awk -F, 'NR > 1 { n[$3]++ } END { for (g in n) print g, n[g] }' | sort)" \
	'"dequantization_sizes" 10
"quantization_sizes" 15' "fixture: cases per group"
is "$(printf '%s\n' "$csv" | awk -F, 'NR > 1 && $4 == "dequantize" { print $2 }' | tr '\n' ' ')" \
	'"dequantize/i2s/criterion/1024" "dequantize/i2s/criterion/4096" "dequantize/i2s/criterion/16384" "dequantize/i2s/criterion/65536" "dequantize/tl1/criterion/1024" "dequantize/tl1/criterion/4096" "dequantize/tl1/criterion/16384" "dequantize/tl2/criterion/1024" "dequantize/tl2/criterion/4096" "dequantize/tl2/criterion/16384" ' \
	"fixture: the dequantize sizes that are missing are absent"
is "$(printf '%s\n' "$csv" | awk -F, 'NR > 1 && $10 == "ok" && $19 == 100 { n++ } END { print n }')" 25 \
	"fixture: every case ok with its 100 samples"
if command -v python3 >/dev/null; then
	b=quantization_sizes/TL2_quantize/65536/new
	want=$(python3 -c 'import json, statistics, sys
s = json.load(open(sys.argv[1]))
print("%.3f" % statistics.median([t / i for t, i in zip(s["times"], s["iters"])]))' "$FIX/$b/sample.json")
	got=$(printf '%s\n' "$csv" | awk -F, '$2 == "\"quantize/tl2/criterion/65536\"" { print $11 }')
	is "$got" "$want" "fixture: median of quantize/tl2/criterion/65536 as computed from sample.json"
	want=$(python3 -c 'import json, sys
e = json.load(open(sys.argv[1]))["median"]
print("median %r ns [%r, %r]" % (e["point_estimate"], e["confidence_interval"]["lower_bound"], e["confidence_interval"]["upper_bound"]))' \
		"$FIX/$b/estimates.json")
	got=$(printf '%s\n' "$csv" | awk -F, '$2 == "\"quantize/tl2/criterion/65536\"" { print }')
	ok "$(printf '%s\n' "$got" | grep -qF "$want\""; echo $?)" "fixture: criterion's median estimate kept with its CI"
fi
out=$("$BNBENCH" --db fix.db import criterion "$FIX" --which base --label base); rc=$?
is "$rc" 0 "fixture --which base: exit 0"
like "$("$BNBENCH" --db fix.db show base --env)" "criterion\.which +base" "fixture --which base: recorded in env"

done_testing
