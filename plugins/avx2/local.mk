if BUILD_AVX2
pkglib_LTLIBRARIES += plugins/avx2.la
plugins_avx2_la_SOURCES = plugins/avx2/plugin.c plugins/avx2/kernels.h
# i2s
plugins_avx2_la_SOURCES += plugins/avx2/i2s.c plugins/avx2/act.c plugins/avx2/act.h
# tl1, tl2
plugins_avx2_la_SOURCES += plugins/avx2/tl1.c plugins/avx2/tl2.c plugins/avx2/tl-lut.h
plugins_avx2_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS) $(AVX2_CFLAGS)"'
plugins_avx2_la_CFLAGS = $(AM_CFLAGS) $(AVX2_CFLAGS)
plugins_avx2_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_avx2_la_LIBADD = -lm
endif
