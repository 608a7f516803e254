/* The same kernel (op, scheme, backend) twice. */
#include "t_common.h"

static const struct bnb_kernel a = T_KERNEL("noop", NULL, "t_dupkernel");
static const struct bnb_kernel b = T_KERNEL("noop", NULL, "t_dupkernel");
static const struct bnb_kernel *const kernels[] = { &a, &b, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_dupkernel", .version = "1", .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
