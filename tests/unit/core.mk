# Unit tests of the ABI layout and the harness utilities.
check_PROGRAMS += tests/unit/test-abi tests/unit/test-util
TESTS += tests/unit/test-abi tests/unit/test-util
tests_unit_test_abi_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_util_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_util_LDADD = $(TEST_LIBS)
