# plugin cpupeak: int8 multiply-add and byte lookup throughput (the compute roof)
pkglib_LTLIBRARIES += plugins/cpupeak.la
plugins_cpupeak_la_SOURCES = plugins/cpupeak/cpupeak.c
plugins_cpupeak_la_CPPFLAGS = $(AM_CPPFLAGS) -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_cpupeak_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
