/* The engine of a run: cases through workers, events to the sinks. */
#include "config.h"

#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode-rate.h"
#include "env.h"
#include "paired.h"
#include "process-pool.h"
#include "stats.h"
#include "worker.h"

unsigned runner_case_processes(const struct runner *x, size_t index)
{
	unsigned n = x->opts->processes ? x->opts->processes : x->plan->cases[index].group->settings.processes;

	return x->opts->isolate && n > 1 ? n : 1;
}

static void sink_failed(struct runner *x)
{
	x->sink_failed = 1;
	*x->stop = 1;
}

static void record(struct runner *x, size_t index, struct case_result *c)
{
	for (size_t i = 0; i < x->n_sinks && !x->sink_failed; i++) {
		const struct run_sink *s = &x->sinks[i];
		if (s->finished && s->finished(&x->run, c, index, s->arg, &x->err))
			sink_failed(x);
	}
	if (x->sink_failed) {
		case_result_free(c);  /* not a result of the run: a sink did not take it */
		return;
	}
	if (x->have[index])
		case_result_free(&x->results[index]);
	x->results[index] = *c;
	x->have[index] = 1;
	x->done++;
}

static void on_started(size_t index, void *arg)
{
	struct runner *x = arg;

	for (size_t i = 0; i < x->n_sinks && !x->sink_failed; i++)
		if (x->sinks[i].started)
			x->sinks[i].started(&x->plan->cases[index], index, x->done, x->total, x->sinks[i].arg);
}

/*
 * The result of case `index` from its outcome: what n_proc processes measured,
 * pooled, with the median of each (NULL with one process).
 */
static void finish_case(struct runner *x, size_t index, struct case_outcome *o, unsigned n_proc,
                        const double *medians)
{
	struct case_result c;

	plan_case_result(&x->plan->cases[index], &c);
	c.started_ns = wall_ns();
	c.status = o->status;
	c.detail = o->detail;
	c.boundary_elems = o->boundary_elems;
	c.iters_per_sample = o->m.iters_per_sample;
	c.processes = n_proc ? n_proc : 1;
	if (o->has_work) {
		c.work_items = (double)o->work_items;
		c.bytes = (double)o->work_bytes;
	}
	if (o->status == CASE_OK && o->m.n_samples) {
		c.samples = o->m.samples;
		c.n_samples = o->m.n_samples;
		stats_summarize(c.samples, c.n_samples, &c.stats);
		if (medians)
			c.process_spread = process_spread(medians, n_proc, c.stats.median);
		if (o->base_samples) {
			c.pairs = case_pairs_make(o->base_samples, c.samples, c.n_samples);
			o->base_samples = NULL;
		}
	} else {
		free(o->m.samples);
	}
	free(o->base_samples);
	record(x, index, &c);
}

/* The processes of case `index` are over (all of them, or the run stops): its pooled result. */
static void finish_pool(struct runner *x, size_t index)
{
	struct case_outcome o;
	double *medians;
	unsigned n = process_pool_take(&x->pools[index], &o, &medians);

	finish_case(x, index, &o, n, n > 1 ? medians : NULL);
	free(medians);
}

static void on_finished(size_t index, struct case_outcome *o, void *arg)
{
	struct runner *x = arg;
	struct process_pool *pool = &x->pools[index];

	if (o->status == CASE_OK && o->m.n_samples) {
		process_pool_add(pool, o);
		if (pool->n >= runner_case_processes(x, index))
			finish_pool(x, index);
		return;
	}
	/* Not measured in this process: the case is over, as this process left it. */
	if (pool->n) {
		char *d = xasprintf("process %u of %u: %s", pool->n + 1, runner_case_processes(x, index),
		                    o->detail ? o->detail : "");
		free(o->detail);
		o->detail = d;
	}
	finish_case(x, index, o, pool->n + 1, NULL);
	process_pool_free(pool);
}

static void on_env(const char *key, const char *value, void *arg)
{
	struct runner *x = arg;

	run_env_add(&x->run, key, value);
	for (size_t i = 0; i < x->n_sinks; i++)
		if (x->sinks[i].env)
			x->sinks[i].env(key, value, x->sinks[i].arg);
}

