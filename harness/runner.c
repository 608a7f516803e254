/* Making a run: cases through workers, results into the store and onto stdout. */
#include "config.h"

#include "runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "env.h"
#include "output.h"
#include "stats.h"
#include "worker.h"

static volatile int interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void clear_progress(struct runner *x)
{
	if (x->opts->progress)
		fputs("\r\033[K", stderr);
}

static void on_started(size_t index, void *arg)
{
	struct runner *x = arg;

	if (!x->opts->progress)
		return;
	fprintf(stderr, "\r\033[K[%zu/%zu] %s", x->done + 1, x->total, x->plan->cases[index].name);
	fflush(stderr);
}

static void record(struct runner *x, size_t index, struct case_result *c)
{
	clear_progress(x);
	if (x->store && !x->store_failed && store_case_add(x->store, x->run.id, c, &x->err)) {
		x->store_failed = 1;
		log_error("%s", x->err.msg);
		interrupted = 1;
	}
	if (x->store && x->store_failed) {
		case_result_free(c);    /* not stored: neither printed nor counted as done */
		return;
	}
	if (x->opts->print_lines) {
		output_case_line(stdout, c);
		fflush(stdout);
	}
	if (x->have[index])
		case_result_free(&x->results[index]);
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
	struct runner *x = arg;
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
	struct runner *x = arg;
	run_env_add(&x->run, key, value);
}

int runner_start(struct runner *x, struct store *s, const struct plan *plan, const struct suite *suite,
                 const struct registry *r, const struct runner_opts *o, struct bnb_err *e)
{
	struct timer_info timer;

	memset(x, 0, sizeof *x);
	x->plan = plan;
	x->opts = o;
	x->store = s;
	x->results = xcalloc(plan->n ? plan->n : 1, sizeof *x->results);
	x->have = xcalloc(plan->n ? plan->n : 1, sizeof *x->have);
	measure_timer(&timer);
	x->min_sample_ns = measure_min_sample_ns(&timer);
	x->run.suite = xstrdup(suite->name);
	x->run.suite_hash = xstrdup(suite->hash);
	x->run.label = o->label ? xstrdup(o->label) : NULL;
	x->run.source = xstrdup("bnbench");
	x->run.started_ns = wall_ns();
	env_capture(&x->run, r, &timer);
	if (!s)
		return BNB_OK;
	env_warn(&x->run, r);
	return store_run_begin(s, &x->run, e);
}

int runner_cases(struct runner *x, const size_t *idx, size_t n)
{
	const struct plan *p = x->plan;
	size_t *batch = xcalloc(n ? n : 1, sizeof *batch);
	char *seen = xcalloc(n ? n : 1, 1);
	struct worker_sink sink = { on_started, on_finished, on_env, x };
	struct worker_cfg cfg = { x->opts->isolate, x->opts->cpu, x->opts->timeout_ns, x->min_sample_ns,
	                          &interrupted };
	struct sigaction sa, old_int, old_term;
	int rc = BNB_OK;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	x->total = x->done + n;
	for (size_t i = 0; i < n; i++) {
		if (p->cases[idx[i]].skip) {
			struct case_result c;
			case_init(&c, &p->cases[idx[i]]);
			c.status = CASE_SKIPPED;
			c.detail = xstrdup(p->cases[idx[i]].skip);
			record(x, idx[i], &c);
			seen[i] = 1;
		}
	}
	/* A worker per plugin, plugins in order of first appearance. */
	for (size_t i = 0; i < n && rc == BNB_OK && !interrupted; i++) {
		const struct plugin *owner;
		size_t m = 0;

		if (seen[i])
			continue;
		owner = p->cases[idx[i]].pk->plugin;
		for (size_t j = i; j < n; j++) {
			if (!seen[j] && p->cases[idx[j]].pk->plugin == owner) {
				seen[j] = 1;
				batch[m++] = idx[j];
			}
		}
		rc = worker_run(p, batch, m, &cfg, &sink);
	}
	clear_progress(x);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	free(batch);
	free(seen);
	return interrupted ? BNB_EINTR : rc;
}

int runner_all(struct runner *x)
{
	size_t *idx = xcalloc(x->plan->n ? x->plan->n : 1, sizeof *idx);
	int rc;

	for (size_t i = 0; i < x->plan->n; i++)
		idx[i] = i;
	rc = runner_cases(x, idx, x->plan->n);
	free(idx);
	return rc;
}

int runner_finish(struct runner *x, int was_interrupted, struct bnb_err *e)
{
	x->run.finished_ns = wall_ns();
	x->run.status = was_interrupted || x->store_failed ? RUN_INCOMPLETE : RUN_COMPLETE;
	if (!x->store)
		return BNB_OK;
	if (store_env_put(x->store, &x->run, e))
		return e->status;
	return store_run_finish(x->store, x->run.id, x->run.status, x->run.finished_ns, e);
}

size_t runner_take(struct runner *x, struct case_result **out)
{
	size_t n = 0;

	for (size_t i = 0; i < x->plan->n; i++) {
		if (x->have[i]) {
			x->results[n++] = x->results[i];
			x->have[i] = 0;
		}
	}
	*out = x->results;
	x->results = NULL;
	return n;
}

void runner_free(struct runner *x)
{
	if (x->results)
		for (size_t i = 0; i < x->plan->n; i++)
			if (x->have[i])
				case_result_free(&x->results[i]);
	free(x->results);
	free(x->have);
	run_info_free(&x->run);
	memset(x, 0, sizeof *x);
}
