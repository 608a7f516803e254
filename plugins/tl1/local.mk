# plugin tl1: the TL1 scheme and its scalar reference kernels
pkglib_LTLIBRARIES += plugins/tl1.la
plugins_tl1_la_SOURCES = plugins/tl1/tl1.c
plugins_tl1_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_tl1_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_tl1_la_LIBADD = -lm
