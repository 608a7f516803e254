/*
 * The engine of a run: cases through workers, each event reported to sinks
 * (the store, the console, a test) that the caller wires up.
 */
#ifndef BNB_RUNNER_H
#define BNB_RUNNER_H

#include <stddef.h>
#include <stdint.h>

#include "measure.h"
#include "model.h"
#include "plan.h"
#include "loader.h"
#include "suite.h"
#include "suite-override.h"

/*
 * What the engine reports, in this order: begin, then per case started (not
 * for skipped cases) and finished, env whenever a plugin records a key, and
 * end.  Every callback may be NULL.  A sink that fails (begin, finished or
 * end return non-zero with `e` set) stops the run: later sinks do not see that
 * event, and no further case runs.
 */
struct run_sink {
	/* The run is about to start: fingerprint captured; may set run->id. */
	int (*begin)(struct run_info *run, void *arg, struct bnb_err *e);
	/* Case `pc` (plan index `index`) starts; `done` of `total` cases are finished. */
	void (*started)(const struct plan_case *pc, size_t index, size_t done, size_t total, void *arg);
	/* Case `index` finished: `c` stays owned by the engine (a sink may set its ids). */
	int (*finished)(const struct run_info *run, struct case_result *c, size_t index, void *arg,
	                struct bnb_err *e);
	/* A plugin recorded a fingerprint key (also added to the run's env). */
	void (*env)(const char *key, const char *value, void *arg);
	/* The run is over: status and finished_ns set, env complete. */
	int (*end)(const struct run_info *run, void *arg, struct bnb_err *e);
	void *arg;
};

struct runner_opts {
	const char *label;
	int isolate;                  /* a worker process per plugin */
	int cpu;                      /* pin workers, or -1 */
	uint64_t timeout_ns;          /* per case; 0: derived from the suite */
	int warn_env;                 /* warn about noisy conditions (log_warn) */
	/*
	 * Set by the caller (a signal handler): stop after the current case.  The
	 * engine sets it too when a sink fails.  NULL: the engine's own flag.
	 */
	volatile int *stop;
	/*
	 * Worker processes that each measure every case (--processes), run
	 * interleaved and pooled; 0: the suite's `processes`.  Without isolate, 1.
	 */
	unsigned processes;
	const struct suite_overrides *overrides;   /* recorded in the run's env, or NULL */
};

struct process_pool;

struct runner {
	const struct plan *plan;
	const struct runner_opts *opts;
	const struct run_sink *sinks;
	size_t n_sinks;
	struct run_info run;
	struct case_result *results;  /* plan->n slots, in plan order */
	int *have;
	struct process_pool *pools;   /* plan->n slots: the processes a case has had so far */
	size_t done, total;
	uint64_t min_sample_ns;
	int sink_failed;              /* a sink refused an event: err says why */
	volatile int *stop;           /* opts->stop, or own_stop */
	volatile int own_stop;
	struct bnb_err err;
};

/*
 * Prepare a run of `plan`: measure the timer, capture the fingerprint, and
 * report begin to the sinks.  A failing sink's status, with its message in `e`.
 */
int runner_start(struct runner *x, const struct plan *plan, const struct suite *suite, const struct registry *r,
                 const struct runner_opts *o, const struct run_sink *sinks, size_t n_sinks, struct bnb_err *e);
/*
 * Run the plan cases idx[0..n) (skipped ones are reported with their reason),
 * a worker per plugin; with several processes per case, a round of workers
 * per process, a case finished once its last process (or a failure) is in.  BNB_OK; BNB_EINTR once *opts->stop is set (the cases
 * done so far are kept); BNB_EIO when a worker cannot be started; or, with
 * x->sink_failed set, the status of the sink that failed (x->err).
 */
int runner_cases(struct runner *x, const size_t *idx, size_t n);
/* The worker processes that measure plan case `index`. */
unsigned runner_case_processes(const struct runner *x, size_t index);
/* Every case of the plan. */
int runner_all(struct runner *x);
/*
 * Close the run (complete, or incomplete when interrupted or a sink failed)
 * and report end to the sinks; a failing sink's status, with `e` set.
 */
int runner_finish(struct runner *x, int interrupted, struct bnb_err *e);
/* Move the finished cases that every sink took, in plan order, to *out; returns their number. */
size_t runner_take(struct runner *x, struct case_result **out);
void runner_free(struct runner *x);

#endif
