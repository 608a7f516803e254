# unit tests: suite
check_PROGRAMS += tests/unit/test-suite
TESTS += tests/unit/test-suite
tests_unit_test_suite_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_suite_LDADD = $(TEST_LIBS)
