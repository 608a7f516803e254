/* A file parameter whose default is a relative path: the plugin is broken. */
#include "t_common.h"

static const struct bnb_param data = { .struct_size = sizeof(struct bnb_param), .type = BNB_PARAM_FILE,
	.name = "data", .default_value = "data.bin", .min = 1, .max = 0, .help = "a file the kernel reads" };
static const struct bnb_param *const params[] = { &data, NULL };
static const struct bnb_kernel k = { .struct_size = sizeof(struct bnb_kernel), .op = "noop", .backend = "t_fileparam",
	.params = params, .setup = t_setup, .run = t_run, .teardown = t_teardown };
static const struct bnb_kernel *const kernels[] = { &k, NULL };
static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "t_fileparam", .version = "1", .kernels = kernels };

BNB_PLUGIN_REGISTER(plugin)