int runner_start(struct runner *x, const struct plan *plan, const struct suite *suite, const struct registry *r,
                 const struct runner_opts *o, const struct run_sink *sinks, size_t n_sinks, struct bnb_err *e)
{
	struct timer_info timer;

	memset(x, 0, sizeof *x);
	x->plan = plan;
	x->opts = o;
	x->sinks = sinks;
	x->n_sinks = n_sinks;
	x->stop = o->stop ? o->stop : &x->own_stop;
	x->results = xcalloc(plan->n ? plan->n : 1, sizeof *x->results);
	x->have = xcalloc(plan->n ? plan->n : 1, sizeof *x->have);
	x->pools = xcalloc(plan->n ? plan->n : 1, sizeof *x->pools);
	measure_timer(&timer);
	x->min_sample_ns = measure_min_sample_ns(&timer);
	x->run.suite = xstrdup(suite->name);
	x->run.suite_hash = xstrdup(suite->hash);
	x->run.label = o->label ? xstrdup(o->label) : NULL;
	x->run.source = xstrdup("bnbench");
	x->run.started_ns = wall_ns();
	env_capture(&x->run, r, &timer);
	{
		char cpu[16], procs[16];
		snprintf(cpu, sizeof cpu, "%d", o->cpu);
		run_env_add(&x->run, "bnbench.cpu", o->cpu >= 0 ? cpu : "none");   /* where the cases ran pinned */
		/* --processes, else the suite's default (a group may set its own: each case stores its count) */
		snprintf(procs, sizeof procs, "%u", !o->isolate ? 1 : o->processes ? o->processes : suite->defaults.processes);
		run_env_add(&x->run, "bnbench.processes", procs);
		suite_override_env(o->overrides, &x->run);
	}
	if (suite->model)
		decode_model_record(&x->run, &suite->model->m);   /* for the decode rate of every view */
	if (o->warn_env)
		env_warn(&x->run, r);
	for (size_t i = 0; i < n_sinks; i++) {
		if (sinks[i].begin && sinks[i].begin(&x->run, sinks[i].arg, e)) {
			sink_failed(x);
			x->err = *e;
			return e->status ? e->status : BNB_EINTERNAL;
		}
	}
	return BNB_OK;
}

/* A skipped case is finished without a worker. */
static void skip_case(struct runner *x, size_t index)
{
	struct case_result c;

	plan_case_result(&x->plan->cases[index], &c);
	c.started_ns = wall_ns();
	c.status = CASE_SKIPPED;
	c.detail = xstrdup(x->plan->cases[index].skip);
	record(x, index, &c);
}

/* Round `round` (from 1) of the cases idx[0..n): a worker per plugin, plugins in order of first appearance. */
static int run_round(struct runner *x, const size_t *idx, size_t n, unsigned round, size_t *batch, char *seen)
{
	const struct plan *p = x->plan;
	struct worker_sink sink = { on_started, on_finished, on_env, x };
	struct worker_cfg cfg = { x->opts->isolate, x->opts->cpu, x->opts->timeout_ns, x->min_sample_ns, x->stop };
	int rc = BNB_OK;

	/* In this round: the cases that want this many processes and were measured in every round before. */
	for (size_t i = 0; i < n; i++)
		seen[i] = p->cases[idx[i]].skip || runner_case_processes(x, idx[i]) < round ||
		          x->pools[idx[i]].n != round - 1;
	for (size_t i = 0; i < n && rc == BNB_OK && !*x->stop; i++) {
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
	return rc;
}

int runner_cases(struct runner *x, const size_t *idx, size_t n)
{
	const struct plan *p = x->plan;
	size_t *batch = xcalloc(n ? n : 1, sizeof *batch);
	char *seen = xcalloc(n ? n : 1, 1);
	unsigned rounds = 1;
	int rc = BNB_OK;

	x->total = x->done + n;
	for (size_t i = 0; i < n && !x->sink_failed; i++) {
		if (p->cases[idx[i]].skip)
			skip_case(x, idx[i]);
		else if (runner_case_processes(x, idx[i]) > rounds)
			rounds = runner_case_processes(x, idx[i]);
	}
	/* Each case in its own processes, interleaved: every plugin's worker once, then again. */
	for (unsigned r = 1; r <= rounds && rc == BNB_OK && !*x->stop; r++)
		rc = run_round(x, idx, n, r, batch, seen);
	/* Stopped early: a case keeps what the processes that measured it found. */
	for (size_t i = 0; i < n; i++)
		if (x->pools[idx[i]].n)
			finish_pool(x, idx[i]);
	free(batch);
	free(seen);
	if (x->sink_failed)
		return x->err.status ? x->err.status : BNB_EINTERNAL;
	return *x->stop ? BNB_EINTR : rc;
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
	x->run.status = was_interrupted || x->sink_failed ? RUN_INCOMPLETE : RUN_COMPLETE;
	for (size_t i = 0; i < x->n_sinks; i++) {
		const struct run_sink *s = &x->sinks[i];
		if (s->end && s->end(&x->run, s->arg, e))
			return e->status ? e->status : BNB_EINTERNAL;
	}
	return BNB_OK;
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
	if (x->pools)
		for (size_t i = 0; i < x->plan->n; i++)
			process_pool_free(&x->pools[i]);
	free(x->pools);
	free(x->results);
	free(x->have);
	run_info_free(&x->run);
	memset(x, 0, sizeof *x);
}
