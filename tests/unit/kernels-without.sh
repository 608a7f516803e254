# Sourced by test-kernels-no*.sh: the avx512 kernels against their references
# once more with the CPU feature $feature treated as absent (BNBENCH_CPU_DISABLE).
set -u
if [ ! -e "$BNB_PLUGINDIR/avx512.so" ]; then
	echo "1..0 # SKIP the avx512 plugin is not built"
	exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/bnbench-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
for p in avx512 i2s tl1 tl2; do
	ln -s "$BNB_PLUGINDIR/$p.so" "$TMP/$p.so"
done
BNB_PLUGINDIR=$TMP BNBENCH_CPU_DISABLE=$feature "$BNB_BUILDDIR/tests/unit/test-kernels"
