/* Unit tests: harness/stats.c against values computed independently. */
#include "config.h"

#include "stats.h"
#include "tap.h"

#include <math.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* A deterministic noise source for synthetic samples (an LCG, 53 bits in [0, 1)). */
static double noise(uint64_t *s)
{
	*s = *s * 6364136223846793005u + 1442695040888963407u;
	return (double)(*s >> 11) / 9007199254740992.0;
}

/*
 * Expected values from python3's statistics module:
 *   x = [10.2, 9.8, 10.1, 10.0, 9.9, 10.3, 10.05, 9.95, 14.0, 25.0,
 *        10.15, 9.85, 5.0, 10.1, 9.0, 11.0]
 *   median(x); quantiles(x, n=4, method='inclusive') (type 7);
 *   quantiles(x, n=10, method='inclusive'); mean(x); stdev(x);
 *   median([abs(v - median(x)) for v in x]); fences counted in python.
 */
static const double sample16[] = {10.2, 9.8, 10.1, 10.0, 9.9, 10.3, 10.05, 9.95,
                                  14.0, 25.0, 10.15, 9.85, 5.0, 10.1, 9.0, 11.0};

static void test_median_quantile(void)
{
	double copy[N_OF(sample16)], sorted[N_OF(sample16)];
	const double one[] = {7.5}, two[] = {3.0, 1.0}, odd[] = {5.0, 1.0, 4.0, 2.0, 3.0};
	size_t n = N_OF(sample16);

	memcpy(copy, sample16, sizeof copy);
	is_double(stats_median(copy, n), 10.075, 1e-12, "median, even n");
	ok(memcmp(copy, sample16, sizeof copy) == 0, "median leaves its input alone");
	is_double(stats_median(odd, 5), 3.0, 0, "median, odd n");
	is_double(stats_median(one, 1), 7.5, 0, "median, n = 1");
	is_double(stats_median(two, 2), 2.0, 0, "median, n = 2");

	memcpy(sorted, sample16, sizeof sorted);
	qsort(sorted, n, sizeof *sorted, cmp_double);
	is_double(stats_quantile_sorted(sorted, n, 0.25), 9.8875, 1e-12, "q1 type 7");
	is_double(stats_quantile_sorted(sorted, n, 0.75), 10.225, 1e-12, "q3 type 7");
	is_double(stats_quantile_sorted(sorted, n, 0.1), 9.4, 1e-12, "p10 type 7");
	is_double(stats_quantile_sorted(sorted, n, 0.9), 12.5, 1e-12, "p90 type 7");
	is_double(stats_quantile_sorted(sorted, n, 0.7), 10.175, 1e-12, "p70 type 7");
	is_double(stats_quantile_sorted(sorted, n, 0), 5.0, 0, "p0 is the minimum");
	is_double(stats_quantile_sorted(sorted, n, 1), 25.0, 0, "p100 is the maximum");
	is_double(stats_quantile_sorted(one, 1, 0.3), 7.5, 0, "quantile, n = 1");
}

/* Selection agrees with sorting on random data, with and without heavy ties. */
static void test_median_select(void)
{
	uint64_t s = 7;
	int bad = 0;

	for (size_t n = 1; n <= 200 && !bad; n++) {
		for (int ties = 0; ties < 2; ties++) {
			double x[200], y[200], want;
			for (size_t i = 0; i < n; i++)
				x[i] = ties ? floor(noise(&s) * 4) : noise(&s);
			memcpy(y, x, n * sizeof *x);
			qsort(y, n, sizeof *y, cmp_double);
			want = n % 2 ? y[n / 2] : y[n / 2 - 1] + (y[n / 2] - y[n / 2 - 1]) / 2;
			if (stats_median(x, n) != want) {
				printf("# n = %zu, ties = %d\n", n, ties);
				bad = 1;
			}
		}
	}
	ok(!bad, "median by selection matches sorting, n = 1..200");
}

