/* The plugin loader: search path, dlopen, ABI checks, validation. */
#include "config.h"

#include "loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "cpu.h"
#include "host.h"
#include "ops.h"
#include "params.h"
#include "proto.h"

/* The fields every ABI 1.x plugin has: everything before probe(). */
#define PLUGIN_MIN_SIZE offsetof(struct bnb_plugin, probe)
#define SCHEME_MIN_SIZE sizeof(struct bnb_scheme)
#define KERNEL_MIN_SIZE offsetof(struct bnb_kernel, data)   /* where abi 1.0 ended */
#define PARAM_MIN_SIZE sizeof(struct bnb_param)

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

size_t plugin_output_bytes(const struct plugin_kernel *k, uint64_t m, uint64_t k_cols)
{
	const struct op_info *op = ops_find(k->k.op);

	return op ? (size_t)ops_extent_bytes(op->output, k->scheme ? &k->scheme->s : NULL, m, k_cols) : 0;
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

static void mark_broken(struct plugin *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mark_broken(struct plugin *p, const char *fmt, ...)
{
	va_list ap;
	p->status = PLUGIN_BROKEN;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof p->reason, fmt, ap);
	va_end(ap);
}

/* Copy min(struct_size, size) bytes of a struct into zeroed `dst`. */
static int copy_sized(void *dst, const void *src, size_t size, size_t min_size)
{
	uint32_t declared;

	memset(dst, 0, size);
	memcpy(&declared, src, sizeof declared);
	if (declared < min_size)
		return -1;
	memcpy(dst, src, declared < size ? declared : size);
	return 0;
}

static int validate_params(struct plugin *p, struct plugin_kernel *pk, const char *what)
{
	const struct bnb_param *const *tab = pk->k.params;
	size_t n = 0;

	while (tab && tab[n])
		n++;
	pk->params = xcalloc(n ? n : 1, sizeof *pk->params);
	pk->n_params = n;
	for (size_t i = 0; i < n; i++) {
		struct bnb_param *d = &pk->params[i];
		struct param_value v;
		struct bnb_err e;

		if (copy_sized(d, tab[i], sizeof *d, PARAM_MIN_SIZE)) {
			mark_broken(p, "%s: parameter %zu: struct_size is too small", what, i);
			return -1;
		}
		if (!plugin_name_valid(d->name)) {
			mark_broken(p, "%s: invalid parameter name '%s'", what, d->name ? d->name : "(null)");
			return -1;
		}
		if (!params_type_name(d->type)) {
			mark_broken(p, "%s: parameter '%s' has unknown type %u", what, d->name, d->type);
			return -1;
		}
		if (d->type == BNB_PARAM_ENUM && (!d->choices || !*d->choices)) {
			mark_broken(p, "%s: enum parameter '%s' has no choices", what, d->name);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(pk->params[j].name, d->name) == 0) {
				mark_broken(p, "%s: duplicate parameter '%s'", what, d->name);
				return -1;
			}
		}
		if (d->default_value) {
			if (params_parse(d, d->default_value, &v, &e)) {
				mark_broken(p, "%s: default of parameter '%s': %s", what, d->name, e.msg);
				return -1;
			}
			free(v.text);
			free(v.path);
			if (d->type == BNB_PARAM_FILE && d->default_value[0] != '/') {
				mark_broken(p, "%s: default of file parameter '%s' is not an absolute path", what, d->name);
				return -1;
			}
		}
	}
	pk->k.params = NULL;
	return 0;
}

static int validate_kernel(struct plugin *p, struct plugin_kernel *pk, size_t index)
{
	const struct bnb_kernel *k = &pk->k;
	char what[160];
	const struct op_info *op;

	if (!k->op || !plugin_name_valid(k->op)) {
		mark_broken(p, "kernel %zu: invalid op name '%s'", index, k->op ? k->op : "(null)");
		return -1;
	}
	if (!k->backend || !plugin_name_valid(k->backend)) {
		mark_broken(p, "kernel %zu (%s): invalid backend name '%s'", index, k->op,
		            k->backend ? k->backend : "(null)");
		return -1;
	}
	if (k->scheme && !plugin_name_valid(k->scheme)) {
		mark_broken(p, "kernel %zu (%s): invalid scheme name '%s'", index, k->op, k->scheme);
		return -1;
	}
	snprintf(what, sizeof what, "kernel %s/%s/%s", k->op, k->scheme ? k->scheme : "-", k->backend);
	op = ops_find(k->op);
	if (op && op->has_scheme && !k->scheme) {
		mark_broken(p, "%s: op '%s' needs a scheme", what, k->op);
		return -1;
	}
	if (!k->setup || !k->run || !k->teardown || (op && op->output != OP_NONE && !k->output)) {
		const char *missing = !k->setup ? "setup" : !k->run ? "run" : !k->teardown ? "teardown" : "output";
		mark_broken(p, "%s: required callback %s is NULL", what, missing);
		return -1;
	}
	for (size_t j = 0; j < index; j++) {
		const struct bnb_kernel *o = &p->kernels[j].k;
		if (strcmp(o->op, k->op) == 0 && str_eq(o->scheme, k->scheme) && strcmp(o->backend, k->backend) == 0) {
			mark_broken(p, "%s: defined twice", what);
			return -1;
		}
	}
	return validate_params(p, pk, what);
}

