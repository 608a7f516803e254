#!/bin/sh
# The membw plugin, the roofline column (table, markdown, CSV, JSON, report)
# and the projected decode rate of a suite's model.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
plugin_dir p membw i2s

cat > model.yaml <<'YAML'
name: t
model:
  name: toy
  layers: 3
  linear: {a: 256x256, b: 128x256, c: 256x256}
defaults:
  warmup: 5ms
  min_time: 10ms
  max_time: 30ms
groups:
  - op: gemv
    schemes: [i2s]
    backends: [scalar]
    shapes: [256x256, 128x256]
  - name: membw
    op: read
    sizes: [64K, 1M]
  - op: copy
    sizes: [64K]
YAML

out=$("$BNBENCH" --db r.db --plugin-dir p run model.yaml --quiet 2>/dev/null); rc=$?   # --quiet: the table
is "$rc" 0 "run with membw: exit 0"
like "$out" "^CASE +MEDIAN .* GB/s +ROOFLINE +VS SCALAR +OUTL +STATUS$" "the table has a ROOFLINE column"
like "$out" "^gemv/i2s/scalar/256x256 .* [0-9.]+%  +[0-9.]+x +[0-9]+ +(ok|noisy)$" "a gemv case has a roofline percentage"
like "$out" "^read/-/membw/65536 .* [0-9.]+%  +- +[0-9]+ +(ok|noisy)$" "a membw case has one too"
like "$out" "^projected decode rate of toy \(upper bound: linear layers only\): 3 gemvs a layer x 3 layers$" \
	"the footer names the model and says it is an upper bound"
like "$out" "^  i2s +scalar +1 thread +[0-9.]+ [mun]?s a layer +[0-9.]+ [mun]?s a token +[0-9.]+ tokens/s$" \
	"the footer has a line per scheme, backend and threads"

"$BNBENCH" --db r.db show --format json latest > run.json
field() { # field CASE KEY...: the case's value at that path in run.json, as JSON
	python3 -c 'import json, sys
c = next(c for c in json.load(open("run.json"))["cases"] if c["name"] == sys.argv[1])
for k in sys.argv[2:]:
    c = c[k]
print(json.dumps(c))' "$@"
}
roof="\"roofline\": $(field gemv/i2s/scalar/256x256 roofline)"
like "$roof" '^"roofline": 0?\.[0-9]+|^"roofline": [0-9.]+(e[-+]?[0-9]+)?$' "JSON: a number in roofline"
# The hand computation: 1e9 / ((2 x t(256x256) + t(128x256)) x 3), from the stored medians.
med() { field "gemv/i2s/scalar/$1" stats median_ns; }
want=$(awk -v a="$(med 256x256)" -v b="$(med 128x256)" 'BEGIN { printf "%.1f", 1e9 / ((2 * a + b) * 3) }')
got=$("$BNBENCH" --db r.db show latest | sed -n 's/.* \([0-9.]*\) tokens\/s$/\1/p')
is "$got" "$want" "the footer's tokens/s is 1e9 / (sum of a layer's medians x layers)"
# The roofline of the gemv: its GB/s over the faster membw op at 64K (read or copy).
gbps() { field "$1" gb_per_s; }
want=$(awk -v g="$(gbps gemv/i2s/scalar/256x256)" -v r="$(gbps read/-/membw/65536)" -v c="$(gbps copy/-/membw/65536)" \
	'BEGIN { m = r > c ? r : c; printf "%.4f", g / m }')
got=$("$BNBENCH" --db r.db show --format csv latest | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "roofline") col = i }
	$2 == "\"gemv/i2s/scalar/256x256\"" { print $col }')
is "$got" "$want" "CSV: roofline is the case's GB/s over membw's best at the footprint above"
md=$("$BNBENCH" --db r.db show --format markdown latest)
like "$md" "^\| case \| median \| 95% CI \| throughput \| GB/s \| roofline \| vs scalar \| outliers \| status \|$" "markdown: a roofline column"
like "$md" "^\| i2s \| scalar \| 1 \| - \| .* \| [0-9.]+ \|$" "markdown: a decode-rate table"

