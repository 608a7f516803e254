if BUILD_AVX512
pkglib_LTLIBRARIES += plugins/avx512.la
plugins_avx512_la_SOURCES = plugins/avx512/plugin.c plugins/avx512/kernels.h
# i2s
plugins_avx512_la_SOURCES += plugins/avx512/i2s.c plugins/avx512/act.c plugins/avx512/act.h
# tl1, tl2
plugins_avx512_la_SOURCES += plugins/avx512/tl1.c plugins/avx512/tl2.c plugins/avx512/tl-lut.h
plugins_avx512_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS) $(AVX512_CFLAGS)"'
plugins_avx512_la_CFLAGS = $(AM_CFLAGS) $(AVX512_CFLAGS)
plugins_avx512_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_avx512_la_LIBADD = -lm
endif
