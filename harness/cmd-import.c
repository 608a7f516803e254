/* bnbench import: store a run made elsewhere (a Criterion.rs tree, a bnbench-run JSON file). */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "export-json.h"
#include "import-criterion.h"
#include "store.h"

/* The run and its cases in one transaction, saved as `baseline` if given: all or nothing. */
static int store_all(const struct global_opts *g, struct run_info *run, struct case_result *cases,
                     size_t n, const char *baseline, const char *from, struct bnb_err *e)
{
	enum run_status status = run->status;
	struct store *s;
	char *note;
	int rc = cli_open_store(g, STORE_CREATE, &s, e);

	if (rc)
		return rc;
	if ((rc = store_begin(s, e))) {
		store_close(s);
		return rc;
	}
	rc = store_run_begin(s, run, e);
	for (size_t i = 0; rc == BNB_OK && i < n; i++)
		rc = store_case_add(s, run->id, &cases[i], e);
	if (rc == BNB_OK)
		rc = store_run_finish(s, run->id, status, run->finished_ns, e);
	if (rc == BNB_OK && baseline) {
		note = xasprintf("imported from %s", from);
		rc = store_baseline_save(s, baseline, run->id, note, e);
		free(note);
	}
	if (rc == BNB_OK)
		rc = store_commit(s, e);
	if (rc)
		store_rollback(s, NULL);
	store_close(s);
	return rc;
}

/* Store what was read and say so; returns the exit status. */
static int finish(const struct global_opts *g, struct run_info *run, struct case_result *cases,
                  size_t n, const char *baseline, const char *from)
{
	struct bnb_err e = { 0, "" };
	int rc = store_all(g, run, cases, n, baseline, from, &e);

	if (rc) {
		die_msg("%s", e.msg);
	} else {
		printf("imported run %" PRId64 ": %zu case%s of %s from %s\n", run->id, n, n == 1 ? "" : "s",
		       run->suite, from);
		if (baseline)
			printf("saved as baseline '%s'\n", baseline);
	}
	store_cases_free(cases, n);
	run_info_free(run);
	return rc ? EXIT_USAGE : EXIT_OK;
}

static int bad_name(const char *s)
{
	return !*s || strchr(s, '/') || strcmp(s, ".") == 0 || strcmp(s, "..") == 0;
}

const struct cli_option import_options[] = {
	{ "baseline", 'B', "NAME", "save the imported run as this baseline", 0 },
	{ "which", 'w', "NAME", "import criterion: new (default), base or a Criterion baseline", 0 },
	{ "label", 'l', "L", "import criterion: a label stored with the run", CLI_SHORT },
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int import_criterion(int argc, char **argv, const struct global_opts *g)
{
	const char *baseline = NULL, *which = "new", *label = NULL;
	struct run_info run;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n;
	int c;

	while ((c = cli_getopt(argc, argv, "import", import_options)) != -1) {
		switch (c) {
		case 'B': baseline = optarg; break;
		case 'w': which = optarg; break;
		case 'l': label = optarg; break;
		case 'h': cli_help(stdout, command_find("import")); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "import criterion: no directory given (usage: bnbench import criterion DIR)"
		                       : "import criterion: too many arguments");
		return EXIT_USAGE;
	}
	if (bad_name(which)) {
		die_msg("import criterion: invalid --which '%s' (new, base or a Criterion baseline name)", which);
		return EXIT_USAGE;
	}
	if (baseline && !*baseline) {
		die_msg("import criterion: empty --baseline name");
		return EXIT_USAGE;
	}
	if (import_criterion_read(argv[optind], which, &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	if (label)
		run.label = xstrdup(label);
	return finish(g, &run, cases, n, baseline, argv[optind]);
}

static int import_json(int argc, char **argv, const struct global_opts *g)
{
	const char *baseline = NULL;
	struct run_info run;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n;
	int c;

	while ((c = cli_getopt(argc, argv, "import", import_options)) != -1) {
		switch (c) {
		case 'B': baseline = optarg; break;
		case 'h': cli_help(stdout, command_find("import")); return EXIT_OK;
		case 'w': case 'l':
			die_msg("import json: --%s is an option of import criterion", c == 'w' ? "which" : "label");
			return EXIT_USAGE;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "import json: no file given (usage: bnbench import json FILE)"
		                       : "import json: too many arguments");
		return EXIT_USAGE;
	}
	if (baseline && !*baseline) {
		die_msg("import json: empty --baseline name");
		return EXIT_USAGE;
	}
	if (export_json_read(argv[optind], &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	return finish(g, &run, cases, n, baseline, argv[optind]);
}

int cmd_import(int argc, char **argv, const struct global_opts *g)
{
	static const struct { const char *name; command_fn fn; } subs[] = {
		{ "criterion", import_criterion },
		{ "json", import_json },
	};
	const char *names[] = { subs[0].name, subs[1].name };
	const char *s;

	if (argc < 2) {
		die_msg("import: no format given (criterion or json)");
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_help(stdout, command_find("import"));
		return EXIT_OK;
	}
	for (size_t i = 0; i < 2; i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			return subs[i].fn(argc - 1, argv + 1, g);
	s = suggest(argv[1], names, 2);
	if (s)
		die_msg("import: unknown format '%s' (did you mean '%s'?)", argv[1], s);
	else
		die_msg("import: unknown format '%s' (criterion or json)", argv[1]);
	return EXIT_USAGE;
}
