/* Worker processes (child.h): one per plugin, results streamed back as messages (proto.h). */
#define _GNU_SOURCE
#include "config.h"

#include "worker.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "host.h"
#include "kernel.h"
#include "log.h"
#include "proto.h"
#include "verify.h"

static uint64_t case_timeout_ns(const struct plan_case *c, const struct worker_cfg *cfg)
{
	const struct suite_settings *s = &c->group->settings;

	if (cfg->timeout_ns)
		return cfg->timeout_ns;
	/* Generous: verification of large cases and slow reference kernels take time too. */
	return 30ull * 1000000000ull + 3 * (s->warmup_ns + 10 * s->max_time_ns);
}

void worker_outcome_error(struct case_outcome *o, enum case_status st, const char *msg)
{
	o->status = st;
	free(o->detail);
	o->detail = xstrdup(msg);
}

struct measure_cfg worker_measure_cfg(const struct plan_case *c, const struct worker_cfg *cfg,
                                      const struct plugin_kernel *pk)
{
	const struct suite_settings *s = &c->group->settings;
	struct measure_cfg mc = { s->warmup_ns, s->min_time_ns, s->max_time_ns, s->min_samples,
	                          s->target_ci, cfg->min_sample_ns,
	                          (pk->k.flags & BNB_KERNEL_ONE_PER_SAMPLE) != 0 };
	return mc;
}

int worker_kernel_ready(const struct plan_case *c, const struct plugin_kernel *pk, const struct param_set *ps,
                        struct case_inputs *ci, struct kernel_inst *ki, const char *side,
                        struct case_outcome *o)
{
	struct bnb_case bc;
	struct bnb_err e = { 0, "" };
	size_t out_bytes = plugin_output_bytes(c->pk, c->m, c->k);
	int rc;

	kernel_case_init(&bc, pk, c->m, c->k, ps);
	if (kernel_setup(ki, pk, &bc, &ci->in, &e)) {
		if (*side)
			err_prefix(&e, "%s", side);
		worker_outcome_error(o, CASE_ERROR, e.msg);
		return -1;
	}
	if (!out_bytes && c->info && c->info->output != OP_NONE) {
		/* an op with an output that cannot be compared is never stored as ok */
		char msg[200];
		snprintf(msg, sizeof msg, "%s%scannot be verified: the output of %" PRIu64 "x%" PRIu64 " has 0 bytes "
		         "(scheme %s's buffer_bytes)", side, *side ? ": " : "", c->m, c->k, c->scheme ? c->scheme : "-");
		worker_outcome_error(o, CASE_ERROR, msg);
		kernel_teardown(ki);
		return -1;
	}
	if (!out_bytes) {
		free(o->detail);
		o->detail = xstrdup("not verified (no output)");
		return 0;
	}
	{
		void *got = xaligned_alloc(out_bytes);
		uint64_t elapsed, boundary = 0;
		rc = kernel_run(ki, 1, &elapsed, &e);
		if (!rc)
			rc = kernel_output(ki, got, out_bytes, &e);
		if (!rc)
			rc = verify_output(c, ci, got, out_bytes, &boundary, &e);
		free(got);
		if (boundary > o->boundary_elems)
			o->boundary_elems = boundary;
	}
	if (rc) {
		if (*side)
			err_prefix(&e, "%s", side);
		worker_outcome_error(o, rc == BNB_EVERIFY ? CASE_FAILED : CASE_ERROR, e.msg);
		kernel_teardown(ki);
		return -1;
	}
	free(o->detail);
	o->detail = xstrdup(o->boundary_elems ? "verified (rounding boundaries allowed)" : "verified");
	return 0;
}

/* Open, in this process, the plugins of the case's kernels (bnbench itself has only their descriptions). */
static int worker_activate(const struct plan_case *c, struct case_outcome *o)
{
	const struct plugin_kernel *need[] = { c->pk, c->ref, c->ref_quantize, c->base_pk };
	char why[600];

	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		if (need[i] && plugin_kernel_activate(need[i], why, sizeof why)) {
			worker_outcome_error(o, CASE_ERROR, why);
			return -1;
		}
	}
	return 0;
}

