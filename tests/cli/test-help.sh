#!/bin/sh
# 'bnbench help COMMAND' lists the options its parser takes (one table); each
# command's options, the synopsis in its help and the SYNOPSIS of its man page
# name the same options; the bash completion offers them.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
command -v python3 >/dev/null 2>&1 || skip_all "python3 not found"

# options HELP-FILE: the long options of the "options:" list, one a line (-x as its long name)
cat > agree.py <<'PY'
import re, sys
help_text, man = open(sys.argv[1]).read(), open(sys.argv[2]).read()
usage, _, rest = help_text.partition("\n\n")
listed = rest.split("\noptions:\n", 1)[1] if "\noptions:\n" in rest else ""
table, short = set(), {}
for m in re.finditer(r"^  (?:-(\w), )?\s*--([a-z][a-z-]*)", listed, re.M):
    table.add(m.group(2))
    if m.group(1):
        short[m.group(1)] = m.group(2)
table.discard("help")
command = len(sys.argv) > 3
def names(text):
    found = set(re.findall(r"--([a-z][a-z-]*)", text))
    for s in re.findall(r"(?<![\w-])-([a-zA-Z])\b", text):
        found.add(short.get(s, "-" + s))
    found.discard("help")
    if command:   # the global options that a command's synopsis shows before it
        found -= {"db", "plugin-dir", "verbose", "version"}
    return found
syn = man.split(".SH SYNOPSIS", 1)[1].split("\n.SH", 1)[0].replace("\\-", "-").replace("\\fB", "").replace("\\fP", "").replace("\\fI", "")
got = {"usage": names(usage), "man": names(syn)}
bad = [k + ": " + " ".join(sorted(got[k] ^ table)) for k in got if got[k] != table]
print("; ".join(bad) if bad else "agree")
PY
for cmd in list run show exec import export merge compare baseline ab gate report; do
	"$BNBENCH" help "$cmd" > "$cmd.help"
	is "$(python3 agree.py "$cmd.help" "$BNB_SRCDIR/man/bnbench-$cmd.1" "$cmd")" agree \
		"$cmd: its options, its help synopsis and bnbench-$cmd(1) SYNOPSIS agree"
	"$BNBENCH" "$cmd" --help > "$cmd.help2" 2>&1
	ok "$(cmp -s "$cmd.help" "$cmd.help2"; echo $?)" "$cmd --help is help $cmd"
done
"$BNBENCH" --help > global.help
is "$(python3 agree.py global.help "$BNB_SRCDIR/man/bnbench.1")" agree "the global options, usage and bnbench(1) SYNOPSIS agree"

# --- every listed option is one the parser takes, and an unlisted one is refused ---
for opt in $(sed -n 's/^  \(-., \)\{0,1\} *--\([a-z-]*\).*/\2/p' run.help); do
	out=$("$BNBENCH" run --zz-probe "--$opt" 2>&1)
	case $out in *"unknown option '--$opt'"*) ok 1 "run --$opt: listed but refused" ;; esac
done
like "$(cat run.help)" "^  -o, --output FILE +" "help lists short and long names with the argument"
like "$(cat run.help)" "^      --min-time DURATION +[a-z]" "each option with one line of help"

# --- the bash completion offers a command's options from its help ---
comp="$BNB_SRCDIR/scripts/bash-completion/bnbench"
if command -v bash >/dev/null 2>&1; then
	words() { # words WORD...: what completing the last word offers
		PATH="$(dirname "$BNBENCH"):$PATH" bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _bnbench; printf "%s\n" "${COMPREPLY[@]}"' "$comp" "$@"
	}
	like "$(words bnbench ru)" "^run$" "completion: command names"
	like "$(words bnbench run --min)" "^--min-time$" "completion: run's options"
	like "$(words bnbench run --min)" "^--min-samples$" "completion: every matching option"
	like "$(words bnbench gate --base)" "^--base-plugins$" "completion: gate's options"
	like "$(words bnbench --d)" "^--db$" "completion: global options"
	like "$(words bnbench run --color '')" "^always$" "completion: --color values"
fi
done_testing
