/* Worker processes: fork per plugin, results streamed back over a pipe. */
#define _GNU_SOURCE
#include "config.h"

#include "worker.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host.h"
#include "kernel.h"
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

void worker_case(const struct plan_case *c, const struct worker_cfg *cfg, struct case_outcome *o)
{
	const struct suite_settings *s = &c->group->settings;
	struct case_inputs ci;
	struct kernel_inst ki;
	struct bnb_err e = { 0, "" };
	struct measure_cfg mc = worker_measure_cfg(c, cfg, c->pk);

	memset(o, 0, sizeof *o);
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

/* --- the pipe protocol: [type byte][u32 length][payload] --- */

enum { MSG_START = 'S', MSG_RESULT = 'R', MSG_ENV = 'E' };

struct wire_result {
	uint32_t index, status;
	uint64_t boundary_elems, iters_per_sample, n_samples;
	uint32_t detail_len, has_work;
	uint64_t work_items, work_bytes;
	uint32_t paired, reserved;     /* paired: base samples follow the candidate's */
};

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int send_msg(int fd, char type, const void *a, size_t alen, const void *b, size_t blen,
                    const void *c, size_t clen)
{
	uint32_t len = (uint32_t)(alen + blen + clen);
	char head[5];

	head[0] = type;
	memcpy(head + 1, &len, 4);
	if (write_all(fd, head, 5) || write_all(fd, a, alen))
		return -1;
	if (blen && write_all(fd, b, blen))
		return -1;
	if (clen && write_all(fd, c, clen))
		return -1;
	return 0;
}

static int child_fd = -1;

static void child_env(const char *key, const char *value, void *arg)
{
	(void)arg;
	send_msg(child_fd, MSG_ENV, key, strlen(key) + 1, value, strlen(value) + 1, NULL, 0);
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

static void child_main(const struct plan *plan, const size_t *idx, size_t n, const struct worker_cfg *cfg,
                       int fd)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	pin_cpu(cfg->cpu);
	child_fd = fd;
	host_set_env_sink(child_env, NULL);
	for (size_t i = 0; i < n; i++) {
		struct case_outcome o;
		struct wire_result w;
		uint32_t index = (uint32_t)idx[i];

		if (send_msg(fd, MSG_START, &index, 4, NULL, 0, NULL, 0))
			_exit(2);
		worker_case(&plan->cases[idx[i]], cfg, &o);
		memset(&w, 0, sizeof w);
		w.index = index;
		w.status = o.status;
		w.boundary_elems = o.boundary_elems;
		w.iters_per_sample = o.m.iters_per_sample;
		w.n_samples = o.m.n_samples;
		w.detail_len = o.detail ? (uint32_t)strlen(o.detail) : 0;
		w.paired = o.base_samples != NULL;
		if (w.paired) {
			o.m.samples = xrealloc(o.m.samples, 2 * o.m.n_samples * sizeof(double) + 1);
			memcpy(o.m.samples + o.m.n_samples, o.base_samples, o.m.n_samples * sizeof(double));
		}
		w.has_work = (uint32_t)o.has_work;
		w.work_items = o.work_items;
		w.work_bytes = o.work_bytes;
		if (send_msg(fd, MSG_RESULT, &w, sizeof w, o.detail, w.detail_len, o.m.samples,
		             (w.paired ? 2 : 1) * o.m.n_samples * sizeof(double)))
			_exit(2);
		free(o.detail);
		free(o.m.samples);
		free(o.base_samples);
	}
	_exit(0);
}

/* Read exactly len bytes before the deadline: 0 ok, 1 eof, -1 timeout, -2 interrupted. */
static int read_full(int fd, void *buf, size_t len, uint64_t deadline, volatile int *stop)
{
	char *p = buf;
	while (len) {
		uint64_t now = now_ns();
		struct pollfd pfd = { fd, POLLIN, 0 };
		int ms, r;
		ssize_t n;

		if (stop && *stop)
			return -2;
		if (now >= deadline)
			return -1;
		ms = (int)((deadline - now) / 1000000u) + 1;
		r = poll(&pfd, 1, ms > 200 ? 200 : ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			continue;
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

struct parent_state {
	const struct plan *plan;
	const struct worker_cfg *cfg;
	const struct worker_sink *sink;
	long current;             /* index being run, -1 between cases */
	size_t done;              /* positions in idx[] finished */
};

/* Handle one message; 1 at a clean end of stream, <0 on failure (see read_full). */
static int parent_read(struct parent_state *ps, int fd)
{
	char head[5];
	uint32_t len;
	uint64_t deadline = now_ns() + (ps->current >= 0 ? case_timeout_ns(&ps->plan->cases[ps->current], ps->cfg)
	                                                 : 60ull * 1000000000ull);
	char *payload;
	int rc = read_full(fd, head, 5, deadline, ps->cfg->stop);

	if (rc)
		return rc;
	memcpy(&len, head + 1, 4);
	payload = xmalloc(len + 1);
	if ((rc = read_full(fd, payload, len, deadline, ps->cfg->stop))) {
		free(payload);
		return rc;
	}
	payload[len] = '\0';
	if (head[0] == MSG_START && len == 4) {
		uint32_t index;
		memcpy(&index, payload, 4);
		ps->current = index;
		if (ps->sink->started)
			ps->sink->started(index, ps->sink->arg);
	} else if (head[0] == MSG_ENV) {
		if (ps->sink->env)
			ps->sink->env(payload, payload + strlen(payload) + 1, ps->sink->arg);
	} else if (head[0] == MSG_RESULT && len >= sizeof(struct wire_result)) {
		struct wire_result w;
		struct case_outcome o;
		memcpy(&w, payload, sizeof w);
		if (w.n_samples > len / sizeof(double) ||
		    len - sizeof w != w.detail_len + (w.paired ? 2 : 1) * w.n_samples * sizeof(double)) {
			free(payload);
			return -4;  /* malformed: the worker is killed, its case reported lost */
		}
		memset(&o, 0, sizeof o);
		o.status = (enum case_status)w.status;
		o.boundary_elems = w.boundary_elems;
		o.m.iters_per_sample = w.iters_per_sample;
		o.m.n_samples = (size_t)w.n_samples;
		o.has_work = w.has_work != 0;
		o.work_items = w.work_items;
		o.work_bytes = w.work_bytes;
		o.detail = xcalloc(w.detail_len + 1, 1);
		memcpy(o.detail, payload + sizeof w, w.detail_len);
		o.m.samples = xcalloc(o.m.n_samples ? o.m.n_samples : 1, sizeof(double));
		memcpy(o.m.samples, payload + sizeof w + w.detail_len, o.m.n_samples * sizeof(double));
		if (w.paired) {
			o.base_samples = xcalloc(o.m.n_samples ? o.m.n_samples : 1, sizeof(double));
			memcpy(o.base_samples, payload + sizeof w + w.detail_len + o.m.n_samples * sizeof(double),
			       o.m.n_samples * sizeof(double));
		}
		ps->current = -1;
		ps->done++;
		ps->sink->finished(w.index, &o, ps->sink->arg);
	}
	free(payload);
	return 0;
}

static void report_lost_case(struct parent_state *ps, const char *why)
{
	struct case_outcome o;

	memset(&o, 0, sizeof o);
	o.status = CASE_ERROR;
	o.detail = xstrdup(why);
	ps->sink->finished((size_t)ps->current, &o, ps->sink->arg);
	ps->current = -1;
	ps->done++;
}

/* One worker process for idx[ps->done..n); returns how the stream ended. */
static int run_child(struct parent_state *ps, const size_t *idx, size_t n)
{
	int fds[2], status, rc;
	pid_t pid;

	if (pipe(fds) != 0)
		return -3;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -3;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(ps->plan, idx + ps->done, n - ps->done, ps->cfg, fds[1]);
	}
	close(fds[1]);
	do
		rc = parent_read(ps, fds[0]);
	while (rc == 0);
	if (rc < 0)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == -2)
		return -2;
	if (ps->current >= 0) {
		char why[256];
		if (rc == -4)
			snprintf(why, sizeof why, "malformed result from the worker (worker killed)");
		else if (rc == -1)
			snprintf(why, sizeof why, "timed out after %.0f s (worker killed)",
			         (double)case_timeout_ns(&ps->plan->cases[ps->current], ps->cfg) / 1e9);
		else if (WIFSIGNALED(status))
			snprintf(why, sizeof why, "worker crashed: %s (signal %d)", strsignal(WTERMSIG(status)),
			         WTERMSIG(status));
		else
			snprintf(why, sizeof why, "worker exited with status %d during the case",
			         WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		report_lost_case(ps, why);
	}
	return 0;
}

int worker_run(const struct plan *plan, const size_t *idx, size_t n, const struct worker_cfg *cfg,
               const struct worker_sink *sink)
{
	struct parent_state ps = { plan, cfg, sink, -1, 0 };

	if (!cfg->isolate) {
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
		int rc = run_child(&ps, idx, n);
		if (rc == -2 || (cfg->stop && *cfg->stop))
			return BNB_EINTR;
		if (rc == -3)
			return BNB_EIO;
		if (ps.done == before) {
			/* The worker died before starting a case: report the next one and move on. */
			ps.current = (long)idx[ps.done];
			report_lost_case(&ps, "worker died before running the case");
		}
	}
	return BNB_OK;
}
