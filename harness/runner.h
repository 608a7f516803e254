/* Making a run: cases through workers, results into the store and onto stdout. */
#ifndef BNB_RUNNER_H
#define BNB_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "measure.h"
#include "model.h"
#include "plan.h"
#include "loader.h"
#include "store.h"
#include "suite.h"

struct runner_opts {
	const char *label;
	int isolate;                  /* a worker process per plugin */
	int cpu;                      /* pin workers, or -1 */
	uint64_t timeout_ns;          /* per case; 0: derived from the suite */
	int print_lines;              /* a readable line per case on stdout */
	int progress;                 /* a progress line on stderr */
};

struct runner {
	const struct plan *plan;
	const struct runner_opts *opts;
	struct store *store;          /* NULL: nothing is stored (re-measurement) */
	struct run_info run;
	struct case_result *results;  /* plan->n slots, in plan order */
	int *have;
	size_t done, total;
	uint64_t min_sample_ns;
	int store_failed;
	struct bnb_err err;
};

/*
 * Prepare a run of `plan`: measure the timer, capture the fingerprint, warn
 * about noisy conditions, and (with a store) insert the run as incomplete.
 */
int runner_start(struct runner *x, struct store *s, const struct plan *plan, const struct suite *suite,
                 const struct registry *r, const struct runner_opts *o, struct bnb_err *e);
/*
 * Run the plan cases idx[0..n) (skipped ones are recorded with their reason),
 * a worker per plugin.  BNB_OK, or BNB_EINTR after SIGINT/SIGTERM (the cases
 * done so far are kept), or BNB_EIO when a worker cannot be started.
 */
int runner_cases(struct runner *x, const size_t *idx, size_t n);
/* Every case of the plan. */
int runner_all(struct runner *x);
/* Store the final status (complete, or incomplete when interrupted) and late env keys. */
int runner_finish(struct runner *x, int interrupted, struct bnb_err *e);
/* Move the finished cases, in plan order, to *out; returns their number. */
size_t runner_take(struct runner *x, struct case_result **out);
void runner_free(struct runner *x);

#endif
