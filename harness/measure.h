/* Timing one set-up kernel: warm-up, calibration, adaptive sampling (DESIGN.md "Run engine"). */
#ifndef BNB_MEASURE_H
#define BNB_MEASURE_H

#include <stddef.h>
#include <stdint.h>

#include "kernel.h"
#include "util.h"

struct measure_cfg {
	uint64_t warmup_ns;
	uint64_t min_time_ns, max_time_ns;
	uint64_t min_samples;
	double target_ci;            /* relative width of the median's 95% CI */
	uint64_t min_sample_ns;      /* one sample lasts at least this long */
	int one_per_sample;          /* every sample is a single iteration */
};

struct measure_result {
	double *samples;             /* ns per iteration, in order */
	size_t n_samples;
	uint64_t iters_per_sample;
};

/* The clock's resolution and the cost of one reading, measured once. */
struct timer_info {
	double resolution_ns;
	double cost_ns;
};
void measure_timer(struct timer_info *t);
/* max(1000 x resolution, 1 ms) */
uint64_t measure_min_sample_ns(const struct timer_info *t);

/* Run until warmup_ns of wall time has passed; *per_iter: an estimate of ns per iteration. */
int measure_warm_up(struct kernel_inst *ki, const struct measure_cfg *cfg, double *per_iter,
                    struct bnb_err *e);

int measure_kernel(struct kernel_inst *ki, const struct measure_cfg *cfg, struct measure_result *out,
                   struct bnb_err *e);

#endif
