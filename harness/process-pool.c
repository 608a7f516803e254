/* A case's samples pooled over the worker processes that measured it, and their spread. */
#include "config.h"

#include "process-pool.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

static double *append(double *to, size_t n, const double *from, size_t m)
{
	to = xrealloc(to, (n + m) * sizeof *to);
	memcpy(to + n, from, m * sizeof *to);
	return to;
}

void process_pool_add(struct process_pool *p, struct case_outcome *o)
{
	struct case_outcome *q = &p->pooled;

	p->medians = xrealloc(p->medians, (p->n + 1) * sizeof *p->medians);
	p->medians[p->n] = stats_median(o->m.samples, o->m.n_samples);
	if (p->n++ == 0) {
		*q = *o;          /* the first process's detail, work and iterations per sample stand */
		memset(o, 0, sizeof *o);
		return;
	}
	if (o->boundary_elems > q->boundary_elems)
		q->boundary_elems = o->boundary_elems;
	/* A/B: both sides were measured in each process, pair by pair. */
	if (q->base_samples && o->base_samples)
		q->base_samples = append(q->base_samples, q->m.n_samples, o->base_samples, o->m.n_samples);
	q->m.samples = append(q->m.samples, q->m.n_samples, o->m.samples, o->m.n_samples);
	q->m.n_samples += o->m.n_samples;
	case_outcome_free(o);
}

unsigned process_pool_take(struct process_pool *p, struct case_outcome *o, double **medians)
{
	unsigned n = p->n;

	*o = p->pooled;
	*medians = p->medians;
	memset(p, 0, sizeof *p);
	return n;
}

void process_pool_free(struct process_pool *p)
{
	case_outcome_free(&p->pooled);
	free(p->medians);
	memset(p, 0, sizeof *p);
}

double process_spread(const double *medians, unsigned n, double pooled_median)
{
	double lo, hi;

	if (n < 2 || !(pooled_median > 0))
		return NAN;
	lo = hi = medians[0];
	for (unsigned i = 1; i < n; i++) {
		if (medians[i] < lo)
			lo = medians[i];
		if (medians[i] > hi)
			hi = medians[i];
	}
	return (hi - lo) / pooled_median;
}

static double spread_of(const struct case_result *c)
{
	return c && case_processes(c) > 1 && c->process_spread >= 0 ? c->process_spread : NAN;
}

double process_spread_larger(const struct case_result *a, const struct case_result *b)
{
	double x = spread_of(a), y = spread_of(b);

	return isnan(x) || y > x ? y : x;
}

int process_spread_covers(double spread, double ratio)
{
	return ratio > 0 && spread >= 0 && (ratio >= 1 ? ratio : 1 / ratio) - 1 <= spread;
}
