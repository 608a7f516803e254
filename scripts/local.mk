EXTRA_DIST += scripts/quickstart
EXTRA_DIST += scripts/gpu-check
EXTRA_DIST += scripts/make-history-db
EXTRA_DIST += scripts/bnbench-ci-gate scripts/gate-quality
