# unit tests: kernels (every SIMD kernel of every built plugin against its scalar reference)
check_PROGRAMS += tests/unit/test-kernels
TESTS += tests/unit/test-kernels
tests_unit_test_kernels_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/common
tests_unit_test_kernels_LDADD = -ldl -lm
dist_check_SCRIPTS += tests/unit/test-kernels-novbmi.sh tests/unit/test-kernels-novnni.sh
EXTRA_DIST += tests/unit/kernels-without.sh
TESTS += tests/unit/test-kernels-novbmi.sh tests/unit/test-kernels-novnni.sh

# gemv_rows of the avx2 and avx512 kernels (the two drivers): a split of the
# rows gives what the whole gemv gives.  One program per kernel file.
GEMV_ROWS_SOURCES = tests/unit/test-gemv-rows.c plugins/simd/pool.c
GEMV_ROWS_CPPFLAGS = $(SIMD_CPPFLAGS) -I$(top_srcdir)/tests
if BUILD_AVX2
GEMV_ROWS_AVX2 = tests/unit/test-gemv-rows-avx2-i2s tests/unit/test-gemv-rows-avx2-tl1 \
	tests/unit/test-gemv-rows-avx2-tl2
check_PROGRAMS += $(GEMV_ROWS_AVX2)
TESTS += $(GEMV_ROWS_AVX2)
endif
if BUILD_AVX512
GEMV_ROWS_AVX512 = tests/unit/test-gemv-rows-avx512-i2s tests/unit/test-gemv-rows-avx512-tl1 \
	tests/unit/test-gemv-rows-avx512-tl2
check_PROGRAMS += $(GEMV_ROWS_AVX512)
TESTS += $(GEMV_ROWS_AVX512)
endif
tests_unit_test_gemv_rows_avx2_i2s_SOURCES = $(GEMV_ROWS_SOURCES) plugins/avx2/act.c
tests_unit_test_gemv_rows_avx2_i2s_CPPFLAGS = -I$(top_srcdir)/plugins/avx2 $(GEMV_ROWS_CPPFLAGS) -DKERNEL_FILE='"i2s.c"' \
	-DKERNEL_GEMV='&simd_i2s_gemv' -DCPU_FEATURE='"avx2"'
tests_unit_test_gemv_rows_avx2_i2s_CFLAGS = $(AM_CFLAGS) $(AVX2_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_gemv_rows_avx2_i2s_LDADD = -lm $(PTHREAD_LIBS)
tests_unit_test_gemv_rows_avx2_tl1_SOURCES = $(GEMV_ROWS_SOURCES) plugins/avx2/act.c
tests_unit_test_gemv_rows_avx2_tl1_CPPFLAGS = -I$(top_srcdir)/plugins/avx2 $(GEMV_ROWS_CPPFLAGS) -DKERNEL_FILE='"tl1.c"' \
	-DKERNEL_GEMV='&simd_tl1_gemv' -DCPU_FEATURE='"avx2"'
tests_unit_test_gemv_rows_avx2_tl1_CFLAGS = $(AM_CFLAGS) $(AVX2_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_gemv_rows_avx2_tl1_LDADD = -lm $(PTHREAD_LIBS)
tests_unit_test_gemv_rows_avx2_tl2_SOURCES = $(GEMV_ROWS_SOURCES) plugins/avx2/act.c
tests_unit_test_gemv_rows_avx2_tl2_CPPFLAGS = -I$(top_srcdir)/plugins/avx2 $(GEMV_ROWS_CPPFLAGS) -DKERNEL_FILE='"tl2.c"' \
	-DKERNEL_GEMV='&simd_tl2_gemv' -DCPU_FEATURE='"avx2"'
tests_unit_test_gemv_rows_avx2_tl2_CFLAGS = $(AM_CFLAGS) $(AVX2_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_gemv_rows_avx2_tl2_LDADD = -lm $(PTHREAD_LIBS)
tests_unit_test_gemv_rows_avx512_i2s_SOURCES = $(GEMV_ROWS_SOURCES) plugins/avx512/act.c
tests_unit_test_gemv_rows_avx512_i2s_CPPFLAGS = -I$(top_srcdir)/plugins/avx512 $(GEMV_ROWS_CPPFLAGS) -DKERNEL_FILE='"i2s.c"' \
	-DKERNEL_GEMV='&simd_i2s_gemv' -DCPU_FEATURE='"avx512vnni"'
tests_unit_test_gemv_rows_avx512_i2s_CFLAGS = $(AM_CFLAGS) $(AVX512_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_gemv_rows_avx512_i2s_LDADD = -lm $(PTHREAD_LIBS)
tests_unit_test_gemv_rows_avx512_tl1_SOURCES = $(GEMV_ROWS_SOURCES) plugins/avx512/act.c
tests_unit_test_gemv_rows_avx512_tl1_CPPFLAGS = -I$(top_srcdir)/plugins/avx512 $(GEMV_ROWS_CPPFLAGS) -DKERNEL_FILE='"tl1.c"' \
	-DKERNEL_GEMV='&simd_tl1_gemv' -DCPU_FEATURE='"avx512vnni"'
tests_unit_test_gemv_rows_avx512_tl1_CFLAGS = $(AM_CFLAGS) $(AVX512_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_gemv_rows_avx512_tl1_LDADD = -lm $(PTHREAD_LIBS)
tests_unit_test_gemv_rows_avx512_tl2_SOURCES = $(GEMV_ROWS_SOURCES) plugins/avx512/act.c
tests_unit_test_gemv_rows_avx512_tl2_CPPFLAGS = -I$(top_srcdir)/plugins/avx512 $(GEMV_ROWS_CPPFLAGS) -DKERNEL_FILE='"tl2.c"' \
	-DKERNEL_GEMV='&simd_tl2_gemv' -DCPU_FEATURE='"avx512vnni"'
tests_unit_test_gemv_rows_avx512_tl2_CFLAGS = $(AM_CFLAGS) $(AVX512_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_gemv_rows_avx512_tl2_LDADD = -lm $(PTHREAD_LIBS)
# the SIMD plugins' gemv thread pool
check_PROGRAMS += tests/unit/test-pool
TESTS += tests/unit/test-pool
tests_unit_test_pool_SOURCES = tests/unit/test-pool.c plugins/simd/pool.c
tests_unit_test_pool_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/simd
tests_unit_test_pool_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
tests_unit_test_pool_LDADD = $(PTHREAD_LIBS)
