#!/bin/sh
# scripts/bnbench-ci-gate in paired mode, on a throwaway git repository of two
# commits.  Building bnbench twice would take minutes, so the build step is
# replaced ($BNBENCH_CI_BUILD): the repository's "source" is a file naming which
# build of the t_slow test plugin it makes (the plain one at the first commit,
# the 400% slower one at the second).  Covered: the base revision (--base REF and
# the default, the merge base with the default branch), its checkout in a git
# worktree beside the checkout, the cache by commit, the candidate's build, the
# paired gate and its exit status, the markdown summary (only the measured cases)
# and the JUnit file, and --filter passed through.  Not covered: the real build
# (scripts/quickstart), which the other tests exercise.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1
builds=$BNB_TEST_PLUGINDIR/..
if [ ! -f "$builds/slow4x/.libs/t_slow.so" ]; then skip_all "t_slow builds not made"; fi
command -v git >/dev/null || skip_all "git not installed"
unset T_SLOW_SLOWDOWN GITHUB_STEP_SUMMARY

mkdir -p plain slow4x
cp "$BNB_PLUGINDIR/i2s.so" "$builds/.libs/t_slow.so" plain/
cp "$BNB_PLUGINDIR/i2s.so" "$builds/slow4x/.libs/t_slow.so" slow4x/
mkdir -p repo/scripts
cp "$BNB_SRCDIR/scripts/bnbench-ci-gate" repo/scripts/
printf 'name: t\ndefaults:\n  warmup: 5ms\n  min_time: 20ms\n  max_time: 200ms\n  threshold: 20%%\ngroups:\n' > repo/s.yaml
printf '  - op: dequantize\n    schemes: [i2s]\n    backends: [t_slow, scalar]\n    sizes: [4096, 8192]\n' >> repo/s.yaml
g() { git -C repo -c user.name=t -c user.email=t@example.org "$@"; }
g init -q -b main
echo plain > repo/variant
g add . && g commit -qm base
g checkout -q -b feature
echo slow4x > repo/variant
g commit -qam slower

# The build: copy the build the source names, and count the builds.
BNBENCH_CI_BUILD="echo \"\$1\" >> $TMP/builds.log; cp $TMP/\$(cat \"\$1/variant\")/*.so \"\$2/\""
BNBENCH_BASE_CACHE=$TMP/cache
export BNBENCH_CI_BUILD BNBENCH_BASE_CACHE BNBENCH
ci() { repo/scripts/bnbench-ci-gate --suite repo/s.yaml --db t.db "$@"; }

out=$(ci --base main --summary sum.md --junit j.xml 2>err); rc=$?
is "$rc" 1 "a slower candidate: exit 1"
like "$(cat sum.md)" "^## bnbench gate paired against [0-9a-f]+ \(base\) \(commit [0-9a-f]+\)$" "summary: the title"
like "$(cat sum.md)" "^\| dequantize/i2s/t_slow/4096 \| .* \| regressed \| confirmed" "summary: the regression"
like "$(cat sum.md)" "^\| dequantize/i2s/scalar/4096 \| .* \| (unchanged|inconclusive) \|" "summary: the unchanged scalar case"
python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' j.xml
ok $? "junit: well-formed XML"
base=$(g rev-parse main)
ok "$([ -f "cache/$base/built" ] && [ -f "cache/$base/plugins/t_slow.so" ]; echo $?)" "the base build is cached by commit"
like "$(head -1 builds.log)" "cache/$base/src$" "the base was built in a worktree beside the checkout"
is "$(g worktree list | wc -l | tr -d ' ')" "1" "the worktree is removed after the build"
is "$(wc -l < builds.log | tr -d ' ')" "2" "base and candidate built once each"

out=$(ci --summary sum2.md --filter '*/8192' 2>err); rc=$?
is "$rc" 1 "the default base (merge base with main): the same verdict"
is "$(wc -l < builds.log | tr -d ' ')" "3" "the second run reuses the cached base: only the candidate is built"
is "$(grep -c '^| dequantize/' sum2.md)" "2" "--filter passes through: the summary lists only the measured cases"
like "$(cat sum2.md)" "^\| dequantize/i2s/t_slow/8192 \|" "the filtered case is there"

g checkout -q main
out=$(ci --base main --summary sum3.md 2>err); rc=$?
is "$rc" 0 "the base against itself: exit 0"
out=$(ci --base nope 2>&1); rc=$?
is "$rc/$out" "2/bnbench-ci-gate: unknown revision 'nope'" "an unknown revision: exit 2"
out=$(ci --base main --baseline x 2>&1); rc=$?
is "$rc/$out" "2/bnbench-ci-gate: --base and --baseline exclude each other" "one mode at a time"
done_testing
