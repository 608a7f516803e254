/* bnbench baseline: name stored runs, list, show and delete the names. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "output.h"
#include "store.h"

static const char *const subcommands[] = { "save", "list", "show", "delete" };
#define N_SUB (sizeof subcommands / sizeof subcommands[0])

static void fmt_date(char *buf, size_t len, uint64_t ns)
{
	time_t t = (time_t)(ns / 1000000000u);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "-");
}

static int save(struct store *s, const char *name, const char *spec, const char *note, int force)
{
	struct bnb_err e = { 0, "" };
	int64_t id, old;

	if (store_run_resolve(s, spec, &id, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	if (!force && store_baseline_get(s, name, &old, &e) == BNB_OK) {
		die_msg("baseline save: baseline '%s' exists (run %" PRId64 "): pass --force to replace it",
		        name, old);
		return EXIT_USAGE;
	}
	if (store_baseline_save(s, name, id, note, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	printf("saved baseline '%s' (run %" PRId64 ")\n", name, id);
	return EXIT_OK;
}

static int list(struct store *s)
{
	struct store_baseline *b;
	struct run_info *runs;
	size_t n, n_runs;
	struct bnb_err e = { 0, "" };
	char date[32];

	if (store_baseline_list(s, &b, &n, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	if (store_runs_list(s, 0, &runs, &n_runs, &e)) {
		die_msg("%s", e.msg);
		store_baselines_free(b, n);
		return EXIT_USAGE;
	}
	if (n == 0)
		printf("no baselines saved\n");
	else
		printf("%-24s  %6s  %-19s  %-12s  %-16s  %s\n", "NAME", "RUN", "SAVED (UTC)", "SUITE", "LABEL", "NOTE");
	for (size_t i = 0; i < n; i++) {
		const struct run_info *r = NULL;
		for (size_t j = 0; j < n_runs && !r; j++)
			if (runs[j].id == b[i].run_id)
				r = &runs[j];
		fmt_date(date, sizeof date, b[i].created_ns);
		printf("%-24s  %6" PRId64 "  %-19s  %-12s  %-16s  %s\n", b[i].name, b[i].run_id, date,
		       r && r->suite ? r->suite : "-", r && r->label ? r->label : "-", b[i].note ? b[i].note : "");
	}
	store_baselines_free(b, n);
	store_runs_free(runs, n_runs);
	return EXIT_OK;
}

/* As bnbench show prints a run, under the baseline's name. */
static int show(struct store *s, const char *name, int fmt, int show_env)
{
	struct run_info run;
	struct case_result *cases = NULL;
	size_t n = 0;
	int64_t id;
	struct bnb_err e = { 0, "" };

	memset(&run, 0, sizeof run);
	if (store_baseline_get(s, name, &id, &e) || store_run_load(s, id, &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	{
		char prefix[256];
		snprintf(prefix, sizeof prefix, "baseline '%s': ", name);
		output_show(stdout, (enum output_format)fmt, 0, prefix, &run, cases, n, show_env);
	}
	store_cases_free(cases, n);
	run_info_free(&run);
	return EXIT_OK;
}

static int delete(struct store *s, const char *name)
{
	struct bnb_err e = { 0, "" };

	if (store_baseline_delete(s, name, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	printf("deleted baseline '%s'\n", name);
	return EXIT_OK;
}

/* Which subcommand, or -1 after the message. */
static int find_sub(int argc, char **argv)
{
	const char *s;

	if (argc < 2) {
		die_msg("baseline: no subcommand given (save, list, show or delete)");
		return -1;
	}
	for (size_t i = 0; i < N_SUB; i++)
		if (strcmp(argv[1], subcommands[i]) == 0)
			return (int)i;
	s = suggest(argv[1], subcommands, N_SUB);
	if (s)
		die_msg("baseline: unknown subcommand '%s' (did you mean '%s'?)", argv[1], s);
	else
		die_msg("baseline: unknown subcommand '%s' (save, list, show or delete)", argv[1]);
	return -1;
}

const struct cli_option baseline_options[] = {
	{ "note", 'n', "TEXT", "baseline save: a note kept with the baseline", 0 },
	{ "force", 'F', NULL, "baseline save: replace a baseline of that name", 0 },
	{ "format", 'f', "FORMAT", "baseline show: table (default), json, csv or markdown", CLI_SHORT },
	{ "env", 'e', NULL, "baseline show: print the environment fingerprint too", 0 },
	CLI_OPT_HELP,
	CLI_OPT_END
};

int cmd_baseline(int argc, char **argv, const struct global_opts *g)
{
	static const int max_args[] = { 2, 0, 1, 1 }, min_args[] = { 1, 0, 1, 1 };
	const char *note = NULL;
	int fmt = OUT_TABLE, show_env = 0, force = 0, sub, c, rc, nargs;
	struct store *s;
	struct bnb_err e = { 0, "" };

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_help(stdout, command_find("baseline"));
		return EXIT_OK;
	}
	sub = find_sub(argc, argv);
	if (sub < 0)
		return EXIT_USAGE;
	argc--;
	argv++;
	optind = 0;
	while ((c = cli_getopt(argc, argv, "baseline", baseline_options)) != -1) {
		switch (c) {
		case 'n': note = optarg; break;
		case 'f':
			fmt = output_format_parse(optarg);
			if (fmt < 0) {
				die_msg("baseline: unknown format '%s' (table, json, csv or markdown)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'e': show_env = 1; break;
		case 'F': force = 1; break;
		case 'h': cli_help(stdout, command_find("baseline")); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if ((note || force) && sub != 0) {
		die_msg("baseline %s: %s is an option of baseline save", subcommands[sub],
		        note ? "--note" : "--force");
		return EXIT_USAGE;
	}
	if ((fmt != OUT_TABLE || show_env) && sub != 2) {
		die_msg("baseline %s: %s is an option of baseline show", subcommands[sub],
		        show_env ? "--env" : "--format");
		return EXIT_USAGE;
	}
	nargs = argc - optind;
	if (nargs < min_args[sub]) {
		die_msg("baseline %s: no baseline name given", subcommands[sub]);
		return EXIT_USAGE;
	}
	if (nargs > max_args[sub]) {
		die_msg("baseline %s: too many arguments", subcommands[sub]);
		return EXIT_USAGE;
	}
	if (cli_open_store(g, sub == 1 || sub == 2 ? STORE_READONLY : 0, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	switch (sub) {
	case 0: rc = save(s, argv[optind], nargs > 1 ? argv[optind + 1] : "latest", note, force); break;
	case 1: rc = list(s); break;
	case 2: rc = show(s, argv[optind], fmt, show_env); break;
	default: rc = delete(s, argv[optind]); break;
	}
	store_close(s);
	return rc;
}
