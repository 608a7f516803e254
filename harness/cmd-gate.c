/*
 * bnbench gate: run a suite, compare it with a baseline, and measure the
 * regressed cases again before failing, so that one noisy sample set does not
 * fail a build.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ab.h"
#include "cli.h"
#include "commands.h"
#include "compare.h"
#include "runner.h"
#include "session.h"
#include "sink.h"
#include "store.h"

struct gate_opts {
	const char *suite, *baseline, *base_dir, *save_as, *junit;
	int fail_on_inconclusive, require_same_env;
	struct cli_measure m;
};

/* What the gate works with once the suite is planned. */
struct gate {
	const struct gate_opts *o;
	const struct session *ses;
	const struct plan *plan;
	struct ab_setup *ab;          /* paired against base plugins, else NULL */
	struct runner_opts ro;
	struct store *store;
	struct sink_store store_sink;
	struct sink_console console;
	struct sink_ab ab_sink;
	struct run_sink sinks[3];     /* the run's: store, (paired) A/B and console */
	struct run_info base_run;
	struct case_result *base, *cases, *again;
	size_t nb, n, n_again;
	struct compare_result res;
};

const struct cli_option gate_options[] = {
	{ "base-plugins", 'P', "DIR", "gate against the base build's plugins, measured paired", 0 },
	{ "baseline", 'B', "NAME", "gate against a stored baseline", 0 },
	{ "save-baseline", 'S', "NAME", "save the run as this baseline", 0 },
	{ "junit", 'J', "FILE", "also write the verdicts as JUnit XML", 0 },
	{ "fail-on-inconclusive", 'i', NULL, "exit 3 when a case is inconclusive", 0 },
	{ "require-same-env", 'e', NULL, "refuse a baseline measured in another environment", 0 },
	CLI_OPTS_MEASURE,
	CLI_OPT_HELP,
	CLI_OPT_END
};

