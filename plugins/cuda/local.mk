# plugin cuda: i2s, tl1 and tl2 kernels on an NVIDIA GPU, plus the copy and
# launch baselines.  plugin.c (host side, C11) is compiled by $(CC); kernels.cu
# by $(NVCC) through libtool, so that the module links as any other.
#
# The kernels must match the scalar references bit for bit: IEEE division and
# square root, no contraction into FMA, no flush to zero, and never fast math.
CUDA_GENCODE = -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
	-gencode arch=compute_90,code=compute_90
CUDA_EXACT_FLAGS = -prec-div=true -prec-sqrt=true -fmad=false -ftz=false
CUDA_NVCC_FLAGS = -std=c++17 -O3 $(CUDA_GENCODE) $(CUDA_EXACT_FLAGS)

# The sources are distributed whether or not this build has CUDA.
EXTRA_DIST += plugins/cuda/kernels.cu plugins/cuda/kernels.h plugins/cuda/device.h \
	plugins/cuda/plugin.c

if HAVE_CUDA
pkglib_LTLIBRARIES += plugins/cuda.la
plugins_cuda_la_SOURCES = plugins/cuda/plugin.c plugins/cuda/kernels.h plugins/cuda/device.h
plugins_cuda_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common $(CUDA_CFLAGS) \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS); nvcc $(CUDA_NVCC_FLAGS) $(NVCCFLAGS)"'
plugins_cuda_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
# nvcc's host code is C++: it needs the C++ runtime besides cudart.
plugins_cuda_la_LIBADD = plugins/cuda/kernels.lo $(CUDA_LIBS) -lstdc++ -lm

# libtool appends -fPIC for the PIC object, which nvcc does not accept:
# -prefer-non-pic stops that, and -Xcompiler=-fPIC asks the host compiler
# for position-independent code instead.  (libtool itself would swallow a
# separate -Xcompiler, hence the one-word form.)
plugins/cuda/kernels.lo: plugins/cuda/kernels.cu plugins/cuda/kernels.h plugins/cuda/device.h
	@$(MKDIR_P) plugins/cuda
	$(AM_V_GEN)$(LIBTOOL) $(AM_V_lt) --tag=CC --mode=compile $(NVCC) -prefer-non-pic \
		$(CUDA_NVCC_FLAGS) $(NVCCFLAGS) -Xcompiler=-fPIC,-Wall,-Wextra \
		-c -o $@ $(srcdir)/plugins/cuda/kernels.cu
endif

CLEANFILES += plugins/cuda/kernels.lo
