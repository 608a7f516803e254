/* A plugin built against an older ABI 1.x whose struct ends before probe(): must still load. */
#include <stddef.h>

#include "t_common.h"

static const struct bnb_kernel noop = T_KERNEL("noop", NULL, "t_old");
static const struct bnb_kernel *const kernels[] = { &noop, NULL };

static const struct bnb_plugin plugin = {
	.abi_major = 1, .abi_minor = 0, .struct_size = offsetof(struct bnb_plugin, probe),
	.flags = BNB_PLUGIN_OPTIMIZED, .name = "t_old", .version = "0.9", .kernels = kernels,
};

BNB_PLUGIN_REGISTER(plugin)
