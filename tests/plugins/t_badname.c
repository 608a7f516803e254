/* A plugin whose name does not match its file. */
#include "t_common.h"

static const struct bnb_plugin plugin = { BNB_PLUGIN_HEADER, .name = "Bad Name", .version = "1" };

BNB_PLUGIN_REGISTER(plugin)
