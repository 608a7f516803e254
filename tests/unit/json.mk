# unit tests: the JSON reader
check_PROGRAMS += tests/unit/test-json
TESTS += tests/unit/test-json
tests_unit_test_json_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_json_LDADD = $(TEST_LIBS)
