/* The plugin loader: the search path, the registry of described plugins, clashes and support. */
#include "config.h"

#include "loader.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu.h"
#include "ops.h"

const char *plugin_status_name(enum plugin_status s)
{
	switch (s) {
	case PLUGIN_OK: return "ok";
	case PLUGIN_UNSUPPORTED: return "unsupported";
	case PLUGIN_BROKEN: return "broken";
	}
	return "unknown";
}

int plugin_name_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	if (n == 0 || n > 32 || name[0] < 'a' || name[0] > 'z')
		return 0;
	for (size_t i = 1; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

uint64_t plugin_scheme_bytes(const struct plugin_scheme *s, uint64_t m, uint64_t k)
{
	if (!s)
		return 0;
	if (s->s.buffer_bytes)
		return (uint64_t)s->s.buffer_bytes(m, k);
	for (size_t i = 0; i < s->n_sizes; i++)
		if (s->sizes[i].m == m && s->sizes[i].k == k)
			return s->sizes[i].bytes;
	return 0;
}

size_t plugin_output_bytes(const struct plugin_kernel *k, uint64_t m, uint64_t k_cols)
{
	const struct op_info *op = ops_find(k->k.op);

	return op ? (size_t)ops_extent_bytes(op->output, plugin_scheme_bytes(k->scheme, m, k_cols), m, k_cols) : 0;
}

void registry_add_shape(struct registry *r, uint64_t m, uint64_t k)
{
	for (size_t i = 0; i < r->n_shapes; i++)
		if (r->shapes[i].m == m && r->shapes[i].k == k)
			return;
	r->shapes = xrealloc(r->shapes, (r->n_shapes + 1) * sizeof *r->shapes);
	r->shapes[r->n_shapes++] = (struct scheme_size){ m, k, 0 };
}

/* True when this program runs from its build folder (use the build tree's plugins). */
static int running_from_build_tree(void)
{
	char exe[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	if (!realpath(BNB_BUILDDIR, build))
		return 0;
	return strcmp(exe, build) == 0;
}

/* Add a folder to the search path, once: the same folder named twice is searched once. */
static void add_dir(struct registry *r, const char *dir)
{
	char real[PATH_MAX], other[PATH_MAX];

	if (!dir || !*dir)
		return;
	if (realpath(dir, real)) {
		for (size_t i = 0; i < r->n_dirs; i++)
			if (realpath(r->dirs[i], other) && strcmp(real, other) == 0)
				return;
	}
	r->dirs = xrealloc(r->dirs, (r->n_dirs + 1) * sizeof *r->dirs);
	r->dirs[r->n_dirs++] = xstrdup(dir);
}

void registry_init(struct registry *r, const char *plugin_dir)
{
	const char *env = getenv("BNBENCH_PLUGIN_PATH");

	memset(r, 0, sizeof *r);
	r->cpu = cpu_features();
	add_dir(r, plugin_dir);
	if (env) {
		char *copy = xstrdup(env), *save = NULL;
		for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
			add_dir(r, d);
		free(copy);
	}
	add_dir(r, running_from_build_tree() ? BNB_BUILD_PLUGINDIR : BNB_PKGLIBDIR);
}

void registry_init_dir(struct registry *r, const char *dir)
{
	memset(r, 0, sizeof *r);
	r->cpu = cpu_features();
	add_dir(r, dir);
}

struct plugin *registry_plugin(const struct registry *r, const char *name)
{
	for (size_t i = 0; i < r->n_plugins; i++)
		if (strcmp(r->plugins[i]->name, name) == 0)
			return r->plugins[i];
	return NULL;
}

const struct plugin_scheme *registry_scheme(const struct registry *r, const char *name)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		if (p->status == PLUGIN_BROKEN)
			continue;
		for (size_t j = 0; j < p->n_schemes; j++)
			if (strcmp(p->schemes[j].s.name, name) == 0)
				return &p->schemes[j];
	}
	return NULL;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

const struct plugin_kernel *registry_kernel(const struct registry *r, const char *op,
                                            const char *scheme, const char *backend)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		if (p->status == PLUGIN_BROKEN)
			continue;
		for (size_t j = 0; j < p->n_kernels; j++) {
			const struct bnb_kernel *k = &p->kernels[j].k;
			if (strcmp(k->op, op) == 0 && str_eq(k->scheme, scheme) &&
			    strcmp(k->backend, backend) == 0)
				return &p->kernels[j];
		}
	}
	return NULL;
}

