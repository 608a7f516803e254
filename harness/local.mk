# The harness: a convenience library of modules, and the bnbench program.
noinst_LTLIBRARIES = harness/libbnb.la
harness_libbnb_la_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(SQLITE_CFLAGS) $(CURL_CFLAGS) \
	-DBNB_PKGLIBDIR='"$(pkglibdir)"' -DBNB_BUILD_PLUGINDIR='"$(abs_top_builddir)/plugins/.libs"' \
	-DBNB_BUILDDIR='"$(abs_top_builddir)"' -DBNB_CFLAGS='"$(CFLAGS)"'
harness_libbnb_la_LIBADD = $(YAML_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) -lm
harness_libbnb_la_SOURCES = harness/util.c harness/util.h harness/log.c harness/log.h
harness_libbnb_la_SOURCES += harness/ops.c harness/ops.h
harness_libbnb_la_SOURCES += harness/model.c harness/model.h
harness_libbnb_la_SOURCES += harness/stats.c harness/stats.h harness/changepoint.c harness/changepoint.h
harness_libbnb_la_SOURCES += harness/cpu.c harness/cpu.h harness/loader.c harness/loader.h harness/plugin-open.c harness/describe.c
harness_libbnb_la_SOURCES += harness/host.c harness/host.h harness/params.c harness/params.h
harness_libbnb_la_SOURCES += harness/kernel.c harness/kernel.h
harness_libbnb_la_SOURCES += harness/inputs.c harness/inputs.h harness/verify.c harness/verify.h
harness_libbnb_la_SOURCES += harness/measure.c harness/measure.h harness/paired.c harness/paired.h harness/worker-pair.c harness/worker.c harness/worker.h
harness_libbnb_la_SOURCES += harness/child.c harness/child.h harness/proto.c harness/proto.h
harness_libbnb_la_SOURCES += harness/plan.c harness/plan.h harness/env.c harness/env.h
harness_libbnb_la_SOURCES += harness/output.c harness/output.h harness/roofline.c harness/roofline.h
harness_libbnb_la_SOURCES += harness/decode-rate.c harness/decode-rate.h
harness_libbnb_la_SOURCES += harness/runner.c harness/runner.h harness/process-pool.c harness/process-pool.h harness/ab.c harness/ab.h
harness_libbnb_la_SOURCES += harness/sink.h harness/sink-store.c harness/sink-console.c harness/session.c harness/session.h
harness_libbnb_la_SOURCES += harness/term.c harness/term.h

bin_PROGRAMS += bnbench
bnbench_CPPFLAGS = $(harness_libbnb_la_CPPFLAGS)
bnbench_LDADD = harness/libbnb.la
bnbench_SOURCES = harness/bnbench.c harness/commands.h harness/cli.c harness/cli.h
bnbench_SOURCES += harness/cmd-list.c harness/cmd-exec.c harness/cmd-run.c harness/cmd-show.c
harness_libbnb_la_SOURCES += harness/suite-files.c harness/suite-files.h
harness_libbnb_la_SOURCES += harness/suite.c harness/suite.h harness/suite-parse.h harness/suite-node.c harness/suite-keys.c harness/suite-model.c
harness_libbnb_la_SOURCES += harness/suite-override.c harness/suite-override.h
harness_libbnb_la_SOURCES += harness/sha256.c harness/sha256.h harness/strset.c harness/strset.h
harness_libbnb_la_SOURCES += harness/store.c harness/store.h harness/store-internal.h harness/store-ab.c harness/store-ab.h
harness_libbnb_la_SOURCES += harness/store-run.c harness/store-baseline.c harness/store-merge.c
harness_libbnb_la_SOURCES += harness/json.c harness/json-get.c harness/json.h
harness_libbnb_la_SOURCES += harness/import-criterion.c harness/import-criterion.h
harness_libbnb_la_SOURCES += harness/export-json.c harness/export-json.h
bnbench_SOURCES += harness/cmd-import.c harness/cmd-export.c harness/cmd-merge.c
harness_libbnb_la_SOURCES += harness/compare.c harness/compare-ab.c harness/compare-noisy.c harness/compare.h
bnbench_SOURCES += harness/cmd-baseline.c harness/cmd-compare.c harness/cmd-gate.c harness/cmd-ab.c
harness_libbnb_la_SOURCES += harness/otlp.c harness/otlp-resource.c harness/otlp-send.c harness/otlp.h
bnbench_SOURCES += harness/export-otlp.c
harness_libbnb_la_SOURCES += harness/report.c harness/report-chart.c harness/report-plot.c harness/report.h
harness_libbnb_la_SOURCES += harness/report-table.c harness/report-html.c harness/report-gnuplot.c
harness_libbnb_la_SOURCES += harness/report-case.c harness/report-page.c
bnbench_SOURCES += harness/cmd-report.c harness/cmd-history.c
