/* bnbench run: measure a suite and store the run. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "env.h"
#include "output.h"
#include "plan.h"
#include "plugin.h"
#include "cli.h"
#include "stats.h"
#include "store.h"
#include "suite.h"
#include "worker.h"

#define PROBE_TIMEOUT_NS (20ull * 1000000000ull)

static volatile int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct run_ctx {
	const struct plan *plan;
	struct store *store;
	struct run_info *run;
	struct case_result *results;   /* one per plan case, in plan order */
	int *have;                     /* results[i] is filled */
	size_t done, total;
	enum output_format fmt;
	int progress;                  /* stderr is a terminal */
	int store_failed;
	struct bnb_err err;
};

static void clear_progress(struct run_ctx *x)
{
	if (x->progress)
		fputs("\r\033[K", stderr);
}

static void on_started(size_t index, void *arg)
{
	struct run_ctx *x = arg;

	if (!x->progress)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", x->done + 1, x->total, x->plan->cases[index].name);
	fflush(stderr);
}

static void record(struct run_ctx *x, size_t index, struct case_result *c)
{
	clear_progress(x);
	if (!x->store_failed && store_case_add(x->store, x->run->id, c, &x->err)) {
		x->store_failed = 1;
		die_msg("%s", x->err.msg);
		interrupted = 1;
	}
	if (x->fmt == OUT_TABLE) {
		output_case_line(stdout, c);
		fflush(stdout);
	}
	x->results[index] = *c;
	x->have[index] = 1;
	x->done++;
}

static void case_init(struct case_result *c, const struct plan_case *pc)
{
	memset(c, 0, sizeof *c);
	c->name = xstrdup(pc->name);
	c->group = xstrdup(pc->group->name);
	c->plugin = xstrdup(pc->pk ? pc->pk->plugin->name : "");
	c->op = xstrdup(pc->op);
	c->scheme = pc->scheme ? xstrdup(pc->scheme) : NULL;
	c->backend = xstrdup(pc->backend);
	c->m = pc->m;
	c->k = pc->k;
	c->params = xstrdup(pc->params_str ? pc->params_str : "");
	c->threshold = pc->threshold;
	c->work_items = plan_work_items(pc);
	c->bytes = plan_bytes(pc);
	c->started_ns = wall_ns();
}

static void on_finished(size_t index, struct case_outcome *o, void *arg)
{
	struct run_ctx *x = arg;
	struct case_result c;

	case_init(&c, &x->plan->cases[index]);
	c.status = o->status;
	c.detail = o->detail;
	c.boundary_elems = o->boundary_elems;
	c.iters_per_sample = o->m.iters_per_sample;
	if (o->status == CASE_OK && o->m.n_samples) {
		c.samples = o->m.samples;
		c.n_samples = o->m.n_samples;
		stats_summarize(c.samples, c.n_samples, &c.stats);
	} else {
		free(o->m.samples);
	}
	record(x, index, &c);
}

static void on_env(const char *key, const char *value, void *arg)
{
	struct run_ctx *x = arg;
	run_env_add(x->run, key, value);
}

static void record_skipped(struct run_ctx *x)
{
	for (size_t i = 0; i < x->plan->n; i++) {
		const struct plan_case *pc = &x->plan->cases[i];
		struct case_result c;
		if (!pc->skip)
			continue;
		case_init(&c, pc);
		c.status = CASE_SKIPPED;
		c.detail = xstrdup(pc->skip);
		record(x, i, &c);
	}
}

