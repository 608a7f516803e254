/* Paired A/B measurement and its statistics. */
#include "config.h"

#include "paired.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double paired_sign_test_p(size_t k, size_t n)
{
	double dn = (double)n, lgn, tail = 0;
	size_t lo = k < n - k ? k : n - k;

	if (n == 0)
		return 1;
	lgn = lgamma(dn + 1) - dn * log(2.0);
	/* P(B <= lo) for B ~ Binomial(n, 1/2), doubled. */
	for (size_t i = 0; i <= lo; i++)
		tail += exp(lgn - lgamma((double)i + 1) - lgamma(dn - (double)i + 1));
	return 2 * tail > 1 ? 1 : 2 * tail;
}

void paired_summarize(const double *base, const double *cand, size_t n, struct paired_summary *s)
{
	double *r;
	size_t lo, hi;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->ratio = s->ratio_low = s->ratio_high = s->p_value = NAN;
	if (n == 0)
		return;
	r = xmalloc(n * sizeof *r);
	for (size_t i = 0; i < n; i++) {
		r[i] = base[i] > 0 ? cand[i] / base[i] : NAN;
		s->above += r[i] > 1;
		s->below += r[i] < 1;
	}
	qsort(r, n, sizeof *r, cmp_double);
	s->ratio = stats_quantile_sorted(r, n, 0.5);
	if (stats_median_ci_index(n, 0.95, &lo, &hi) == 0) {
		s->ratio_low = r[lo];
		s->ratio_high = r[hi];
	} else {
		s->ratio_low = r[0];
		s->ratio_high = r[n - 1];
	}
	s->p_value = paired_sign_test_p(s->above, s->above + s->below);
	free(r);
}

struct case_pairs *case_pairs_make(double *base, const double *cand, size_t n)
{
	struct case_pairs *p = xcalloc(1, sizeof *p);
	struct paired_summary s;

	p->n = n;
	p->base = base;
	p->cand = xmalloc((n ? n : 1) * sizeof *p->cand);
	memcpy(p->cand, cand, n * sizeof *p->cand);
	p->base_first = xmalloc(n ? n : 1);
	for (size_t i = 0; i < n; i++)
		p->base_first[i] = PAIRED_BASE_FIRST(i);
	paired_summarize(base, cand, n, &s);
	p->ratio = s.ratio;
	p->ratio_low = s.ratio_low;
	p->ratio_high = s.ratio_high;
	p->p_value = s.p_value;
	return p;
}

enum paired_verdict paired_classify(const struct paired_summary *s, double threshold)
{
	if (!(s->ratio_low > 0) || !isfinite(s->ratio_high))
		return PAIRED_INCONCLUSIVE;
	if (s->ratio_low > 1 + threshold)
		return PAIRED_REGRESSED;
	if (s->ratio_high < 1 - threshold)
		return PAIRED_IMPROVED;
	if (s->ratio_low >= 1 - threshold && s->ratio_high <= 1 + threshold)
		return PAIRED_UNCHANGED;
	return PAIRED_INCONCLUSIVE;
}

const char *paired_verdict_name(enum paired_verdict v)
{
	static const char *const names[] = { "regressed", "improved", "unchanged", "inconclusive" };
	return names[v];
}

static int precise_enough(const struct paired_result *r, double target)
{
	struct paired_summary s;

	paired_summarize(r->base, r->cand, r->n, &s);
	return s.ratio > 0 && (s.ratio_high - s.ratio_low) / s.ratio <= target;
}

/* One sample of ki: ns per iteration. */
static int sample(struct kernel_inst *ki, uint64_t iters, double *ns, struct bnb_err *e)
{
	uint64_t elapsed;
	int rc = kernel_run(ki, iters, &elapsed, e);

	*ns = (double)elapsed / (double)iters;
	return rc;
}

int measure_paired(struct kernel_inst *a, struct kernel_inst *b, const struct measure_cfg *cfg,
                   struct paired_result *out, struct bnb_err *e)
{
	double pa = 0, pb = 0;
	size_t cap = 256, next_check = cfg->min_samples;
	uint64_t start, hard_cap = 10 * cfg->max_time_ns;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = measure_warm_up(a, cfg, &pa, e)) || (rc = measure_warm_up(b, cfg, &pb, e)))
		return rc;
	out->iters_per_sample = (uint64_t)ceil((double)cfg->min_sample_ns / (pa < pb ? pa : pb));
	if (out->iters_per_sample == 0 || cfg->one_per_sample)
		out->iters_per_sample = 1;
	out->base = xmalloc(cap * sizeof *out->base);
	out->cand = xmalloc(cap * sizeof *out->cand);
	start = now_ns();
	for (;;) {
		uint64_t wall;
		size_t i = out->n;
		int base_first = PAIRED_BASE_FIRST(i);

		if (i == cap) {
			cap *= 2;
			out->base = xrealloc(out->base, cap * sizeof *out->base);
			out->cand = xrealloc(out->cand, cap * sizeof *out->cand);
		}
		if ((rc = sample(base_first ? a : b, out->iters_per_sample, base_first ? &out->base[i] : &out->cand[i], e)) ||
		    (rc = sample(base_first ? b : a, out->iters_per_sample, base_first ? &out->cand[i] : &out->base[i], e)))
			return rc;
		out->n++;
		wall = now_ns() - start;
		if (wall >= hard_cap)
			break;
		/* Whole ABBA blocks, so that a drift cancels within each. */
		if (out->n < cfg->min_samples || out->n % 2)
			continue;
		if (wall >= cfg->max_time_ns)
			break;
		if (wall >= cfg->min_time_ns && out->n >= next_check) {
			if (precise_enough(out, cfg->target_ci))
				break;
			next_check = out->n + out->n / 10 + 1;
		}
	}
	return BNB_OK;
}
