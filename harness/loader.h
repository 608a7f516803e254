/* The plugin loader: finds, loads and validates plugins (bnbench-plugin(3)). */
#ifndef BNB_PLUGIN_LOADER_H
#define BNB_PLUGIN_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include <bnbench/plugin.h>

#include "util.h"

enum plugin_status { PLUGIN_OK = 0, PLUGIN_UNSUPPORTED = 1, PLUGIN_BROKEN = 2 };

struct plugin;

struct plugin_scheme {
	struct bnb_scheme s;          /* zero-extended copy */
	struct plugin *plugin;        /* the plugin that defines it */
};

struct plugin_kernel {
	struct bnb_kernel k;          /* zero-extended copy; k.params is not used */
	struct bnb_param *params;     /* zero-extended copies */
	size_t n_params;
	struct plugin *plugin;
	const struct plugin_scheme *scheme;   /* NULL for ops without a scheme */
	int supported;
	char reason[256];             /* why not supported */
};

struct plugin {
	char *name, *path;
	void *handle;
	struct bnb_plugin p;          /* zero-extended copy */
	enum plugin_status status;
	char reason[512];
	struct plugin_scheme *schemes;
	size_t n_schemes;
	struct plugin_kernel *kernels;
	size_t n_kernels;
	int probed;                   /* probe() has run (in a worker) */
};

struct registry {
	struct plugin **plugins;
	size_t n_plugins;
	char **dirs;                  /* the search path, in order */
	size_t n_dirs;
	uint64_t cpu;                 /* cpu_features() at load time */
};

/*
 * The search path: `plugin_dir` (--plugin-dir) if given, then each folder of
 * BNBENCH_PLUGIN_PATH, then the installed plugin folder (or the build tree's
 * when bnbench runs from its build folder).
 */
void registry_init(struct registry *r, const char *plugin_dir);
/* A search path of `dir` alone (the base side of an A/B run). */
void registry_init_dir(struct registry *r, const char *dir);
/* Load every <name>.so of the search path; never fails: broken plugins are kept with a reason. */
void registry_load(struct registry *r);
void registry_free(struct registry *r);

struct plugin *registry_plugin(const struct registry *r, const char *name);
const struct plugin_scheme *registry_scheme(const struct registry *r, const char *name);
/* The kernel of a usable (not broken) plugin, or NULL. */
const struct plugin_kernel *registry_kernel(const struct registry *r, const char *op,
                                            const char *scheme, const char *backend);
/* The scalar reference kernel of a scheme's op, from the plugin that defines the scheme. */
const struct plugin_kernel *registry_reference(const struct registry *r, const char *op,
                                               const char *scheme);
/*
 * Run the probe() of every loaded plugin that has one, each in a forked child
 * (the parent never initialises a device).  A failing probe marks the plugin
 * and its kernels unsupported with the probe's reason.
 */
void registry_probe(struct registry *r, uint64_t timeout_ns);

const char *plugin_status_name(enum plugin_status s);
/* [a-z][a-z0-9_]{0,31} */
int plugin_name_valid(const char *name);
/* Bytes of a standard op's output (quantize: the scheme buffer; 0 for other ops). */
size_t plugin_output_bytes(const struct plugin_kernel *k, uint64_t m, uint64_t k_cols);

#endif