"$BNBENCH" --db r.db report --format markdown -o rep --gnuplot /nonexistent latest >/dev/null 2>&1
rep=$(cat rep/report.md 2>/dev/null)
like "$rep" "^\| Shape +\| Backend +\| +Time \| GMAC/s \| GB/s \(weights\) \| Roofline \|$" "report: a Roofline column"
like "$rep" "^### Projected decode rate of toy \(upper bound: linear layers only\)$" "report: the decode-rate table"
like "$rep" "^\| I2S +\| scalar +\| +1 \|" "report: a row per scheme and backend"

# Without membw cases: no column, a null in JSON; without the model: no footer.
sed -e '/^model:/,/^  linear:/d' -e '/name: membw/,$d' model.yaml > plain.yaml
out=$("$BNBENCH" --db r.db --plugin-dir p run plain.yaml --quiet 2>/dev/null)
like "$out" "^CASE +MEDIAN .* GB/s +VS SCALAR +OUTL +STATUS$" "no membw case: no ROOFLINE column"
is "$(printf '%s\n' "$out" | grep -c 'projected decode rate')" 0 "no model: no decode-rate footer"
like "$("$BNBENCH" --db r.db show --format json latest)" '"roofline": null' "no membw case: roofline null in JSON"
out=$("$BNBENCH" --db r.db --plugin-dir p run model.yaml 2>/dev/null)
like "$out" "^projected decode rate of toy \(upper bound: linear layers only\): 3 gemvs a layer x 3 layers$" \
	"without --quiet: the footer after the case lines"

# A membw footprint that is not a whole number of 128-byte steps is the case's error.
printf 'name: t\ngroups:\n  - op: read\n    sizes: [100]\n' > odd.yaml
out=$("$BNBENCH" --db r.db --plugin-dir p run odd.yaml 2>/dev/null); rc=$?
is "$rc" 1 "odd footprint: exit 1"
like "$out" "^read/-/membw/100 .* error" "odd footprint: the case is an error"

# On two threads: membw runs on as many as the gemv, and a case's roof is the one of its own count.
if [ -f "$BNB_PLUGINDIR/sse.so" ]; then
	plugin_dir pt membw i2s sse
	cat > threads.yaml <<'YAML'
name: t
defaults: {warmup: 5ms, min_time: 10ms, max_time: 30ms, threads: [1, 2]}
groups:
  - op: gemv
    schemes: [i2s]
    backends: [sse]
    shapes: [256x256]
  - op: read
    sizes: [64K]
YAML
	out=$("$BNBENCH" --db t.db --plugin-dir pt run threads.yaml --quiet 2>/dev/null); rc=$?
	is "$rc" 0 "threads [1, 2] with membw: exit 0"
	like "$out" "^read/-/membw/65536/t2 .* [0-9.]+%  +- +[0-9]+ +(ok|noisy)$" "membw has a case on two threads"
	like "$out" "^gemv/i2s/sse/256x256/t2 .* [0-9.]+%  +- +[0-9]+ +(ok|noisy)$" "the gemv on two threads has a roofline"
	"$BNBENCH" --db t.db show --format json latest > t.json
	for n in "" /t2; do
		got=$(python3 -c 'import json, sys
c = {c["name"]: c for c in json.load(open("t.json"))["cases"]}
g, r = c["gemv/i2s/sse/256x256" + sys.argv[1]], c["read/-/membw/65536" + sys.argv[1]]
print(abs(g["roofline"] - g["gb_per_s"] / r["gb_per_s"]) < 1e-9)' "$n")
		is "$got" True "roofline${n:- on one thread}: over the membw case of the same count"
	done
fi

# The shipped BitNet suite reads and plans.
out=$("$BNBENCH" --plugin-dir p run --dry-run "$BNB_SRCDIR/suites/bitnet-2b4t.yaml" 2>&1); rc=$?
is "$rc" 0 "bitnet-2b4t.yaml: --dry-run exit 0"
like "$out" "^gemv/i2s/scalar/2560x6912 +run$" "bitnet-2b4t.yaml: the down projection"
like "$out" "^read/-/membw/67108864 +run$" "bitnet-2b4t.yaml: the membw group"
done_testing
