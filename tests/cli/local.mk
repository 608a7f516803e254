# Command-line tests: shell scripts that print TAP.
EXTRA_DIST += tests/cli/tap.sh
dist_check_SCRIPTS += tests/cli/test-list.sh tests/cli/test-run.sh tests/cli/test-exec.sh
TESTS += tests/cli/test-list.sh tests/cli/test-run.sh tests/cli/test-exec.sh
dist_check_SCRIPTS += tests/cli/test-example-plugin.sh
TESTS += tests/cli/test-example-plugin.sh
