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
static void show_ratios(const struct run_info *run, const struct case_result *cases, size_t n, int md)
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
	fputs("\n", stdout);
	compare_print(stdout, md ? COMPARE_MARKDOWN : COMPARE_TABLE, &res, 0);
	compare_free(&res);
}

int cmd_show(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "env", no_argument, NULL, 'e' },
		{ "samples", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *spec = "latest";
	int fmt = OUT_TABLE, show_env = 0, samples = 0, c, rc = EXIT_OK;
	struct store *s;
	struct run_info run;
	struct case_result *cases = NULL;
	size_t n = 0;
	int64_t id;
	struct bnb_err e = { 0, "" };

	while ((c = cli_getopt(argc, argv, "show", "f:h", opts)) != -1) {
		switch (c) {
		case 'f':
			fmt = output_format_parse(optarg);
			if (fmt < 0) {
				die_msg("show: unknown format '%s' (table, json, csv or markdown)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'e': show_env = 1; break;
		case 'S': samples = 1; break;
		case 'h': printf("usage: %s\n", command_find("show")->usage); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (samples && fmt != OUT_JSON) {
		die_msg("show: --samples goes with --format json");
		return EXIT_USAGE;
	}
	if (argc - optind > 1) {
		die_msg("show: too many arguments");
		return EXIT_USAGE;
	}
	if (optind < argc)
		spec = argv[optind];
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	memset(&run, 0, sizeof run);
	if (store_run_resolve(s, spec, &id, &e) || store_run_load(s, id, &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		output_show(stdout, (enum output_format)fmt, samples, NULL, &run, cases, n, show_env);
		if (fmt == OUT_TABLE || fmt == OUT_MARKDOWN)
			show_ratios(&run, cases, n, fmt == OUT_MARKDOWN);
	}
	store_cases_free(cases, n);
	run_info_free(&run);
	store_close(s);
	return rc;
}
