# Command-line tests: shell scripts that print TAP.
EXTRA_DIST += tests/cli/tap.sh
dist_check_SCRIPTS += tests/cli/test-list.sh tests/cli/test-run.sh tests/cli/test-exec.sh
TESTS += tests/cli/test-list.sh tests/cli/test-run.sh tests/cli/test-exec.sh
dist_check_SCRIPTS += tests/cli/test-example-plugin.sh
TESTS += tests/cli/test-example-plugin.sh
dist_check_SCRIPTS += tests/cli/test-import.sh tests/cli/test-export.sh
TESTS += tests/cli/test-import.sh tests/cli/test-export.sh
EXTRA_DIST += tests/data/criterion-pr-448
dist_check_SCRIPTS += tests/cli/test-compare.sh tests/cli/test-ab.sh tests/cli/test-ci-gate.sh
TESTS += tests/cli/test-compare.sh tests/cli/test-ab.sh tests/cli/test-ci-gate.sh
dist_check_SCRIPTS += tests/cli/test-http.sh tests/cli/test-otlp.sh
TESTS += tests/cli/test-http.sh tests/cli/test-otlp.sh
EXTRA_DIST += tests/cli/http-server.py tests/cli/otlp-receiver.py
dist_check_SCRIPTS += tests/cli/test-report.sh
TESTS += tests/cli/test-report.sh
EXTRA_DIST += tests/data/report-run.json tests/data/report-base.json tests/data/report-golden.md
