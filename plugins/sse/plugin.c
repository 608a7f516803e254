/* The sse backend plugin: SSSE3/SSE4.1 kernels for i2s, tl1 and tl2. */
#include <bnbench/plugin.h>

#include "kernels.h"

static const struct bnb_kernel *const kernels[] = {
	/* i2s */
	/* tl1, tl2 */
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