static int validate_scheme(struct plugin *p, const struct bnb_scheme *s, size_t index)
{
	if (!s->name || !plugin_name_valid(s->name)) {
		mark_broken(p, "scheme %zu: invalid name '%s'", index, s->name ? s->name : "(null)");
		return -1;
	}
	if (!s->buffer_bytes || !s->check_quantized) {
		mark_broken(p, "scheme %s: required callback %s is NULL", s->name,
		            !s->buffer_bytes ? "buffer_bytes" : "check_quantized");
		return -1;
	}
	if (s->k_multiple == 0 || !(s->bits_per_weight > 0)) {
		mark_broken(p, "scheme %s: k_multiple and bits_per_weight must be positive", s->name);
		return -1;
	}
	return 0;
}

/* Copy and check the plugin's tables; on any error the plugin is broken. */
static void read_tables(struct plugin *p)
{
	size_t n;

	for (n = 0; p->p.schemes && p->p.schemes[n]; n++)
		;
	p->schemes = xcalloc(n ? n : 1, sizeof *p->schemes);
	for (size_t i = 0; i < n; i++) {
		struct plugin_scheme *s = &p->schemes[i];
		if (copy_sized(&s->s, p->p.schemes[i], sizeof s->s, SCHEME_MIN_SIZE)) {
			mark_broken(p, "scheme %zu: struct_size is smaller than abi 1.0 requires", i);
			return;
		}
		s->plugin = p;
		p->n_schemes++;
		if (validate_scheme(p, &s->s, i))
			return;
	}
	for (n = 0; p->p.kernels && p->p.kernels[n]; n++)
		;
	p->kernels = xcalloc(n ? n : 1, sizeof *p->kernels);
	for (size_t i = 0; i < n; i++) {
		struct plugin_kernel *k = &p->kernels[i];
		if (copy_sized(&k->k, p->p.kernels[i], sizeof k->k, KERNEL_MIN_SIZE)) {
			mark_broken(p, "kernel %zu: struct_size is smaller than abi 1.0 requires", i);
			return;
		}
		k->plugin = p;
		p->n_kernels++;
		if (validate_kernel(p, k, i))
			return;
	}
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

static struct plugin *load_one(const char *dir, const char *file)
{
	struct plugin *p = xcalloc(1, sizeof *p);
	size_t len = strlen(file) - 3;
	const struct bnb_plugin *(*init)(const struct bnb_host *);
	const struct bnb_plugin *got;
	struct stat st;

	p->name = xcalloc(len + 1, 1);
	memcpy(p->name, file, len);
	p->path = xasprintf("%s/%s", dir, file);
	if (stat(p->path, &st) != 0) {
		mark_broken(p, "cannot stat: %s", strerror(errno));
		return p;
	}
	if (!S_ISREG(st.st_mode)) {
		mark_broken(p, "not a regular file");
		return p;
	}
	if (st.st_mode & S_IWOTH) {
		mark_broken(p, "world-writable file, refusing to load");
		return p;
	}
	if (!plugin_name_valid(p->name)) {
		mark_broken(p, "invalid plugin file name (want [a-z][a-z0-9_]*.so)");
		return p;
	}
	if (!folders_safe(p->path, p->reason, sizeof p->reason)) {
		p->status = PLUGIN_BROKEN;
		return p;
	}
	dlerror();
	p->handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		const char *why = dlerror();
		mark_broken(p, "cannot load: %s", why ? why : "unknown dlopen error");
		return p;
	}
	*(void **)&init = dlsym(p->handle, "bnb_plugin_init");
	if (!init) {
		mark_broken(p, "no entry point bnb_plugin_init (not a bnbench plugin)");
		return p;
	}
	got = init(&host_table);
	if (!got) {
		mark_broken(p, "bnb_plugin_init returned NULL");
		return p;
	}
	if (got->abi_major != BNB_ABI_MAJOR) {
		mark_broken(p, "abi %u.%u is not supported (this bnbench: abi %u.%u)", got->abi_major,
		            got->abi_minor, BNB_ABI_MAJOR, BNB_ABI_MINOR);
		return p;
	}
	if (got->struct_size < PLUGIN_MIN_SIZE) {
		mark_broken(p, "struct_size %u is smaller than abi 1.0 requires (%zu)", got->struct_size,
		            (size_t)PLUGIN_MIN_SIZE);
		return p;
	}
	memcpy(&p->p, got, got->struct_size < sizeof p->p ? got->struct_size : sizeof p->p);
	if (!p->p.name || strcmp(p->p.name, p->name) != 0) {
		mark_broken(p, "plugin calls itself '%s' but its file is %s.so",
		            p->p.name ? p->p.name : "(null)", p->name);
		return p;
	}
	read_tables(p);
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
			mark_broken(dup, "duplicate plugin name '%s' (already loaded from %s)", name, first->path);
			add_plugin(r, dup);
		} else {
			add_plugin(r, load_one(dir, files[i]));
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
						mark_broken(p, "scheme '%s' is already defined by plugin %s",
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
						mark_broken(p, "kernel %s/%s/%s is already provided by plugin %s",
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
			if (k->supported)
				usable++;
			else if (!first_reason)
				first_reason = k->reason;
		}
		if (p->n_kernels && !usable && !p->n_schemes) {
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

static void mark_unsupported(struct plugin *p, const char *why)
{
	p->status = PLUGIN_UNSUPPORTED;
	snprintf(p->reason, sizeof p->reason, "%s", why);
	for (size_t j = 0; j < p->n_kernels; j++) {
		if (p->kernels[j].supported) {
			p->kernels[j].supported = 0;
			snprintf(p->kernels[j].reason, sizeof p->kernels[j].reason, "%.250s", why);
		}
	}
}

static void probe_body(void *arg, int fd)
{
	const struct plugin *p = arg;
	struct proto_out o = { 0 };
	int rc;

	host_clear_error();
	rc = p->p.probe();
	proto_put_u32(&o, (uint32_t)rc);
	proto_put_str(&o, host_last_error());
	proto_send(fd, 'P', o.buf, o.len);
	proto_out_free(&o);
}

/* Run p->p.probe() in a child (child.h); 0 if usable, else the reason in `why`. */
static int probe_in_child(struct plugin *p, uint64_t timeout_ns, char *why, size_t len)
{
	struct child ch;
	struct bnb_err e;
	struct proto_in in;
	char type, *payload = NULL, *msg = NULL, how[256];
	uint32_t n, rc = 0;
	int got, status;

	if (child_start(&ch, probe_body, p, &e)) {
		snprintf(why, len, "probe: %.400s", e.msg);
		return -1;
	}
	got = child_read(&ch, now_ns() + timeout_ns, NULL, &type, &payload, &n);
	if (got == CHILD_MSG) {
		proto_in_init(&in, payload, n);
		rc = proto_get_u32(&in);
		msg = proto_get_str(&in);
		if (type != 'P' || proto_in_done(&in))
			got = CHILD_MALFORMED;
	}
	status = child_end(&ch);
	free(payload);
	if (got == CHILD_TIMEOUT) {
		snprintf(why, len, "probe timed out");
	} else if (got == CHILD_MALFORMED) {
		snprintf(why, len, "probe: malformed answer");
	} else if (got != CHILD_MSG) {
		child_describe_status(status, how, sizeof how);
		snprintf(why, len, "probe %s%s", how, WIFSIGNALED(status) ? "" : " without an answer");
	} else if (rc == BNB_OK) {
		free(msg);
		return 0;
	} else if (msg && *msg) {
		snprintf(why, len, "%s", msg);
	} else {
		snprintf(why, len, "probe failed: %s", bnb_status_name((int)rc));
	}
	free(msg);
	return -1;
}

void registry_probe(struct registry *r, uint64_t timeout_ns)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		char why[512];

		if (p->status == PLUGIN_BROKEN || !p->p.probe || p->probed)
			continue;
		p->probed = 1;
		if (probe_in_child(p, timeout_ns, why, sizeof why) != 0)
			mark_unsupported(p, why);
	}
}

void registry_free(struct registry *r)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		struct plugin *p = r->plugins[i];
		for (size_t j = 0; j < p->n_kernels; j++)
			free(p->kernels[j].params);
		free(p->kernels);
		free(p->schemes);
		if (p->handle)
			dlclose(p->handle);
		free(p->name);
		free(p->path);
		free(p);
	}
	free(r->plugins);
	for (size_t i = 0; i < r->n_dirs; i++)
		free(r->dirs[i]);
	free(r->dirs);
	memset(r, 0, sizeof *r);
}
