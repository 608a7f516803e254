# unit tests: the ops table, the plan and the engine (linked against the library alone, with test plugins)
check_PROGRAMS += tests/unit/test-ops tests/unit/test-plan tests/unit/test-runner tests/unit/test-proto tests/unit/test-describe
TESTS += tests/unit/test-ops tests/unit/test-plan tests/unit/test-runner tests/unit/test-proto tests/unit/test-describe
noinst_HEADERS += tests/unit/t_plugins.h
tests_unit_test_ops_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_ops_LDADD = $(TEST_LIBS)
tests_unit_test_plan_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_plan_LDADD = $(TEST_LIBS)
tests_unit_test_runner_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_runner_LDADD = $(TEST_LIBS)
tests_unit_test_proto_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_proto_LDADD = $(TEST_LIBS)
tests_unit_test_describe_CPPFLAGS = $(TEST_INCLUDES)
tests_unit_test_describe_LDADD = $(TEST_LIBS)
