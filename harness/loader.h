/*
 * The plugin loader: finds plugins and knows them by their description
 * (bnbench-plugin(3)).  bnbench itself never runs plugin code: a child
 * process opens each plugin, validates it, probes it and sends its tables as
 * data (describe.c); the registry holds those copies, without callbacks.  A
 * process that runs kernels (a worker) activates the plugins it needs first:
 * it opens them itself and takes their callbacks (plugin-open.c).
 */
#ifndef BNB_PLUGIN_LOADER_H
#define BNB_PLUGIN_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include <bnbench/plugin.h>

#include "util.h"

enum plugin_status { PLUGIN_OK = 0, PLUGIN_UNSUPPORTED = 1, PLUGIN_BROKEN = 2 };

struct plugin;

/* A packed buffer's size for one shape, as the scheme's buffer_bytes gave it. */
struct scheme_size {
	uint64_t m, k, bytes;
};

struct plugin_scheme {
	struct bnb_scheme s;          /* zero-extended copy; callbacks only once activated */
	struct plugin *plugin;        /* the plugin that defines it */
	struct scheme_size *sizes;    /* for the shapes the registry was loaded for */
	size_t n_sizes;
};

struct plugin_kernel {
	struct bnb_kernel k;          /* zero-extended copy; k.params is not used; callbacks once activated */
	struct bnb_param *params;     /* zero-extended copies */
	size_t n_params;
	struct plugin *plugin;
	const struct plugin_scheme *scheme;   /* NULL for ops without a scheme */
	int supported;
	char reason[256];             /* why not supported */
};

struct plugin {
	char *name, *path;
	void *handle;                 /* dlopen handle once activated in this process, else NULL */
	struct bnb_plugin p;          /* zero-extended copy */
	enum plugin_status status;
	char reason[512];
	struct plugin_scheme *schemes;
	size_t n_schemes;
	struct plugin_kernel *kernels;
	size_t n_kernels;
	int has_probe;
	char **strs;                  /* the description's strings, owned */
	size_t n_strs;
};

struct registry {
	struct plugin **plugins;
	size_t n_plugins;
	char **dirs;                  /* the search path, in order */
	size_t n_dirs;
	uint64_t cpu;                 /* cpu_features() at load time */
	struct scheme_size *shapes;   /* shapes whose buffer sizes to ask for (bytes unused) */
	size_t n_shapes;
	uint64_t timeout_ns;          /* for each plugin's description, and again for its probe */
};

#define REGISTRY_TIMEOUT_NS (20ull * 1000000000ull)

/*
 * The search path: `plugin_dir` (--plugin-dir) if given, then each folder of
 * BNBENCH_PLUGIN_PATH, then the installed plugin folder (or the build tree's
 * when bnbench runs from its build folder).
 */
void registry_init(struct registry *r, const char *plugin_dir);
/* A search path of `dir` alone (the base side of an A/B run). */
void registry_init_dir(struct registry *r, const char *dir);
/* Ask the schemes for their buffer size at m x k too (before registry_load). */
void registry_add_shape(struct registry *r, uint64_t m, uint64_t k);
/*
 * Describe every <name>.so of the search path, each in a child that also
 * runs its probe (a failing probe makes the plugin and its kernels
 * unsupported with the probe's reason).  Never fails: broken plugins are kept
 * with a reason.
 */
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

const char *plugin_status_name(enum plugin_status s);
/* [a-z][a-z0-9_]{0,31} */
int plugin_name_valid(const char *name);
/* Bytes of a standard op's output (quantize: the scheme buffer; 0 for other ops). */
size_t plugin_output_bytes(const struct plugin_kernel *k, uint64_t m, uint64_t k_cols);
/* The scheme's packed buffer at m x k: its buffer_bytes once activated, else the description's; 0 if unknown. */
uint64_t plugin_scheme_bytes(const struct plugin_scheme *s, uint64_t m, uint64_t k);
/* Mark p broken with a reason. */
void plugin_mark_broken(struct plugin *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* plugin-open.c: opening a plugin file in this process. */
/* dlopen p->path, call bnb_plugin_init, copy and validate its tables into p (else p is broken). */
void plugin_open(struct plugin *p);
/* Free what plugin_open or a description put in p, except name and path; dlclose when open. */
void plugin_clear(struct plugin *p);
/*
 * Activate described plugin p in this process: open it and take its callbacks,
 * checking that it is still what was described.  0, or -1 with the reason in `why`.
 */
int plugin_activate(struct plugin *p, char *why, size_t len);
/* Activate the plugins a kernel needs: its own and its scheme's. */
int plugin_kernel_activate(const struct plugin_kernel *pk, char *why, size_t len);

/* describe.c: a plugin's description, made in a child. */
/* Describe p (name and path set) in a child: its tables, its scheme sizes for `shapes`, its probe. */
void plugin_describe(struct plugin *p, const struct scheme_size *shapes, size_t n_shapes, uint64_t timeout_ns);
struct proto_out;
/* The description of opened plugin p (for the shapes), and back: -1 when malformed (p is then cleared). */
void describe_encode(const struct plugin *p, const struct scheme_size *shapes, size_t n_shapes,
                     struct proto_out *o);
int describe_decode(const void *payload, size_t len, struct plugin *p);

#endif
