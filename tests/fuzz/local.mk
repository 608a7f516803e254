# Fuzzing with libFuzzer (clang -fsanitize=fuzzer,address,undefined).
#   make fuzz      build every target and run each for FUZZ_TIME seconds
#   make fuzz-ci   run each for FUZZ_CI_TIME seconds and record a test result
#                  (tests/fuzz/fuzz-NAME.trs): SKIP without clang's fuzzer runtime
# A target is tests/fuzz/fuzz-NAME.c, linked with the harness library's objects
# built with the fuzzer flags; its seeds are tests/fuzz/corpus/NAME/.  Adding
# one is a line: FUZZ_TARGETS += NAME.
FUZZ_TARGETS = suite json criterion proto
FUZZ_CC = clang
FUZZ_TIME = 60
FUZZ_CI_TIME = 15
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CPPFLAGS = $(harness_libbnb_la_CPPFLAGS) -I$(top_srcdir)/harness -I$(top_srcdir)/tests/fuzz
FUZZ_LIBS = $(YAML_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) $(LIBS) -lm

fuzz_objects = $(patsubst %.c,tests/fuzz/obj/%.o,$(filter %.c,$(harness_libbnb_la_SOURCES)))
fuzz_programs = $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%)
fuzz_run = $(SHELL) $(top_srcdir)/scripts/fuzz --cc '$(FUZZ_CC)' --srcdir '$(top_srcdir)'

EXTRA_DIST += tests/fuzz/fuzz.h $(FUZZ_TARGETS:%=tests/fuzz/fuzz-%.c) tests/fuzz/corpus scripts/fuzz

tests/fuzz/obj/%.o: $(top_srcdir)/%.c config.h
	@$(MKDIR_P) $(@D)
	$(AM_V_CC)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_CPPFLAGS) -c -o $@ $<

tests/fuzz/fuzz-%: $(top_srcdir)/tests/fuzz/fuzz-%.c $(top_srcdir)/tests/fuzz/fuzz.h $(fuzz_objects)
	$(AM_V_CCLD)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_CPPFLAGS) -o $@ $< $(fuzz_objects) $(FUZZ_LIBS)

fuzz-build: $(fuzz_programs)

fuzz:
	@$(fuzz_run) --check
	@$(MAKE) $(AM_MAKEFLAGS) fuzz-build
	@$(fuzz_run) --time $(FUZZ_TIME) $(FUZZ_TARGETS)

fuzz-ci:
	@if $(fuzz_run) --check; then \
		$(MAKE) $(AM_MAKEFLAGS) fuzz-build && \
		$(fuzz_run) --time $(FUZZ_CI_TIME) --trs $(FUZZ_TARGETS); \
	else \
		$(fuzz_run) --skip $(FUZZ_TARGETS); \
	fi

clean-fuzz:
	rm -rf tests/fuzz/obj tests/fuzz/work $(fuzz_programs) tests/fuzz/*.trs tests/fuzz/*.log tests/fuzz/crash-*

.PHONY: fuzz fuzz-ci fuzz-build clean-fuzz
