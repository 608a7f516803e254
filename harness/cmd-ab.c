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
	const char *suite, *base_dir;
	struct cli_measure m;
};

const struct cli_option ab_options[] = {
	{ "base-plugins", 'P', "DIR", "the base build's plugins (required)", 0 },
	CLI_OPTS_MEASURE,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct ab_opts *o)
{
	int c, rc;

	memset(o, 0, sizeof *o);
	cli_measure_init(&o->m);
	while ((c = cli_getopt(argc, argv, "ab", ab_options)) != -1) {
		if ((rc = cli_measure_parse("ab", c, optarg, &o->m)) >= 0) {
			if (rc)
				return rc;
		} else if (c == 'P') {
			o->base_dir = optarg;
		} else if (c == 'h') {
			cli_help(stdout, command_find("ab"));
			return -1;
		} else {
			return EXIT_USAGE;
		}
	}
	if ((rc = cli_measure_finish("ab", "bnbench ab SUITE --base-plugins DIR", argc, argv, &o->suite, &o->m)))
		return rc;
	if (!o->base_dir) {
		die_msg("ab: no base plugins given (--base-plugins DIR)");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int execute(struct store *s, const struct ab_opts *o, struct ab_setup *a)
{
	const struct plan *plan = &a->cand.plan;
	struct runner_opts ro = { o->m.label, 1, o->m.cpu, o->m.timeout_ns, 1, &cli_stop, 0, &o->m.overrides };
	struct compare_opts co = { o->m.threshold };
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
	if ((f = cli_output_open("ab", o->m.output))) {
		compare_print(f, (enum compare_format)o->m.format, &res, 0);
		if (o->m.format != COMPARE_JSON)
			for (size_t i = 0; a->only_base[i]; i++)
				fprintf(f, "backend %s: only in the base plugins, not compared\n", a->only_base[i]);
	}
	out_failed = !f || cli_output_close("ab", o->m.output, f);
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
	if (ab_setup_open(&a, o.suite, g->plugin_dir, o.base_dir, &o.m.filter, &e)) {
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
