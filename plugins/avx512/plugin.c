/* The avx512 backend plugin: AVX-512 F/BW/VL (VNNI where it helps) kernels for i2s, tl1 and tl2. */
#include <bnbench/plugin.h>

#include "kernels.h"

static const struct bnb_kernel *const kernels[] = {
	/* i2s */
	&avx512_i2s_quantize, &avx512_i2s_dequantize, &avx512_i2s_gemv,
	/* tl1, tl2 */
	&avx512_tl1_quantize, &avx512_tl1_dequantize, &avx512_tl1_gemv,
	&avx512_tl2_quantize, &avx512_tl2_dequantize, &avx512_tl2_gemv,
	NULL
};

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "avx512",
	.version = "1.0",
	.summary = "AVX-512 F/BW/VL (VNNI where it helps) kernels for i2s, tl1 and tl2",
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
