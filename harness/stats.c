/* Statistics of benchmark samples (DESIGN.md "Statistics"). */
#include "config.h"

#include "stats.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void swap(double *a, size_t i, size_t j)
{
	double t = a[i];
	a[i] = a[j];
	a[j] = t;
}

/*
 * k-th smallest (0-based) of a[0..n-1], reordering a so that a[i] <= a[k]
 * for i < k.  Quickselect with median-of-three pivot and Hoare partition
 * (Numerical Recipes, "select"); linear on average, fine with ties.
 */
static double select_kth(double *a, size_t n, size_t k)
{
	size_t l = 0, r = n - 1;

	while (r > l + 1) {
		size_t i = l + 1, j = r;
		double piv;

		swap(a, l + (r - l) / 2, l + 1);
		if (a[l] > a[r])
			swap(a, l, r);
		if (a[l + 1] > a[r])
			swap(a, l + 1, r);
		if (a[l] > a[l + 1])
			swap(a, l, l + 1);
		piv = a[l + 1];
		for (;;) {
			do i++; while (a[i] < piv);
			do j--; while (a[j] > piv);
			if (j < i)
				break;
			swap(a, i, j);
		}
		a[l + 1] = a[j];
		a[j] = piv;
		if (j >= k)
			r = j - 1;
		if (j <= k)
			l = i;
	}
	if (r == l + 1 && a[r] < a[l])
		swap(a, l, r);
	return a[k];
}

/* Median of a[0..n-1] by selection; reorders a. */
static double select_median(double *a, size_t n)
{
	size_t k = n / 2;
	double hi = select_kth(a, n, k), lo = a[0];

	if (n % 2)
		return hi;
	/* After selection a[0..k-1] <= a[k]: the lower middle is their maximum. */
	for (size_t i = 1; i < k; i++)
		if (a[i] > lo)
			lo = a[i];
	return lo + (hi - lo) / 2;
}

double stats_median(const double *x, size_t n)
{
	double *a, m;

	if (n == 0)
		return NAN;
	a = xmalloc(n * sizeof *a);
	memcpy(a, x, n * sizeof *a);
	m = select_median(a, n);
	free(a);
	return m;
}

double stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	double h, f;
	size_t i;

	if (n == 0)
		return NAN;
	if (p <= 0)
		return sorted[0];
	if (p >= 1)
		return sorted[n - 1];
	h = (double)(n - 1) * p;
	f = floor(h);
	i = (size_t)f;
	if (i + 1 >= n)
		return sorted[n - 1];
	return sorted[i] + (h - f) * (sorted[i + 1] - sorted[i]);
}

/*
 * The interval (x(k), x(n+1-k)) of order statistics (1-based) covers the
 * median with probability 1 - 2 P(B <= k-1), B ~ binomial(n, 1/2), whatever
 * the distribution (Conover, Practical Nonparametric Statistics, 3rd ed.,
 * the confidence interval for a quantile).  The largest k whose coverage is >= level gives the
 * narrowest such pair.  Terms are exp(log C(n,i) - n log 2) via lgamma, so
 * nothing overflows; those more than 20 standard deviations below n/2 sum to
 * under exp(-200) (Hoeffding's bound) and are skipped, so the cost is O(sqrt(n)).
 */
int stats_median_ci_index(size_t n, double level, size_t *lo, size_t *hi)
{
	double alpha = (1 - level) / 2, dn = (double)n, cdf = 0;
	double lgn = lgamma(dn + 1) - dn * log(2.0);
	double start = floor(dn / 2 - 10 * sqrt(dn));
	size_t k = 0;

	if (n == 0 || !(level > 0 && level < 1))
		return -1;
	/* Find the largest k with P(B <= k-1) <= alpha: add P(B = i) while it fits. */
	for (size_t i = start > 0 ? (size_t)start : 0; i <= n / 2; i++) {
		double di = (double)i;
		cdf += exp(lgn - lgamma(di + 1) - lgamma(dn - di + 1));
		if (cdf > alpha)
			break;
		k = i + 1;
	}
	if (k == 0)
		return -1;
	*lo = k - 1;
	*hi = n - k;
	return 0;
}

