/* bnbench show: print a stored run again. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "compare.h"
#include "output.h"
#include "store.h"

/* An A/B run: each case's paired ratio (candidate / base) at its threshold. */
static void show_ratios(FILE *f, const struct run_info *run, const struct case_result *cases, size_t n, int md)
{
	struct compare_opts co = { 0 };
	struct compare_result res;
	const char *dir = run_env_get(run, "ab.base_plugins");
	size_t paired = 0;

	for (size_t i = 0; i < n; i++)
		paired += cases[i].pairs != NULL;
	if (!paired)
		return;
	compare_paired(run, cases, n, &co, dir ? dir : "-", &res);
	fputs("\n", f);
	compare_print(f, md ? COMPARE_MARKDOWN : COMPARE_TABLE, &res, 0);
	compare_free(&res);
}

const struct cli_option show_options[] = {
	{ "format", 'f', "FORMAT", "table (default), json, csv or markdown", CLI_SHORT },
	{ "output", 'o', "FILE", "write to FILE (format from its extension without --format)", CLI_SHORT },
	{ "env", 'e', NULL, "print the run's environment fingerprint too", 0 },
	{ "samples", 'S', NULL, "with json: each case's raw samples too", 0 },
	CLI_OPT_COLOR,
	CLI_OPT_HELP,
	CLI_OPT_END
};

int cmd_show(int argc, char **argv, const struct global_opts *g)
{
	const char *spec = "latest", *format = NULL, *path = NULL;
	FILE *out;
	int fmt = OUT_TABLE, show_env = 0, samples = 0, c, rc = EXIT_OK;
	struct store *s;
	struct run_info run;
	struct case_result *cases = NULL;
	size_t n = 0;
	int64_t id;
	struct bnb_err e = { 0, "" };

	while ((c = cli_getopt(argc, argv, "show", show_options)) != -1) {
		if ((rc = cli_common_opt("show", c, optarg, NULL)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'f': format = optarg; break;
		case 'o': path = optarg; break;
		case 'e': show_env = 1; break;
		case 'S': samples = 1; break;
		case 'h': cli_help(stdout, command_find("show")); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		die_msg("show: too many arguments");
		return EXIT_USAGE;
	}
	if (optind < argc)
		spec = argv[optind];
	if (!(format = cli_output_format("show", path, format)))
		return EXIT_USAGE;
	if ((fmt = output_format_parse(format)) < 0) {
		die_msg("show: unknown format '%s' (table, json, csv or markdown)", format);
		return EXIT_USAGE;
	}
	if (samples && fmt != OUT_JSON) {
		die_msg("show: --samples goes with --format json");
		return EXIT_USAGE;
	}
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	memset(&run, 0, sizeof run);
	if (store_run_resolve(s, spec, &id, &e) || store_run_load(s, id, &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else if (!(out = cli_output_open("show", path))) {
		rc = EXIT_USAGE;
	} else {
		output_show(out, (enum output_format)fmt, samples, NULL, &run, cases, n, show_env);
		if (fmt == OUT_TABLE || fmt == OUT_MARKDOWN)
			show_ratios(out, &run, cases, n, fmt == OUT_MARKDOWN);
		rc = cli_output_close("show", path, out);
	}
	store_cases_free(cases, n);
	run_info_free(&run);
	store_close(s);
	return rc;
}
