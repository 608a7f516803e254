/* Opening a plugin file in this process: dlopen, bnb_plugin_init, its tables copied and validated. */
#include "config.h"

#include "loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "ops.h"
#include "params.h"

/* The fields every ABI 1.x plugin has: everything before probe(). */
#define PLUGIN_MIN_SIZE offsetof(struct bnb_plugin, probe)
#define SCHEME_MIN_SIZE sizeof(struct bnb_scheme)
#define KERNEL_MIN_SIZE offsetof(struct bnb_kernel, data)   /* where abi 1.0 ended */
#define PARAM_MIN_SIZE sizeof(struct bnb_param)

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
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
			plugin_mark_broken(p, "%s: parameter %zu: struct_size is too small", what, i);
			return -1;
		}
		if (!plugin_name_valid(d->name)) {
			plugin_mark_broken(p, "%s: invalid parameter name '%s'", what, d->name ? d->name : "(null)");
			return -1;
		}
		if (!params_type_name(d->type)) {
			plugin_mark_broken(p, "%s: parameter '%s' has unknown type %u", what, d->name, d->type);
			return -1;
		}
		if (d->type == BNB_PARAM_ENUM && (!d->choices || !*d->choices)) {
			plugin_mark_broken(p, "%s: enum parameter '%s' has no choices", what, d->name);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			if (strcmp(pk->params[j].name, d->name) == 0) {
				plugin_mark_broken(p, "%s: duplicate parameter '%s'", what, d->name);
				return -1;
			}
		}
		if (d->default_value) {
			if (params_parse(d, d->default_value, &v, &e)) {
				plugin_mark_broken(p, "%s: default of parameter '%s': %s", what, d->name, e.msg);
				return -1;
			}
			free(v.text);
			free(v.path);
			if (d->type == BNB_PARAM_FILE && d->default_value[0] != '/') {
				plugin_mark_broken(p, "%s: default of file parameter '%s' is not an absolute path", what, d->name);
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
		plugin_mark_broken(p, "kernel %zu: invalid op name '%s'", index, k->op ? k->op : "(null)");
		return -1;
	}
	if (!k->backend || !plugin_name_valid(k->backend)) {
		plugin_mark_broken(p, "kernel %zu (%s): invalid backend name '%s'", index, k->op,
		            k->backend ? k->backend : "(null)");
		return -1;
	}
	if (k->scheme && !plugin_name_valid(k->scheme)) {
		plugin_mark_broken(p, "kernel %zu (%s): invalid scheme name '%s'", index, k->op, k->scheme);
		return -1;
	}
	snprintf(what, sizeof what, "kernel %s/%s/%s", k->op, k->scheme ? k->scheme : "-", k->backend);
	op = ops_find(k->op);
	if (op && op->has_scheme && !k->scheme) {
		plugin_mark_broken(p, "%s: op '%s' needs a scheme", what, k->op);
		return -1;
	}
	if (!k->setup || !k->run || !k->teardown || (op && op->output != OP_NONE && !k->output)) {
		const char *missing = !k->setup ? "setup" : !k->run ? "run" : !k->teardown ? "teardown" : "output";
		plugin_mark_broken(p, "%s: required callback %s is NULL", what, missing);
		return -1;
	}
	for (size_t j = 0; j < index; j++) {
		const struct bnb_kernel *o = &p->kernels[j].k;
		if (strcmp(o->op, k->op) == 0 && str_eq(o->scheme, k->scheme) && strcmp(o->backend, k->backend) == 0) {
			plugin_mark_broken(p, "%s: defined twice", what);
			return -1;
		}
	}
	return validate_params(p, pk, what);
}

static int validate_scheme(struct plugin *p, const struct bnb_scheme *s, size_t index)
{
	if (!s->name || !plugin_name_valid(s->name)) {
		plugin_mark_broken(p, "scheme %zu: invalid name '%s'", index, s->name ? s->name : "(null)");
		return -1;
	}
	if (!s->buffer_bytes || !s->check_quantized) {
		plugin_mark_broken(p, "scheme %s: required callback %s is NULL", s->name,
		            !s->buffer_bytes ? "buffer_bytes" : "check_quantized");
		return -1;
	}
	if (s->k_multiple == 0 || !(s->bits_per_weight > 0)) {
		plugin_mark_broken(p, "scheme %s: k_multiple and bits_per_weight must be positive", s->name);
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
			plugin_mark_broken(p, "scheme %zu: struct_size is smaller than abi 1.0 requires", i);
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
			plugin_mark_broken(p, "kernel %zu: struct_size is smaller than abi 1.0 requires", i);
			return;
		}
		k->plugin = p;
		p->n_kernels++;
		if (validate_kernel(p, k, i))
			return;
	}
}


