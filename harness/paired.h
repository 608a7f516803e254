/*
 * Paired A/B measurement: two set-up kernels (base A, candidate B) timed
 * interleaved in one process, in ABBA order, so that whatever the machine
 * does hits both alike.  Each pair of samples gives a ratio B/A.
 */
#ifndef BNB_PAIRED_H
#define BNB_PAIRED_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "measure.h"
#include "model.h"

/*
 * The median of the paired ratios with its 95% CI: the sign-test
 * (order-statistic) interval of the median, the same binomial interval as
 * stats_median_ci_index, taken over the sorted ratios.
 */
struct paired_summary {
	size_t n;
	double ratio, ratio_low, ratio_high;
	size_t above, below;      /* pairs with ratio > 1 and < 1 */
	double p_value;           /* two-sided exact sign test of "median ratio = 1" */
};

/* Pair i ran the base first when i is even (A B, then B A, ...). */
#define PAIRED_BASE_FIRST(i) ((i) % 2 == 0)

/* Summarise the pairs (base[i], cand[i]), i < n: ratios cand / base. */
void paired_summarize(const double *base, const double *cand, size_t n, struct paired_summary *s);
/* Two-sided exact binomial (p = 1/2) test of k successes in n trials. */
double paired_sign_test_p(size_t k, size_t n);

/* The pairs of a case (takes `base`, copies `cand`), with their summary and ABBA order. */
struct case_pairs *case_pairs_make(double *base, const double *cand, size_t n);

/* Verdicts on a ratio CI against 1 +/- threshold. */
enum paired_verdict { PAIRED_REGRESSED, PAIRED_IMPROVED, PAIRED_UNCHANGED, PAIRED_INCONCLUSIVE };
enum paired_verdict paired_classify(const struct paired_summary *s, double threshold);
const char *paired_verdict_name(enum paired_verdict v);

struct paired_result {
	double *base, *cand;      /* ns per iteration of each pair, in order; owned */
	size_t n;
	uint64_t iters_per_sample;
};

/*
 * Warm both kernels up, calibrate one iteration count for both (a sample of
 * the faster lasts at least cfg->min_sample_ns), then take pairs in ABBA order
 * until the CI of the median ratio is narrower than cfg->target_ci (relative),
 * or the time cap.
 */
int measure_paired(struct kernel_inst *a, struct kernel_inst *b, const struct measure_cfg *cfg,
                   struct paired_result *out, struct bnb_err *e);

#endif
