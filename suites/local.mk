suitesdir = $(pkgdatadir)/suites
dist_suites_DATA =
