/* bnbench exec: run one kernel once on files. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "cli.h"
#include "commands.h"
#include "kernel.h"
#include "ops.h"
#include "params.h"
#include "loader.h"
#include "proto.h"

#define EXEC_TIMEOUT_NS (3600ull * 1000000000ull)

struct exec_opts {
	const char *backend, *op, *scheme, *input, *weights, *shape, *output;
};

static int check_size(const char *what, const char *path, size_t got, size_t want, struct bnb_err *e)
{
	if (got != want)
		return err_set(e, BNB_EINVAL, "%s %s is %zu bytes, but the shape needs %zu", what, path, got, want);
	return BNB_OK;
}

/* Load the input files the op needs (the ops table) and check their sizes against the shape. */
static int load_inputs(const struct exec_opts *o, const struct plugin_kernel *pk, uint64_t *m, uint64_t *k,
                       int have_shape, struct bnb_inputs *in, void **bufs, struct bnb_err *e)
{
	const struct op_info *op = ops_find(o->op);
	size_t len, x_len = 0;
	int rc;

	memset(in, 0, sizeof *in);
	in->struct_size = sizeof *in;
	if (op->x_in == OP_MK_FLOATS && !have_shape) {
		/* Floats of all the weights: without a shape, one row. */
		if ((rc = file_read(o->input, &bufs[1], &x_len, e)))
			return rc;
		*m = 1;
		*k = x_len / sizeof(float);
	} else if (!have_shape) {
		return err_set(e, BNB_EINVAL, "--op %s needs --shape MxK", o->op);
	}
	if (op->packed_in != OP_NONE) {
		/* With a vector input too, the packed weights come from --weights. */
		const char *path = op->x_in != OP_NONE ? o->weights : o->input;
		const char *what = op->x_in != OP_NONE ? "weights" : "input";
		if (!path)
			return err_set(e, BNB_EINVAL, "--op %s needs --weights FILE", o->op);
		if ((rc = file_read(path, &bufs[0], &len, e)))
			return rc;
		in->packed = bufs[0];
		in->packed_bytes = len;
		if ((rc = check_size(what, path, len, (size_t)ops_extent_bytes(op->packed_in, plugin_scheme_bytes(pk->scheme, *m, *k), *m, *k), e)))
			return rc;
	}
	if (op->x_in != OP_NONE) {
		if (!bufs[1] && (rc = file_read(o->input, &bufs[1], &x_len, e)))
			return rc;
		in->x = bufs[1];
		in->x_count = (size_t)ops_extent_bytes(op->x_in, 0, *m, *k) / sizeof(float);
		return check_size("input", o->input, x_len, in->x_count * sizeof(float), e);
	}
	return BNB_OK;
}

/* "quantize, dequantize or gemv" */
static void op_names(char *buf, size_t len)
{
	size_t n = ops_count(), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
		                 ops_at(i)->name);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

/* What the child runs: the kernel once, its output to the file. */
struct exec_job {
	const struct exec_opts *o;
	const struct plugin_kernel *pk;
};

static int exec_in_child(const struct exec_opts *o, const struct plugin_kernel *pk, struct bnb_err *e)
{
	struct bnb_inputs in;
	struct bnb_case c;
	struct param_set ps = { NULL, 0 };
	void *bufs[2] = { NULL, NULL }, *out = NULL;
	uint64_t m = 1, k = 0;
	size_t out_bytes, bad;
	char why[600];
	int rc = 0;

	if (plugin_kernel_activate(pk, why, sizeof why))
		return err_set(e, BNB_EABI, "%s", why);
	if (o->shape && (parse_shape(o->shape, &m, &k) || mul_u64(mul_u64(m, k), 4 * sizeof(float)) == 0))
		return err_set(e, BNB_EINVAL, "invalid shape '%s' (want MxK, e.g. 2048x2048)", o->shape);
	rc = load_inputs(o, pk, &m, &k, o->shape != NULL, &in, bufs, e);
	if (!rc && (m == 0 || k == 0 || k % pk->scheme->s.k_multiple))
		rc = err_set(e, BNB_EINVAL, "K = %" PRIu64 " is not a positive multiple of %u (scheme %s)", k,
		             pk->scheme->s.k_multiple, o->scheme);
	if (!rc)
		rc = params_bind(pk->params, pk->n_params, NULL, NULL, 0, 1, &ps, &bad, e);
	if (!rc) {
		kernel_case_init(&c, pk, m, k, &ps);
		out_bytes = plugin_output_bytes(pk, m, k);
		out = xaligned_alloc(out_bytes);
		rc = kernel_run_once(pk, &c, &in, out, out_bytes, e);
		if (!rc)
			rc = file_write_atomic(o->output, out, out_bytes, e);
	}
	params_free(&ps);
	free(out);
	free(bufs[0]);
	free(bufs[1]);
	return rc;
}

