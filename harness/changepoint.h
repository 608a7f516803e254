/*
 * Change points in a history: the runs where a case's median time steps to a
 * new level and stays there.
 *
 * Binary segmentation on medians: in log time, split the series where the
 * two sides' medians leave the least absolute deviation; keep the split when
 * both sides hold at least CHANGEPOINT_MIN_SEG runs, the step between the
 * sides' medians is at least `min_step` (relative), and it is significant:
 * the step over its standard error is at least CHANGEPOINT_Z.  The standard
 * error of a side's level is that of a median, sqrt(pi/2) * sigma / sqrt(n),
 * with sigma^2 the sum of the spread between the runs (1.4826 x the MAD of
 * the residuals about the two medians) squared and the mean squared
 * half-width of the runs' own 95% CIs over 1.96.  Then each side is split
 * again the same way.  Medians and L1 costs make one outlying run move
 * nothing; the minimum segment keeps a lone run from being a level.
 */
#ifndef BNB_CHANGEPOINT_H
#define BNB_CHANGEPOINT_H

#include <stddef.h>

#define CHANGEPOINT_MIN_SEG 2
#define CHANGEPOINT_Z 4.0

/* One run's measurement: its median time and the ends of the median's 95% CI (NAN: unknown). */
struct cp_point {
	double median, ci_low, ci_high;
};

struct changepoint {
	size_t at;             /* index of the first point of the new level */
	double before, after;  /* the medians of the segments on each side (same unit as the points) */
	double step;           /* after / before - 1 */
	double z;              /* the step in log time over its standard error */
};

/*
 * The change points of pts[0..n) (medians > 0), in index order, into out
 * (at most n / CHANGEPOINT_MIN_SEG of them); the number found.
 */
size_t changepoints_find(const struct cp_point *pts, size_t n, double min_step, struct changepoint *out);

#endif
