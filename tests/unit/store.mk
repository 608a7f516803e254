# unit tests: store
check_PROGRAMS += tests/unit/test-store
TESTS += tests/unit/test-store
tests_unit_test_store_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_store_LDADD = $(TEST_LIBS)