/* Run the cases of each plugin in its own worker, plugins in order of first appearance. */
static int run_plugins(struct run_ctx *x, const struct worker_cfg *cfg)
{
	const struct plan *p = x->plan;
	size_t *idx = xcalloc(p->n ? p->n : 1, sizeof *idx);
	char *seen = xcalloc(p->n ? p->n : 1, 1);
	struct worker_sink sink = { on_started, on_finished, on_env, x };
	int rc = BNB_OK;

	for (size_t i = 0; i < p->n && rc == BNB_OK; i++) {
		const struct plugin *owner;
		size_t n = 0;

		if (seen[i] || p->cases[i].skip)
			continue;
		owner = p->cases[i].pk->plugin;
		for (size_t j = i; j < p->n; j++) {
			if (!seen[j] && !p->cases[j].skip && p->cases[j].pk->plugin == owner) {
				seen[j] = 1;
				idx[n++] = j;
			}
		}
		rc = worker_run(p, idx, n, cfg, &sink);
	}
	free(idx);
	free(seen);
	return rc;
}

static void print_dry_run(const struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_case *c = &p->cases[i];
		printf("%-36s %s%s%s\n", c->name, c->skip ? "skip: " : "run", c->skip ? c->skip : "",
		       c->params_str && *c->params_str ? "" : "");
	}
	printf("%zu cases\n", p->n);
}

struct run_opts {
	const char *suite, *label, *baseline, *format;
	struct plan_filter filter;
	int dry_run, isolate, cpu;
	uint64_t timeout_ns;
};

