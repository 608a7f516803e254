# TAP helpers for command-line tests (sourced).
set -u
tap_n=0
tap_failed=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bnbench-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export BNBENCH_PLUGIN_PATH=
unset BNBENCH_DB BNBENCH_CPU_DISABLE

ok() { # ok COND-STATUS NAME
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}

is() { # is GOT WANT NAME
	tap_n=$((tap_n + 1))
	if [ "$1" = "$2" ]; then
		echo "ok $tap_n - $3"
	else
		echo "not ok $tap_n - $3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '2,$s/^/# /'
		tap_failed=$((tap_failed + 1))
	fi
}

like() { # like GOT ERE NAME
	tap_n=$((tap_n + 1))
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		echo "ok $tap_n - $3"
	else
		echo "not ok $tap_n - $3"
		printf '%s\n' "$1" | sed 's/^/#   got: /' | head -20
		echo "#   want /$2/"
		tap_failed=$((tap_failed + 1))
	fi
}

skip_all() { echo "1..0 # SKIP $1"; exit 0; }

done_testing() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }

# A plugin folder with copies of the named built plugins (from the build or test tree).
plugin_dir() { # plugin_dir DIR NAME...
	local dir=$1 name
	shift
	mkdir -p "$dir"
	for name in "$@"; do
		if [ -f "$BNB_PLUGINDIR/$name.so" ]; then cp "$BNB_PLUGINDIR/$name.so" "$dir/"
		else cp "$BNB_TEST_PLUGINDIR/$name.so" "$dir/"; fi
	done
}