void worker_case(const struct plan_case *c, const struct worker_cfg *cfg, struct case_outcome *o)
{
	const struct suite_settings *s = &c->group->settings;
	struct case_inputs ci;
	struct kernel_inst ki;
	struct bnb_err e = { 0, "" };
	struct measure_cfg mc = worker_measure_cfg(c, cfg, c->pk);

	memset(o, 0, sizeof *o);
	if (worker_activate(c, o))
		return;
	if (c->base_pk) {
		worker_pair_case(c, cfg, o);
		return;
	}
	if (verify_prepare(c, s->distribution, s->seed, &ci, &e)) {
		worker_outcome_error(o, CASE_ERROR, e.msg);
		verify_inputs_free(&ci);
		return;
	}
	if (worker_kernel_ready(c, c->pk, &c->params, &ci, &ki, "", o)) {
		verify_inputs_free(&ci);
		return;
	}
	if (!c->info && kernel_work(&ki, &o->has_work, &o->work_items, &o->work_bytes, &e)) {
		worker_outcome_error(o, CASE_ERROR, e.msg);
		kernel_teardown(&ki);
		verify_inputs_free(&ci);
		return;
	}
	if (measure_kernel(&ki, &mc, &o->m, &e))
		worker_outcome_error(o, CASE_ERROR, e.msg);
	kernel_teardown(&ki);
	verify_inputs_free(&ci);
}

/* --- the worker's messages (proto.h): start, env, result --- */

enum { MSG_START = 'S', MSG_RESULT = 'R', MSG_ENV = 'E', MSG_LOG = 'L' };

static int child_fd = -1;

static void child_env(const char *key, const char *value, void *arg)
{
	struct proto_out o = { 0 };

	(void)arg;
	proto_put_str(&o, key);
	proto_put_str(&o, value);
	proto_send(child_fd, MSG_ENV, o.buf, o.len);
	proto_out_free(&o);
}

static void child_log(int level, const char *msg, void *arg)
{
	struct proto_out o = { 0 };

	(void)arg;
	proto_put_u32(&o, (uint32_t)level);
	proto_put_str(&o, msg);
	proto_send(child_fd, MSG_LOG, o.buf, o.len);
	proto_out_free(&o);
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;
	if (cpu < 0)
		return;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof set, &set);
}

void case_outcome_free(struct case_outcome *o)
{
	free(o->detail);
	free(o->m.samples);
	free(o->base_samples);
	memset(o, 0, sizeof *o);
}

void worker_encode_result(uint32_t index, const struct case_outcome *o, struct proto_out *out)
{
	uint64_t n = o->m.n_samples;

	proto_put_u32(out, index);
	proto_put_u32(out, (uint32_t)o->status);
	proto_put_str(out, o->detail);
	proto_put_u64(out, o->boundary_elems);
	proto_put_u64(out, o->m.iters_per_sample);
	proto_put_u32(out, (uint32_t)o->has_work);
	proto_put_u64(out, o->work_items);
	proto_put_u64(out, o->work_bytes);
	proto_put_u32(out, o->base_samples != NULL);
	proto_put_u64(out, n);
	proto_put(out, o->m.samples, n * sizeof(double));
	if (o->base_samples)
		proto_put(out, o->base_samples, n * sizeof(double));
}

int worker_decode_result(const void *payload, size_t len, uint32_t *index, struct case_outcome *o)
{
	struct proto_in in;
	uint32_t status, paired, has_work;
	uint64_t n;

	memset(o, 0, sizeof *o);
	proto_in_init(&in, payload, len);
	*index = proto_get_u32(&in);
	status = proto_get_u32(&in);
	o->detail = proto_get_str(&in);
	o->boundary_elems = proto_get_u64(&in);
	o->m.iters_per_sample = proto_get_u64(&in);
	has_work = proto_get_u32(&in);
	o->work_items = proto_get_u64(&in);
	o->work_bytes = proto_get_u64(&in);
	paired = proto_get_u32(&in);
	n = proto_get_u64(&in);
	o->m.samples = proto_get_f64s(&in, n);
	if (paired == 1)
		o->base_samples = proto_get_f64s(&in, n);
	o->status = (enum case_status)status;
	o->has_work = has_work != 0;
	o->m.n_samples = (size_t)n;
	if (proto_in_done(&in) || status > CASE_SKIPPED || paired > 1 || has_work > 1 ||
	    (status == CASE_OK && (n == 0 || o->m.iters_per_sample == 0)))
		goto bad;
	for (uint64_t i = 0; i < n; i++) {
		double a = o->m.samples[i], b = o->base_samples ? o->base_samples[i] : 0;
		if (!(a >= 0 && a < 1e18) || !(b >= 0 && b < 1e18))
			goto bad;
	}
	return 0;
bad:
	case_outcome_free(o);
	return -1;
}

