#!/bin/sh
# bnbench report: markdown against a golden file, the report without gnuplot,
# PNG and SVG plots, and errors.  The database is built from two fixed
# bnbench-run documents: a baseline and the run reported on.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
data=$BNB_SRCDIR/tests/data

skip() { # skip REASON NAME
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $2 # SKIP $1"
}
count() { # count GLOB: how many files match
	set -- $1
	[ -e "$1" ] && echo $# || echo 0
}
report() { # report ARGS...: bnbench report on r.db, stderr into err
	"$BNBENCH" --db r.db report "$@" 2>err
}

"$BNBENCH" --db r.db import json "$data/report-base.json" --baseline base >/dev/null 2>&1
ok $? "import the baseline run"
"$BNBENCH" --db r.db import json "$data/report-run.json" >/dev/null 2>&1
ok $? "import the run"

# --- without gnuplot: a warning, exit 0, the documents and scripts still written ---
out=$(BNBENCH_GNUPLOT=/nonexistent report --baseline base --history 5 -o md); rc=$?
is "$rc" 0 "no gnuplot: exit 0"
is "$out" "md/index.html: run 2, 0 plots, 12 tables" "no gnuplot: summary line"
is "$(cat err)" "bnbench: warning: gnuplot not found at '/nonexistent': install it with 'apt-get install gnuplot-nox' or pass --gnuplot PATH (the report has no plots; its .gp scripts are written)" \
	"no gnuplot: the warning says how to install it"
diff -u "$data/report-golden.md" md/report.md >diff.out 2>&1
ok $? "markdown matches tests/data/report-golden.md"
[ -s diff.out ] && sed 's/^/# /' diff.out | head -40
ok "$(grep -q '<img' md/index.html; [ $? -eq 1 ]; echo $?)" "no gnuplot: index.html without images"
like "$(cat md/index.html)" "No plots: gnuplot not found" "no gnuplot: index.html says why"
n_gp=$(count 'md/*.gp')
ok "$([ "$n_gp" -eq 18 ] && [ "$(count 'md/*.dat')" -eq 18 ]; echo $?)" "no gnuplot: a .gp script and .dat file per plot (18)"
is "$(head -1 md/report.csv)" "chart,series,x,y,low,high,unit,mark" "report.csv header"
like "$(cat md/report.csv)" '^throughput-quantize-i2s,"avx2",65536,3\.7[0-9]*,3\.7[0-9]*,3\.7[0-9]*,Gelem/s,$' \
	"report.csv: a throughput point in plot units"
like "$(cat md/report.csv)" '^baseline-quantize,"change","i2s/avx2/65536",11\.1[0-9]*,.*,%,regressed$' \
	"report.csv: a change with its class"
like "$(cat md/throughput-quantize-i2s.gp)" 'plot "throughput-quantize-i2s\.dat" index 0 using 1:2:3:4' \
	"the script reads its data file by relative name"

out=$(PATH=/nonexistent report -o path); rc=$?
is "$rc" 0 "gnuplot not on PATH: exit 0"
like "$(cat err)" "^bnbench: warning: gnuplot not found: install it with 'apt-get install gnuplot-nox' or pass --gnuplot PATH" \
	"gnuplot not on PATH: the message"
out=$(BNBENCH_GNUPLOT=/nonexistent report -o req --require-plots); rc=$?
is "$rc" 2 "--require-plots without gnuplot: exit 2"
is "$(cat err)" "bnbench: gnuplot not found at '/nonexistent': install it with 'apt-get install gnuplot-nox' or pass --gnuplot PATH" \
	"--require-plots without gnuplot: the error"
ok "$([ -s req/report.md ] && [ -s req/index.html ]; echo $?)" "--require-plots without gnuplot: documents still written"

# --- a gnuplot that fails: each plot named, exit 0, or 2 with --require-plots ---
printf '#!/bin/sh\necho "cannot draw $1" >&2\nexit 1\n' > failplot
chmod +x failplot
out=$(report --gnuplot ./failplot -o fail); rc=$?
is "$rc" 0 "failing gnuplot: exit 0"
like "$(cat err)" "^bnbench: warning: plot throughput-quantize-i2s: gnuplot: cannot draw throughput-quantize-i2s\.gp$" \
	"failing gnuplot: its message, per plot"
like "$(cat err)" "^bnbench: warning: plot gemv-i2s: gnuplot failed \(exit status 1\) on fail/gemv-i2s\.gp$" \
	"failing gnuplot: the script that failed"
out=$(report --gnuplot ./failplot -o fail --require-plots); rc=$?
is "$rc" 2 "failing gnuplot with --require-plots: exit 2"
like "$(cat err)" "^bnbench: report: 10 of 10 plots failed \(--require-plots\)$" "failing gnuplot with --require-plots: the error"

