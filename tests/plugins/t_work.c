/*
 * A plugin for the unit tests of the plan and the engine: a scheme "tw" with a
 * reference (scalar) and a second backend, an op of its own whose kernel tells
 * its work (ABI 1.1) next to one that does not and one that gives none, a kernel with a parameter, an
 * unsupported kernel, and a fingerprint key recorded in setup.
 */
#include "t_common.h"

static size_t tw_buffer_bytes(uint64_t m, uint64_t k)
{
	return (size_t)(m * k / 4);
}

static int tw_check(const float *w, uint64_t m, uint64_t k, const void *ref, const void *got,
                    struct bnb_quant_check *res)
{
	(void)w;
	(void)res;
	return memcmp(ref, got, tw_buffer_bytes(m, k)) == 0 ? BNB_OK : BNB_EVERIFY;
}

static const struct bnb_scheme tw = { .struct_size = sizeof(struct bnb_scheme), .k_multiple = 4, .name = "tw",
	                              .summary = "test scheme", .bits_per_weight = 2,
	                              .buffer_bytes = tw_buffer_bytes, .check_quantized = tw_check };

/* Quantize: one byte per four weights, the sum of their signs. */
static int tw_output(void *state, void *dst, size_t dst_bytes)
{
	struct t_state *s = state;
	unsigned char *out = dst;

	for (size_t i = 0; i < dst_bytes; i++) {
		int v = 0;
		for (size_t j = 0; j < 4 && 4 * i + j < s->in->x_count; j++)
			v += s->in->x[4 * i + j] > 0;
		out[i] = (unsigned char)v;
	}
	return BNB_OK;
}

static int tw_env_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	bnb_host->env_set("t_work.setup", c->kernel ? c->kernel->backend : "?");
	return t_setup(c, in, state);
}

static int tw_work(void *state, struct bnb_work *w)
{
	struct t_state *s = state;

	w->items = 3;
	w->bytes = 8 * s->k;
	return BNB_OK;
}

static int tw_no_work(void *state, struct bnb_work *w)
{
	(void)state;
	w->items = 0;
	return BNB_OK;
}

#define TW_QUANT(backend_)                                                                      \
	{ .struct_size = sizeof(struct bnb_kernel), .op = "quantize", .scheme = "tw", .backend = backend_, \
	  .setup = t_setup, .run = t_run, .output = tw_output, .teardown = t_teardown }

static const struct bnb_param mode = { .struct_size = sizeof(struct bnb_param), .type = BNB_PARAM_ENUM,
	                               .name = "mode", .default_value = "hot", .min = 1, .max = 0,
	                               .choices = "hot|cold", .help = "test parameter" };
static const struct bnb_param *const params[] = { &mode, NULL };

static const struct bnb_kernel q_scalar = TW_QUANT("scalar");
static const struct bnb_kernel q_fast = TW_QUANT("t_fast");
static const struct bnb_kernel q_never = {
	.struct_size = sizeof(struct bnb_kernel), .op = "quantize", .scheme = "tw", .backend = "t_never",
	.features = UINT64_C(1) << 40, .setup = t_setup, .run = t_run, .output = tw_output, .teardown = t_teardown,
};
/* No scalar dequantize: such cases are skipped for want of a reference. */
static const struct bnb_kernel dq_fast = {
	.struct_size = sizeof(struct bnb_kernel), .op = "dequantize", .scheme = "tw", .backend = "t_fast",
	.setup = t_setup, .run = t_run, .output = tw_output, .teardown = t_teardown,
};
/* Says it runs on up to 2 threads (it runs on one: only the plan reads max_threads). */
static const struct bnb_kernel w_told = {
	.struct_size = sizeof(struct bnb_kernel), .op = "work", .backend = "t_fast", .params = params,
	.setup = tw_env_setup, .run = t_run, .teardown = t_teardown, .work = tw_work, .max_threads = 2,
};
static const struct bnb_kernel w_plain = T_KERNEL("work", NULL, "scalar");
static const struct bnb_kernel w_none = {
	.struct_size = sizeof(struct bnb_kernel), .op = "work", .backend = "t_nowork",
	.setup = t_setup, .run = t_run, .teardown = t_teardown, .work = tw_no_work,
};

static const struct bnb_scheme *const schemes[] = { &tw, NULL };
static const struct bnb_kernel *const kernels[] = { &q_scalar, &q_fast, &q_never, &dq_fast, &w_told, &w_plain,
	                                             &w_none, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_work", .version = "1",
	                                  .schemes = schemes, .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
