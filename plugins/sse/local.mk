if BUILD_SSE
pkglib_LTLIBRARIES += plugins/sse.la
plugins_sse_la_SOURCES = plugins/sse/plugin.c plugins/sse/kernels.h
# i2s
plugins_sse_la_SOURCES += plugins/sse/i2s.c plugins/sse/act.c plugins/sse/act.h
# tl1, tl2
plugins_sse_la_SOURCES += plugins/sse/tl1.c plugins/sse/tl2.c plugins/sse/tl-lut.h
plugins_sse_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS) $(SSE_CFLAGS)"'
plugins_sse_la_CFLAGS = $(AM_CFLAGS) $(SSE_CFLAGS)
plugins_sse_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_sse_la_LIBADD = -lm
endif
