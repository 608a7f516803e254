/* bnbench compare: a stored run against a named baseline. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "compare.h"
#include "store.h"

struct compare_cli {
	const char *baseline, *run;
	double threshold;
	const char *format_name, *output;   /* --format, -o FILE */
	int format, fail_on_inconclusive, require_same_env;
};

const struct cli_option compare_options[] = {
	{ "run", 'r', "RUN", "the run to compare (default: the latest)", CLI_SHORT },
	{ "threshold", 't', "PCT", "the change that counts as a regression (default 5%)", CLI_SHORT },
	{ "format", 'f', "FORMAT", "table (default), markdown or json", CLI_SHORT },
	{ "output", 'o', "FILE", "write the comparison to FILE (format from its extension without --format)", CLI_SHORT },
	{ "fail-on-inconclusive", 'i', NULL, "exit 3 when a case is inconclusive", 0 },
	{ "require-same-env", 'e', NULL, "exit 2 when the environments differ", 0 },
	CLI_OPT_COLOR,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct compare_cli *o)
{
	int c, rc;

	memset(o, 0, sizeof *o);
	while ((c = cli_getopt(argc, argv, "compare", compare_options)) != -1) {
		if ((rc = cli_common_opt("compare", c, optarg, NULL)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'r': o->run = optarg; break;
		case 't':
			if ((rc = cli_measure_opt("compare", c, optarg, &o->threshold, NULL, NULL)))
				return rc;
			break;
		case 'f': o->format_name = optarg; break;
		case 'o': o->output = optarg; break;
		case 'i': o->fail_on_inconclusive = 1; break;
		case 'e': o->require_same_env = 1; break;
		case 'h': cli_help(stdout, command_find("compare")); return -1;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "compare: no baseline given (usage: bnbench compare BASELINE)"
		                       : "compare: too many arguments");
		return EXIT_USAGE;
	}
	o->baseline = argv[optind];
	return cli_compare_output("compare", o->output, o->format_name, &o->format);
}

/* Warn about each differing fingerprint key; with `require`, they are errors.  Returns 0 if fine. */
static int check_env(const struct compare_result *res, int require)
{
	char line[1024];

	for (size_t i = 0; i < res->n_env; i++) {
		compare_env_line(res, &res->env[i], line, sizeof line);
		if (require)
			die_msg("environment differs: %s (--require-same-env)", line);
		else
			warn_msg("environment differs: %s", line);
	}
	return require && res->n_env;
}

/* --run, else the latest run bnbench measured (an imported run is compared only when named). */
static int resolve_run(struct store *s, const struct compare_cli *o, int64_t *id, struct bnb_err *e)
{
	int status;

	if (o->run)
		return store_run_resolve(s, o->run, id, e);
	status = store_run_latest(s, "bnbench", id, e);
	if (status == BNB_ENOTFOUND)
		return err_set(e, BNB_ENOTFOUND, "compare: no run measured by bnbench (imported runs are "
		               "compared with --run RUN)");
	return status;
}

static int run_compare(struct store *s, const struct compare_cli *o)
{
	struct run_info base_run, run;
	struct case_result *base = NULL, *cases = NULL;
	size_t nb = 0, n = 0;
	int64_t base_id, id;
	struct bnb_err e = { 0, "" };
	struct compare_opts co = { o->threshold };
	struct compare_result res;
	FILE *f;
	int rc;

	memset(&base_run, 0, sizeof base_run);
	memset(&run, 0, sizeof run);
	if (store_baseline_get(s, o->baseline, &base_id, &e) || resolve_run(s, o, &id, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	if (id == base_id) {
		die_msg("compare: run %" PRId64 " is baseline '%s' itself: nothing to compare (name another "
		        "run with --run)", id, o->baseline);
		return EXIT_USAGE;
	}
	if (store_run_load(s, base_id, &base_run, &base, &nb, &e) || store_run_load(s, id, &run, &cases, &n, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
		goto out;
	}
	compare_runs(&base_run, base, nb, &run, cases, n, &co, &res);
	res.baseline = o->baseline;
	if (res.matched == 0) {
		die_msg("baseline '%s' shares no case with run %" PRId64, o->baseline, id);
		rc = EXIT_USAGE;
	} else if (check_env(&res, o->require_same_env)) {
		rc = EXIT_USAGE;
	} else if (!(f = cli_output_open("compare", o->output))) {
		rc = EXIT_USAGE;
	} else {
		compare_print(f, (enum compare_format)o->format, &res, 0);
		rc = cli_compare_status(&res, o->fail_on_inconclusive);
		if (cli_output_close("compare", o->output, f))
			rc = EXIT_RUNTIME;
	}
	compare_free(&res);
out:
	store_cases_free(base, nb);
	store_cases_free(cases, n);
	run_info_free(&base_run);
	run_info_free(&run);
	return rc;
}

int cmd_compare(int argc, char **argv, const struct global_opts *g)
{
	struct compare_cli o;
	struct store *s;
	struct bnb_err e = { 0, "" };
	int rc = parse_opts(argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (cli_open_store(g, STORE_READONLY, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	rc = run_compare(s, &o);
	store_close(s);
	return rc;
}
