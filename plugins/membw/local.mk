# plugin membw: read and copy bandwidth at a footprint (the roofline's reference),
# on the threads of the gemv kernels' pool
pkglib_LTLIBRARIES += plugins/membw.la
plugins_membw_la_SOURCES = plugins/membw/membw.c plugins/simd/pool.c plugins/simd/pool.h
plugins_membw_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/plugins/simd -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_membw_la_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
plugins_membw_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_membw_la_LIBADD = $(PTHREAD_LIBS)
