/* bnbench exec: run one kernel once on files. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "kernel.h"
#include "params.h"
#include "loader.h"

struct exec_opts {
	const char *backend, *op, *scheme, *input, *weights, *shape, *output;
};

static int check_size(const char *what, const char *path, size_t got, size_t want, struct bnb_err *e)
{
	if (got != want)
		return err_set(e, BNB_EINVAL, "%s %s is %zu bytes, but the shape needs %zu", what, path, got, want);
	return BNB_OK;
}

/* Load the input files the op needs and check their sizes against the shape. */
static int load_inputs(const struct exec_opts *o, const struct plugin_kernel *pk, uint64_t *m, uint64_t *k,
                       int have_shape, struct bnb_inputs *in, void **bufs, struct bnb_err *e)
{
	const struct bnb_scheme *s = &pk->scheme->s;
	size_t len;
	int rc;

	memset(in, 0, sizeof *in);
	in->struct_size = sizeof *in;
	if (strcmp(o->op, "quantize") == 0) {
		if ((rc = file_read(o->input, &bufs[0], &len, e)))
			return rc;
		if (!have_shape) {
			*m = 1;
			*k = len / sizeof(float);
		}
		in->x = bufs[0];
		in->x_count = (size_t)(*m * *k);
		return check_size("input", o->input, len, in->x_count * sizeof(float), e);
	}
	if (!have_shape)
		return err_set(e, BNB_EINVAL, "--op %s needs --shape MxK", o->op);
	if (strcmp(o->op, "dequantize") == 0) {
		if ((rc = file_read(o->input, &bufs[0], &len, e)))
			return rc;
		in->packed = bufs[0];
		in->packed_bytes = len;
		return check_size("input", o->input, len, s->buffer_bytes(*m, *k), e);
	}
	if (!o->weights)
		return err_set(e, BNB_EINVAL, "--op gemv needs --weights FILE");
	if ((rc = file_read(o->weights, &bufs[0], &len, e)))
		return rc;
	in->packed = bufs[0];
	in->packed_bytes = len;
	if ((rc = check_size("weights", o->weights, len, s->buffer_bytes(*m, *k), e)))
		return rc;
	if ((rc = file_read(o->input, &bufs[1], &len, e)))
		return rc;
	in->x = bufs[1];
	in->x_count = (size_t)*k;
	return check_size("input", o->input, len, (size_t)*k * sizeof(float), e);
}

static int exec_kernel(const struct exec_opts *o, const struct registry *r, struct bnb_err *e)
{
	const struct plugin_kernel *pk;
	struct bnb_inputs in;
	struct bnb_case c;
	struct param_set ps = { NULL, 0 };
	void *bufs[2] = { NULL, NULL }, *out = NULL;
	uint64_t m = 1, k = 0;
	size_t out_bytes, bad;
	int rc;

	if (!registry_scheme(r, o->scheme))
		return err_set(e, BNB_ENOTFOUND, "no scheme '%s' (see 'bnbench list --schemes')", o->scheme);
	pk = registry_kernel(r, o->op, o->scheme, o->backend);
	if (!pk)
		return err_set(e, BNB_ENOTFOUND, "no kernel %s/%s/%s (see 'bnbench list')", o->op, o->scheme,
		               o->backend);
	if (!pk->supported)
		return err_set(e, BNB_EUNSUPPORTED, "kernel %s/%s/%s is unsupported: %s", o->op, o->scheme,
		               o->backend, pk->reason);
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

int cmd_exec(int argc, char **argv, const struct global_opts *g)
{
	static const struct option opts[] = {
		{ "backend", required_argument, NULL, 'b' }, { "op", required_argument, NULL, 'o' },
		{ "scheme", required_argument, NULL, 's' },  { "input", required_argument, NULL, 'i' },
		{ "weights", required_argument, NULL, 'w' }, { "shape", required_argument, NULL, 'S' },
		{ "output", required_argument, NULL, 'O' },  { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct exec_opts o = { 0 };
	struct registry r;
	struct bnb_err e = { 0, "" };
	int c, rc;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': o.backend = optarg; break;
		case 'o': o.op = optarg; break;
		case 's': o.scheme = optarg; break;
		case 'i': o.input = optarg; break;
		case 'w': o.weights = optarg; break;
		case 'S': o.shape = optarg; break;
		case 'O': o.output = optarg; break;
		case 'h': printf("usage: %s\n", command_find("exec")->usage); return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (!o.backend || !o.op || !o.scheme || !o.input || !o.output) {
		die_msg("exec: --backend, --op, --scheme, --input and --output are required");
		return EXIT_USAGE;
	}
	if (strcmp(o.op, "quantize") && strcmp(o.op, "dequantize") && strcmp(o.op, "gemv")) {
		die_msg("exec: unknown op '%s' (quantize, dequantize or gemv)", o.op);
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
