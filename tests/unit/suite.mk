# unit tests: suite
check_PROGRAMS += tests/unit/test-suite
TESTS += tests/unit/test-suite
tests_unit_test_suite_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_suite_LDADD = $(TEST_LIBS)
check_PROGRAMS += tests/unit/test-roofline
TESTS += tests/unit/test-roofline
tests_unit_test_roofline_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_roofline_LDADD = $(TEST_LIBS)
