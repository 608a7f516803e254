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
                        ("report-run.json", "run.json", "y`touch pwned-l4`")):
    doc = json.load(open(f"{sys.argv[1]}/{src}"))
    doc["run"]["label"] = label
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
	is "$out" "$fmt/index.html: run 3, 15 plots, 11 tables" "$fmt: every plot drawn"
	is "$(find . -name 'pwned*' | sort | tr '\n' ' ')" "" "$fmt: no command of a label or backend name ran"
done
grep -qF '>1 fedcba9 x`touch pwned-l1`<' svg/history-quantize-i2s.svg
ok $? "the history plot shows the label as it is"
grep -qF ">avx2\`touch pwned-b1\`\$(touch pwned-b2)'q\"\\ set output 'x' !touch pwned-b3 @x<" \
	svg/throughput-quantize-i2s.svg
ok $? "the throughput plot shows the backend name, its new lines as spaces"
is "$(grep -c '^# series' svg/history-quantize-i2s.dat)/$(grep -v '^#' svg/*.dat | grep -c pwned)" 2/0 \
	"a data file's comments stay on their lines"

done_testing
