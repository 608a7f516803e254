# unit tests: stats
check_PROGRAMS += tests/unit/test-stats
TESTS += tests/unit/test-stats
tests_unit_test_stats_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_stats_LDADD = $(TEST_LIBS)
