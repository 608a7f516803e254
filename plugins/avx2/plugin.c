/* The avx2 backend plugin: AVX2+FMA kernels for i2s, tl1 and tl2. */
#include <bnbench/plugin.h>

#include "kernels.h"

static const struct bnb_kernel *const kernels[] = {
	/* i2s */
	&avx2_i2s_quantize, &avx2_i2s_dequantize, &avx2_i2s_gemv,
	/* tl1, tl2 */
	&avx2_tl1_quantize, &avx2_tl1_dequantize, &avx2_tl1_gemv,
	&avx2_tl2_quantize, &avx2_tl2_dequantize, &avx2_tl2_gemv,
	NULL
};

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "avx2",
	.version = "1.0",
	.summary = "AVX2+FMA kernels for i2s, tl1 and tl2",
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
