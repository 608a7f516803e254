#!/bin/sh
# bnbench list: every plugin with its status; every loader failure with its exact reason.
. "$BNB_SRCDIR/tests/cli/tap.sh"

out=$("$BNBENCH" list 2>&1); rc=$?
is "$rc" 0 "list exits 0"
for s in i2s tl1 tl2; do
	like "$out" "^$s +ok +1\.0 +1\.2 +$s +3 " "scheme plugin $s is ok with 3 kernels"
done

D=$TMP/broken
plugin_dir "$D" t_noentry t_abi2 t_old t_nullcb t_dupkernel t_badname t_feature
printf 'not an elf file\n' > "$D/t_text.so"
plugin_dir "$TMP/ww" t_null
mv "$TMP/ww/t_null.so" "$D/t_ww.so"; chmod o+w "$D/t_ww.so"
mkdir "$D/t_dir.so"
plugin_dir "$TMP/second" t_old
out=$(BNBENCH_PLUGIN_PATH=$TMP/second "$BNBENCH" --plugin-dir "$D" list 2>&1); rc=$?
is "$rc" 0 "list with broken plugins exits 0"
reason() { printf '%s\n' "$out" | grep -A1 "^$1 " | sed -n '2s/^  //p'; }
is "$(reason t_noentry)" "broken: no entry point bnb_plugin_init (not a bnbench plugin)" "no entry point"
is "$(reason t_abi2)" "broken: abi 2.0 is not supported (this bnbench: abi 1.2)" "wrong abi_major"
like "$out" "^t_old +ok +0\.9 +1\.0 +- +1 " "older, smaller struct_size still loads"
is "$(reason t_nullcb)" "broken: kernel noop/-/t_nullcb: required callback run is NULL" "NULL required callback"
is "$(reason t_dupkernel)" "broken: kernel noop/-/t_dupkernel: defined twice" "duplicate kernel"
is "$(reason t_badname)" "broken: plugin calls itself 'Bad Name' but its file is t_badname.so" "bad name"
is "$(reason t_feature)" "unsupported: cpu lacks bit40" "feature no cpu has: unsupported"
like "$(reason t_text)" "^broken: cannot load: .*t_text\.so: (invalid ELF header|file too short)" "not a shared object"
is "$(reason t_ww)" "broken: world-writable file, refusing to load" "world-writable file"
is "$(reason t_dir)" "broken: not a regular file" "not a regular file"

# folders on the way to a plugin: not writable by others (a sticky /tmp above is fine)
for mode in 777 1777; do
	plugin_dir "$TMP/open$mode" t_null
	chmod "$mode" "$TMP/open$mode"
	o=$("$BNBENCH" --plugin-dir "$TMP/open$mode" list t_null 2>&1)
	like "$o" "broken: folder .*/open$mode is world-writable, refusing to load" "a plugin in a $mode folder is refused"
done
mkdir "$TMP/safe" && ln -s "$TMP/open777/t_null.so" "$TMP/safe/t_null.so"
o=$("$BNBENCH" --plugin-dir "$TMP/safe" list t_null 2>&1)
like "$o" "broken: folder .*/open777 is world-writable, refusing to load" "a symlink into a world-writable folder is refused"
mkdir -p "$TMP/open777/sub" && plugin_dir "$TMP/open777/sub/p" t_null
o=$("$BNBENCH" --plugin-dir "$TMP/open777/sub/p" list t_null 2>&1)
like "$o" "broken: folder .*/open777 is world-writable" "a world-writable folder higher up is refused"
like "$(printf '%s\n' "$out" | grep -A1 "^t_old .*second")" "broken: duplicate plugin name 't_old' \(already loaded from $D/t_old\.so\)" "duplicate plugin name"

plugin_dir "$TMP/dups" t_dupscheme
out=$("$BNBENCH" --plugin-dir "$TMP/dups" list 2>&1)
is "$(reason i2s)" "broken: scheme 'i2s' is already defined by plugin t_dupscheme" "scheme defined twice"

out=$(BNBENCH_CPU_DISABLE=avx512bw,avx2 "$BNBENCH" list 2>&1)
if [ -f "$BNB_PLUGINDIR/avx512.so" ] && "$BNBENCH" list avx512 | grep -q '^kernels *[1-9]'; then
	like "$(reason avx512)" "^unsupported: cpu lacks (avx2 )?.*avx512bw" "cpu-feature override makes avx512 unsupported"
fi
if [ -f "$BNB_PLUGINDIR/avx2.so" ] && "$BNBENCH" list avx2 | grep -q '^kernels *[1-9]'; then
	like "$(reason avx2)" "^unsupported: cpu lacks avx2" "cpu-feature override makes avx2 unsupported"
fi

out=$("$BNBENCH" list --schemes 2>&1)
like "$out" "^i2s +i2s +2 +128 +quantize .*scalar" "list --schemes shows i2s with its scalar kernels"
like "$out" "^tl2 +tl2 +1\.67 +128 " "list --schemes shows tl2's bits per weight"

out=$("$BNBENCH" list i2s 2>&1)
like "$out" "^scheme +i2s: " "list PLUGIN shows its scheme"
like "$out" "gemv +i2s +scalar +features: none +ok" "list PLUGIN shows kernels"
if [ -f "$BNB_PLUGINDIR/sse.so" ]; then
	o=$("$BNBENCH" list sse)
	like "$o" "^      threads: 1 to [0-9]+$" "list PLUGIN shows how many threads a kernel can use"
fi
out=$("$BNBENCH" list nosuch 2>&1); rc=$?
is "$rc" 2 "unknown plugin exits 2"
is "$out" "bnbench: list: no plugin 'nosuch' (see 'bnbench list')" "unknown plugin message"
done_testing
