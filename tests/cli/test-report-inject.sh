#!/bin/sh
# bnbench report: run labels and backend names that hold shell and gnuplot
# syntax (backquotes, $(...), quotes, new lines, gnuplot's '!' and '@'), from
# `import json` and from `merge` of a crafted database, are drawn as text and
# never run.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
data=$BNB_SRCDIR/tests/data

command -v gnuplot >/dev/null 2>&1 || skip_all "gnuplot not found"
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found"

# Copies of the report fixtures with a hostile label, and the backend avx2 renamed.
python3 - "$data" <<'EOF' || exit 1
import json, sys
backend = "avx2`touch pwned-b1`$(touch pwned-b2)'q\"\\\nset output 'x'\n!touch pwned-b3\n@x"
for src, dst, label in (("report-base.json", "base.json", "x`touch pwned-l1`"),
                        ("report-run.json", "craft.json", "$(touch pwned-l2)'\"\n!touch pwned-l3"),
                        ("report-run.json", "run.json", "<i>`touch pwned-l4`")):
    doc = json.load(open(f"{sys.argv[1]}/{src}"))
    doc["run"]["label"] = label
    if dst == "run.json":
        doc["run"]["git_commit"] = "abc\"><script>alert(2)</script>"
        doc["run"]["env"]["os.kernel"] = "</td><script>alert(3)</script>"
        doc["run"]["env"]["<b onmouseover='x'>key"] = "v&amp;"
    for c in doc["cases"]:
        if c["backend"] == "avx2":
            c["backend"] = backend
            c["name"] = c["name"].replace("/avx2/", "/" + backend + "/")
    json.dump(doc, open(dst, "w"))
EOF

"$BNBENCH" --db h.db import json base.json >/dev/null 2>&1
ok $? "import json: a run labelled with backquotes"
"$BNBENCH" --db craft.db import json craft.json >/dev/null 2>&1 && "$BNBENCH" --db h.db merge craft.db >/dev/null 2>&1
ok $? "merge: a crafted database with a hostile backend name and label"
"$BNBENCH" --db h.db import json run.json >/dev/null 2>&1
ok $? "import json: the hostile backend name again"

for fmt in svg png; do
	out=$("$BNBENCH" --db h.db report --history 3 --$fmt -o $fmt 2>err); rc=$?
	is "$rc" 0 "$fmt: exit 0"
	is "$(cat err)" "" "$fmt: gnuplot printed nothing"
	is "$out" "$fmt/index.html: run 3, 75 plots, 33 tables" "$fmt: every plot drawn"
	is "$(find . -name 'pwned*' | sort | tr '\n' ' ')" "" "$fmt: no command of a label or backend name ran"
done
grep -qF '>1 fedcba9 x`touch pwned-l1`<' svg/history-quantize-i2s.svg
ok $? "the history plot shows the label as it is"
grep -qF ">avx2\`touch pwned-b1\`\$(touch pwned-b2)'q\"\\ set output 'x' !touch pwned-b3 @x<" \
	svg/throughput-quantize-i2s.svg
ok $? "the throughput plot shows the backend name, its new lines as spaces"
is "$(grep -c '^# series' svg/history-quantize-i2s.dat)/$(grep -hv '^#' svg/*.dat | grep -c pwned)" 2/0 \
	"a data file's comments stay on their lines"

# HTML: every text from the database escaped, on the index and on the case pages
is "$(cat svg/*.html | grep -c '<script\|<b \|<i>\|onmouseover=.x')" 0 "html: no tag or attribute from a label, commit, backend or environment"
like "$(cat svg/index.html)" '<tr><th>Label</th><td>&lt;i&gt;`touch pwned-l4`</td></tr>' \
	"html: the label escaped"
like "$(cat svg/index.html)" '<tr><th>&lt;b onmouseover=&#39;x&#39;&gt;key</th><td>v&amp;amp;</td></tr>' \
	"html: an environment key and value escaped"
page=$(ls svg/case-quantize-i2s-avx2-touch-pwned-b1-*-65536.html 2>/dev/null | head -n 1)
ok "$([ -n "$page" ] && [ "$(ls svg/case-*.html | grep -c '[^a-zA-Z0-9_./-]')" -eq 0 ]; echo $?)" \
	"html: case pages named with letters, digits and '-' only"
like "$(cat "$page")" "<h1>quantize/i2s/avx2\`touch pwned-b1\`\\\$\(touch pwned-b2\)&#39;q&quot;\\\\" \
	"html: a case page's title escaped"
like "$(cat svg/index.html)" '<td><a href="case-quantize-i2s-avx2-touch-pwned-b1-' "html: the index links to it"
like "$(cat svg/index.html)" '<tr><th>Commit</th><td>abc&quot;&gt;&lt;script</td></tr>' \
	"html: the commit escaped, and not linked"

done_testing
