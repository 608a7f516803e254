# unit tests: the cuda plugin (probe, device code on the host, and the GPU when there is one)
EXTRA_DIST += tests/unit/test-cuda.c
if HAVE_CUDA
check_PROGRAMS += tests/unit/test-cuda
TESTS += tests/unit/test-cuda
tests_unit_test_cuda_SOURCES = tests/unit/test-cuda.c
tests_unit_test_cuda_CPPFLAGS = $(TEST_INCLUDES) -I$(top_srcdir)/plugins/cuda $(CUDA_CFLAGS)
tests_unit_test_cuda_LDADD = -ldl -lm
endif