const struct plugin_kernel *registry_reference(const struct registry *r, const char *op,
                                               const char *scheme)
{
	const struct plugin_scheme *s = registry_scheme(r, scheme);

	if (!s)
		return NULL;
	for (size_t j = 0; j < s->plugin->n_kernels; j++) {
		const struct plugin_kernel *k = &s->plugin->kernels[j];
		if (strcmp(k->k.op, op) == 0 && str_eq(k->k.scheme, scheme) &&
		    strcmp(k->k.backend, "scalar") == 0)
			return k;
	}
	return NULL;
}

void plugin_mark_broken(struct plugin *p, const char *fmt, ...)
{
	va_list ap;
	p->status = PLUGIN_BROKEN;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
}

/*
 * Anyone who can write a folder on the way to a plugin can put code in
 * bnbench's workers (as sshd reasons about authorized_keys).  The plugin's
 * own folder, after symlinks, must not be writable by others; a folder above
 * it may be only when sticky (/tmp) and the entry below it is ours or root's.
 */
static int folders_safe(const char *path, char *why, size_t len)
{
	char real[PATH_MAX], *slash;
	struct stat st;
	uid_t below_uid = 0;
	int first = 1;

	if (!realpath(path, real)) {
		snprintf(why, len, "cannot resolve the path: %s", strerror(errno));
		return 0;
	}
	while ((slash = strrchr(real, '/'))) {
		if (slash == real)
			slash[1] = '\0';   /* the root folder */
		else
			*slash = '\0';
		if (stat(real, &st) != 0) {
			snprintf(why, len, "cannot stat %.400s: %s", real, strerror(errno));
			return 0;
		}
		if ((st.st_mode & S_IWOTH) &&
		    (first || !(st.st_mode & S_ISVTX) || (below_uid != 0 && below_uid != geteuid()))) {
			snprintf(why, len, "folder %.400s is world-writable, refusing to load", real);
			return 0;
		}
		first = 0;
		below_uid = st.st_uid;
		if (!strcmp(real, "/"))
			break;
	}
	return 1;
}

/* A plugin file, described unless bnbench must refuse it (nothing of it has run here). */
static struct plugin *load_one(const struct registry *r, const char *dir, const char *file)
{
	struct plugin *p = xcalloc(1, sizeof *p);
	size_t len = strlen(file) - 3;
	struct stat st;

	p->name = xcalloc(len + 1, 1);
	memcpy(p->name, file, len);
	p->path = xasprintf("%s/%s", dir, file);
	if (stat(p->path, &st) != 0) {
		plugin_mark_broken(p, "cannot stat: %s", strerror(errno));
		return p;
	}
	if (!S_ISREG(st.st_mode)) {
		plugin_mark_broken(p, "not a regular file");
		return p;
	}
	if (st.st_mode & S_IWOTH) {
		plugin_mark_broken(p, "world-writable file, refusing to load");
		return p;
	}
	if (!plugin_name_valid(p->name)) {
		plugin_mark_broken(p, "invalid plugin file name (want [a-z][a-z0-9_]*.so)");
		return p;
	}
	if (!folders_safe(p->path, p->reason, sizeof p->reason)) {
		p->status = PLUGIN_BROKEN;
		return p;
	}
	plugin_describe(p, r->shapes, r->n_shapes, r->timeout_ns ? r->timeout_ns : REGISTRY_TIMEOUT_NS);
	return p;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_plugin(struct registry *r, struct plugin *p)
{
	r->plugins = xrealloc(r->plugins, (r->n_plugins + 1) * sizeof *r->plugins);
	r->plugins[r->n_plugins++] = p;
}

static void load_dir(struct registry *r, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char **files = NULL;
	size_t n = 0;

	if (!d)
		return;
	while ((ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		if (len > 3 && strcmp(ent->d_name + len - 3, ".so") == 0) {
			files = xrealloc(files, (n + 1) * sizeof *files);
			files[n++] = xstrdup(ent->d_name);
		}
	}
	closedir(d);
	qsort(files, n, sizeof *files, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char name[256];
		size_t len = strlen(files[i]) - 3;
		struct plugin *first;

		snprintf(name, sizeof name, "%.*s", (int)len, files[i]);
		first = registry_plugin(r, name);
		if (first) {
			struct plugin *dup = xcalloc(1, sizeof *dup);
			dup->name = xstrdup(name);
			dup->path = xasprintf("%s/%s", dir, files[i]);
			plugin_mark_broken(dup, "duplicate plugin name '%s' (already loaded from %s)", name, first->path);
			add_plugin(r, dup);
		} else {
			add_plugin(r, load_one(r, dir, files[i]));
		}
		free(files[i]);
	}
	free(files);
}

/* A scheme defined twice makes the later plugin broken. */
static void check_scheme_clashes(struct registry *r)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		if (p->status == PLUGIN_BROKEN)
			continue;
		for (size_t j = 0; j < p->n_schemes && p->status != PLUGIN_BROKEN; j++) {
			for (size_t q = 0; q < i; q++) {
				struct plugin *o = r->plugins[q];
				if (o->status == PLUGIN_BROKEN)
					continue;
				for (size_t s = 0; s < o->n_schemes; s++) {
					if (strcmp(o->schemes[s].s.name, p->schemes[j].s.name) == 0) {
						plugin_mark_broken(p, "scheme '%s' is already defined by plugin %s",
						            p->schemes[j].s.name, o->name);
						break;
					}
				}
			}
		}
	}
}

