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
	int format, cpu;
	double threshold;
	uint64_t timeout_ns;
};

static int parse_opts(int argc, char **argv, struct ab_opts *o)
{
	static const struct option opts[] = {
		{ "base-plugins", required_argument, NULL, 'P' }, { "label", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },       { "backend", required_argument, NULL, 'b' },
		{ "scheme", required_argument, NULL, 's' },       { "op", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'F' },       { "cpu", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 'T' },      { "threshold", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },               { NULL, 0, NULL, 0 }
	};
	int c, rc;

	memset(o, 0, sizeof *o);
	o->cpu = -1;
	while ((c = getopt_long(argc, argv, "l:f:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'P': o->base_dir = optarg; break;
		case 'l': o->label = optarg; break;
		case 'b': o->filter.backends = optarg; break;
		case 's': o->filter.schemes = optarg; break;
		case 'o': o->filter.ops = optarg; break;
		case 'F': o->filter.glob = optarg; break;
		case 'f':
			if ((rc = cli_compare_format("ab", optarg, &o->format)))
				return rc;
			break;
		case 't': case 'c': case 'T':
			if ((rc = cli_measure_opt("ab", c, optarg, &o->threshold, &o->cpu, &o->timeout_ns)))
				return rc;
			break;
		case 'h': printf("usage: %s\n", command_find("ab")->usage); return -1;
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
	return EXIT_OK;
}

static int execute(struct store *s, const struct ab_opts *o, struct ab_setup *a)
{
	const struct plan *plan = &a->cand.plan;
	struct runner_opts ro = { o->label, 1, o->cpu, o->timeout_ns, 1, &cli_stop, 0 };
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
	int rc;

	/* The store first: the A/B sink marks the run it made. */
	sinks[0] = sink_store(&store, s);
	sinks[1] = sink_ab(&ab, s, plan, o->base_dir);
	sinks[2] = sink_console(&console, stdout, 0, stderr, isatty(STDERR_FILENO));
	if (runner_start(&x, plan, a->cand.suite, &a->cand.reg, &ro, sinks, 3, &e)) {
		die_msg("%s", e.msg);
		runner_free(&x);
		return EXIT_USAGE;
	}
	rc = cli_run_cases(&x, NULL, 0);
	if (runner_finish(&x, rc == BNB_EINTR, &e)) {
		die_msg("%s", e.msg);
		runner_free(&x);
		return EXIT_USAGE;
	}
	n = runner_take(&x, &cases);
	for (size_t i = 0; i < n; i++)
		bad += cases[i].status != CASE_OK && cases[i].status != CASE_SKIPPED;
	compare_paired(&x.run, cases, n, &co, o->base_dir, &res);
	compare_print(stdout, (enum compare_format)o->format, &res, 0);
	if (o->format != COMPARE_JSON)
		for (size_t i = 0; a->only_base[i]; i++)
			printf("backend %s: only in the base plugins, not compared\n", a->only_base[i]);
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
