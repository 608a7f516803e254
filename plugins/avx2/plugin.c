/* The avx2 backend plugin: AVX2+FMA kernels for i2s, tl1 and tl2. */
#include <bnbench/plugin.h>

#include "kernels.h"

static const struct bnb_kernel *const kernels[] = {
	/* i2s */
	/* tl1, tl2 */
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
