# Test-only plugins: one per loader failure, plus misbehaving kernels for the engine.
check_LTLIBRARIES += tests/plugins/t_noentry.la tests/plugins/t_abi2.la tests/plugins/t_old.la \
	tests/plugins/t_nullcb.la tests/plugins/t_dupkernel.la tests/plugins/t_dupscheme.la \
	tests/plugins/t_badname.la tests/plugins/t_feature.la tests/plugins/t_null.la tests/plugins/t_faulty.la
noinst_HEADERS += tests/plugins/t_common.h
tests_plugins_t_noentry_la_SOURCES = tests/plugins/t_noentry.c
tests_plugins_t_noentry_la_LDFLAGS = -module -avoid-version -shared -rpath /nowhere
tests_plugins_t_abi2_la_SOURCES = tests/plugins/t_abi2.c
tests_plugins_t_abi2_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_old_la_SOURCES = tests/plugins/t_old.c
tests_plugins_t_old_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_nullcb_la_SOURCES = tests/plugins/t_nullcb.c
tests_plugins_t_nullcb_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_dupkernel_la_SOURCES = tests/plugins/t_dupkernel.c
tests_plugins_t_dupkernel_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_dupscheme_la_SOURCES = tests/plugins/t_dupscheme.c
tests_plugins_t_dupscheme_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_badname_la_SOURCES = tests/plugins/t_badname.c
tests_plugins_t_badname_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_feature_la_SOURCES = tests/plugins/t_feature.c
tests_plugins_t_feature_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_null_la_SOURCES = tests/plugins/t_null.c
tests_plugins_t_null_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_faulty_la_SOURCES = tests/plugins/t_faulty.c
tests_plugins_t_faulty_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
check_LTLIBRARIES += tests/plugins/t_slow.la
tests_plugins_t_slow_la_SOURCES = tests/plugins/t_slow.c
tests_plugins_t_slow_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
# Builds of t_slow that differ from it, for A/B runs (the same plugin name, in folders of their own).
check_LTLIBRARIES += tests/plugins/slow4x/t_slow.la tests/plugins/wrong/t_slow.la tests/plugins/flaky/t_slow.la
tests_plugins_slow4x_t_slow_la_SOURCES = tests/plugins/t_slow.c
tests_plugins_slow4x_t_slow_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_SLOW_DEFAULT='"400%"'
tests_plugins_slow4x_t_slow_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_wrong_t_slow_la_SOURCES = tests/plugins/t_slow.c
tests_plugins_wrong_t_slow_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_SLOW_WRONG
tests_plugins_wrong_t_slow_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_flaky_t_slow_la_SOURCES = tests/plugins/t_slow.c
tests_plugins_flaky_t_slow_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_SLOW_FLAKY
tests_plugins_flaky_t_slow_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
check_LTLIBRARIES += tests/plugins/t_work.la
tests_plugins_t_work_la_SOURCES = tests/plugins/t_work.c
tests_plugins_t_work_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
check_LTLIBRARIES += tests/plugins/t_fileparam.la
tests_plugins_t_fileparam_la_SOURCES = tests/plugins/t_fileparam.c
tests_plugins_t_fileparam_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)

# Built against the ABI 1.0 header kept in tests/abi-1.0, which comes first on its include path.
check_LTLIBRARIES += tests/plugins/t_abi10.la
tests_plugins_t_abi10_la_SOURCES = tests/plugins/t_abi10.c
tests_plugins_t_abi10_la_CPPFLAGS = -I$(top_srcdir)/tests/abi-1.0 $(AM_CPPFLAGS)
tests_plugins_t_abi10_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
noinst_HEADERS += tests/abi-1.0/bnbench/plugin.h
check_LTLIBRARIES += tests/plugins/t_zero.la
tests_plugins_t_zero_la_SOURCES = tests/plugins/t_zero.c
tests_plugins_t_zero_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
# Plugins that misbehave while being loaded (t_load.c, one build per mode).
check_LTLIBRARIES += tests/plugins/t_ctorcrash.la tests/plugins/t_initcrash.la tests/plugins/t_sizecrash.la \
	tests/plugins/t_loadnoise.la tests/plugins/t_loadfds.la tests/plugins/t_loadok.la
tests_plugins_t_ctorcrash_la_SOURCES = tests/plugins/t_load.c
tests_plugins_t_ctorcrash_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_LOAD_MODE=1
tests_plugins_t_ctorcrash_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_initcrash_la_SOURCES = tests/plugins/t_load.c
tests_plugins_t_initcrash_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_LOAD_MODE=2
tests_plugins_t_initcrash_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_sizecrash_la_SOURCES = tests/plugins/t_load.c
tests_plugins_t_sizecrash_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_LOAD_MODE=3
tests_plugins_t_sizecrash_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_loadnoise_la_SOURCES = tests/plugins/t_load.c
tests_plugins_t_loadnoise_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_LOAD_MODE=4
tests_plugins_t_loadnoise_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_loadfds_la_SOURCES = tests/plugins/t_load.c
tests_plugins_t_loadfds_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_LOAD_MODE=5
tests_plugins_t_loadfds_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
tests_plugins_t_loadok_la_SOURCES = tests/plugins/t_load.c
tests_plugins_t_loadok_la_CPPFLAGS = $(AM_CPPFLAGS) -DT_LOAD_MODE=6
tests_plugins_t_loadok_la_LDFLAGS = $(TEST_PLUGIN_LINK_FLAGS)
