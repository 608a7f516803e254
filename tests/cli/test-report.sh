#!/bin/sh
# bnbench report: markdown against a golden file, the report without gnuplot,
# PNG and SVG plots, and errors.  The database is built from two fixed
# bnbench-run documents: a baseline and the run reported on.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
data=$BNB_SRCDIR/tests/data
# Commit links come from the git remote of the current folder: none above $TMP is looked at.
GIT_CEILING_DIRECTORIES=$(dirname "$TMP")
export GIT_CEILING_DIRECTORIES

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
is "$out" "md/index.html: run 2, 0 plots, 34 tables" "no gnuplot: summary line"
is "$(cat err)" "bnbench: warning: gnuplot not found at '/nonexistent': install it with 'apt-get install gnuplot-nox' or pass --gnuplot PATH (the report has no plots; its .gp scripts are written)" \
	"no gnuplot: the warning says how to install it"
diff -u "$data/report-golden.md" md/report.md >diff.out 2>&1
ok $? "markdown matches tests/data/report-golden.md"
[ -s diff.out ] && sed 's/^/# /' diff.out | head -40
ok "$(grep -q '<img' md/index.html; [ $? -eq 1 ]; echo $?)" "no gnuplot: index.html without images"
like "$(cat md/index.html)" "No plots: gnuplot not found" "no gnuplot: index.html says why"
n_gp=$(count 'md/*.gp')
ok "$([ "$n_gp" -eq 53 ] && [ "$(count 'md/*.dat')" -eq 53 ]; echo $?)" "no gnuplot: a .gp script and .dat file per plot (53)"
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
like "$(cat err)" "^bnbench: report: 50 of 50 plots failed \(--require-plots\)$" "failing gnuplot with --require-plots: the error"

# --- with gnuplot: PNG and SVG ---
is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(wc -c < "$1")" -gt 2048 ]; }
is_svg() { head -c 200 "$1" | grep -Eq '^(<\?xml|<svg)' && [ "$(wc -c < "$1")" -gt 2048 ]; }
if command -v gnuplot >/dev/null 2>&1; then
	out=$(report --baseline base --history 5 -o png); rc=$?
	is "$rc" 0 "png report: exit 0"
	is "$out" "png/index.html: run 2, 53 plots, 34 tables" "png report: summary line"
	is "$(cat err)" "" "png report: gnuplot printed nothing"
	bad=
	for f in png/*.png; do is_png "$f" || bad="$bad $f"; done
	is "$(count 'png/*.png')/$bad" "53/" "png report: 53 valid PNG images over 2 KB"
	is "$(cat png/*.html | grep -c '<img src="[a-z0-9-]*\.png"')" 53 "png report: the pages show every image by relative path"
	like "$(cat png/report.md)" '^!\[quantize I2S: throughput by size \(run 2\)\]\(throughput-quantize-i2s\.png\)$' \
		"png report: report.md links the images"
	ok "$(grep -Eqi '<script|https?://' png/index.html; [ $? -eq 1 ]; echo $?)" "index.html: no script, no network"
	like "$(cat png/index.html)" '<th>cpu\.model</th><td>Test CPU @ 3\.00GHz</td>' "index.html: the run's environment"

	out=$(report --baseline base --history 5 --svg -o svg); rc=$?
	is "$rc" 0 "svg report: exit 0"
	bad=
	for f in svg/*.svg; do is_svg "$f" || bad="$bad $f"; done
	is "$(count 'svg/*.svg')/$bad" "53/" "svg report: 53 SVG images over 2 KB"
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
	svg_has dist-quantize-i2s-avx2-65536 ">run 2<" ">baseline base (run 1)<" "time per iteration (us)" ">density<"
	ok $? "svg: a case's distribution plot, the baseline's overlaid"
	svg_has order-quantize-i2s-avx2-65536 ">run 2<" "time per iteration (us)" ">sample<"
	ok $? "svg: a case's samples in order"
	like "$(grep -o '<img src="[a-z0-9-]*\.png"' png/case-quantize-i2s-avx2-65536.html | tr '\n' ' ')" \
		'^<img src="dist-quantize-i2s-avx2-65536\.png" <img src="order-quantize-i2s-avx2-65536\.png" $' \
		"png report: a case's page shows its distribution, then its samples in order"
	(cd svg && gnuplot speedup-quantize-i2s.gp) 2>/dev/null
	ok $? "a script reruns by hand in the report folder"
else
	for t in "png report" "svg report" "svg plots"; do skip "gnuplot not found" "$t"; done
fi

# --- the index links to a page per case ---
pages=$(sed -n 's/.*<td><a href="\(case-[a-z0-9-]*\.html\)">.*/\1/p' md/index.html | sort -u)
is "$(echo "$pages" | wc -l)" 20 "index.html links to a page per measured case (20)"
missing=
for p in $pages; do [ -s "md/$p" ] || missing="$missing $p"; done
is "$missing" "" "every linked case page exists"
page=md/case-quantize-i2s-avx2-65536.html
like "$(cat $page)" '<h1>quantize/i2s/avx2/65536</h1>' "a case page: its title"
like "$(cat $page)" '<a href="index\.html">Index</a>' "a case page: a link back to the index"
like "$(cat $page)" '<tr><th>Against the baseline</th><td>\+11\.1% \(95% CI .*\): regressed</td></tr>' \
	"a case page: the change against the baseline"
