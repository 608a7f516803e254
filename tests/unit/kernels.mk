# unit tests: kernels (every SIMD kernel of every built plugin against its scalar reference)
check_PROGRAMS += tests/unit/test-kernels
TESTS += tests/unit/test-kernels
tests_unit_test_kernels_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/common
tests_unit_test_kernels_LDADD = -ldl -lm
dist_check_SCRIPTS += tests/unit/test-kernels-novbmi.sh
TESTS += tests/unit/test-kernels-novbmi.sh
