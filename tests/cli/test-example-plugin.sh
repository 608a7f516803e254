#!/bin/sh
# The example plugin of bnbench-plugin(3), built out of tree against the installed
# headers and bnbench-plugin.pc, loads and verifies against the i2s reference.
. "$BNB_SRCDIR/tests/cli/tap.sh"

command -v pkg-config >/dev/null 2>&1 || skip_all "pkg-config not found"
CC=${CC:-cc}
command -v "${CC%% *}" >/dev/null 2>&1 || skip_all "no C compiler ($CC) found"

# The example, between its marker lines, with the roff escapes undone: \\ first
# (left to right, as roff reads it, through a placeholder), then \&, \-, \(aq, \(dq, \e.
B=$(printf '\001')
sed -n '/^\.\\" BEGIN example\.c$/,/^\.\\" END example\.c$/p' "$BNB_SRCDIR/man/bnbench-plugin.3" |
	sed -e '1d' -e '$d' -e "s/\\\\\\\\/$B/g" \
	    -e 's/\\&//g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' -e 's/\\e/\\/g' \
	    -e "s/$B/\\\\/g" > "$TMP/example.c"
like "$(wc -l < "$TMP/example.c")" '^ *[1-9][0-9]+$' "the man page holds the example between its markers"
ok "$(! grep -q '\\[-&(]' "$TMP/example.c"; echo $?)" "no roff escapes left in the example"
like "$(head -1 "$TMP/example.c")" '^/\* example\.c: ' "the example starts with its own comment"
like "$(tail -1 "$TMP/example.c")" '^BNB_PLUGIN_REGISTER\(plugin\)$' "the example ends with BNB_PLUGIN_REGISTER"

# Install into a staging folder, as a packager would.
INST=$TMP/inst
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${MAKE:-make}" -s -C "$BNB_BUILDDIR" install DESTDIR="$INST" \
	> "$TMP/install.log" 2>&1
rc=$?
is "$rc" 0 "make install DESTDIR=... succeeds"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMP/install.log" | tail -20
pc=$(find "$INST" -name bnbench-plugin.pc -path '*/pkgconfig/*' | head -1)
ok "$([ -n "$pc" ] && [ -f "$pc" ]; echo $?)" "bnbench-plugin.pc is installed"
hdr=$(find "$INST" -path '*/include/bnbench/plugin.h' | head -1)
ok "$([ -n "$hdr" ] && [ -f "$hdr" ]; echo $?)" "bnbench/plugin.h is installed"
ok "$([ -n "$hdr" ] && [ -f "${hdr%/plugin.h}/status.h" ]; echo $?)" "bnbench/status.h is installed next to it"
ok "$(find "$INST" -path '*/man3/bnbench-plugin.3' | grep -q .; echo $?)" "bnbench-plugin.3 is installed"
comp=$(find "$INST" -path '*/bash-completion/completions/bnbench' | head -1)
ok "$([ -n "$comp" ] && cmp -s "$comp" "$BNB_SRCDIR/scripts/bash-completion/bnbench"; echo $?)" \
	"the bash completion is installed as .../bash-completion/completions/bnbench"

pkgconf() {
	PKG_CONFIG_PATH=${pc%/*} PKG_CONFIG_LIBDIR=${pc%/*} PKG_CONFIG_SYSROOT_DIR=$INST \
	PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 pkg-config "$@"
}
cflags=$(pkgconf --cflags bnbench-plugin); rc=$?
cflags=$(printf '%s\n' "$cflags" | sed 's/[[:space:]]*$//')
is "$rc" 0 "pkg-config --cflags bnbench-plugin works"
is "$cflags" "-I${hdr%/bnbench/plugin.h}" "the cflags point at the installed headers"
plugindir=$(pkgconf --variable=plugindir bnbench-plugin)
plugindir=$INST${plugindir#"$INST"}
ok "$([ -f "$plugindir/i2s.so" ]; echo $?)" "the plugindir variable names the installed plugin folder"

# Build the example in a fresh folder, as its author would.
P=$TMP/plugins
mkdir "$P"
# shellcheck disable=SC2086
$CC $cflags -std=c11 -Wall -Wextra -Werror -O2 -shared -fPIC -o "$P/example.so" "$TMP/example.c" \
	> "$TMP/cc.log" 2>&1
rc=$?
is "$rc" 0 "the example compiles cleanly (-std=c11 -Wall -Wextra -Werror)"
[ "$rc" -eq 0 ] || sed 's/^/# /' "$TMP/cc.log"

out=$("$BNBENCH" --plugin-dir "$P" list example 2>&1); rc=$?
is "$rc" 0 "list example exits 0"
like "$out" "^path +$P/example\.so$" "list example shows where it was loaded from"
like "$out" '^status +ok$' "the example plugin is ok"
like "$out" '^  dequantize +i2s +example +features: none +ok$' "list example shows its kernel"
ok "$(! printf '%s\n' "$out" | grep -q 'without optimisation'; echo $?)" \
	"an -O2 build is marked optimised"

cat > "$TMP/example.yaml" <<'EOF'
name: example
defaults:
  warmup: 10ms
  min_time: 20ms
  max_time: 50ms
groups:
  - op: dequantize
    schemes: [i2s]
    backends: [example]
    sizes: [1024]
EOF
out=$("$BNBENCH" --db "$TMP/r.db" --plugin-dir "$P" run "$TMP/example.yaml" 2>&1); rc=$?
is "$rc" 0 "running the example suite exits 0"
like "$out" '^dequantize/i2s/example/1024 .* verified(  noisy: CI [0-9.e+-]+% of the median, target [0-9.e+-]+%)?$' "the example kernel verifies against the reference and is measured"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/# /'

# --- before 'make install': the uninstalled .pc of the build tree, as the README says ---
unset PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
cflags=$(PKG_CONFIG_PATH=$BNB_BUILDDIR pkg-config --cflags bnbench-plugin | sed 's/[[:space:]]*$//')
is "$cflags" "-I$BNB_SRCDIR/include" "uninstalled: pkg-config --cflags bnbench-plugin points at the source tree"
mkdir "$TMP/tree"
# shellcheck disable=SC2086
$CC $cflags -std=c11 -Wall -Wextra -Werror -O2 -shared -fPIC -o "$TMP/tree/example.so" "$TMP/example.c" \
	> "$TMP/cc2.log" 2>&1
is "$?" 0 "uninstalled: the example compiles against the source tree"
like "$("$BNBENCH" --plugin-dir "$TMP/tree" list example 2>&1)" '^status +ok$' "uninstalled: the plugin loads"
done_testing
