/* An A/B case in a worker: the base and the candidate kernel, set up side by side and timed paired. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "paired.h"
#include "verify.h"
#include "worker.h"

void worker_pair_case(const struct plan_case *c, const struct worker_cfg *cfg, struct case_outcome *o)
{
	const struct suite_settings *s = &c->group->settings;
	struct measure_cfg mc = worker_measure_cfg(c, cfg, c->pk), mb = worker_measure_cfg(c, cfg, c->base_pk);
	struct case_inputs ci;
	struct kernel_inst ka, kb;
	struct paired_result pr;
	struct bnb_err e = { 0, "" };

	memset(o, 0, sizeof *o);
	if (verify_prepare(c, s->distribution, s->seed, &ci, &e)) {
		worker_outcome_error(o, CASE_ERROR, e.msg);
		verify_inputs_free(&ci);
		return;
	}
	if (worker_kernel_ready(c, c->base_pk, &c->base_params, &ci, &ka, "base", o)) {
		verify_inputs_free(&ci);
		return;
	}
	if (worker_kernel_ready(c, c->pk, &c->params, &ci, &kb, "candidate", o)) {
		kernel_teardown(&ka);
		verify_inputs_free(&ci);
		return;
	}
	mc.one_per_sample |= mb.one_per_sample;
	if (!c->info && kernel_work(&kb, &o->has_work, &o->work_items, &o->work_bytes, &e)) {
		worker_outcome_error(o, CASE_ERROR, e.msg);
	} else if (measure_paired(&ka, &kb, &mc, &pr, &e)) {
		worker_outcome_error(o, CASE_ERROR, e.msg);
		free(pr.base);
		free(pr.cand);
	} else {
		o->m.samples = pr.cand;
		o->m.n_samples = pr.n;
		o->m.iters_per_sample = pr.iters_per_sample;
		o->base_samples = pr.base;
	}
	kernel_teardown(&kb);
	kernel_teardown(&ka);
	verify_inputs_free(&ci);
}