static void exec_body(void *arg, int fd)
{
	const struct exec_job *j = arg;
	struct bnb_err e = { 0, "" };
	struct proto_out o = { 0 };

	proto_put_u32(&o, (uint32_t)exec_in_child(j->o, j->pk, &e));
	proto_put_str(&o, e.msg);
	fflush(NULL);
	proto_send(fd, 'X', o.buf, o.len);
	proto_out_free(&o);
}

/* Run the kernel in a child (child.h): bnbench itself never runs plugin code. */
static int exec_kernel(const struct exec_opts *o, const struct registry *r, struct bnb_err *e)
{
	const struct plugin_kernel *pk;
	struct exec_job job = { o, NULL };
	struct child ch;
	struct proto_in in;
	char type, *payload = NULL, *msg = NULL, how[256], *out;
	uint32_t len, rc = BNB_EIO;
	int got, status;

	if (!registry_scheme(r, o->scheme))
		return err_set(e, BNB_ENOTFOUND, "no scheme '%s' (see 'bnbench list --schemes')", o->scheme);
	pk = registry_kernel(r, o->op, o->scheme, o->backend);
	if (!pk)
		return err_set(e, BNB_ENOTFOUND, "no kernel %s/%s/%s (see 'bnbench list')", o->op, o->scheme,
		               o->backend);
	if (!pk->supported)
		return err_set(e, BNB_EUNSUPPORTED, "kernel %s/%s/%s is unsupported: %s", o->op, o->scheme,
		               o->backend, pk->reason);
	job.pk = pk;
	if (child_start(&ch, exec_body, &job, e))
		return BNB_EIO;
	got = child_read(&ch, now_ns() + EXEC_TIMEOUT_NS, NULL, &type, &payload, &len);
	if (got == CHILD_MSG) {
		proto_in_init(&in, payload, len);
		rc = proto_get_u32(&in);
		msg = proto_get_str(&in);
		if (type != 'X' || proto_in_done(&in) || !msg || rc > BNB_EINTERNAL || (rc != BNB_OK && !*msg))
			got = CHILD_MALFORMED;
	}
	free(payload);
	out = child_take_output(&ch);
	status = child_end(&ch);
	if (*out)
		warn_msg("exec: plugin output: %s", out);
	free(out);
	child_describe_status(status, how, sizeof how);
	if (got == CHILD_MSG)
		rc = rc == BNB_OK ? BNB_OK : (uint32_t)err_set(e, (int)rc, "%s", msg);
	else if (got == CHILD_TIMEOUT)
		rc = (uint32_t)err_set(e, BNB_ETIMEOUT, "the kernel did not finish within %llu s (killed)",
		                       (unsigned long long)(EXEC_TIMEOUT_NS / 1000000000ull));
	else
		rc = (uint32_t)err_set(e, BNB_EIO, "the kernel's process %s",
		                       got == CHILD_MALFORMED ? "sent a malformed answer" : how);
	free(msg);
	return (int)rc;
}

const struct cli_option exec_options[] = {
	{ "backend", 'b', "B", "the kernel's backend", 0 },
	{ "op", 'o', "OP", "its op", 0 },
	{ "scheme", 's', "S", "its scheme", 0 },
	{ "input", 'i', "FILE", "the input (raw little-endian)", 0 },
	{ "weights", 'w', "FILE", "the packed weights of a gemv", 0 },
	{ "shape", 'S', "MxK", "the shape of a gemv", 0 },
	{ "output", 'O', "FILE", "where the kernel's output goes", 0 },
	CLI_OPT_HELP,
	CLI_OPT_END
};

int cmd_exec(int argc, char **argv, const struct global_opts *g)
{
	struct exec_opts o = { 0 };
	struct registry r;
	struct bnb_err e = { 0, "" };
	int c, rc;

	while ((c = cli_getopt(argc, argv, "exec", exec_options)) != -1) {
		switch (c) {
		case 'b': o.backend = optarg; break;
		case 'o': o.op = optarg; break;
		case 's': o.scheme = optarg; break;
		case 'i': o.input = optarg; break;
		case 'w': o.weights = optarg; break;
		case 'S': o.shape = optarg; break;
		case 'O': o.output = optarg; break;
		case 'h': cli_help(stdout, command_find("exec")); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (!o.backend || !o.op || !o.scheme || !o.input || !o.output) {
		die_msg("exec: --backend, --op, --scheme, --input and --output are required");
		return EXIT_USAGE;
	}
	if (!ops_find(o.op)) {
		char names[128];
		op_names(names, sizeof names);
		die_msg("exec: unknown op '%s' (%s)", o.op, names);
		return EXIT_USAGE;
	}
	registry_init(&r, g->plugin_dir);
	registry_load(&r);
	rc = exec_kernel(&o, &r, &e);
	registry_free(&r);
	if (rc) {
		die_msg("exec: %s", e.msg);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}
