/*
 * A scheme "tz" whose buffer_bytes is 0 for every shape, with its scalar
 * quantize: a kernel whose output cannot be compared must never be ok.
 */
#include "t_common.h"

static size_t tz_buffer_bytes(uint64_t m, uint64_t k)
{
	(void)m;
	(void)k;
	return 0;
}

static int tz_check(const float *w, uint64_t m, uint64_t k, const void *ref, const void *got,
                    struct bnb_quant_check *res)
{
	(void)w, (void)m, (void)k, (void)ref, (void)got, (void)res;
	return BNB_OK;
}

static int tz_output(void *state, void *dst, size_t dst_bytes)
{
	(void)state;
	memset(dst, 0, dst_bytes);
	return BNB_OK;
}

static const struct bnb_scheme tz = { .struct_size = sizeof(struct bnb_scheme), .k_multiple = 4, .name = "tz",
	                              .summary = "a scheme of no bytes", .bits_per_weight = 2,
	                              .buffer_bytes = tz_buffer_bytes, .check_quantized = tz_check };
static const struct bnb_kernel quantize = { .struct_size = sizeof(struct bnb_kernel), .op = "quantize",
	                                    .scheme = "tz", .backend = "scalar", .setup = t_setup,
	                                    .run = t_run, .output = tz_output, .teardown = t_teardown };

static const struct bnb_scheme *const schemes[] = { &tz, NULL };
static const struct bnb_kernel *const kernels[] = { &quantize, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_zero", .version = "1",
	                                  .schemes = schemes, .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
