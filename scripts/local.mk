EXTRA_DIST += scripts/quickstart
