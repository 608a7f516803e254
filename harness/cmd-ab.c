/* bnbench ab: measure two builds of the plugins side by side, paired, and store the run. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ab.h"
#include "cli.h"
#include "commands.h"
#include "compare.h"
#include "sink.h"
#include "store.h"

struct ab_opts {
	const char *suite, *base_dir, *label;
	struct plan_filter filter;
	struct suite_overrides overrides;
	const char *format_name, *output;   /* --format, -o FILE */
	int format, cpu;
	double threshold;
	uint64_t timeout_ns;
};

const struct cli_option ab_options[] = {
	{ "base-plugins", 'P', "DIR", "the base build's plugins (required)", 0 },
	{ "threshold", 't', "PCT", "the change that counts as a regression (default 5%)", CLI_SHORT },
	{ "label", 'l', "L", "a label stored with the run", CLI_SHORT },
	{ "format", 'f', "FORMAT", "table (default), markdown or json", CLI_SHORT },
	{ "output", 'o', "FILE", "write the comparison to FILE (format from its extension without --format)", CLI_SHORT },
	{ "op", 'p', "LIST", "only these ops (comma-separated)", 0 },
	{ "scheme", 's', "LIST", "only these schemes", 0 },
	{ "backend", 'b', "LIST", "only these backends", 0 },
	{ "filter", 'F', "GLOB", "only the cases whose name matches", 0 },
	{ "cpu", 'c', "N", "pin the workers to CPU N", 0 },
	{ "timeout", 'T', "DURATION", "time allowed per case before its worker is killed", 0 },
	CLI_OPTS_SETTINGS,
	CLI_OPT_QUIET,
	CLI_OPT_COLOR,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct ab_opts *o)
{
	int c, rc;

	memset(o, 0, sizeof *o);
	o->cpu = -1;
	while ((c = cli_getopt(argc, argv, "ab", ab_options)) != -1) {
		if ((rc = cli_common_opt("ab", c, optarg, &o->overrides)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'P': o->base_dir = optarg; break;
		case 'l': o->label = optarg; break;
		case 'b': o->filter.backends = optarg; break;
		case 's': o->filter.schemes = optarg; break;
		case 'p': o->filter.ops = optarg; break;
		case 'F': o->filter.glob = optarg; break;
		case 'f': o->format_name = optarg; break;
		case 'o': o->output = optarg; break;
		case 't': case 'c': case 'T':
			if ((rc = cli_measure_opt("ab", c, optarg, &o->threshold, &o->cpu, &o->timeout_ns)))
				return rc;
			break;
		case 'h': cli_help(stdout, command_find("ab")); return -1;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "ab: no suite given (usage: bnbench ab SUITE --base-plugins DIR)"
		                       : "ab: too many arguments");
		return EXIT_USAGE;
	}
	if (!o->base_dir) {
		die_msg("ab: no base plugins given (--base-plugins DIR)");
		return EXIT_USAGE;
	}
	o->suite = argv[optind];
	o->filter.overrides = &o->overrides;
	return cli_compare_output("ab", o->output, o->format_name, &o->format);
}

static int execute(struct store *s, const struct ab_opts *o, struct ab_setup *a)
{
	const struct plan *plan = &a->cand.plan;
	struct runner_opts ro = { o->label, 1, o->cpu, o->timeout_ns, 1, &cli_stop, 0, &o->overrides };
	struct compare_opts co = { o->threshold };
	struct sink_store store;
	struct sink_ab ab;
	struct sink_console console;
	struct run_sink sinks[3];
	struct compare_result res;
	struct runner x;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n, bad = 0;
	FILE *f;
	int rc, out_failed;

	/* The store first: the A/B sink marks the run it made. */
	sinks[0] = sink_store(&store, s);
	sinks[1] = sink_ab(&ab, s, plan, o->base_dir);
	sinks[2] = sink_console(&console, plan, stdout, 0, cli_progress());
	if (runner_start(&x, plan, a->cand.suite, &a->cand.reg, &ro, sinks, 3, &e)) {
		die_msg("%s", e.msg);
		sink_console_free(&console);
		runner_free(&x);
		return EXIT_USAGE;
	}
	rc = cli_run_cases(&x, NULL, 0);
	if (runner_finish(&x, rc == BNB_EINTR, &e)) {
		die_msg("%s", e.msg);
		sink_console_free(&console);
		runner_free(&x);
		return EXIT_USAGE;
	}
	sink_console_free(&console);
	n = runner_take(&x, &cases);
	for (size_t i = 0; i < n; i++)
		bad += cases[i].status != CASE_OK && cases[i].status != CASE_SKIPPED;
	compare_paired(&x.run, cases, n, &co, o->base_dir, &res);
	if ((f = cli_output_open("ab", o->output))) {
		compare_print(f, (enum compare_format)o->format, &res, 0);
		if (o->format != COMPARE_JSON)
			for (size_t i = 0; a->only_base[i]; i++)
				fprintf(f, "backend %s: only in the base plugins, not compared\n", a->only_base[i]);
	}
	out_failed = !f || cli_output_close("ab", o->output, f);
	compare_free(&res);
	if (x.sink_failed) {
		rc = EXIT_USAGE;
	} else if (rc == BNB_EINTR) {
		warn_msg("interrupted: run %lld kept as incomplete with %zu of %zu cases", (long long)x.run.id, n,
		         plan->n);
		rc = 130;
	} else if (rc) {
		die_msg("ab: cannot start a worker process");
		rc = EXIT_USAGE;
	} else if (out_failed) {
		rc = EXIT_RUNTIME;   /* the run is stored; the file is not */
	} else {
		rc = bad ? EXIT_REGRESSION : EXIT_OK;
	}
	store_cases_free(cases, n);
	runner_free(&x);
	return rc;
}

int cmd_ab(int argc, char **argv, const struct global_opts *g)
{
	struct ab_opts o;
	struct ab_setup a;
	struct store *store;
	struct bnb_err e = { 0, "" };
	int rc = parse_opts(argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (ab_setup_open(&a, o.suite, g->plugin_dir, o.base_dir, &o.filter, &e)) {
		die_msg("ab: %s", e.msg);
		rc = EXIT_USAGE;
	} else if (a.cand.plan.n == 0) {
		die_msg("ab: no case of %s matches the filters", o.suite);
		rc = EXIT_USAGE;
	} else if (cli_open_store(g, STORE_CREATE, &store, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		for (size_t i = 0; a.only_base[i]; i++)
			warn_msg("ab: backend %s is only in the base plugins: not compared", a.only_base[i]);
		rc = execute(store, &o, &a);
		store_close(store);
	}
	ab_setup_free(&a);
	return rc;
}
