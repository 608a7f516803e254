#include "config.h"
#include "commands.h"
int cmd_list(int argc, char **argv, const struct global_opts *g) { (void)argc; (void)argv; (void)g; return 0; }
int cmd_exec(int argc, char **argv, const struct global_opts *g) { (void)argc; (void)argv; (void)g; return 0; }
