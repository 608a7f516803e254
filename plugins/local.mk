# Each plugin folder adds its module here.
noinst_HEADERS += plugins/common/ternary.h plugins/common/kernel-state.h \
	plugins/common/reference.h plugins/common/tl-tiles.h \
	plugins/common/i2s-tiles.h
include $(srcdir)/plugins/reference/local.mk
include $(srcdir)/plugins/simd/local.mk
include $(srcdir)/plugins/cuda/local.mk
include $(srcdir)/plugins/http/local.mk
include $(srcdir)/plugins/membw/local.mk
include $(srcdir)/plugins/cpupeak/local.mk
