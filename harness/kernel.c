/* Calling a kernel through its callbacks. */
#include "config.h"

#include "kernel.h"

#include <stdio.h>
#include <string.h>

#include "host.h"

void kernel_id(const struct plugin_kernel *pk, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s", pk->k.op, pk->k.scheme ? pk->k.scheme : "-", pk->k.backend);
}

static int callback_failed(const struct plugin_kernel *pk, const char *what, int rc, struct bnb_err *e)
{
	char id[128];
	const char *msg = host_last_error();

	kernel_id(pk, id, sizeof id);
	if (rc <= 0 || rc > BNB_EINTERNAL)
		rc = BNB_EINTERNAL;
	if (msg[0])
		return err_set(e, rc, "%s: %s: %s", id, what, msg);
	return err_set(e, rc, "%s: %s failed: %s", id, what, bnb_status_name(rc));
}

void kernel_case_init(struct bnb_case *c, const struct plugin_kernel *pk, uint64_t m, uint64_t k,
                      const struct param_set *ps)
{
	memset(c, 0, sizeof *c);
	c->struct_size = sizeof *c;
	c->op = pk->k.op;
	c->scheme = pk->k.scheme;
	c->m = m;
	c->k = k;
	c->priv = ps;
	c->kernel = &pk->k;
	c->threads = 1;
}

int kernel_setup(struct kernel_inst *ki, const struct plugin_kernel *pk, const struct bnb_case *c,
                 const struct bnb_inputs *in, struct bnb_err *e)
{
	int rc;

	memset(ki, 0, sizeof *ki);
	ki->pk = pk;
	ki->c = *c;
	ki->in = *in;
	host_clear_error();
	rc = pk->k.setup(&ki->c, &ki->in, &ki->state);
	if (rc) {
		ki->pk = NULL;
		return callback_failed(pk, "setup", rc, e);
	}
	return BNB_OK;
}

int kernel_run(struct kernel_inst *ki, uint64_t iterations, uint64_t *elapsed_ns, struct bnb_err *e)
{
	uint64_t t0, t1, self = 0;
	int rc;

	host_clear_error();
	t0 = now_ns();
	rc = ki->pk->k.run(ki->state, iterations, &self);
	t1 = now_ns();
	if (rc)
		return callback_failed(ki->pk, "run", rc, e);
	*elapsed_ns = (ki->pk->k.flags & BNB_KERNEL_SELF_TIMED) ? self : t1 - t0;
	return BNB_OK;
}

int kernel_output(struct kernel_inst *ki, void *dst, size_t bytes, struct bnb_err *e)
{
	int rc;

	if (!ki->pk->k.output)
		return err_set(e, BNB_EINVAL, "kernel has no output callback");
	host_clear_error();
	rc = ki->pk->k.output(ki->state, dst, bytes);
	if (rc)
		return callback_failed(ki->pk, "output", rc, e);
	return BNB_OK;
}

int kernel_work(struct kernel_inst *ki, int *has_work, uint64_t *items, uint64_t *bytes, struct bnb_err *e)
{
	struct bnb_work w;
	int rc;

	*has_work = 0;
	*items = *bytes = 0;
	if (!ki->pk->k.work)
		return BNB_OK;
	memset(&w, 0, sizeof w);
	w.struct_size = sizeof w;
	host_clear_error();
	rc = ki->pk->k.work(ki->state, &w);
	if (rc)
		return callback_failed(ki->pk, "work", rc, e);
	if (!w.items) {
		char id[128];
		kernel_id(ki->pk, id, sizeof id);
		return err_set(e, BNB_EINVAL, "%s: work: no work items per iteration", id);
	}
	*has_work = 1;
	*items = w.items;
	*bytes = w.bytes;
	return BNB_OK;
}

void kernel_teardown(struct kernel_inst *ki)
{
	if (ki->pk)
		ki->pk->k.teardown(ki->state);
	ki->pk = NULL;
	ki->state = NULL;
}

int kernel_run_once(const struct plugin_kernel *pk, const struct bnb_case *c,
                    const struct bnb_inputs *in, void *out, size_t out_bytes, struct bnb_err *e)
{
	struct kernel_inst ki;
	uint64_t elapsed;
	int rc;

	rc = kernel_setup(&ki, pk, c, in, e);
	if (rc)
		return rc;
	rc = kernel_run(&ki, 1, &elapsed, e);
	if (!rc)
		rc = kernel_output(&ki, out, out_bytes, e);
	kernel_teardown(&ki);
	return rc;
}