/* A kernel (op, scheme, backend) provided by two plugins makes the later one broken. */
static void check_kernel_clashes(struct registry *r)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		for (size_t j = 0; j < p->n_kernels && p->status != PLUGIN_BROKEN; j++) {
			const struct bnb_kernel *k = &p->kernels[j].k;
			for (size_t q = 0; q < i; q++) {
				struct plugin *o = r->plugins[q];
				if (o->status == PLUGIN_BROKEN)
					continue;
				for (size_t s = 0; s < o->n_kernels; s++) {
					const struct bnb_kernel *ok = &o->kernels[s].k;
					if (strcmp(ok->op, k->op) == 0 && str_eq(ok->scheme, k->scheme) &&
					    strcmp(ok->backend, k->backend) == 0) {
						plugin_mark_broken(p, "kernel %s/%s/%s is already provided by plugin %s",
						            k->op, k->scheme ? k->scheme : "-", k->backend, o->name);
						break;
					}
				}
			}
		}
	}
}

static void resolve_kernels(struct registry *r)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		size_t usable = 0;
		const char *first_reason = NULL;
		int probe_failed = p->status == PLUGIN_UNSUPPORTED;   /* the reason is the probe's */

		if (p->status == PLUGIN_BROKEN)
			continue;
		for (size_t j = 0; j < p->n_kernels; j++) {
			struct plugin_kernel *k = &p->kernels[j];
			uint64_t missing = k->k.features & ~r->cpu;

			k->supported = 1;
			if (k->k.scheme) {
				k->scheme = registry_scheme(r, k->k.scheme);
				if (!k->scheme) {
					k->supported = 0;
					snprintf(k->reason, sizeof k->reason,
					         "scheme '%s' is not defined by any loaded plugin", k->k.scheme);
				}
			}
			if (k->supported && missing) {
				char names[200];
				cpu_features_str(missing, names, sizeof names);
				k->supported = 0;
				snprintf(k->reason, sizeof k->reason, "cpu lacks %s", names);
			}
			if (k->supported && probe_failed) {
				k->supported = 0;
				snprintf(k->reason, sizeof k->reason, "%.250s", p->reason);
			}
			if (k->supported)
				usable++;
			else if (!first_reason)
				first_reason = k->reason;
		}
		if (p->n_kernels && !usable && !p->n_schemes && !probe_failed) {
			p->status = PLUGIN_UNSUPPORTED;
			snprintf(p->reason, sizeof p->reason, "%s", first_reason);
		}
	}
}

void registry_load(struct registry *r)
{
	for (size_t i = 0; i < r->n_dirs; i++)
		load_dir(r, r->dirs[i]);
	check_scheme_clashes(r);
	check_kernel_clashes(r);
	resolve_kernels(r);
}

void registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		plugin_clear(p);
		free(p->name);
		free(p->path);
		free(p);
	}
	free(r->plugins);
	for (size_t i = 0; i < r->n_dirs; i++)
		free(r->dirs[i]);
	free(r->dirs);
	free(r->shapes);
	memset(r, 0, sizeof *r);
}
