# unit tests: compare (classification and matching)
check_PROGRAMS += tests/unit/test-compare
TESTS += tests/unit/test-compare
tests_unit_test_compare_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_compare_LDADD = $(TEST_LIBS)
