# plugin http: the latency of an HTTP endpoint (libcurl; unsupported without it)
pkglib_LTLIBRARIES += plugins/http.la
plugins_http_la_SOURCES = plugins/http/http.c
plugins_http_la_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS) -DBNB_PLUGIN_CFLAGS='"$(CFLAGS)"'
plugins_http_la_LDFLAGS = $(PLUGIN_LINK_FLAGS)
plugins_http_la_LIBADD = $(CURL_LIBS)
