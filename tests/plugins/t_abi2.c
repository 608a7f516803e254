/* A plugin built for a future, incompatible ABI. */
#include "t_common.h"

static const struct bnb_plugin plugin = {
	.abi_major = 2, .abi_minor = 0, .struct_size = sizeof(struct bnb_plugin), .name = "t_abi2",
};

BNB_PLUGIN_REGISTER(plugin)
