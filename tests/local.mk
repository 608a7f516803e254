# Tests: automake TAP driver; each area adds to TESTS in its own fragment.
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
TEST_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_DRIVER = $(LOG_DRIVER)
TEST_EXTENSIONS = .sh
AM_TESTS_ENVIRONMENT = \
	BNB_SRCDIR='$(abs_top_srcdir)'; export BNB_SRCDIR; \
	BNB_BUILDDIR='$(abs_top_builddir)'; export BNB_BUILDDIR; \
	BNB_PLUGINDIR='$(abs_top_builddir)/plugins/.libs'; export BNB_PLUGINDIR; \
	BNB_TEST_PLUGINDIR='$(abs_top_builddir)/tests/plugins/.libs'; export BNB_TEST_PLUGINDIR; \
	BNBENCH='$(abs_top_builddir)/bnbench'; export BNBENCH; \
	ASAN_OPTIONS='detect_leaks=1:handle_segv=0'; export ASAN_OPTIONS;

TEST_INCLUDES = $(AM_CPPFLAGS) -I$(top_srcdir)/harness -I$(top_srcdir)/tests $(YAML_CFLAGS) $(SQLITE_CFLAGS)
TEST_LIBS = harness/libbnb.la
noinst_HEADERS += tests/tap.h

include $(srcdir)/tests/unit/local.mk
include $(srcdir)/tests/plugins/local.mk
include $(srcdir)/tests/cli/local.mk
