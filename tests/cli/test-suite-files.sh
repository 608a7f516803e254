#!/bin/sh
# File parameters (BNB_PARAM_FILE): the http plugin's body_file is resolved
# against the suite's folder; an absolute path, a '..' component or a symbolic
# link out of the folder is refused (exit 2, nothing sent, nothing stored)
# unless --allow-outside-files is given; --dry-run shows the file and the URL.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

# a plugin whose file parameter defaults to a relative path is broken
plugin_dir fp t_fileparam
out=$("$BNBENCH" --plugin-dir fp list 2>&1)
like "$out" "broken: kernel noop/-/t_fileparam: default of file parameter 'data' is not an absolute path" \
	"a file parameter's default must be an absolute path"
if ! grep -q '^#define HAVE_LIBCURL 1' "$BNB_BUILDDIR/config.h"; then
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP the http plugin needs libcurl (built without it)"
	done_testing
	exit
fi
command -v python3 >/dev/null 2>&1 || { echo "Bail out! python3 not found"; exit 1; }

plugin_dir plugins http
python3 "$BNB_SRCDIR/tests/cli/http-server.py" --port-file port --log server.log --max-seconds 600 --max-requests 5000 &
spid=$!
trap 'kill $spid 2>/dev/null; rm -rf "$TMP"' EXIT
i=0
while [ ! -s port ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s port ] || { echo "Bail out! the test server did not start"; exit 1; }
url="http://127.0.0.1:$(cat port)"

mkdir -p s/data s/dir
printf 'inside' > s/data/body.txt
printf 'outside-secret' > secret.txt
ln -s "$TMP/secret.txt" s/data/link.txt
ln -s "$TMP" s/up
suite() { # suite FILE BODY_FILE: a POST to /FILE with that body_file
	printf 'name: f\ndefaults:\n  warmup: 1ms\n  min_time: 5ms\n  max_time: 20ms\ngroups:\n  - name: g\n    op: http\n    sizes: [1]\n    params: { url: "%s/%s", method: POST, body_file: %s }\n' \
		"$url" "$1" "$2" > "s/$1"
}
bodies() { # bodies PATH: the distinct bodies of the requests to /PATH
	python3 -c 'import json, sys
print(" ".join(sorted({r["body"] for r in map(json.loads, open("server.log")) if r["path"] == "/" + sys.argv[1]})))' "$1"
}
bn() { "$BNBENCH" --db f.db --plugin-dir plugins "$@"; }

suite good.yaml data/body.txt
bn run s/good.yaml >/dev/null 2>&1
ok $? "a file in the suite's folder: the run passes"
is "$(bodies good.yaml)" "inside" "its contents are the body"
sum=$(cksum < f.db)

# refused: exit 2, the message with file:line:column, no request, the database untouched
col() { awk -F'body_file: ' 'NR == 10 { print length($1) + 12 }' "s/$1"; }
for case in "abs.yaml|/etc/passwd|an absolute path" "dotdot.yaml|../secret.txt|a '..' component" \
	"link.yaml|data/link.txt|a symbolic link leads to $TMP/secret.txt" "updir.yaml|up/secret.txt|a symbolic link leads to $TMP/secret.txt"; do
	IFS='|' read -r f file why <<EOF
$case
EOF
	suite "$f" "$file"
	bn run "s/$f" >out 2>err
	is "$?/$(cat err)" "2/bnbench: s/$f:10:$(col "$f"): body_file '$file' is outside the suite's folder ($why; --allow-outside-files allows it)" \
		"$file: exit 2 and where"
	is "$(bodies "$f")" "" "$file: no request was sent"
	is "$(cksum < f.db)" "$sum" "$file: the database is byte-identical"
	bn run "s/$f" --dry-run >out 2>err
	is "$?" 2 "$file: --dry-run refuses it too"
done

suite missing.yaml nothing.txt
bn run s/missing.yaml >out 2>err
is "$?/$(cat err)" "2/bnbench: s/missing.yaml:10:$(col missing.yaml): body_file 'nothing.txt': No such file or directory" "a missing file"
suite folder.yaml dir
bn run s/folder.yaml >out 2>err
is "$?/$(cat err)" "2/bnbench: s/folder.yaml:10:$(col folder.yaml): body_file 'dir': not a regular file" "a folder"
is "$(cksum < f.db)/$(bodies missing.yaml)$(bodies folder.yaml)" "$sum/" "missing or folder: nothing stored or sent"

# --dry-run: the URL and the resolved file
out=$(bn run s/good.yaml --dry-run 2>&1)
is "$out" "http/-/http/1@method=POST            run
    url: $url/good.yaml
    method: POST
    body_file: $TMP/s/data/body.txt
1 cases" "--dry-run shows the URL and the resolved file"
out=$(bn run s/dotdot.yaml --dry-run --allow-outside-files 2>&1)
like "$out" "^    body_file: $TMP/secret.txt$" "--dry-run --allow-outside-files: the file outside"

# --allow-outside-files: sent
bn run s/dotdot.yaml --allow-outside-files >/dev/null 2>&1
ok $? "--allow-outside-files: '..' runs"
is "$(bodies dotdot.yaml)" "outside-secret" "--allow-outside-files: the file outside is the body"
bn run s/link.yaml --allow-outside-files >/dev/null 2>&1
is "$?/$(bodies link.yaml)" "0/outside-secret" "--allow-outside-files: a link out of the folder"

# the stored parameters are as written, so runs from other checkouts compare
like "$(bn show 2 --format csv | tail -1)" ',"body_file=\.\./secret\.txt;method=POST;url=[^"]*/dotdot\.yaml",' \
	"the stored parameters name the file as the suite wrote it"
like "$(bn list http)" "body_file +file " "list shows the parameter type 'file'"

done_testing
