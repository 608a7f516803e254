/*
 * A SIMD backend plugin: kernels for i2s, tl1 and tl2.  The sse, avx2 and
 * avx512 plugins are this folder built with each one's own folder on the
 * include path (its simd.h, tl-lut.h, tl2-ops.h, i2s.c) and its own -m flags.
 */
#include "kernels.h"

static const struct bnb_kernel *const kernels[] = {
	&simd_i2s_quantize, &simd_i2s_dequantize, &simd_i2s_gemv,
	&simd_tl1_quantize, &simd_tl1_dequantize, &simd_tl1_gemv,
	&simd_tl2_quantize, &simd_tl2_dequantize, &simd_tl2_gemv,
	NULL
};

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = SIMD_BACKEND,
	.version = "1.0",
	.summary = SIMD_SUMMARY,
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