static int parse_opts(int argc, char **argv, struct run_opts *o)
{
	static const struct option opts[] = {
		{ "label", required_argument, NULL, 'l' },   { "save-baseline", required_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'f' },  { "backend", required_argument, NULL, 'b' },
		{ "scheme", required_argument, NULL, 's' },  { "op", required_argument, NULL, 'o' },
		{ "filter", required_argument, NULL, 'F' },  { "dry-run", no_argument, NULL, 'n' },
		{ "cpu", required_argument, NULL, 'c' },     { "no-isolate", no_argument, NULL, 'I' },
		{ "timeout", required_argument, NULL, 'T' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	uint64_t v;

	memset(o, 0, sizeof *o);
	o->isolate = 1;
	o->cpu = -1;
	o->format = "table";
	while ((c = getopt_long(argc, argv, "l:f:nh", opts, NULL)) != -1) {
		switch (c) {
		case 'l': o->label = optarg; break;
		case 'B': o->baseline = optarg; break;
		case 'f': o->format = optarg; break;
		case 'b': o->filter.backends = optarg; break;
		case 's': o->filter.schemes = optarg; break;
		case 'o': o->filter.ops = optarg; break;
		case 'F': o->filter.glob = optarg; break;
		case 'n': o->dry_run = 1; break;
		case 'I': o->isolate = 0; break;
		case 'c':
			if (parse_u64(optarg, &v) || v > 4095) {
				die_msg("run: invalid --cpu '%s'", optarg);
				return EXIT_USAGE;
			}
			o->cpu = (int)v;
			break;
		case 'T':
			if (parse_duration_ns(optarg, &o->timeout_ns) || !o->timeout_ns) {
				die_msg("run: invalid --timeout '%s' (a duration such as 30s)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': printf("usage: %s\n", command_find("run")->usage); return -1;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		die_msg(optind >= argc ? "run: no suite given (usage: bnbench run SUITE)" : "run: too many arguments");
		return EXIT_USAGE;
	}
	if (output_format_parse(o->format) < 0) {
		die_msg("run: unknown format '%s' (table, json, csv or markdown)", o->format);
		return EXIT_USAGE;
	}
	o->suite = argv[optind];
	return EXIT_OK;
}

static int execute(struct run_ctx *x, const struct run_opts *o, const struct registry *r,
                   const struct suite *s)
{
	struct timer_info timer;
	struct worker_cfg cfg;
	struct sigaction sa, old_int, old_term;
	int rc;

	measure_timer(&timer);
	x->run->suite = xstrdup(s->name);
	x->run->suite_hash = xstrdup(s->hash);
	x->run->label = o->label ? xstrdup(o->label) : NULL;
	x->run->source = xstrdup("bnbench");
	x->run->started_ns = wall_ns();
	env_capture(x->run, r, &timer);
	env_warn(x->run, r);
	if (store_run_begin(x->store, x->run, &x->err)) {
		die_msg("%s", x->err.msg);
		return EXIT_USAGE;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cfg = (struct worker_cfg){ o->isolate, o->cpu, o->timeout_ns, measure_min_sample_ns(&timer), &interrupted };
	record_skipped(x);
	rc = run_plugins(x, &cfg);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	clear_progress(x);
	x->run->finished_ns = wall_ns();
	x->run->status = (rc == BNB_OK && !interrupted) ? RUN_COMPLETE : RUN_INCOMPLETE;
	if (store_env_put(x->store, x->run, &x->err) ||
	    store_run_finish(x->store, x->run->id, x->run->status, x->run->finished_ns, &x->err)) {
		die_msg("%s", x->err.msg);
		return EXIT_USAGE;
	}
	if (interrupted) {
		warn_msg("interrupted: run %lld kept as incomplete with %zu of %zu cases", (long long)x->run->id,
		         x->done, x->total);
		return 130;
	}
	if (rc) {
		die_msg("run: cannot start a worker: %s", strerror(errno));
		return EXIT_USAGE;
	}
	if (o->baseline && store_baseline_save(x->store, o->baseline, x->run->id, NULL, &x->err)) {
		die_msg("%s", x->err.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cmd_run(int argc, char **argv, const struct global_opts *g)
{
	struct run_opts o;
	struct suite *s = NULL;
	struct registry r;
	struct plan plan;
	struct run_info run;
	struct run_ctx x;
	struct bnb_err e = { 0, "" };
	int rc = parse_opts(argc, argv, &o);

	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	if (suite_load(o.suite, &s, &e)) {
		die_msg("%s", e.msg);
		return EXIT_USAGE;
	}
	registry_init(&r, g->plugin_dir);
	registry_load(&r);
	registry_probe(&r, PROBE_TIMEOUT_NS);
	if (plan_build(s, &r, &o.filter, &plan, &e)) {
		die_msg("%s", e.msg);
		registry_free(&r);
		suite_free(s);
		return EXIT_USAGE;
	}
	if (o.dry_run || plan.n == 0) {
		if (plan.n == 0)
			die_msg("run: no case of %s matches the filters", o.suite);
		else
			print_dry_run(&plan);
		plan_free(&plan);
		registry_free(&r);
		suite_free(s);
		return plan.n == 0 && !o.dry_run ? EXIT_USAGE : EXIT_OK;
	}
	memset(&run, 0, sizeof run);
	memset(&x, 0, sizeof x);
	x.plan = &plan;
	x.run = &run;
	x.total = plan.n;
	x.fmt = (enum output_format)output_format_parse(o.format);
	x.progress = isatty(STDERR_FILENO);
	x.results = xcalloc(plan.n, sizeof *x.results);
	x.have = xcalloc(plan.n, sizeof *x.have);
	if (cli_open_store(g, STORE_CREATE, &x.store, &e)) {
		die_msg("%s", e.msg);
		rc = EXIT_USAGE;
	} else {
		size_t n = 0, bad = 0;
		rc = execute(&x, &o, &r, s);
		for (size_t i = 0; i < plan.n; i++) {
			if (!x.have[i])
				continue;
			x.results[n++] = x.results[i];
			bad += x.results[i].status == CASE_FAILED || x.results[i].status == CASE_ERROR;
		}
		if (rc == EXIT_OK || rc == 130) {
			if (x.fmt == OUT_TABLE)
				printf("\nrun %lld (%s): %s\n", (long long)run.id, run.suite, run_status_name(run.status));
			output_run(stdout, x.fmt, &run, x.results, n);
		}
		if (rc == EXIT_OK && bad)
			rc = 1;
		for (size_t i = 0; i < n; i++)
			case_result_free(&x.results[i]);
		store_close(x.store);
	}
	free(x.results);
	free(x.have);
	run_info_free(&run);
	plan_free(&plan);
	registry_free(&r);
	suite_free(s);
	return rc;
}