# --- with gnuplot: PNG and SVG ---
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(wc -c < "$1")" -gt 2048 ]; }
is_svg() { head -c 200 "$1" | grep -Eq '^(<\?xml|<svg)' && [ "$(wc -c < "$1")" -gt 2048 ]; }
if command -v gnuplot >/dev/null 2>&1; then
	out=$(report --baseline base --history 5 -o png); rc=$?
	is "$rc" 0 "png report: exit 0"
	is "$out" "png/index.html: run 2, 18 plots, 12 tables" "png report: summary line"
	is "$(cat err)" "" "png report: gnuplot printed nothing"
	bad=
	for f in png/*.png; do is_png "$f" || bad="$bad $f"; done
	is "$(count 'png/*.png')/$bad" "18/" "png report: 18 valid PNG images over 2 KB"
	is "$(grep -c '<img src="[a-z0-9-]*\.png"' png/index.html)" 18 "png report: index.html shows every image by relative path"
	like "$(cat png/report.md)" '^!\[quantize I2S: throughput by size \(run 2\)\]\(throughput-quantize-i2s\.png\)$' \
		"png report: report.md links the images"
	ok "$(grep -Eqi '<script|https?://' png/index.html; [ $? -eq 1 ]; echo $?)" "index.html: no script, no network"
	like "$(cat png/index.html)" '<th>cpu\.model</th><td>Test CPU @ 3\.00GHz</td>' "index.html: the run's environment"

	out=$(report --baseline base --history 5 --svg -o svg); rc=$?
	is "$rc" 0 "svg report: exit 0"
	bad=
	for f in svg/*.svg; do is_svg "$f" || bad="$bad $f"; done
	is "$(count 'svg/*.svg')/$bad" "18/" "svg report: 18 SVG images over 2 KB"
	svg_has() { # svg_has FILE TEXT...
		f=$1
		shift
		for t in "$@"; do grep -qF -- "$t" "svg/$f.svg" || { echo "# $f.svg lacks '$t'"; return 1; }; done
	}
	svg_has throughput-quantize-i2s ">scalar<" ">avx2<" "throughput (Gelem/s)" "elements (log scale)" ">64K<" \
		"quantize I2S: throughput by size (run 2)"
	ok $? "svg: throughput plot has its series, axis labels and title"
	svg_has gemv-i2s ">scalar<" ">avx2<" "throughput (GMAC/s), log scale" ">1024x1024<"
	ok $? "svg: gemv plot has its series and axis labels"
	svg_has speedup-quantize-i2s ">avx2<" "speed-up over scalar (x)" ">65536<"
	ok $? "svg: speed-up plot"
	svg_has baseline-quantize ">regressed<" ">unchanged<" ">95% CI<" "change of median time (%; above 0: slower)" \
		">i2s/avx2/65536<"
	ok $? "svg: baseline plot has the classes and the axis label"
	svg_has history-quantize-i2s ">scalar<" ">avx2<" ">regression (compare)<" "run (id, commit, label)" \
		">2 0123456 golden<"
	ok $? "svg: history plot has its series, the regression mark and run labels"
	(cd svg && gnuplot speedup-quantize-i2s.gp) 2>/dev/null
	ok $? "a script reruns by hand in the report folder"
else
	for t in "png report" "svg report" "svg plots"; do skip "gnuplot not found" "$t"; done
fi

# --- csv only: no plots, no scripts ---
out=$(report --format csv -o csv); rc=$?
is "$rc" 0 "--format csv: exit 0"
ok "$([ -s csv/report.csv ] && [ ! -e csv/report.md ] && [ "$(count 'csv/*.gp')" -eq 0 ]; echo $?)" "--format csv: report.csv only"

# --- history window ---
report --history 5 --format markdown -o h1 --gnuplot /nonexistent >/dev/null
like "$(cat h1/report.md)" '^- History: 2 runs, 1 to 2$' "--history 5: both runs"
report --since 2026-01-02 --format markdown -o h2 --gnuplot /nonexistent >/dev/null
like "$(cat h2/report.md)" '^- History: 1 run, 2 to 2$' "--since: runs from that day on"
report 1 --history 5 --format markdown -o h3 --gnuplot /nonexistent >/dev/null
like "$(cat h3/report.md)" '^- History: 1 run, 1 to 1$' "the window ends at the reported run"

# --- an older run of the window lacks a case of the reported run (a filtered run) ---
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
d["cases"] = [c for c in d["cases"] if c["name"] != "quantize/i2s/scalar/65536"]
json.dump(d, sys.stdout)' "$data/report-base.json" >filtered.json
"$BNBENCH" --db f.db import json filtered.json >/dev/null 2>&1 &&
	"$BNBENCH" --db f.db import json "$data/report-run.json" >/dev/null 2>&1
ok $? "import a filtered run, then the run"
for w in "--history 5" "--since 2025-12-01"; do
	out=$("$BNBENCH" --db f.db report $w --format markdown -o f --gnuplot /nonexistent 2>err); rc=$?
	is "$rc" 0 "$w, a case missing from an older run: exit 0"
	like "$(cat f/report.md)" '^- History: 2 runs, 1 to 2$' "$w, a case missing from an older run: both runs"
	rm -rf f
done

# --- errors: one line, exit 2 ---
err_is() { # err_is NAME MESSAGE ARGS...
	name=$1 msg=$2
	shift 2
	out=$(report "$@" -o e); rc=$?
	is "$rc" 2 "$name: exit 2"
	is "$(cat err)" "bnbench: $msg" "$name: message"
}
err_is "unknown run" "no run '99'" 99
err_is "unknown label" "no run 'nope'" nope
err_is "unknown baseline" "no baseline 'nope' (known: base)" --baseline nope
err_is "bad --history" "report: invalid --history 'x' (a number of runs, at least 2)" --history x
err_is "bad --since" "report: invalid --since '2026-02-30' (a date as YYYY-MM-DD)" --since 2026-02-30
err_is "bad --format" "report: unknown format 'pdf' (html, markdown or csv)" --format pdf
err_is "too many arguments" "report: too many arguments" 1 2
ok "$([ ! -e e ]; echo $?)" "errors: no output folder made"
out=$("$BNBENCH" --db missing.db report 2>&1); rc=$?
is "$rc" 2 "missing database: exit 2"
is "$out" "bnbench: missing.db: no such database" "missing database: message"

done_testing
