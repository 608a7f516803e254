/* The sse backend plugin: SSSE3/SSE4.1 kernels for i2s, tl1 and tl2. */
#include <bnbench/plugin.h>

#include "kernels.h"

static const struct bnb_kernel *const kernels[] = {
	/* i2s */
	&sse_i2s_quantize, &sse_i2s_dequantize, &sse_i2s_gemv,
	/* tl1, tl2 */
	&sse_tl1_quantize, &sse_tl1_dequantize, &sse_tl1_gemv,
	&sse_tl2_quantize, &sse_tl2_dequantize, &sse_tl2_gemv,
	NULL
};

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "sse",
	.version = "1.0",
	.summary = "SSSE3/SSE4.1 kernels for i2s, tl1 and tl2",
	.kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
