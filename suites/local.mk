suitesdir = $(pkgdatadir)/suites
dist_suites_DATA =
dist_suites_DATA += suites/quant.yaml suites/gemv.yaml
dist_suites_DATA += suites/gpu.yaml
dist_suites_DATA += suites/http-example.yaml
dist_suites_DATA += suites/bitnet-2b4t.yaml