/*
 * Ranks (1-based) of the 95% CI: the largest k with 1 - 2 P(B <= k-1) >= 0.95,
 * B ~ binomial(n, 1/2), computed exactly in python with integers:
 *   k = largest with 40 * sum(comb(n, i) for i in range(k)) <= 2**n
 * and checked against the textbook table (Conover, table A3):
 *   n = 10: (x(2), x(9)), coverage 0.9785; n = 20: (x(6), x(15)), coverage 0.9586.
 */
static void test_median_ci_index(void)
{
	static const struct {
		size_t n, k;
	} want[] = {
		{6, 1}, {7, 1}, {8, 1}, {9, 2}, {10, 2}, {11, 2}, {14, 3}, {16, 4}, {20, 6},
		{30, 10}, {50, 18}, {100, 40}, {1000, 469}, {5000, 2431}, {65536, 32517},
		{99999, 49690}, {100000, 49690}, {100001, 49691},
	};
	size_t lo = 99, hi = 99, sum_k = 0, sum_nk = 0;
	int rc_all = 0;

	for (size_t i = 0; i < N_OF(want); i++) {
		char name[64];
		int rc = stats_median_ci_index(want[i].n, 0.95, &lo, &hi);
		snprintf(name, sizeof name, "95%% CI of the median, n = %zu", want[i].n);
		ok(rc == 0 && lo == want[i].k - 1 && hi == want[i].n - want[i].k, "%s", name);
		if (rc != 0 || lo != want[i].k - 1)
			printf("#   rc %d, lo %zu, hi %zu, want k = %zu\n", rc, lo, hi, want[i].k);
	}
	/* python, same k: sum(k) = 942059 and sum(n * k) = 1264176532 over n = 6..2000. */
	for (size_t n = 6; n <= 2000; n++) {
		rc_all |= stats_median_ci_index(n, 0.95, &lo, &hi);
		sum_k += lo + 1;
		sum_nk += n * (lo + 1);
		rc_all |= hi != n - 1 - lo;
	}
	ok(rc_all == 0 && sum_k == 942059 && sum_nk == 1264176532, "95%% CI ranks, n = 6..2000");
	for (size_t n = 0; n <= 5; n++)
		is_int(stats_median_ci_index(n, 0.95, &lo, &hi), -1, "n <= 5 is too small at 95%");
	/* 99%, same python with 200 in place of 40. */
	ok(stats_median_ci_index(20, 0.99, &lo, &hi) == 0 && lo == 3 && hi == 16, "99%% CI, n = 20");
	ok(stats_median_ci_index(100, 0.99, &lo, &hi) == 0 && lo == 36 && hi == 63, "99%% CI, n = 100");
	is_int(stats_median_ci_index(7, 0.99, &lo, &hi), -1, "n = 7 is too small at 99%");
	is_int(stats_median_ci_index(100, 1.0, &lo, &hi), -1, "level 1 is unreachable");
}

