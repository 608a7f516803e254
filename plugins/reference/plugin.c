/*
 * A scheme plugin: the scheme of one codec (BNB_CODEC, a header such as
 * "i2s/codec.h", set by the build) and its scalar reference kernels.  The
 * i2s, tl1 and tl2 plugins are this file built with their own codec.
 */
#include <bnbench/plugin.h>

#include "reference.h"
#include BNB_CODEC

static int check_quantized(const float *w, uint64_t m, uint64_t k, const void *ref,
                           const void *got, struct bnb_quant_check *res)
{
	return bnb_ref_check_quantized(&ref_codec, w, m, k, ref, got, res);
}

static const struct bnb_scheme scheme = {
	.struct_size = sizeof(struct bnb_scheme),
	.k_multiple = BNB_K_MULTIPLE,
	.name = REF_SCHEME,
	.summary = REF_SCHEME_SUMMARY,
	.bits_per_weight = REF_BITS_PER_WEIGHT,
	.buffer_bytes = REF_BUFFER_BYTES,
	.check_quantized = check_quantized,
};

/* One setup for the three kernels: the op and name come from the kernel's data. */
static int setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	const struct bnb_kernel_info *info = bnb_kernel_data(c);

	if (!info)
		return BNB_EINVAL;
	return bnb_ref_setup(&ref_codec, info->name, info->op, c, in, state);
}

static const struct bnb_kernel quantize = BNB_CPU_KERNEL("scalar", 0, REF_SCHEME, QUANTIZE,
	setup, bnb_ref_run, "reference " REF_SCHEME " quantize: alpha pass, then packing pass");
static const struct bnb_kernel dequantize = BNB_CPU_KERNEL("scalar", 0, REF_SCHEME, DEQUANTIZE,
	setup, bnb_ref_run, REF_DEQUANTIZE_SUMMARY);
static const struct bnb_kernel gemv = BNB_CPU_KERNEL("scalar", 0, REF_SCHEME, GEMV, setup,
	bnb_ref_run, "reference " REF_SCHEME " gemv: I8_S activations, int32 dot products");

static const struct bnb_scheme *const schemes[] = { &scheme, NULL };
static const struct bnb_kernel *const kernels[] = { &quantize, &dequantize, &gemv, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = REF_SCHEME,
	.version = "1.0",
	.summary = REF_PLUGIN_SUMMARY,
	.schemes = schemes,
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