like "$(cat md/dist-quantize-i2s-avx2-65536.gp)" 'index 0 using 1:\(1\.0/12\) smooth kdensity with lines .* title .run 2.' \
	"distribution plot: the run's samples as a kernel density"
like "$(cat md/dist-quantize-i2s-avx2-65536.gp)" 'index 1 using 1:\(1\.0/12\) smooth kdensity with lines .* title .baseline base \(run 1\).' \
	"distribution plot: the baseline's samples overlaid"
is "$(grep -vc '^#' md/order-quantize-i2s-avx2-65536.dat)" 12 "order plot: the 12 samples"
is "$(grep -v '^#' md/order-quantize-i2s-avx2-65536.dat | head -n 1)" "$(python3 -c 'import json, sys
c = [c for c in json.load(open(sys.argv[1]))["cases"] if c["name"] == "quantize/i2s/avx2/65536"][0]
print("1 %.6g" % (c["samples_ns"][0] / 1000))' "$data/report-run.json")" "order plot: the first sample first, in us"
# two runs: no history plot, on the index or on a case page
is "$(count 'md/history-*.gp')/$(count 'md/hist-*.gp')" "0/0" "2 runs: no history plot"
like "$(cat $page)" 'No history plot: 2 runs measured this case, a plot needs 3\.' "2 runs: the case page says why"

# --- a history of 8 runs whose quantize/i2s/scalar/65536 steps up by 9% at the fifth run ---
python3 "$data/history-runs.py" "$data/report-run.json" hist 8 quantize/i2s/scalar/65536 4 1.09 &&
	for i in 0 1 2 3 4 5 6 7; do "$BNBENCH" --db h.db import json hist-$i.json >/dev/null 2>&1 || exit 1; done
ok $? "import 8 runs with a step"
out=$("$BNBENCH" --db h.db history 2>err); rc=$?
is "$rc" 0 "history: exit 0"
is "$(cat err)" "" "history: no message"
like "$out" '^quantize/i2s/scalar/65536 +5 0505050 r4 +050505050505 +280 us +305 us +\+9\.[0-9]%$' \
	"history: the step, at the run and commit that start the new level"
like "$out" '^1 change point in 20 cases over 8 runs \(1 to 8\)\.$' "history: the summary"
out=$("$BNBENCH" --db h.db history 4 2>&1)
like "$out" '^0 change points in 20 cases over 4 runs \(1 to 4\)\.$' "history of run 4: before the step, none"
out=$("$BNBENCH" --db h.db history --history 3 2>&1)
like "$out" '^0 change points in 20 cases over 3 runs \(6 to 8\)\.$' "history --history 3: after the step, none"
out=$("$BNBENCH" --db h.db history --min-step 10% 2>&1)
like "$out" '^0 change points' "history --min-step 10%: a 9% step is not listed"
out=$("$BNBENCH" --db h.db history --min-step x 2>&1); rc=$?
is "$rc/$out" "2/bnbench: history: invalid --min-step 'x' (a percentage such as 5%)" "history: a bad --min-step"
report_h() { "$BNBENCH" --db ../h.db report --history 10 --gnuplot /nonexistent -o "$@" 2>/dev/null; }
(mkdir -p hr && cd hr && report_h .) >/dev/null
ok $? "report of the 8 runs"
like "$(cat hr/hist-quantize-i2s-scalar-65536.gp)" '^set logscale y$' "a case's history: a log axis"
like "$(cat hr/hist-quantize-i2s-scalar-65536.gp)" '^set ylabel .median time per iteration \(us\), log scale.$' \
	"a case's history: the axis says so"
like "$(cat hr/hist-quantize-i2s-scalar-65536.gp)" '^set arrow from first 3\.5, graph 0 to first 3\.5, graph 1 nohead dt 2' \
	"a case's history: the change point drawn between the fourth and fifth run"