struct child_job {
	const struct plan *plan;
	const size_t *idx;
	size_t n;
	const struct worker_cfg *cfg;
};

static void child_body(void *arg, int fd)
{
	const struct child_job *j = arg;

	pin_cpu(j->cfg->cpu);
	child_fd = fd;
	host_set_env_sink(child_env, NULL);
	host_set_log_sink(child_log, NULL);
	for (size_t i = 0; i < j->n; i++) {
		struct case_outcome o;
		struct proto_out out = { 0 };
		uint32_t index = (uint32_t)j->idx[i];

		if (proto_send(fd, MSG_START, &index, 4))
			_exit(2);
		worker_case(&j->plan->cases[j->idx[i]], j->cfg, &o);
		worker_encode_result(index, &o, &out);
		fflush(NULL);   /* the case's output goes before its result */
		if (proto_send(fd, MSG_RESULT, out.buf, out.len))
			_exit(2);
		proto_out_free(&out);
		case_outcome_free(&o);
	}
}

struct parent_state {
	const struct plan *plan;
	const size_t *idx;
	size_t n;
	const struct worker_cfg *cfg;
	const struct worker_sink *sink;
	long current;             /* index being run, -1 between cases */
	size_t done;              /* positions in idx[] finished */
};

/* A case's detail with what the plugin printed while it ran. */
static void add_output(char **detail, struct child *ch)
{
	char *out = child_take_output(ch);

	if (*out) {
		char *d = xasprintf("%s%splugin output: %s", *detail ? *detail : "", *detail && **detail ? "; " : "",
		                    out);
		free(*detail);
		*detail = d;
	}
	free(out);
}

static int on_start(struct parent_state *ps, const char *payload, uint32_t len)
{
	uint32_t index;

	if (len != 4 || ps->current >= 0 || ps->done >= ps->n)
		return CHILD_MALFORMED;
	memcpy(&index, payload, 4);
	if (index != ps->idx[ps->done])
		return CHILD_MALFORMED;
	ps->current = index;
	if (ps->sink->started)
		ps->sink->started(index, ps->sink->arg);
	return 0;
}

static int on_env(struct parent_state *ps, const char *payload, uint32_t len)
{
	struct proto_in in;
	char *key, *value;
	int rc = 0;

	proto_in_init(&in, payload, len);
	key = proto_get_str(&in);
	value = proto_get_str(&in);
	if (proto_in_done(&in) || !key || !value)
		rc = CHILD_MALFORMED;
	else if (ps->sink->env)
		ps->sink->env(key, value, ps->sink->arg);
	free(key);
	free(value);
	return rc;
}

static int on_log(const char *payload, uint32_t len)
{
	struct proto_in in;
	uint32_t level;
	char *msg;

	proto_in_init(&in, payload, len);
	level = proto_get_u32(&in);
	msg = proto_get_str(&in);
	if (proto_in_done(&in) || !msg) {
		free(msg);
		return CHILD_MALFORMED;
	}
	for (char *q = msg; *q; q++)
		if ((unsigned char)*q < 32 || *q == 127)
			*q = '?';   /* no terminal control from a plugin */
	log_msg(level >= BNB_LOG_WARN ? LOG_WARN : LOG_INFO, "%s", msg);
	free(msg);
	return 0;
}

/* The result of the running case, accepted once: `current` is cleared. */
static int on_result(struct parent_state *ps, struct child *ch, const char *payload, uint32_t len)
{
	struct case_outcome o;
	uint32_t index;

	if (ps->current < 0 || worker_decode_result(payload, len, &index, &o))
		return CHILD_MALFORMED;
	if (index != (uint32_t)ps->current) {
		case_outcome_free(&o);
		return CHILD_MALFORMED;
	}
	add_output(&o.detail, ch);
	ps->current = -1;
	ps->done++;
	ps->sink->finished(index, &o, ps->sink->arg);
	return ps->done == ps->n ? 1 : 0;
}

