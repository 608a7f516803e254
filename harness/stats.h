/* Statistics of benchmark samples (DESIGN.md "Statistics"). */
#ifndef BNB_STATS_H
#define BNB_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Summary of one case's samples (ns per iteration). */
struct stats_summary {
	size_t n;
	double median;
	double ci_low, ci_high;  /* distribution-free 95% CI of the median */
	double mean, stddev;     /* stddev: sample (n - 1) */
	double mad;              /* median absolute deviation, unscaled */
	double min, max;
	double q1, q3;           /* quartiles (type 7, as R and numpy default) */
	/* Tukey fences: mild beyond 1.5 IQR, severe beyond 3 IQR (severe not counted as mild). */
	size_t outliers_low_mild, outliers_low_severe;
	size_t outliers_high_mild, outliers_high_severe;
};

/* Median of x (n >= 1); x is not modified. */
double stats_median(const double *x, size_t n);
/* Quantile of sorted x, type 7 (linear interpolation), p in [0, 1]. */
double stats_quantile_sorted(const double *sorted, size_t n, double p);
/*
 * Order-statistic confidence interval for the median at `level` (0.95):
 * indices lo, hi (0-based, into sorted data) of the narrowest symmetric pair
 * with binomial coverage >= level.  Returns -1 when n is too small (n < 6 at 95%).
 */
int stats_median_ci_index(size_t n, double level, size_t *lo, size_t *hi);
/* Fill s from x (n >= 1).  With n too small for a CI, ci_low = min, ci_high = max. */
void stats_summarize(const double *x, size_t n, struct stats_summary *s);

/* Relative width of the CI: (ci_high - ci_low) / median. */
double stats_ci_rel_width(const struct stats_summary *s);

/* Comparison of two sample sets, new against base (compare, gate). */
struct stats_compare {
	double ratio;            /* median(new) / median(base) */
	double ratio_low, ratio_high;  /* bootstrap 95% percentile CI of the ratio */
	double p_value;          /* two-sided Mann-Whitney U (normal approx., tie-corrected) */
	double u;                /* U statistic of `new` */
};
/*
 * Compare `nw` against `base`.  The bootstrap uses `resamples` draws
 * (e.g. 2000) from a generator seeded with `seed`, so results are repeatable.
 * A side of up to STATS_RESAMPLE_DRAW_MAX samples is resampled draw by draw;
 * a larger one has its resampled median drawn from its exact distribution
 * (order statistics of uniforms), in constant time per resample.
 */
#define STATS_RESAMPLE_DRAW_MAX 65536u
void stats_compare(const double *base, size_t nb, const double *nw, size_t nn,
                   unsigned resamples, uint64_t seed, struct stats_compare *out);
/* Two-sided Mann-Whitney U p-value of x against y. */
double stats_mann_whitney_p(const double *x, size_t nx, const double *y, size_t ny, double *u_x);

/* Geometric mean of positive values; NAN for n == 0. */
double stats_geomean(const double *x, size_t n);

#endif
