#!/bin/sh
# Command-line options: errors in bnbench's words with a did-you-mean, names
# that match nothing known, --cpu checked and recorded, every run option
# checked before anything is measured or stored, and write errors on
# standard output that fail the command.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 5ms\n  max_time: 10ms\ngroups:\n  - op: dequantize\n    schemes: [i2s]\n    backends: [scalar]\n    sizes: [1024]\n' > t.yaml
"$BNBENCH" --db t.db run t.yaml >/dev/null 2>&1 || { echo "Bail out! cannot make a run"; exit 1; }
sum=$(cksum < t.db)

refused() { # refused NAME MESSAGE ARGS...: exit 2, MESSAGE on stderr, nothing on stdout, t.db untouched
	name=$1 msg=$2
	shift 2
	"$BNBENCH" --db t.db "$@" >out 2>err
	is "$?/$(cat err)/$(cat out)" "2/bnbench: $msg/" "$name"
	is "$(cksum < t.db)" "$sum" "$name: the database is byte-identical"
}

# --- option errors: the prefix, the command, a did-you-mean from its own options ---
refused "run --lable" "run: unknown option '--lable' (did you mean '--label'?)" run t.yaml --lable x
refused "run --dry-rn" "run: unknown option '--dry-rn' (did you mean '--dry-run'?)" run t.yaml --dry-rn
refused "run --max-tme" "run: unknown option '--max-tme' (did you mean '--max-time'?)" run t.yaml --max-tme 1s
refused "run -z" "run: unknown option '-z' (see 'bnbench help run')" run t.yaml -z
refused "run --label without its value" "run: option '--label' needs an argument" run t.yaml --label
refused "run -l without its value" "run: option '-l' needs an argument" run t.yaml -l
refused "run --dry-run=yes" "run: option '--dry-run' takes no argument" run t.yaml --dry-run=yes
refused "run --f" "run: option '--f' is ambiguous (--format, --filter)" run t.yaml --f x
refused "list --schemas" "list: unknown option '--schemas' (did you mean '--schemes'?)" list --schemas
refused "show --formt" "show: unknown option '--formt' (did you mean '--format'?)" show --formt json
refused "compare --treshold" "compare: unknown option '--treshold' (did you mean '--threshold'?)" compare b --treshold 5
refused "report --histroy" "report: unknown option '--histroy' (did you mean '--history'?)" report --histroy 3
refused "export otlp --endpont" "export: unknown option '--endpont' (did you mean '--endpoint'?)" export otlp --endpont x
refused "global --dbb" "unknown option '--dbb' (did you mean '--db'?)" --dbb x list
refused "global -x" "unknown option '-x' (see 'bnbench --help')" -x list
like "$("$BNBENCH" -V)" "^bnbench [0-9]" "global -V still works"
for cmd in list run show exec import export merge compare baseline gate report history; do
	case $cmd in import) args="json x" ;; export) args="json" ;; baseline) args="list" ;; *) args= ;; esac
	refused "$cmd: an unknown option" "$cmd: unknown option '--zzzzzzzz' (see 'bnbench help $cmd')" $cmd $args --zzzzzzzz
done

# --- --op, --scheme, --backend: names that match nothing known ---
refused "run --backend scalr" "--backend: unknown backend 'scalr' (did you mean 'scalar'?)" run t.yaml --backend scalr
refused "run --backend scalar,zzzzzz" "--backend: unknown backend 'zzzzzz' (see 'bnbench list')" \
	run t.yaml --backend scalar,zzzzzz
refused "run --op quantise" "--op: unknown op 'quantise' (did you mean 'quantize'?)" run t.yaml --op quantise
refused "run --scheme i2z" "--scheme: unknown scheme 'i2z' (did you mean 'i2s'?)" run t.yaml --scheme i2z
refused "run --scheme i2s," "--scheme: an empty scheme name in 'i2s,'" run t.yaml --scheme i2s,

# --- --cpu: a CPU this process may run on, recorded with the run ---
allowed=$(python3 -c 'import os; print(" ".join(map(str, sorted(os.sched_getaffinity(0)))))' 2>/dev/null)
if [ -n "$allowed" ]; then
	list=$(python3 -c 'import os
c = sorted(os.sched_getaffinity(0)); out = []; i = 0
while i < len(c):
    j = i
    while j + 1 < len(c) and c[j + 1] == c[j] + 1: j += 1
    out.append(str(c[i]) if i == j else "%d-%d" % (c[i], c[j])); i = j + 1
print(",".join(out))')
	refused "run --cpu 4096" "run: invalid --cpu '4096': not a CPU this process may run on ($list)" run t.yaml --cpu 4096
	refused "run --cpu x" "run: invalid --cpu 'x': not a CPU number (this process may run on $list)" run t.yaml --cpu x
	refused "run --cpu -1" "run: invalid --cpu '-1': not a CPU number (this process may run on $list)" run t.yaml --cpu -1
	cpu=${allowed##* }
	"$BNBENCH" --db pin.db run t.yaml --cpu "$cpu" >/dev/null 2>&1
	ok $? "run --cpu $cpu: runs"
	like "$("$BNBENCH" --db pin.db show --env)" "^  bnbench\.cpu +$cpu$" "run --cpu: the pinning is in the run's environment"
	like "$("$BNBENCH" --db t.db show --env)" "^  bnbench\.cpu +none$" "run without --cpu: recorded as none"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP python3 not found"
fi

# --- the rest of run's options, before anything runs ---
refused "run --save-baseline ''" "run: empty --save-baseline name" run t.yaml --save-baseline ''
refused "run --label ''" "run: empty --label" run t.yaml --label ''
refused "run --format xml" "run: unknown format 'xml' (table, json, csv or markdown)" run t.yaml --format xml
refused "run --otlp=ftp://x" "run: --otlp: otlp endpoint 'ftp://x' is not an http:// or https:// url" run t.yaml --otlp=ftp://x
is "$("$BNBENCH" --db t.db baseline list 2>&1 | grep -c .)" 1 "no baseline was saved"

# --- write errors on standard output ---
if [ -w /dev/full ]; then
	for args in "list" "show" "show --format json" "export json" "export csv" "baseline list" "help run" "--version"; do
		"$BNBENCH" --db t.db $args >/dev/full 2>err
		is "$?/$(cat err)" "2/bnbench: error writing to stdout: No space left on device" "$args >/dev/full"
	done
	"$BNBENCH" --db t.db show >/dev/null 2>err
	is "$?/$(cat err)" "0/" "show >/dev/null: exit 0"
else
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # SKIP no /dev/full"
fi

done_testing
