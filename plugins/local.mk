# Each plugin folder adds its module here.
noinst_HEADERS += plugins/common/ternary.h plugins/common/kernel-state.h \
	plugins/common/reference.h plugins/common/tl-tiles.h
include $(srcdir)/plugins/i2s/local.mk
include $(srcdir)/plugins/tl1/local.mk
include $(srcdir)/plugins/tl2/local.mk
include $(srcdir)/plugins/sse/local.mk
include $(srcdir)/plugins/avx2/local.mk
include $(srcdir)/plugins/avx512/local.mk
include $(srcdir)/plugins/cuda/local.mk
include $(srcdir)/plugins/http/local.mk