static void test_summarize(void)
{
	struct stats_summary s;
	double flat[50];
	const double two[] = {3.0, 1.0};

	stats_summarize(sample16, N_OF(sample16), &s);
	is_int(s.n, 16, "summary n");
	is_double(s.median, 10.075, 1e-12, "summary median");
	is_double(s.q1, 9.8875, 1e-12, "summary q1");
	is_double(s.q3, 10.225, 1e-12, "summary q3");
	is_double(s.mean, 10.9, 1e-12, "summary mean");
	is_double(s.stddev, 4.125449470461774, 1e-12, "summary sample stddev");
	is_double(s.mad, 0.2, 1e-12, "summary MAD");
	is_double(s.min, 5.0, 0, "summary min");
	is_double(s.max, 25.0, 0, "summary max");
	/* n = 16: k = 4, so (x(4), x(13)) of the sorted sample. */
	is_double(s.ci_low, 9.85, 0, "summary CI low is x(4)");
	is_double(s.ci_high, 10.3, 0, "summary CI high is x(13)");
	is_double(stats_ci_rel_width(&s), (10.3 - 9.85) / 10.075, 1e-12, "CI relative width");
	/* Fences 8.875 / 9.38125 / 10.73125 / 11.2375: 5 severe, 9 mild; 11 mild, 14 and 25 severe. */
	is_int(s.outliers_low_severe, 1, "low severe outliers");
	is_int(s.outliers_low_mild, 1, "low mild outliers");
	is_int(s.outliers_high_mild, 1, "high mild outliers");
	is_int(s.outliers_high_severe, 2, "high severe outliers");

	stats_summarize(two + 1, 1, &s);
	ok(s.n == 1 && s.median == 1.0 && s.mean == 1.0 && s.mad == 0 && s.stddev == 0,
	   "n = 1: median, mean, MAD, stddev");
	ok(s.ci_low == 1.0 && s.ci_high == 1.0 && s.q1 == 1.0 && s.q3 == 1.0, "n = 1: CI and quartiles");

	/* python: median 2.0, quantiles(..., method='inclusive') 1.5, 2.5, stdev sqrt(2), MAD 1. */
	stats_summarize(two, 2, &s);
	is_double(s.median, 2.0, 0, "n = 2: median");
	is_double(s.q1, 1.5, 1e-15, "n = 2: q1");
	is_double(s.q3, 2.5, 1e-15, "n = 2: q3");
	is_double(s.stddev, sqrt(2.0), 1e-15, "n = 2: stddev");
	is_double(s.mad, 1.0, 0, "n = 2: MAD");
	ok(s.ci_low == 1.0 && s.ci_high == 3.0, "n = 2: CI falls back to min/max");

	for (size_t i = 0; i < N_OF(flat); i++)
		flat[i] = 7.0;
	stats_summarize(flat, N_OF(flat), &s);
	ok(s.median == 7.0 && s.mad == 0 && s.stddev == 0 && s.ci_low == 7.0 && s.ci_high == 7.0,
	   "all equal: MAD 0, degenerate CI");
	ok(s.outliers_low_mild + s.outliers_low_severe + s.outliers_high_mild +
	           s.outliers_high_severe == 0,
	   "all equal: no outliers");
	is_double(stats_ci_rel_width(&s), 0, 0, "all equal: CI width 0");
}

/*
 * Expected values from this python, which counts U over all pairs rather
 * than by ranks:
 *   from collections import Counter; from statistics import NormalDist
 *   def mw(x, y):
 *       u = sum((a > b) + 0.5 * (a == b) for a in x for b in y)
 *       nx, ny = len(x), len(y); N = nx + ny
 *       t = sum(c**3 - c for c in Counter(x + y).values())
 *       var = nx * ny / 12 * ((N + 1) - t / (N * (N - 1)))
 *       if var == 0: return u, 1.0
 *       z = (abs(u - nx * ny / 2) - 0.5) / var**0.5
 *       return u, min(1.0, 2 * (1 - NormalDist().cdf(z)))
 * The first case is scipy's mannwhitneyu documentation example,
 * method="asymptotic": U = 17, p = 0.11134688653314041.
 */
static void test_mann_whitney(void)
{
	const double males[] = {19, 22, 16, 29, 24}, females[] = {20, 11, 17, 12};
	const double tx[] = {1, 2, 2, 3, 3, 3, 4}, ty[] = {2, 3, 3, 4, 4, 5, 5, 5};
	const double dx[] = {1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30};
	const double dy[] = {0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29};
	const double same[] = {1.0, 2.0, 3.0}, c5[] = {5, 5, 5, 5, 5, 5};
	double u = -1, p;

	p = stats_mann_whitney_p(males, 5, females, 4, &u);
	is_double(u, 17.0, 0, "scipy example: U");
	is_double(p, 0.11134688653314041, 1e-12, "scipy example: p");
	p = stats_mann_whitney_p(females, 4, males, 5, &u);
	is_double(u, 3.0, 0, "swapped sides: U = nx ny - U");
	is_double(p, 0.11134688653314041, 1e-12, "swapped sides: same p");

	p = stats_mann_whitney_p(tx, N_OF(tx), ty, N_OF(ty), &u);
	is_double(u, 11.0, 0, "heavy ties: U");
	is_double(p, 0.049238967838553416, 1e-12, "heavy ties: tie-corrected p");
	p = stats_mann_whitney_p(dx, N_OF(dx), dy, N_OF(dy), &u);
	is_double(u, 58.0, 0, "some ties: U");
	is_double(p, 0.1329194581853188, 1e-12, "some ties: p");

	p = stats_mann_whitney_p(same, 3, same, 3, &u);
	is_double(u, 4.5, 0, "identical samples: U = nx ny / 2");
	is_double(p, 1.0, 0, "identical samples: p = 1");
	p = stats_mann_whitney_p(c5, 6, c5, 4, &u);
	is_double(p, 1.0, 0, "all tied: p = 1");
	p = stats_mann_whitney_p(c5, 1, c5, 1, &u);
	is_double(p, 1.0, 0, "one against one, tied: p = 1");
}

