# unit tests: stats
check_PROGRAMS += tests/unit/test-stats
TESTS += tests/unit/test-stats
tests_unit_test_stats_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_stats_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test-paired
TESTS += tests/unit/test-paired
tests_unit_test_paired_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_paired_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test-changepoint
TESTS += tests/unit/test-changepoint
tests_unit_test_changepoint_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_changepoint_LDADD = $(TEST_LIBS)