void stats_summarize(const double *x, size_t n, struct stats_summary *s)
{
	double *a, sum = 0, ss = 0, iqr;
	size_t lo, hi;

	memset(s, 0, sizeof *s);
	s->n = n;
	if (n == 0) {
		s->median = s->ci_low = s->ci_high = s->mean = s->stddev = NAN;
		s->mad = s->min = s->max = s->q1 = s->q3 = NAN;
		return;
	}
	a = xmalloc(n * sizeof *a);
	memcpy(a, x, n * sizeof *a);
	qsort(a, n, sizeof *a, cmp_double);

	s->min = a[0];
	s->max = a[n - 1];
	s->median = stats_quantile_sorted(a, n, 0.5);
	s->q1 = stats_quantile_sorted(a, n, 0.25);
	s->q3 = stats_quantile_sorted(a, n, 0.75);
	if (stats_median_ci_index(n, 0.95, &lo, &hi) == 0) {
		s->ci_low = a[lo];
		s->ci_high = a[hi];
	} else {
		s->ci_low = s->min;
		s->ci_high = s->max;
	}

	iqr = s->q3 - s->q1;
	for (size_t i = 0; i < n; i++) {
		if (a[i] < s->q1 - 3 * iqr)
			s->outliers_low_severe++;
		else if (a[i] < s->q1 - 1.5 * iqr)
			s->outliers_low_mild++;
		else if (a[i] > s->q3 + 3 * iqr)
			s->outliers_high_severe++;
		else if (a[i] > s->q3 + 1.5 * iqr)
			s->outliers_high_mild++;
		sum += a[i];
	}
	s->mean = sum / (double)n;
	/* Two-pass variance; with a single sample the spread is reported as 0. */
	for (size_t i = 0; i < n; i++)
		ss += (a[i] - s->mean) * (a[i] - s->mean);
	s->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;

	/* The sorted copy is no longer needed: reuse it for the deviations. */
	for (size_t i = 0; i < n; i++)
		a[i] = fabs(a[i] - s->median);
	s->mad = select_median(a, n);
	free(a);
}

double stats_ci_rel_width(const struct stats_summary *s)
{
	return (s->ci_high - s->ci_low) / s->median;
}

/* splitmix64 (Steele, Lea, Flood 2014): small, fast, same stream everywhere. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/*
 * Uniform integer in [0, n), 1 <= n < 2^32, without bias: multiply-shift
 * with rejection (Lemire, "Fast random integer generation in an interval",
 * ACM TOMACS 2019), which avoids a division on almost every draw.
 */
static size_t uniform_index(uint64_t *state, size_t n)
{
	uint32_t bound = (uint32_t)n;
	uint64_t m = (splitmix64(state) >> 32) * bound;

	if ((uint32_t)m < bound) {
		uint32_t skip = -bound % bound;
		while ((uint32_t)m < skip)
			m = (splitmix64(state) >> 32) * bound;
	}
	return (size_t)(m >> 32);
}

/* Uniform in (0, 1): 53 random bits, never 0. */
static double uniform01(uint64_t *state)
{
	return ((double)(splitmix64(state) >> 11) + 0.5) * 0x1.0p-53;
}