static int parse_opts(int argc, char **argv, struct gate_opts *o)
{
	int c, rc;
	struct bnb_err e = { 0, "" };

	memset(o, 0, sizeof *o);
	cli_measure_init(&o->m);
	while ((c = cli_getopt(argc, argv, "gate", gate_options)) != -1) {
		if ((rc = cli_measure_parse("gate", c, optarg, &o->m)) >= 0) {
			if (rc)
				return rc;
			continue;
		}
		switch (c) {
		case 'B': o->baseline = optarg; break;
		case 'P': o->base_dir = optarg; break;
		case 'S': o->save_as = optarg; break;
		case 'J': o->junit = optarg; break;
		case 'i': o->fail_on_inconclusive = 1; break;
		case 'e': o->require_same_env = 1; break;
		case 'h': cli_help(stdout, command_find("gate")); return -1;
		default: return EXIT_USAGE;
		}
	}
	if ((rc = cli_measure_finish("gate", "bnbench gate SUITE --baseline NAME", argc, argv, &o->suite, &o->m)))
		return rc;
	if (!o->baseline == !o->base_dir) {
		die_msg(o->baseline ? "gate: --baseline and --base-plugins exclude each other"
		                    : "gate: nothing to gate against (--base-plugins DIR or --baseline NAME)");
		return EXIT_USAGE;
	}
	if (o->save_as && !*o->save_as) {
		die_msg("gate: --save-baseline: empty name");
		return EXIT_USAGE;
	}
	if (o->junit && cli_check_writable(o->junit, &e)) {
		die_msg("gate: --junit %s", e.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Check what can be checked before measuring anything: the baseline and that it shares a case. */
static int load_baseline(struct gate *gt)
{
	struct bnb_err e = { 0, "" };
	int64_t id;
	int foreign;

	if (store_baseline_get(gt->store, gt->o->baseline, &id, &e) ||
	    store_run_load(gt->store, id, &gt->base_run, &gt->base, &gt->nb, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	foreign = gt->base_run.source && *gt->base_run.source && strcmp(gt->base_run.source, "bnbench") != 0;
	for (size_t i = 0; i < gt->plan->n; i++) {
		struct case_result key;
		int shared = 0;

		plan_case_result(&gt->plan->cases[i], &key);
		for (size_t j = 0; j < gt->nb && !shared; j++)
			shared = foreign ? case_same_job(&key, &gt->base[j]) : case_same(&key, &gt->base[j]);
		case_result_free(&key);
		if (shared)
			return EXIT_OK;
	}
	die_msg("baseline '%s' shares no case with suite %s", gt->o->baseline, gt->o->suite);
	return EXIT_USAGE;
}

/* Refuse (or warn about) a fingerprint that differs from the baseline's; 0 if the run may go on. */
static int check_env(struct gate *gt, const struct run_info *run)
{
	struct compare_result tmp;
	char line[1024];

	memset(&tmp, 0, sizeof tmp);
	tmp.base_run = &gt->base_run;
	tmp.run = run;
	tmp.baseline = gt->o->baseline;
	tmp.n_env = compare_env_diffs(&gt->base_run, run, &tmp.env);
	for (size_t i = 0; i < tmp.n_env; i++) {
		compare_env_line(&tmp, &tmp.env[i], line, sizeof line);
		if (gt->o->require_same_env)
			die_msg("environment differs: %s (--require-same-env)", line);
		else
			warn_msg("environment differs: %s", line);
	}
	free(tmp.env);
	return gt->o->require_same_env && tmp.n_env;
}

/* The suite into the store; returns an exit status, with the run's cases in gt->cases. */
static int measure(struct gate *gt, struct runner *x)
{
	struct bnb_err e = { 0, "" };
	int rc;

	size_t n = 0;

	gt->sinks[n++] = sink_store(&gt->store_sink, gt->store);
	if (gt->ab)
		gt->sinks[n++] = sink_ab(&gt->ab_sink, gt->store, gt->plan, gt->o->base_dir);
	gt->sinks[n++] = sink_console(&gt->console, gt->plan, stdout, 0, cli_progress());
	gt->ro.warn_env = 1;
	if (runner_start(x, gt->plan, gt->ses->suite, &gt->ses->reg, &gt->ro, gt->sinks, n, &e)) {
		die_msg("%s", e.msg);
		die_msg("gate: the store could not be written: nothing was measured");
		sink_console_free(&gt->console);
		return EXIT_RUNTIME;
	}
	if (!gt->ab && check_env(gt, &x->run)) {
		if (store_run_delete(gt->store, x->run.id, &e))
			die_msg("%s", e.msg);
		sink_console_free(&gt->console);
		return EXIT_USAGE;
	}
	rc = cli_run_cases(x, NULL, 0);
	if (runner_finish(x, rc == BNB_EINTR, &e)) {
		die_msg("%s", e.msg);
		x->sink_failed = 1;
	}
	sink_console_free(&gt->console);
	gt->n = runner_take(x, &gt->cases);
	if (x->sink_failed) {
		die_msg("gate: the store could not be written: run %" PRId64 " is incomplete with %zu of %zu "
		        "cases stored", x->run.id, gt->n, gt->plan->n);
		return EXIT_RUNTIME;
	}
	if (rc == BNB_EINTR) {
		warn_msg("interrupted: run %" PRId64 " kept as incomplete with %zu of %zu cases", x->run.id, gt->n,
		         gt->plan->n);
		return 130;
	}
	if (rc) {
		die_msg("gate: cannot start a worker process");
		return EXIT_USAGE;
	}
	if (gt->o->save_as && store_baseline_save(gt->store, gt->o->save_as, x->run.id, NULL, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Measure the regressed cases again, in this process, without storing them, and compare them again. */
static int recheck(struct gate *gt)
{
	struct runner y;
	struct run_sink console = sink_console(&gt->console, gt->plan, stdout, 0, cli_progress());
	struct bnb_err e = { 0, "" };
	size_t *idx = xcalloc(gt->res.n_rows + 1, sizeof *idx), k = 0;
	int rc = EXIT_OK;

	for (size_t i = 0; i < gt->res.n_rows; i++) {
		const struct compare_row *row = &gt->res.rows[i];
		if (row->cls == CMP_REGRESSED && row->run) {
			idx[k] = plan_find(gt->plan, row->run);
			k += idx[k] < gt->plan->n;
		}
	}
	if (k && !gt->res.foreign) {
		gt->ro.warn_env = 0;
		if (runner_start(&y, gt->plan, gt->ses->suite, &gt->ses->reg, &gt->ro, &console, 1, &e)) {
			die_msg("%s", e.msg);
			rc = EXIT_USAGE;
		} else {
			int status = cli_run_cases(&y, idx, k);
			runner_finish(&y, status == BNB_EINTR, &e);
			gt->n_again = runner_take(&y, &gt->again);
			rc = status == BNB_EINTR ? 130 : status ? EXIT_USAGE : EXIT_OK;
			if (status && status != BNB_EINTR)
				die_msg("gate: cannot start a worker process");
		}
		runner_free(&y);
	}
	sink_console_free(&gt->console);
	for (size_t i = 0; rc == EXIT_OK && i < gt->res.n_rows; i++) {
		struct compare_row *row = &gt->res.rows[i];
		for (size_t j = 0; row->cls == CMP_REGRESSED && row->run && j < gt->n_again; j++)
			if (case_same(&gt->again[j], row->run)) {
				if (gt->ab)
					compare_recheck_paired(row, &gt->again[j]);
				else
					compare_recheck(row, &gt->again[j]);
			}
	}
	compare_update(&gt->res);
	free(idx);
	return rc;
}

static int write_junit(const struct gate *gt)
{
	FILE *f = fopen(gt->o->junit, "w");

	if (!f) {
		die_msg("%s: cannot write: %s", gt->o->junit, strerror(errno));
		return EXIT_USAGE;
	}
	compare_print(f, COMPARE_JUNIT, &gt->res, 1);
	if (fclose(f) != 0) {
		die_msg("%s: cannot write: %s", gt->o->junit, strerror(errno));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Confirmed regressions and cases that no longer pass fail the gate. */
static int outcome(const struct gate *gt)
{
	for (size_t i = 0; i < gt->n; i++)
		if (gt->cases[i].status == CASE_FAILED || gt->cases[i].status == CASE_ERROR)
			return EXIT_REGRESSION;
	return cli_compare_status(&gt->res, gt->o->fail_on_inconclusive);
}

/* The baseline's cases that the filters left out are not part of this gate: no rows for them. */
static void drop_unplanned(struct gate *gt)
{
	size_t n = 0;

	for (size_t i = 0; i < gt->res.n_rows; i++) {
		const struct compare_row *r = &gt->res.rows[i];
		if (r->cls != CMP_ONLY_BASE || gt->res.foreign || plan_find(gt->plan, r->base) < gt->plan->n)
			gt->res.rows[n++] = *r;
	}
	gt->res.n_rows = n;
	compare_update(&gt->res);
}

/* Against a stored baseline: say so when the run's own spread is as wide as the threshold. */
static void warn_noisy(const struct compare_result *res)
{
	size_t noisy = 0, n = 0;
	double worst = 0;

	for (size_t i = 0; i < res->n_rows; i++) {
		const struct case_result *c = res->rows[i].run;
		double w;
		if (!c || c->status != CASE_OK || !res->rows[i].base)
			continue;
		w = stats_ci_rel_width(&c->stats);
		n++;
		if (w > res->rows[i].threshold) {
			noisy++;
			worst = w > worst ? w : worst;
		}
	}
	if (noisy)
		warn_msg("this machine is too noisy for the threshold: in %zu of %zu cases the run's own 95%% CI is "
		         "wider than it (up to %.1f%%); gate paired against the base build (--base-plugins) instead",
		         noisy, n, worst * 100);
}

static int run_gate(struct gate *gt)
{
	struct runner x;
	struct compare_opts co = { gt->o->m.threshold };
	int rc = gt->ab ? EXIT_OK : load_baseline(gt);

	memset(&x, 0, sizeof x);
	if (rc)
		return rc;
	rc = measure(gt, &x);
	if (rc == EXIT_OK && gt->ab) {
		compare_paired(&x.run, gt->cases, gt->n, &co, gt->o->base_dir, &gt->res);
		rc = recheck(gt);
	} else if (rc == EXIT_OK) {
		compare_runs(&gt->base_run, gt->base, gt->nb, &x.run, gt->cases, gt->n, &co, &gt->res);
		gt->res.baseline = gt->o->baseline;
		drop_unplanned(gt);
		warn_noisy(&gt->res);
		rc = recheck(gt);
	}
	if (rc == EXIT_OK) {
		FILE *f = cli_output_open("gate", gt->o->m.output);
		if (f)
			compare_print(f, (enum compare_format)gt->o->m.format, &gt->res, 1);
		fflush(stdout);
		rc = !f || cli_output_close("gate", gt->o->m.output, f) ? EXIT_RUNTIME : EXIT_OK;
		if (rc == EXIT_OK && gt->o->junit)
			rc = write_junit(gt);
	}
	if (rc == EXIT_OK)
		rc = outcome(gt);
	compare_free(&gt->res);
	if (x.plan)
		runner_free(&x);
	return rc;
}

int cmd_gate(int argc, char **argv, const struct global_opts *g)
{
	struct gate_opts o;
	struct gate gt;
	struct session ses;
	struct ab_setup a;
	struct bnb_err e = { 0, "" };
	int rc = parse_opts(argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	memset(&gt, 0, sizeof gt);
	memset(&ses, 0, sizeof ses);
	memset(&a, 0, sizeof a);
	gt.o = &o;
	gt.ro = (struct runner_opts){ o.m.label, 1, o.m.cpu, o.m.timeout_ns, 0, &cli_stop, 0, &o.m.overrides };
	if (o.base_dir) {
		rc = ab_setup_open(&a, o.suite, g->plugin_dir, o.base_dir, &o.m.filter, &e);
		gt.ab = &a;
		gt.ses = &a.cand;
		for (size_t i = 0; !rc && a.only_base[i]; i++)
			warn_msg("gate: backend %s is only in the base plugins: not compared", a.only_base[i]);
	} else {
		rc = session_open(&ses, o.suite, g->plugin_dir, &o.m.filter, &e);
		gt.ses = &ses;
	}
	gt.plan = &gt.ses->plan;
	if (rc) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else if (gt.plan->n == 0) {
		die_msg("gate: no case of %s matches the filters", o.suite);
		rc = EXIT_USAGE;
	} else if (cli_open_store(g, o.base_dir ? STORE_CREATE : 0, &gt.store, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		rc = run_gate(&gt);
		store_close(gt.store);
	}
	store_cases_free(gt.base, gt.nb);
	run_info_free(&gt.base_run);
	for (size_t i = 0; i < gt.n; i++)
		case_result_free(&gt.cases[i]);
	free(gt.cases);
	for (size_t i = 0; i < gt.n_again; i++)
		case_result_free(&gt.again[i]);
	free(gt.again);
	session_close(&ses);
	ab_setup_free(&a);
	return rc;
}
