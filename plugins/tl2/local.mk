# plugin tl2: the TL2 scheme and its scalar reference kernels
pkglib_LTLIBRARIES += plugins/tl2.la
plugins_tl2_la_SOURCES = plugins/tl2/tl2.c
plugins_tl2_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_tl2_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_tl2_la_LIBADD = -lm