like "$(cat hr/history-quantize-i2s.gp)" '^set logscale y$' "the index's history: a log axis"
is "$(count 'hr/hist-*.gp')" 20 "a history plot for every case, every size (20)"
like "$(cat hr/report.md)" '^\| quantize/i2s/scalar/65536 \| 5 0505050 r4 \| 050505050505 \| +280 us \| +305 us \| +\+9\.[0-9]% \|$' \
	"report.md: the change point"
like "$(cat hr/case-quantize-i2s-scalar-65536.html)" '<td>change point: \+9\.[0-9]%; regressed against the run before</td>' \
	"the case page: the run where the step happened"
if command -v gnuplot >/dev/null 2>&1; then
	(cd hr && "$BNBENCH" --db ../h.db report --history 10 --svg -o svg >/dev/null 2>&1)
	svg_h() { for t in "$@"; do grep -qF -- "$t" hr/svg/history-quantize-i2s.svg || { echo "# lacks '$t'"; return 1; }; done; }
	svg_h ">scalar<" ">avx2<" ">regression (compare)<" "run (id, commit, label)" ">5 0505050 r4<" "log scale"
	ok $? "svg: the index's history plot has its series, the regression mark and run labels"
else
	skip "gnuplot not found" "svg: the index's history plot"
fi

# --- commit links from the git remote "origin" of the current folder, when it is a web URL ---
if command -v git >/dev/null 2>&1; then
	mkdir -p repo && git -C repo init -q && git -C repo remote add origin https://user:secret@git.example.com/team/bnbench.git
	out=$(cd repo && "$BNBENCH" --db ../h.db history 2>&1)
	like "$out" '  https://git\.example\.com/team/bnbench/commit/0505050505050505050505050505050505050505$' \
		"history: the commit's web page, from an https remote"
	ok "$(echo "$out" | grep -q secret; [ $? -eq 1 ]; echo $?)" "history: no credentials of the remote URL"
	(cd repo && report_h out)
	like "$(cat repo/out/index.html)" '<a href="https://git\.example\.com/team/bnbench/commit/0808080808080808080808080808080808080808">080808080808</a>' \
		"index.html: the run's commit linked"
	like "$(cat repo/out/case-quantize-i2s-scalar-65536.html)" '<td><a href="https://git\.example\.com/team/bnbench/commit/0505050505050505050505050505050505050505">050505050505</a></td>' \
		"a case page: each run's commit linked"
	git -C repo remote set-url origin git@git.example.com:team/bnbench.git
	out=$(cd repo && "$BNBENCH" --db ../h.db history 2>&1)
	ok "$(echo "$out" | grep -q 'commit/'; [ $? -eq 1 ]; echo $?)" "history: no link from an ssh remote"
	out=$(cd repo && "$BNBENCH" --db ../h.db history --commit-url https://example.org/x/y/ 2>&1)
	like "$out" '  https://example\.org/x/y/commit/0505050505050505050505050505050505050505$' "history --commit-url"
else
	for t in "https remote" "credentials" "index link" "case link" "ssh remote" "--commit-url"; do skip "git not found" "$t"; done
fi

# --- two cases whose names differ only in characters a file name cannot hold: a page each ---
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d["cases"] if c["name"] == "quantize/i2s/avx2/65536"][0]
for b in ("a.b", "a-b", "a+b"):
    x = dict(c, backend=b, name="quantize/i2s/%s/65536" % b)
    d["cases"].append(x)
json.dump(d, sys.stdout)' "$data/report-run.json" >clash.json
"$BNBENCH" --db c.db import json clash.json >/dev/null 2>&1 &&
	"$BNBENCH" --db c.db report --gnuplot /nonexistent -o clash >/dev/null 2>&1
ok $? "a run with backends a.b, a-b and a+b: report"
is "$(grep -o '<a href="case-quantize-i2s-a-b-65536[-0-9]*\.html">[^<]*' clash/index.html | tr '\n' ' ')" \
	'<a href="case-quantize-i2s-a-b-65536.html">quantize/i2s/a.b/65536 <a href="case-quantize-i2s-a-b-65536-2.html">quantize/i2s/a-b/65536 <a href="case-quantize-i2s-a-b-65536-3.html">quantize/i2s/a+b/65536 ' \
	"a page each, numbered on a clash"
like "$(cat clash/case-quantize-i2s-a-b-65536-3.html)" '<h1>quantize/i2s/a\+b/65536</h1>' "the third page is the third case's"

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
