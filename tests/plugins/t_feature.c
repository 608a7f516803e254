/* A kernel that needs a CPU feature no CPU has (a reserved bit): unsupported, never run. */
#include "t_common.h"

static const struct bnb_kernel k = {
	.struct_size = sizeof(struct bnb_kernel), .op = "noop", .backend = "t_feature",
	.features = UINT64_C(1) << 40, .setup = t_setup, .run = t_run, .teardown = t_teardown,
};
static const struct bnb_kernel *const kernels[] = { &k, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_feature", .version = "1", .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