static void test_compare(void)
{
	/*
	 * Expected: this independent python version of the bootstrap, seed 42, 200 draws:
	 *   M = 2**64
	 *   def sm(st):  # splitmix64
	 *       st = (st + 0x9e3779b97f4a7c15) % M; z = st
	 *       z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) % M
	 *       z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) % M
	 *       return st, z ^ (z >> 31)
	 *   def idx(st, n):  # multiply-shift, rejecting the biased low part
	 *       while True:
	 *           st, r = sm(st); m = (r >> 32) * n
	 *           if m % 2**32 >= (2**32 - n) % n: return st, m >> 32
	 *   def med(v):
	 *       v = sorted(v); k = len(v) // 2
	 *       return v[k] if len(v) % 2 else v[k-1] + (v[k] - v[k-1]) / 2
	 *   def q7(s, p): h = (len(s) - 1) * p; i = int(h); return s[i] + (h - i) * (s[i+1] - s[i])
	 *   def boot(base, new, R, st):
	 *       base, new, rs = sorted(base), sorted(new), []
	 *       for _ in range(R):
	 *           b, w = [], []
	 *           for _ in base: st, i = idx(st, len(base)); b.append(base[i])
	 *           for _ in new: st, i = idx(st, len(new)); w.append(new[i])
	 *           rs.append(med(w) / med(b))
	 *       rs.sort(); return med(new) / med(base), q7(rs, 0.025), q7(rs, 0.975)
	 * gives 1.0942928039702233, 1.071419817927171, 1.116639851982946; its sm()
	 * matches the splitmix64 reference outputs for seed 1234567
	 * (6457827717110365317, 3203168211198807973, 9817491932198370423).
	 */
	const double base10[] = {10.2, 9.8, 10.1, 10.0, 9.9, 10.3, 10.05, 9.95, 14.0, 10.15};
	const double new12[] = {11.0, 10.9, 11.3, 10.7, 11.1, 10.95, 11.25, 10.8, 12.5, 11.05,
	                        10.85, 11.15};
	static double base[1000], shifted[1000];
	struct stats_compare c, d;
	uint64_t s = 1;

	stats_compare(base10, N_OF(base10), new12, N_OF(new12), 200, 42, &c);
	is_double(c.ratio, 1.0942928039702233, 1e-12, "bootstrap vs python: ratio");
	is_double(c.ratio_low, 1.071419817927171, 1e-12, "bootstrap vs python: CI low");
	is_double(c.ratio_high, 1.116639851982946, 1e-12, "bootstrap vs python: CI high");

	for (size_t i = 0; i < N_OF(base); i++) {
		base[i] = 100 + 5 * noise(&s);
		shifted[i] = 1.1 * (100 + 5 * noise(&s));
	}
	stats_compare(base, N_OF(base), shifted, N_OF(shifted), 2000, 1, &c);
	is_double(c.ratio, 1.1, 0.01, "shifted: ratio about 1.1");
	ok(c.ratio_low > 1 && c.ratio_low <= c.ratio && c.ratio <= c.ratio_high,
	   "shifted: CI excludes 1 and holds the ratio");
	ok(c.p_value < 0.05, "shifted: p < 0.05");
	ok(c.u > 0.9 * 1000 * 1000, "shifted: U of new near nx ny");

	stats_compare(base, N_OF(base), shifted, N_OF(shifted), 2000, 1, &d);
	ok(c.ratio_low == d.ratio_low && c.ratio_high == d.ratio_high, "same seed, same CI");
	stats_compare(base, N_OF(base), shifted, N_OF(shifted), 2000, 2, &d);
	ok(c.ratio_low != d.ratio_low || c.ratio_high != d.ratio_high, "other seed, other CI");

	stats_compare(base, N_OF(base), base, N_OF(base), 2000, 1, &c);
	is_double(c.ratio, 1.0, 0, "identical: ratio 1");
	is_double(c.p_value, 1.0, 0, "identical: p = 1");
	ok(c.ratio_low < 1 && c.ratio_high > 1, "identical: CI holds 1");

	stats_compare(base10, N_OF(base10), new12, N_OF(new12), 0, 42, &c);
	ok(fabs(c.ratio - 1.0942928039702233) < 1e-12 && isnan(c.ratio_low) && isnan(c.ratio_high),
	   "no resamples: ratio, no CI");

	stats_compare(base, 0, shifted, N_OF(shifted), 10, 1, &c);
	ok(isnan(c.ratio) && isnan(c.p_value), "empty side: NAN");
}

