/*
 * A case measured in several worker processes (--processes, the suite key
 * `processes`): the outcome of each process is added as it arrives and the
 * samples are pooled in process order, each process's in measurement order
 * (process 1's, then process 2's, ...).  The spread of the processes'
 * medians, and whether a comparison's change lies within it.
 */
#ifndef BNB_PROCESS_POOL_H
#define BNB_PROCESS_POOL_H

#include <stddef.h>

#include "worker.h"

struct process_pool {
	unsigned n;                  /* processes added */
	struct case_outcome pooled;  /* the first process's outcome with every process's samples */
	double *medians;             /* the median of each process's samples */
};

/* Add the outcome of one more process (measured: ok with samples); takes what o owns and empties it. */
void process_pool_add(struct process_pool *p, struct case_outcome *o);
/* Move the pooled outcome to *o (the caller owns it) and the medians to *medians; the pool is empty. */
unsigned process_pool_take(struct process_pool *p, struct case_outcome *o, double **medians);
void process_pool_free(struct process_pool *p);

/*
 * The spread of n processes: (largest median - smallest median) / the pooled
 * median; NAN with fewer than two processes or no pooled median.
 */
double process_spread(const double *medians, unsigned n, double pooled_median);
/* The larger process spread of two cases (either may be NULL), NAN when neither has one. */
double process_spread_larger(const struct case_result *a, const struct case_result *b);
/*
 * A change of `ratio` (new / old) lies within `spread`: ratio - 1 for a
 * slow-down, 1/ratio - 1 for a speed-up, at most the spread.  compare and
 * gate class a regression or improvement that small inconclusive, since
 * another pair of processes could have shown it the other way.
 */
int process_spread_covers(double spread, double ratio);

#endif
