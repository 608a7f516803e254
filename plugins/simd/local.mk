# The SIMD backend plugins sse, avx2 and avx512: plugins/simd built with each
# one's folder first on the include path (its vector layer: simd.h, vec.h,
# act.[ch], i2s.c, tl-lut.h, tl2-ops.h) and its own -m flags.
SIMD_SOURCES = plugins/simd/plugin.c plugins/simd/kernels.h plugins/simd/tl1.c plugins/simd/tl2.c \
	plugins/simd/vec-ops.h plugins/simd/tl-gemv.h plugins/simd/tl-avx2.h \
	plugins/simd/tl2-avx2.h plugins/simd/i2s-gemv.h plugins/simd/act-ops.h \
	plugins/simd/tl1-decode32.h
SIMD_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/simd -I$(top_srcdir)/plugins/common
if BUILD_SSE
pkglib_LTLIBRARIES += plugins/sse.la
endif
if BUILD_AVX2
pkglib_LTLIBRARIES += plugins/avx2.la
endif
if BUILD_AVX512
pkglib_LTLIBRARIES += plugins/avx512.la
endif
plugins_sse_la_SOURCES = $(SIMD_SOURCES) plugins/sse/simd.h plugins/sse/vec.h \
	plugins/sse/act.c plugins/sse/act.h plugins/sse/i2s.c plugins/sse/tl-lut.h plugins/sse/tl2-ops.h
plugins_avx2_la_SOURCES = $(SIMD_SOURCES) plugins/avx2/simd.h plugins/avx2/vec.h \
	plugins/avx2/act.c plugins/avx2/act.h plugins/avx2/i2s.c plugins/avx2/tl-lut.h plugins/avx2/tl2-ops.h
plugins_avx512_la_SOURCES = $(SIMD_SOURCES) plugins/avx512/simd.h plugins/avx512/vec.h \
	plugins/avx512/act.c plugins/avx512/act.h plugins/avx512/i2s.c plugins/avx512/tl-lut.h plugins/avx512/tl2-ops.h \
	plugins/avx512/tl-dot.h
plugins_sse_la_CPPFLAGS = -I$(top_srcdir)/plugins/sse $(SIMD_CPPFLAGS) \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS) $(SSE_CFLAGS)"'
plugins_avx2_la_CPPFLAGS = -I$(top_srcdir)/plugins/avx2 $(SIMD_CPPFLAGS) \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS) $(AVX2_CFLAGS)"'
plugins_avx512_la_CPPFLAGS = -I$(top_srcdir)/plugins/avx512 $(SIMD_CPPFLAGS) \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS) $(AVX512_CFLAGS)"'
plugins_sse_la_CFLAGS = $(AM_CFLAGS) $(SSE_CFLAGS)
plugins_avx2_la_CFLAGS = $(AM_CFLAGS) $(AVX2_CFLAGS)
plugins_avx512_la_CFLAGS = $(AM_CFLAGS) $(AVX512_CFLAGS)
plugins_sse_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_avx2_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_avx512_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_sse_la_LIBADD = -lm
plugins_avx2_la_LIBADD = -lm
plugins_avx512_la_LIBADD = -lm
