/* Running cases in worker processes: a crash or hang fails one case only. */
#ifndef BNB_WORKER_H
#define BNB_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "measure.h"
#include "model.h"
#include "plan.h"

struct worker_cfg {
	int isolate;              /* fork a worker per plugin (else run in this process) */
	int cpu;                  /* pin workers to this CPU, or -1 */
	uint64_t timeout_ns;      /* per case, 0: derived from the group's time settings */
	uint64_t min_sample_ns;
	volatile int *stop;       /* set by a signal handler: stop after the current case */
};

/* What a case came to, before statistics. */
struct case_outcome {
	enum case_status status;
	char *detail;             /* owned; NULL if none */
	uint64_t boundary_elems;
	struct measure_result m;  /* samples owned */
	double *base_samples;     /* A/B: the base side's, paired with m.samples; owned */
	int has_work;             /* the kernel told its work (a plugin's own op) */
	uint64_t work_items, work_bytes;   /* per iteration, when has_work */
};

struct worker_sink {
	/* A case has started (for progress). */
	void (*started)(size_t index, void *arg);
	/* A case has finished; the callee takes ownership of o->detail and o->m.samples. */
	void (*finished)(size_t index, struct case_outcome *o, void *arg);
	/* A plugin recorded a fingerprint key. */
	void (*env)(const char *key, const char *value, void *arg);
	void *arg;
};

/*
 * Run the cases `idx[0..n)` of `plan` (all of one plugin), in order.  Returns
 * BNB_OK, or BNB_EINTR when *cfg->stop was set.
 */
int worker_run(const struct plan *plan, const size_t *idx, size_t n, const struct worker_cfg *cfg,
               const struct worker_sink *sink);

/* Run one case in this process (what a worker does for each case). */
void worker_case(const struct plan_case *c, const struct worker_cfg *cfg, struct case_outcome *o);

/* A/B: set up both kernels on the same inputs, verify both, measure them paired (worker-pair.c). */
void worker_pair_case(const struct plan_case *c, const struct worker_cfg *cfg, struct case_outcome *o);

/* For worker_case and worker_pair_case: */
struct case_inputs;
struct kernel_inst;
void worker_outcome_error(struct case_outcome *o, enum case_status st, const char *msg);
struct measure_cfg worker_measure_cfg(const struct plan_case *c, const struct worker_cfg *cfg,
                                      const struct plugin_kernel *pk);
/*
 * Set up pk for case c on ci's inputs and verify its output against the
 * scheme's reference; on failure (0 else) o has the status and the detail,
 * prefixed by `side` when not "", and ki is torn down.
 */
int worker_kernel_ready(const struct plan_case *c, const struct plugin_kernel *pk, const struct param_set *ps,
                        struct case_inputs *ci, struct kernel_inst *ki, const char *side,
                        struct case_outcome *o);

/*
 * A result message: encoded by the worker, decoded by bnbench, which trusts
 * nothing in it (-1: malformed; o is then empty).  proto.h.
 */
struct proto_out;
/* Free what an outcome owns (detail and samples) and empty it. */
void case_outcome_free(struct case_outcome *o);
void worker_encode_result(uint32_t index, const struct case_outcome *o, struct proto_out *out);
int worker_decode_result(const void *payload, size_t len, uint32_t *index, struct case_outcome *o);

#endif
