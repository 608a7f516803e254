# plugin i2s: the I2S scheme and its scalar reference kernels
pkglib_LTLIBRARIES += plugins/i2s.la
plugins_i2s_la_SOURCES = plugins/i2s/i2s.c
plugins_i2s_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/common -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_i2s_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_i2s_la_LIBADD = -lm