/*
 * Handle one message: 0 to go on, 1 when the worker has sent every result,
 * else the child_read status or CHILD_MALFORMED for a message that is not
 * what this worker may send now.
 */
static int parent_handle(struct parent_state *ps, struct child *ch)
{
	uint64_t timeout = ps->current >= 0 ? case_timeout_ns(&ps->plan->cases[ps->current], ps->cfg)
	                                    : 60ull * 1000000000ull;
	char type, *payload = NULL;
	uint32_t len;
	int rc = child_read(ch, now_ns() + timeout, ps->cfg->stop, &type, &payload, &len);

	if (rc != CHILD_MSG)
		return rc;
	switch (type) {
	case MSG_START: rc = on_start(ps, payload, len); break;
	case MSG_ENV: rc = on_env(ps, payload, len); break;
	case MSG_LOG: rc = on_log(payload, len); break;
	case MSG_RESULT: rc = on_result(ps, ch, payload, len); break;
	default: rc = CHILD_MALFORMED;
	}
	free(payload);
	return rc;
}

static void report_lost_case(struct parent_state *ps, const char *why, struct child *ch)
{
	struct case_outcome o;

	memset(&o, 0, sizeof o);
	o.status = CASE_ERROR;
	o.detail = xstrdup(why);
	if (ch)
		add_output(&o.detail, ch);
	ps->sink->finished((size_t)ps->current, &o, ps->sink->arg);
	ps->current = -1;
	ps->done++;
}

/* One worker process for idx[ps->done..n); 0, or BNB_EINTR / BNB_EIO. */
static int run_child(struct parent_state *ps)
{
	struct child_job job = { ps->plan, ps->idx + ps->done, ps->n - ps->done, ps->cfg };
	struct child ch;
	struct bnb_err e;
	int status, rc;

	if (child_start(&ch, child_body, &job, &e))
		return BNB_EIO;
	do
		rc = parent_handle(ps, &ch);
	while (rc == 0);
	status = child_end(&ch);    /* the whole process group: nothing is left behind */
	if (rc == CHILD_STOPPED)
		return BNB_EINTR;
	if (ps->current >= 0) {
		char why[320], how[256];
		if (rc == CHILD_MALFORMED)
			snprintf(why, sizeof why, "malformed message from the worker (worker killed)");
		else if (rc == CHILD_TIMEOUT)
			snprintf(why, sizeof why, "timed out after %.0f s (worker killed)",
			         (double)case_timeout_ns(&ps->plan->cases[ps->current], ps->cfg) / 1e9);
		else {
			child_describe_status(status, how, sizeof how);
			snprintf(why, sizeof why, "worker %s%s", how, WIFSIGNALED(status) ? "" : " during the case");
		}
		report_lost_case(ps, why, &ch);
	} else if (rc == CHILD_MALFORMED && ps->done < ps->n) {
		ps->current = (long)ps->idx[ps->done];
		report_lost_case(ps, "malformed message from the worker (worker killed)", &ch);
	}
	return BNB_OK;
}

int worker_run(const struct plan *plan, const size_t *idx, size_t n, const struct worker_cfg *cfg,
               const struct worker_sink *sink)
{
	struct parent_state ps = { plan, idx, n, cfg, sink, -1, 0 };

	if (!cfg->isolate) {
		pin_cpu(cfg->cpu);   /* the cases run here: pin this process */
		host_set_env_sink(sink->env, sink->arg);
		for (size_t i = 0; i < n; i++) {
			struct case_outcome o;
			if (cfg->stop && *cfg->stop) {
				host_set_env_sink(NULL, NULL);
				return BNB_EINTR;
			}
			if (sink->started)
				sink->started(idx[i], sink->arg);
			worker_case(&plan->cases[idx[i]], cfg, &o);
			sink->finished(idx[i], &o, sink->arg);
		}
		host_set_env_sink(NULL, NULL);
		return BNB_OK;
	}
	while (ps.done < n) {
		size_t before = ps.done;
		int rc = run_child(&ps);
		if (rc == BNB_EINTR || (cfg->stop && *cfg->stop))
			return BNB_EINTR;
		if (rc)
			return rc;
		if (ps.done == before) {
			/* The worker died before starting a case: report the next one and move on. */
			ps.current = (long)idx[ps.done];
			report_lost_case(&ps, "worker died before running the case", NULL);
		}
	}
	return BNB_OK;
}
