/* Change points: binary segmentation on medians (see changepoint.h). */
#include "config.h"

#include "changepoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The median of v[0..n) (n >= 1); tmp holds n doubles. */
static double median_of(const double *v, size_t n, double *tmp)
{
	memcpy(tmp, v, n * sizeof *tmp);
	qsort(tmp, n, sizeof *tmp, cmp_double);
	return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

static double l1_cost(const double *y, size_t n, double m)
{
	double c = 0;
	for (size_t i = 0; i < n; i++)
		c += fabs(y[i] - m);
	return c;
}

struct series {
	const double *y;     /* log medians */
	const double *var;   /* squared standard deviation of each run's log median from its CI; 0 unknown */
	double min_step;
	struct changepoint *out;
	size_t n_out;
	double *tmp, *res;
};

/* The standard error of the step between [a, k) and [k, b) with medians ml and mr. */
static double step_se(const struct series *s, size_t a, size_t k, size_t b, double ml, double mr)
{
	double mad, spread, within = 0;
	size_t n = b - a;

	for (size_t i = a; i < b; i++) {
		s->res[i - a] = fabs(s->y[i] - (i < k ? ml : mr));
		within += s->var[i];
	}
	mad = median_of(s->res, n, s->tmp);
	spread = 1.4826 * mad;
	double var = spread * spread + within / (double)n;
	return sqrt(M_PI / 2 * var * (1.0 / (double)(k - a) + 1.0 / (double)(b - k)));
}

static void segment(struct series *s, size_t a, size_t b)
{
	size_t n = b - a, best = 0;
	double best_cost = INFINITY, ml = 0, mr = 0, se, z;

	if (n < 2 * CHANGEPOINT_MIN_SEG)
		return;
	for (size_t k = a + CHANGEPOINT_MIN_SEG; k + CHANGEPOINT_MIN_SEG <= b; k++) {
		double l = median_of(s->y + a, k - a, s->tmp), r = median_of(s->y + k, b - k, s->tmp);
		double cost = l1_cost(s->y + a, k - a, l) + l1_cost(s->y + k, b - k, r);
		if (cost < best_cost) {
			best_cost = cost;
			best = k;
			ml = l;
			mr = r;
		}
	}
	if (fabs(expm1(mr - ml)) < s->min_step)
		return;
	se = step_se(s, a, best, b, ml, mr);
	z = se > 0 ? fabs(mr - ml) / se : INFINITY;
	if (z < CHANGEPOINT_Z)
		return;
	segment(s, a, best);
	s->out[s->n_out++] = (struct changepoint){ best, exp(ml), exp(mr), expm1(mr - ml), z };
	segment(s, best, b);
}

size_t changepoints_find(const struct cp_point *pts, size_t n, double min_step, struct changepoint *out)
{
	double *y = xcalloc(n + 1, sizeof *y), *var = xcalloc(n + 1, sizeof *var);
	struct series s = { y, var, min_step, out, 0, xcalloc(n + 1, sizeof(double)), xcalloc(n + 1, sizeof(double)) };

	for (size_t i = 0; i < n; i++) {
		const struct cp_point *p = &pts[i];
		y[i] = log(p->median);
		if (isfinite(p->ci_low) && isfinite(p->ci_high) && p->ci_low > 0 && p->ci_high >= p->ci_low) {
			double sd = (log(p->ci_high) - log(p->ci_low)) / (2 * 1.96);
			var[i] = sd * sd;
		}
	}
	segment(&s, 0, n);
	free(y);
	free(var);
	free(s.tmp);
	free(s.res);
	return s.n_out;
}
