/* Timing one set-up kernel. */
#include "config.h"

#include "measure.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

#include "stats.h"

void measure_timer(struct timer_info *t)
{
	struct timespec res;
	enum { N = 200000 };
	volatile uint64_t sink = 0;
	uint64_t t0, t1;

	clock_getres(CLOCK_MONOTONIC, &res);
	t->resolution_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;
	t0 = now_ns();
	for (int i = 0; i < N; i++)
		sink += now_ns();
	t1 = now_ns();
	t->cost_ns = (double)(t1 - t0) / N;
}

uint64_t measure_min_sample_ns(const struct timer_info *t)
{
	double ns = 1000.0 * t->resolution_ns;
	return ns > 1e6 ? (uint64_t)ns : 1000000u;
}

int measure_warm_up(struct kernel_inst *ki, const struct measure_cfg *cfg, double *per_iter,
                    struct bnb_err *e)
{
	uint64_t start = now_ns(), iters = 1, elapsed;
	int rc;

	for (;;) {
		if ((rc = kernel_run(ki, iters, &elapsed, e)))
			return rc;
		*per_iter = (double)(elapsed ? elapsed : 1) / (double)iters;
		if (now_ns() - start >= cfg->warmup_ns && elapsed >= cfg->min_sample_ns / 8)
			return BNB_OK;
		if (now_ns() - start >= cfg->warmup_ns + cfg->max_time_ns)
			return BNB_OK;  /* a very slow kernel: one long run is warm-up enough */
		if (elapsed < cfg->min_sample_ns && !cfg->one_per_sample)
			iters *= 2;
	}
}

/* Has the median's CI become narrow enough? */
static int precise_enough(const double *samples, size_t n, double target)
{
	struct stats_summary s;

	stats_summarize(samples, n, &s);
	return stats_ci_rel_width(&s) <= target;
}

int measure_kernel(struct kernel_inst *ki, const struct measure_cfg *cfg, struct measure_result *out,
                   struct bnb_err *e)
{
	double per_iter = 0;
	size_t cap = 256, next_check;
	uint64_t start, elapsed, hard_cap;
	int rc;

	out->samples = NULL;
	out->n_samples = 0;
	if ((rc = measure_warm_up(ki, cfg, &per_iter, e)))
		return rc;
	out->iters_per_sample = (uint64_t)ceil((double)cfg->min_sample_ns / per_iter);
	if (out->iters_per_sample == 0 || cfg->one_per_sample)
		out->iters_per_sample = 1;
	out->samples = xmalloc(cap * sizeof *out->samples);
	next_check = cfg->min_samples;
	start = now_ns();
	/* The time cap yields to min_samples, but never beyond ten caps. */
	hard_cap = 10 * cfg->max_time_ns;
	for (;;) {
		uint64_t wall;

		if ((rc = kernel_run(ki, out->iters_per_sample, &elapsed, e)))
			return rc;
		if (out->n_samples == cap) {
			cap *= 2;
			out->samples = xrealloc(out->samples, cap * sizeof *out->samples);
		}
		out->samples[out->n_samples++] = (double)elapsed / (double)out->iters_per_sample;
		wall = now_ns() - start;
		if (wall >= hard_cap)
			break;
		if (out->n_samples < cfg->min_samples)
			continue;
		if (wall >= cfg->max_time_ns)
			break;
		if (wall >= cfg->min_time_ns && out->n_samples >= next_check) {
			if (precise_enough(out->samples, out->n_samples, cfg->target_ci))
				break;
			/* Checking costs a sort: do it every ~10% more samples. */
			next_check = out->n_samples + out->n_samples / 10 + 1;
		}
	}
	return BNB_OK;
}
