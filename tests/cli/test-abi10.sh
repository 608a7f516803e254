#!/bin/sh
# A plugin built against the ABI 1.0 header (tests/abi-1.0) loads and runs under this bnbench.
. "$BNB_SRCDIR/tests/cli/tap.sh"
cd "$TMP" || exit 1

plugin_dir plugins t_abi10
out=$("$BNBENCH" --plugin-dir plugins list 2>&1); rc=$?
is "$rc" 0 "list exits 0"
like "$out" "^t_abi10 +ok +1\.0 +1\.0 +- +1 " "an abi 1.0 plugin is listed as abi 1.0 and ok"

printf 'name: t\ndefaults:\n  warmup: 1ms\n  min_time: 2ms\n  max_time: 20ms\n  min_samples: 3\ngroups:\n  - op: dequantize\n    schemes: [i2s]\n    backends: [t_abi10]\n    sizes: [1024, 4096]\n' > abi10.yaml
out=$("$BNBENCH" --db abi10.db --plugin-dir plugins run abi10.yaml 2>&1); rc=$?
is "$rc" 0 "a run of its kernel exits 0"
like "$out" "^dequantize/i2s/t_abi10/1024 +[0-9.]+ [nu]s .* verified" "its kernel runs and is verified (1024)"
like "$out" "^dequantize/i2s/t_abi10/4096 +[0-9.]+ [nu]s .* verified" "its kernel runs and is verified (4096)"
# Its kernels cannot use threads: one case each, on one thread, whatever the counts.
out=$("$BNBENCH" --db abi10.db --plugin-dir plugins run abi10.yaml --threads 1,2,4 2>&1); rc=$?
is "$rc" 0 "a run with --threads 1,2,4 exits 0"
is "$(printf '%s\n' "$out" | grep -c '^dequantize/i2s/t_abi10/[0-9]* .* verified')" 2 "an abi 1.0 kernel runs single-threaded: one case per size"
like "$out" "^[0-9]+ ok, [0-9]+ noisy, 0 failed, 0 errors, 0 skipped" "no case on more threads, none failed"
done_testing
