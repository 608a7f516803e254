# The scheme plugins i2s, tl1 and tl2: one source, plugins/reference/plugin.c,
# built with each scheme's codec (plugins/<scheme>/codec.h).
REF_PLUGIN_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins -I$(top_srcdir)/plugins/common \
	-DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
pkglib_LTLIBRARIES += plugins/i2s.la plugins/tl1.la plugins/tl2.la
plugins_i2s_la_SOURCES = plugins/reference/plugin.c plugins/i2s/codec.h
plugins_i2s_la_CPPFLAGS = $(REF_PLUGIN_CPPFLAGS) -DBNB_CODEC='"i2s/codec.h"'
plugins_tl1_la_SOURCES = plugins/reference/plugin.c plugins/tl1/codec.h
plugins_tl1_la_CPPFLAGS = $(REF_PLUGIN_CPPFLAGS) -DBNB_CODEC='"tl1/codec.h"'
plugins_tl2_la_SOURCES = plugins/reference/plugin.c plugins/tl2/codec.h
plugins_tl2_la_CPPFLAGS = $(REF_PLUGIN_CPPFLAGS) -DBNB_CODEC='"tl2/codec.h"'
plugins_i2s_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_tl1_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_tl2_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_i2s_la_LIBADD = -lm
plugins_tl1_la_LIBADD = -lm
plugins_tl2_la_LIBADD = -lm
