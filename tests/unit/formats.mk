# unit tests: formats (the i2s, tl1 and tl2 plugins, loaded from the build tree)
check_PROGRAMS += tests/unit/test-formats
TESTS += tests/unit/test-formats
tests_unit_test_formats_SOURCES = tests/unit/test-formats.c
tests_unit_test_formats_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/common
tests_unit_test_formats_LDADD = -ldl -lm
