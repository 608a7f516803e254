/* Records of runs and cases. */
#include "config.h"

#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ops.h"
#include "util.h"

void run_info_free(struct run_info *r)
{
	if (!r)
		return;
	free(r->suite);
	free(r->suite_hash);
	free(r->label);
	free(r->git_commit);
	free(r->host);
	free(r->version);
	free(r->source);
	for (size_t i = 0; i < r->n_env; i++) {
		free(r->env[i].key);
		free(r->env[i].value);
	}
	free(r->env);
	memset(r, 0, sizeof *r);
}

void case_result_free(struct case_result *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->group);
	free(c->plugin);
	free(c->op);
	free(c->scheme);
	free(c->backend);
	free(c->params);
	free(c->detail);
	free(c->samples);
	case_pairs_free(c->pairs);
	memset(c, 0, sizeof *c);
}

void case_pairs_free(struct case_pairs *p)
{
	if (!p)
		return;
	free(p->base);
	free(p->cand);
	free(p->base_first);
	free(p);
}

void run_env_add(struct run_info *r, const char *key, const char *value)
{
	for (size_t i = 0; i < r->n_env; i++) {
		if (strcmp(r->env[i].key, key) == 0) {
			free(r->env[i].value);
			r->env[i].value = xstrdup(value);
			return;
		}
	}
	r->env = xrealloc(r->env, (r->n_env + 1) * sizeof *r->env);
	r->env[r->n_env].key = xstrdup(key);
	r->env[r->n_env].value = xstrdup(value);
	r->n_env++;
}

const char *run_env_get(const struct run_info *r, const char *key)
{
	for (size_t i = 0; i < r->n_env; i++)
		if (strcmp(r->env[i].key, key) == 0)
			return r->env[i].value;
	return NULL;
}

const char *case_status_name(enum case_status s)
{
	switch (s) {
	case CASE_OK: return "ok";
	case CASE_FAILED: return "failed";
	case CASE_ERROR: return "error";
	case CASE_SKIPPED: return "skipped";
	}
	return "unknown";
}

const char *run_status_name(enum run_status s)
{
	switch (s) {
	case RUN_RUNNING: return "running";
	case RUN_COMPLETE: return "complete";
	case RUN_INCOMPLETE: return "incomplete";
	case RUN_FAILED: return "failed";
	}
	return "unknown";
}

static int str_same(const char *a, const char *b, int nocase)
{
	a = a ? a : "";
	b = b ? b : "";
	return nocase ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

int case_same_work(const struct case_result *a, const struct case_result *b)
{
	return str_same(a->op, b->op, 0) && str_same(a->scheme, b->scheme, 0) && a->m == b->m && a->k == b->k &&
	       str_same(a->params, b->params, 0);
}

void case_result_init(struct case_result *c)
{
	memset(c, 0, sizeof *c);
	c->threads = 1;
	c->processes = 1;
	c->process_spread = NAN;
	c->target_ci = NAN;
}

unsigned case_threads(const struct case_result *c)
{
	return c->threads ? c->threads : 1;
}

unsigned case_processes(const struct case_result *c)
{
	return c->processes ? c->processes : 1;
}

int case_same(const struct case_result *a, const struct case_result *b)
{
	return case_same_work(a, b) && str_same(a->backend, b->backend, 0) &&
	       case_threads(a) == case_threads(b);
}

int case_same_job(const struct case_result *a, const struct case_result *b)
{
	return str_same(a->op, b->op, 1) && str_same(a->scheme, b->scheme, 1) && a->m == b->m && a->k == b->k;
}

int case_noisy(const struct case_result *c)
{
	return case_usable(c) && isfinite(c->target_ci) && stats_ci_rel_width(&c->stats) > c->target_ci;
}

const char *case_display_status(const struct case_result *c)
{
	return case_noisy(c) ? "noisy" : case_status_name(c->status);
}

size_t case_outliers(const struct case_result *c)
{
	const struct stats_summary *s = &c->stats;

	return s->outliers_low_mild + s->outliers_low_severe + s->outliers_high_mild + s->outliers_high_severe;
}

int case_usable(const struct case_result *c)
{
	return c && c->status == CASE_OK && c->stats.median > 0;
}

double case_rate_at(const struct case_result *c, double ns)
{
	return ns > 0 && isfinite(ns) ? c->work_items / ns * 1e9 : NAN;
}

double case_throughput(const struct case_result *c)
{
	return c->stats.median > 0 ? c->work_items / c->stats.median * 1e9 : NAN;
}

double case_gbps(const struct case_result *c)
{
	/* No bytes: a kernel that moves none (or does not say), not one at 0 GB/s. */
	return c->stats.median > 0 && c->bytes > 0 ? c->bytes / c->stats.median : NAN;
}

const char *case_unit(const struct case_result *c)
{
	return ops_unit(c->op, c->scheme);
}
