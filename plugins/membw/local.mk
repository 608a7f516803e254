# plugin membw: read and copy bandwidth at a footprint (the roofline's reference)
pkglib_LTLIBRARIES += plugins/membw.la
plugins_membw_la_SOURCES = plugins/membw/membw.c
plugins_membw_la_CPPFLAGS = $(AM_CPPFLAGS) -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_membw_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
