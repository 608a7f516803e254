# unit tests: kernels (every SIMD kernel of every built plugin against its scalar reference)
check_PROGRAMS += tests/unit/test-kernels
TESTS += tests/unit/test-kernels
tests_unit_test_kernels_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/common
tests_unit_test_kernels_LDADD = -ldl -lm
# the SIMD plugins' gemv thread pool
check_PROGRAMS += tests/unit/test-pool
TESTS += tests/unit/test-pool
tests_unit_test_pool_SOURCES = tests/unit/test-pool.c plugins/simd/pool.c
tests_unit_test_pool_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/simd
tests_unit_test_pool_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_pool_LDADD = $(PTHREAD_LIBS)