void plugin_open(struct plugin *p)
{
	const struct bnb_plugin *(*init)(const struct bnb_host *);
	const struct bnb_plugin *got;

	dlerror();
	p->handle = dlopen(p->path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		const char *why = dlerror();
		plugin_mark_broken(p, "cannot load: %s", why ? why : "unknown dlopen error");
		return;
	}
	*(void **)&init = dlsym(p->handle, "bnb_plugin_init");
	if (!init) {
		plugin_mark_broken(p, "no entry point bnb_plugin_init (not a bnbench plugin)");
		return;
	}
	got = init(&host_table);
	if (!got) {
		plugin_mark_broken(p, "bnb_plugin_init returned NULL");
		return;
	}
	if (got->abi_major != BNB_ABI_MAJOR) {
		plugin_mark_broken(p, "abi %u.%u is not supported (this bnbench: abi %u.%u)", got->abi_major,
		                   got->abi_minor, BNB_ABI_MAJOR, BNB_ABI_MINOR);
		return;
	}
	if (got->struct_size < PLUGIN_MIN_SIZE) {
		plugin_mark_broken(p, "struct_size %u is smaller than abi 1.0 requires (%zu)", got->struct_size,
		                   (size_t)PLUGIN_MIN_SIZE);
		return;
	}
	memcpy(&p->p, got, got->struct_size < sizeof p->p ? got->struct_size : sizeof p->p);
	if (!p->p.name || strcmp(p->p.name, p->name) != 0) {
		plugin_mark_broken(p, "plugin calls itself '%s' but its file is %s.so",
		                   p->p.name ? p->p.name : "(null)", p->name);
		return;
	}
	p->has_probe = p->p.probe != NULL;
	read_tables(p);
}

void plugin_clear(struct plugin *p)
{
	for (size_t j = 0; j < p->n_kernels; j++)
		free(p->kernels[j].params);
	free(p->kernels);
	for (size_t i = 0; i < p->n_schemes; i++)
		free(p->schemes[i].sizes);
	free(p->schemes);
	for (size_t i = 0; i < p->n_strs; i++)
		free(p->strs[i]);
	free(p->strs);
	if (p->handle)
		dlclose(p->handle);
	p->kernels = NULL;
	p->schemes = NULL;
	p->strs = NULL;
	p->handle = NULL;
	p->n_kernels = p->n_schemes = p->n_strs = 0;
}

/* Is the plugin just opened (`live`) the one described (`p`)? */
static int same_tables(const struct plugin *p, const struct plugin *live)
{
	if (p->n_schemes != live->n_schemes || p->n_kernels != live->n_kernels)
		return 0;
	for (size_t i = 0; i < p->n_schemes; i++)
		if (strcmp(p->schemes[i].s.name, live->schemes[i].s.name) ||
		    p->schemes[i].s.k_multiple != live->schemes[i].s.k_multiple)
			return 0;
	for (size_t j = 0; j < p->n_kernels; j++) {
		const struct bnb_kernel *a = &p->kernels[j].k, *b = &live->kernels[j].k;
		if (strcmp(a->op, b->op) || !str_eq(a->scheme, b->scheme) || strcmp(a->backend, b->backend) ||
		    a->features != b->features || a->flags != b->flags || p->kernels[j].n_params != live->kernels[j].n_params)
			return 0;
	}
	return 1;
}

int plugin_activate(struct plugin *p, char *why, size_t len)
{
	struct plugin live;

	if (p->handle)
		return 0;
	if (p->status == PLUGIN_BROKEN) {
		snprintf(why, len, "plugin %s is broken: %s", p->name, p->reason);
		return -1;
	}
	memset(&live, 0, sizeof live);
	live.name = p->name;
	live.path = p->path;
	plugin_open(&live);
	if (live.status == PLUGIN_BROKEN)
		snprintf(why, len, "plugin %s cannot be opened in the worker: %s", p->name, live.reason);
	else if (!same_tables(p, &live))
		snprintf(why, len, "plugin %s (%s) has changed since it was loaded", p->name, p->path);
	if (live.status == PLUGIN_BROKEN || !same_tables(p, &live)) {
		plugin_clear(&live);
		return -1;
	}
	for (size_t i = 0; i < p->n_schemes; i++) {
		p->schemes[i].s.buffer_bytes = live.schemes[i].s.buffer_bytes;
		p->schemes[i].s.check_quantized = live.schemes[i].s.check_quantized;
	}
	for (size_t j = 0; j < p->n_kernels; j++) {
		struct bnb_kernel *k = &p->kernels[j].k;
		const struct bnb_kernel *l = &live.kernels[j].k;
		k->setup = l->setup;
		k->run = l->run;
		k->output = l->output;
		k->teardown = l->teardown;
		k->data = l->data;
		k->work = l->work;
	}
	p->p.probe = live.p.probe;
	p->handle = live.handle;
	live.handle = NULL;
	plugin_clear(&live);
	return 0;
}

int plugin_kernel_activate(const struct plugin_kernel *pk, char *why, size_t len)
{
	if (plugin_activate(pk->plugin, why, len))
		return -1;
	return pk->scheme ? plugin_activate(pk->scheme->plugin, why, len) : 0;
}
