#!/bin/sh
# Moving runs between machines: export json | import json round trips exactly,
# export csv, and merge of whole databases (idempotent).  Bad input gets one
# line, exit 2 and the database untouched.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

FIX=$BNB_SRCDIR/tests/data/criterion-pr-448
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 10ms\n  max_time: 30ms\ngroups:\n  - op: quantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n' > t.yaml

"$BNBENCH" --db a.db import criterion "$FIX" --baseline pr-448 >/dev/null
"$BNBENCH" --db a.db run t.yaml --label local >/dev/null 2>&1
is "$?" 0 "a measured run to export"

# --- export json | import json ---
for spec in pr-448:1 local:local; do
	name=${spec%%:*} run=${spec#*:}
	"$BNBENCH" --db a.db export json "$run" > "$name.json"; rc=$?
	is "$rc" 0 "$name: export json exits 0"
	"$BNBENCH" --db b.db import json "$name.json" >/dev/null 2>&1   # a run before it: another id
	out=$("$BNBENCH" --db b.db import json "$name.json"); rc=$?
	is "$rc" 0 "$name: import json exits 0"
	like "$out" "^imported run [0-9]+: [0-9]+ cases of " "$name: import json summary"
	"$BNBENCH" --db b.db export json latest > "$name.2.json"
	is "$(diff "$name.json" "$name.2.json" | grep '^[<>]' | sed 's/[0-9]*,$/N,/' | sort -u)" '<     "id": N,
>     "id": N,' "$name: exported again, the same document apart from the run id"
done
head -3 pr-448.json > head.txt
is "$(cat head.txt)" '{
  "format": "bnbench-run",
  "version": 2,' "the document names its format and version"
like "$(cat local.json)" '"samples_ns": \[[0-9.e+-]+(, [0-9.e+-]+)+\]' "raw samples are in the document"
like "$(cat local.json)" '"mean_ns": [0-9]+\.[0-9]{6,}' "doubles keep every digit"

cp b.db b.before
bad() { # bad NAME FILE MESSAGE
	out=$("$BNBENCH" --db b.db import json "$2" 2>&1); rc=$?
	is "$rc" 2 "$1: exit 2"
	is "$out" "bnbench: $3" "$1: message"
	ok "$(cmp -s b.db b.before; echo $?)" "$1: database unchanged"
}
sed '3s/"version": 2,/"version": 3,/' pr-448.json > newer.json
bad "newer version" newer.json "newer.json: bnbench-run version 3 is newer than this bnbench supports (2)"
sed '2s/bnbench-run/bnbench-suite/' pr-448.json > other.json
bad "another format" other.json "other.json:2:13: 'format' is 'bnbench-suite', expected 'bnbench-run'"
head -n 31 pr-448.json > trunc.json
bad "truncated" trunc.json "trunc.json:32:1: invalid JSON: did not find expected node content (while parsing a flow node at 32:1)"
sed '33s/"k": 1024,/"k": "1024",/' pr-448.json > type.json
bad "wrong type" type.json "type.json:33:12: 'cases[0].k' is a string, expected a number"
sed '33s/"k": 1024,/"k": -1,/' pr-448.json > neg.json
bad "negative count" neg.json "neg.json:33:12: 'cases[0].k' is -1, expected an integer from 0 to 18446744073709551615"
sed '35s/"status": "ok",/"status": "fine",/' pr-448.json > status.json
bad "unknown status" status.json "status.json:35:17: 'cases[0].status' is 'fine', expected ok, noisy, failed, error or skipped"
sed '33s/"k": 1024,/"k": 1024, "kk": 1,/' pr-448.json > key.json
bad "unknown key" key.json "key.json:33:24: unknown key 'cases[0].kk'"
sed '41s/"bytes": 4384,/"bytes": NaN,/' pr-448.json > nan.json
bad "NaN" nan.json "nan.json:41:16: NaN is not valid JSON"
bad "missing file" nothere.json "nothere.json: no such file or directory"
out=$("$BNBENCH" --db b.db import json 2>&1); rc=$?
is "$rc:$out" "2:bnbench: import json: no file given (usage: bnbench import json FILE)" "import json without a file"

# --- export csv, and bad requests ---
csv=$("$BNBENCH" --db a.db export csv local); rc=$?
is "$rc" 0 "export csv exits 0"
like "$(printf '%s\n' "$csv" | head -1)" '^run,case,group,op,scheme,backend,m,k,params,status,median_ns,' "export csv: header"
is "$(printf '%s\n' "$csv" | sed 1d | cut -d, -f1-4)" '2,"quantize/i2s/scalar/1024","quantize",quantize
2,"dequantize/i2s/scalar/1024","dequantize",dequantize' "export csv: a line per case"
out=$("$BNBENCH" --db a.db export json nope 2>&1); rc=$?
is "$rc:$out" "2:bnbench: no run 'nope'" "export of an unknown run"
out=$("$BNBENCH" --db none.db export json 2>&1); rc=$?
is "$rc:$out" "2:bnbench: none.db: no such database" "export from a missing database"
ok "$([ ! -e none.db ]; echo $?)" "export creates no database"
out=$("$BNBENCH" --db a.db export jsn 2>&1); rc=$?
is "$rc:$out" "2:bnbench: export: unknown format 'jsn' (did you mean 'json'?)" "export: unknown format"

# --- merge ---
"$BNBENCH" --db c.db import json local.json --baseline mine >/dev/null
out=$("$BNBENCH" --db c.db merge a.db); rc=$?
is "$rc" 0 "merge exits 0"
is "$out" "merged a.db into c.db: 1 run and 1 baseline copied" "merge copies what is missing"
"$BNBENCH" --db c.db export json 2 > merged.json
is "$(diff pr-448.json merged.json | grep '^[<>]' | sed 's/[0-9]*,$/N,/' | sort -u)" '<     "id": N,
>     "id": N,' "a merged run is the same run"
out=$("$BNBENCH" --db c.db merge a.db); rc=$?
is "$rc:$out" "0:merged a.db into c.db: 0 runs and 0 baselines copied" "merging again copies nothing"
out=$("$BNBENCH" --db c.db export json 3 2>&1)
is "$out" "bnbench: no run '3'" "merging again adds no run"
out=$("$BNBENCH" --db new.db merge c.db); rc=$?
is "$rc:$out" "0:merged c.db into new.db: 2 runs and 2 baselines copied" "merge into a new database"

cp c.db c.before
echo "not a database" > text.db
out=$("$BNBENCH" --db c.db merge text.db 2>&1); rc=$?
is "$rc:$out" "2:bnbench: text.db: not a bnbench database" "merge of a file that is not a bnbench database"
ok "$(cmp -s c.db c.before; echo $?)" "merge refused: database unchanged"
out=$("$BNBENCH" --db c.db merge missing.db 2>&1); rc=$?
is "$rc:$out" "2:bnbench: missing.db: no such database" "merge of a missing file"
out=$("$BNBENCH" --db c.db merge ./c.db 2>&1); rc=$?
is "$rc:$out" "2:bnbench: merge: ./c.db is the database being merged into" "merge of a database into itself"
out=$("$BNBENCH" --db fresh.db merge text.db 2>&1); rc=$?
ok "$([ "$rc" = 2 ] && [ ! -e fresh.db ]; echo $?)" "merge refused: no database created"

done_testing