/* Standard normal (Box-Muller; the second value is dropped to keep the stream simple). */
static double normal01(uint64_t *state)
{
	double u = uniform01(state), v = uniform01(state);
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Gamma(a, 1) for a >= 1 (Marsaglia & Tsang, ACM TOMS 26(3), 2000). */
static double gamma_draw(double a, uint64_t *state)
{
	double d = a - 1.0 / 3, c = 1 / sqrt(9 * d);

	for (;;) {
		double x = normal01(state), v = 1 + c * x, u;
		if (v <= 0)
			continue;
		v = v * v * v;
		u = uniform01(state);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

/*
 * The same as resampled_median for large n, in constant time.  Drawing an
 * index uniformly from [0, n) is floor(n U) with U uniform on (0, 1), so the
 * k-th smallest of n drawn indices is floor(n U(k)), U(k) the k-th order
 * statistic of n uniforms, which is Beta(k, n + 1 - k) (drawn as a ratio of
 * gammas); the next one, U(k+1), is U(k) plus (1 - U(k)) times the smallest
 * of n - k uniforms, 1 - V^(1/(n-k)).  The result has exactly the
 * distribution of the median of a bootstrap resample, without the n draws.
 */
static double resampled_median_large(const double *sorted, size_t n, uint64_t *state)
{
	double k = (double)((n + 1) / 2), dn = (double)n;
	double x = gamma_draw(k, state), y = gamma_draw(dn + 1 - k, state);
	double u = x / (x + y), lo, hi;
	size_t i = (size_t)(u * dn), j;

	i = i < n ? i : n - 1;
	lo = sorted[i];
	if (n % 2)
		return lo;
	u += (1 - u) * -expm1(log(uniform01(state)) / (dn - k));
	j = (size_t)(u * dn);
	j = j < n ? (j > i ? j : i) : n - 1;
	hi = sorted[j];
	return lo + (hi - lo) / 2;
}

/*
 * Median of n draws with replacement from sorted[0..n-1].  Only the ranks
 * matter, so the draws are tallied per index (count[0..n-1]) and the median
 * ranks found by a cumulative walk: a counting selection, linear like
 * quickselect but without its data-dependent branches, which dominate the
 * bootstrap's cost.
 */
static double resampled_median(const double *sorted, size_t n, uint32_t *count, uint64_t *state)
{
	size_t rank_lo = (n - 1) / 2, rank_hi = n / 2, cum = 0, j;
	double lo;

	memset(count, 0, n * sizeof *count);
	for (size_t i = 0; i < n; i++)
		count[uniform_index(state, n)]++;
	for (j = 0; (cum += count[j]) <= rank_lo; j++)
		;
	lo = sorted[j];
	while (cum <= rank_hi)
		cum += count[++j];
	return lo + (sorted[j] - lo) / 2;
}

static double mann_whitney_sorted(const double *sx, size_t nx, const double *sy, size_t ny, double *u_x);

void stats_compare(const double *base, size_t nb, const double *nw, size_t nn,
                   unsigned resamples, uint64_t seed, struct stats_compare *out)
{
	double *sb, *sn, *ratios;
	uint32_t *count;
	uint64_t state = seed;

	out->ratio = out->ratio_low = out->ratio_high = out->p_value = out->u = NAN;
	if (nb == 0 || nn == 0)
		return;
	sb = xmalloc((nb + nn + resamples) * sizeof *sb);
	sn = sb + nb;
	ratios = sn + nn;
	memcpy(sb, base, nb * sizeof *sb);
	memcpy(sn, nw, nn * sizeof *sn);
	qsort(sb, nb, sizeof *sb, cmp_double);
	qsort(sn, nn, sizeof *sn, cmp_double);
	out->p_value = mann_whitney_sorted(sn, nn, sb, nb, &out->u);
	out->ratio = stats_quantile_sorted(sn, nn, 0.5) / stats_quantile_sorted(sb, nb, 0.5);

	/* Percentile bootstrap (Efron & Tibshirani 1993, ch. 13), each side resampled on its own. */
	if (resamples > 0 && nb <= UINT32_MAX && nn <= UINT32_MAX) {
		size_t most = nb > nn ? nb : nn;
		count = xmalloc((most < STATS_RESAMPLE_DRAW_MAX ? most : STATS_RESAMPLE_DRAW_MAX) * sizeof *count);
		for (unsigned r = 0; r < resamples; r++) {
			double mb = nb <= STATS_RESAMPLE_DRAW_MAX ? resampled_median(sb, nb, count, &state)
			                                          : resampled_median_large(sb, nb, &state);
			double mn = nn <= STATS_RESAMPLE_DRAW_MAX ? resampled_median(sn, nn, count, &state)
			                                          : resampled_median_large(sn, nn, &state);
			ratios[r] = mn / mb;
		}
		free(count);
		qsort(ratios, resamples, sizeof *ratios, cmp_double);
		out->ratio_low = stats_quantile_sorted(ratios, resamples, 0.025);
		out->ratio_high = stats_quantile_sorted(ratios, resamples, 0.975);
	}
	free(sb);
}

/*
 * U of x is the number of pairs (x_i, y_j) with x_i > y_j, ties counting one
 * half: R_x - nx(nx+1)/2 with midranks R_x.  Under H0 its mean is nx ny / 2
 * and its variance nx ny / 12 * ((N + 1) - sum(t^3 - t) / (N (N - 1))) over
 * the groups of t tied values (Hollander & Wolfe, Nonparametric Statistical
 * Methods, section 4.1).  The p-value is the normal approximation with a
 * continuity correction of 1/2: 2 P(Z >= (|U - mean| - 1/2) / sd), at most 1;
 * scipy's mannwhitneyu(method="asymptotic") computes the same.
 */
static double mann_whitney_sorted(const double *sx, size_t nx, const double *sy, size_t ny, double *u_x)
{
	double rank_x = 0, ties = 0, u, mean, var, z;
	double dx = (double)nx, dy = (double)ny, dn = dx + dy;
	size_t i = 0, j = 0;

	/* Merge the sorted sides; each group of equal values shares its midrank. */
	while (i < nx || j < ny) {
		double v = (j == ny || (i < nx && sx[i] < sy[j])) ? sx[i] : sy[j];
		double first = (double)(i + j) + 1, t;
		size_t cx = 0;

		for (; i < nx && sx[i] == v; i++)
			cx++;
		while (j < ny && sy[j] == v)
			j++;
		t = (double)(i + j) + 1 - first;
		rank_x += (double)cx * (first + (t - 1) / 2);
		ties += t * t * t - t;
	}

	u = rank_x - dx * (dx + 1) / 2;
	if (u_x)
		*u_x = u;
	mean = dx * dy / 2;
	var = dx * dy / 12 * ((dn + 1) - (dn > 1 ? ties / (dn * (dn - 1)) : 0));
	if (!(var > 0))
		return 1;
	z = (fabs(u - mean) - 0.5) / sqrt(var);
	if (z <= 0)
		return 1;
	return erfc(z / sqrt(2.0));
}

double stats_mann_whitney_p(const double *x, size_t nx, const double *y, size_t ny, double *u_x)
{
	double *sx, *sy, p;

	if (u_x)
		*u_x = NAN;
	if (nx == 0 || ny == 0)
		return NAN;
	sx = xmalloc((nx + ny) * sizeof *sx);
	sy = sx + nx;
	memcpy(sx, x, nx * sizeof *sx);
	memcpy(sy, y, ny * sizeof *sy);
	qsort(sx, nx, sizeof *sx, cmp_double);
	qsort(sy, ny, sizeof *sy, cmp_double);
	p = mann_whitney_sorted(sx, nx, sy, ny, u_x);
	free(sx);
	return p;
}

double stats_geomean(const double *x, size_t n)
{
	double sum = 0;

	if (n == 0)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		if (!(x[i] > 0))
			return NAN;
		sum += log(x[i]);
	}
	return exp(sum / (double)n);
}
