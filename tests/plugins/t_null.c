/* The null kernel: measures the harness's own overhead per iteration. */
#include "t_common.h"

static const struct bnb_kernel k = T_KERNEL("noop", NULL, "t_null");
static const struct bnb_kernel *const kernels[] = { &k, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_null", .version = "1", .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
