/* A kernel without its required run callback. */
#include "t_common.h"

static const struct bnb_kernel bad = {
	.struct_size = sizeof(struct bnb_kernel), .op = "noop", .backend = "t_nullcb",
	.setup = t_setup, .teardown = t_teardown,
};
static const struct bnb_kernel *const kernels[] = { &bad, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_nullcb", .version = "1", .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