/*
 * Beyond STATS_RESAMPLE_DRAW_MAX samples the resampled median is drawn from
 * its exact distribution: its CI must agree with resampling draw by draw
 * (just below the limit) and with the asymptotic standard error of a median,
 * 1 / (2 f(median) sqrt(n)); for 100 + 5 U, U uniform, f = 1/5.
 */
static void test_compare_large(void)
{
	enum { N = STATS_RESAMPLE_DRAW_MAX + 2 };
	static double base[N], nw[N];
	double width[3], half = 1.96 * sqrt(2.0) * 5 / (2 * sqrt((double)N)) / 102.5;
	const size_t sizes[3] = { STATS_RESAMPLE_DRAW_MAX, N - 1, N };
	struct stats_compare c, d;
	uint64_t s = 7;

	for (size_t i = 0; i < N; i++) {
		base[i] = 100 + 5 * noise(&s);
		nw[i] = 1.01 * (100 + 5 * noise(&s));
	}
	for (int k = 0; k < 3; k++) {
		stats_compare(base, sizes[k], nw, sizes[k], 2000, 3, &c);
		width[k] = c.ratio_high - c.ratio_low;
		ok(c.ratio_low < 1.01 && 1.01 < c.ratio_high && c.ratio_low > 1.009 && c.ratio_high < 1.011,
		   "%zu samples: the CI holds the true ratio, and is narrow", sizes[k]);
		ok(fabs(width[k] / (2 * half) - 1) < 0.25, "%zu samples: CI width %.3g near the asymptotic %.3g",
		   sizes[k], width[k], 2 * half);
	}
	ok(fabs(width[1] / width[0] - 1) < 0.2 && fabs(width[2] / width[0] - 1) < 0.2,
	   "the exact-distribution draw (odd and even n) agrees with resampling draw by draw");
	stats_compare(base, N, nw, N, 2000, 3, &d);
	ok(c.ratio_low == d.ratio_low && c.ratio_high == d.ratio_high, "large: same seed, same CI");
	stats_compare(base, N, nw, N, 2000, 4, &d);
	ok(c.ratio_low != d.ratio_low || c.ratio_high != d.ratio_high, "large: other seed, other CI");
}

static void test_geomean(void)
{
	const double x[] = {1.1, 0.9, 1.25, 1.0, 0.8}, neg[] = {1.0, -2.0};

	/* python: statistics.geometric_mean(x) */
	is_double(stats_geomean(x, N_OF(x)), 0.9979919516614258, 1e-12, "geomean");
	ok(isnan(stats_geomean(x, 0)), "geomean of nothing is NAN");
	ok(isnan(stats_geomean(neg, 2)), "geomean of a non-positive value is NAN");
}

int main(void)
{
	test_median_quantile();
	test_median_select();
	test_median_ci_index();
	test_summarize();
	test_mann_whitney();
	test_compare();
	test_compare_large();
	test_geomean();
	return tap_done();
}
