/* Expanding a suite into cases. */
#include "config.h"

#include "plan.h"
#include "suite-files.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A comma-separated filter list contains `name` (or the list is NULL). */
static int in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	if (!list)
		return 1;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len == n && strncmp(p, name, n) == 0)
			return 1;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* Distinct names, in order of first appearance. */
struct names {
	const char **v;
	size_t n;
};

static void names_add(struct names *ns, const char *name)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strcmp(ns->v[i], name) == 0)
			return;
	ns->v = xrealloc(ns->v, (ns->n + 1) * sizeof *ns->v);
	ns->v[ns->n++] = name;
}

/* Every op, scheme and backend the usable plugins offer. */
static void collect(const struct registry *r, struct names *ops, struct names *schemes,
                    struct names *backends)
{
	for (size_t i = 0; i < r->n_plugins; i++) {
		const struct plugin *p = r->plugins[i];
		if (p->status == PLUGIN_BROKEN)
			continue;
		for (size_t j = 0; j < p->n_schemes; j++)
			names_add(schemes, p->schemes[j].s.name);
		for (size_t j = 0; j < p->n_kernels; j++) {
			names_add(ops, p->kernels[j].k.op);
			names_add(backends, p->kernels[j].k.backend);
		}
	}
}

static int unknown_name(struct bnb_err *e, const struct suite_name *n, const char *what,
                        const struct names *known)
{
	char where[256];
	const char *s = suggest(n->name, known->v, known->n);

	suite_where(&n->loc, where, sizeof where);
	if (s)
		return err_set(e, BNB_EINVAL, "%s: unknown %s '%s' (did you mean '%s'?)", where, what, n->name, s);
	return err_set(e, BNB_EINVAL, "%s: unknown %s '%s'", where, what, n->name);
}

static int check_names(const struct suite_names *list, const char *what, const struct names *known,
                       struct bnb_err *e)
{
	for (size_t i = 0; i < list->n; i++) {
		size_t j;
		for (j = 0; j < known->n; j++)
			if (strcmp(list->v[i].name, known->v[j]) == 0)
				break;
		if (j == known->n)
			return unknown_name(e, &list->v[i], what, known);
	}
	return BNB_OK;
}

/* Each name of the comma list `list` (an option's value) is in `known`. */
static int check_list(const char *list, const char *option, const char *what, const struct names *known,
                      struct bnb_err *e)
{
	for (const char *p = list; p;) {
		size_t len = strcspn(p, ",");
		char *name = xasprintf("%.*s", (int)len, p);
		const char *s = suggest(name, known->v, known->n);
		int found = 0;

		for (size_t j = 0; j < known->n && !found; j++)
			found = strcmp(known->v[j], name) == 0;
		if (!found && !*name)
			err_set(e, BNB_EINVAL, "%s: an empty %s name in '%s'", option, what, list);
		else if (!found && s)
			err_set(e, BNB_EINVAL, "%s: unknown %s '%s' (did you mean '%s'?)", option, what, name, s);
		else if (!found)
			err_set(e, BNB_EINVAL, "%s: unknown %s '%s' (see 'bnbench list')", option, what, name);
		free(name);
		if (!found)
			return BNB_EINVAL;
		p = p[len] ? p + len + 1 : NULL;
	}
	return BNB_OK;
}

/* Every name of the filter's --op, --scheme and --backend lists is one the usable plugins offer. */
static int check_filter(const struct plan_filter *f, const struct names *ops, const struct names *schemes,
                        const struct names *backends, struct bnb_err *e)
{
	int rc = check_list(f->ops, "--op", "op", ops, e);

	if (!rc)
		rc = check_list(f->schemes, "--scheme", "scheme", schemes, e);
	if (!rc)
		rc = check_list(f->backends, "--backend", "backend", backends, e);
	return rc;
}

static void add_case(struct plan *p, struct plan_case *c)
{
	p->cases = xrealloc(p->cases, (p->n + 1) * sizeof *p->cases);
	p->cases[p->n++] = *c;
}

/* Bind the group's parameters to the kernel; errors point at the value in the suite. */
static int bind_params_to(const struct suite_group *g, struct plan_case *c, const struct plugin_kernel *pk,
                          struct param_set *out, int allow_outside_files, struct bnb_err *e)
{
	const struct suite_settings *st = &g->settings;
	const char **names = xcalloc(st->n_params + 1, sizeof *names);
	const char **values = xcalloc(st->n_params + 1, sizeof *values);
	size_t bad = 0;
	int rc;

	for (size_t i = 0; i < st->n_params; i++) {
		names[i] = st->params[i].name;
		values[i] = st->params[i].value;
	}
	rc = params_bind(pk->params, pk->n_params, names, values, st->n_params, 0, out, &bad, e);
	free(names);
	free(values);
	if (rc) {
		char where[256];
		if (bad < st->n_params)
			suite_where(&st->params[bad].loc, where, sizeof where);
		else
			snprintf(where, sizeof where, "kernel %s/%s/%s", c->op, c->scheme ? c->scheme : "-", c->backend);
		return err_prefix(e, "%s", where);
	}
	if ((rc = suite_files_resolve(st, out, allow_outside_files, e))) {
		params_free(out);
		return rc;
	}
	return BNB_OK;
}

static int bind_params(const struct suite_group *g, struct plan_case *c, int allow_outside_files,
                       struct bnb_err *e)
{
	int rc = bind_params_to(g, c, c->pk, &c->params, allow_outside_files, e);

	if (!rc)
		c->params_str = params_canonical(&c->params, 0);
	return rc;
}

/* Every parameter of a group must mean something to at least one of its kernels. */
static int check_params_used(const struct suite_group *g, const struct plan *p, size_t first,
                             struct bnb_err *e)
{
	for (size_t i = 0; i < g->settings.n_params; i++) {
		const struct suite_param *sp = &g->settings.params[i];
		int used = 0;
		for (size_t j = first; j < p->n && !used; j++) {
			const struct plugin_kernel *pk = p->cases[j].pk;
			for (size_t q = 0; pk && q < pk->n_params && !used; q++)
				used = strcmp(pk->params[q].name, sp->name) == 0;
		}
		if (!used && p->n > first) {
			char where[256];
			suite_where(&sp->name_loc, where, sizeof where);
			return err_set(e, BNB_EINVAL, "%s: unknown parameter '%s' (no kernel of group '%s' takes it)",
			               where, sp->name, g->name);
		}
	}
	return BNB_OK;
}

static int expand_case(const struct suite_group *g, const struct registry *r, const char *scheme,
                       const char *backend, int backend_listed, const struct suite_size *sz,
                       const struct plan_filter *f, struct plan *out, struct bnb_err *e)
{
	const char *op = g->op.name;
	struct plan_case c;
	char name[256];

	memset(&c, 0, sizeof c);
	suite_case_name(name, sizeof name, op, scheme, backend, sz);
	if (f && f->glob && !glob_match(f->glob, name))
		return BNB_OK;
	c.pk = registry_kernel(r, op, scheme, backend);
	if (!c.pk && !backend_listed)
		return BNB_OK;  /* "every backend": only those that have this kernel */
	c.name = xstrdup(name);
	c.group = g;
	c.op = op;
	c.info = ops_find(op);
	c.scheme = scheme;
	c.backend = backend;
	c.m = sz->m;
	c.k = sz->k;
	c.threshold = suite_threshold_for(g, c.name);
	if (!c.pk) {
		c.skip = xasprintf("backend %s has no %s kernel for %s", backend, op, scheme ? scheme : "this op");
		c.params_str = xstrdup("");
		add_case(out, &c);
		return BNB_OK;
	}
	if (scheme) {
		c.ref = registry_reference(r, op, scheme);
		c.ref_quantize = registry_reference(r, ops_packer()->name, scheme);
	}
	if (bind_params(g, &c, f && f->allow_outside_files, e)) {
		free(c.name);
		return e->status;
	}
	/* Cases that differ only in their parameters (cuda hot and cold) get distinct names. */
	{
		char *suffix = params_canonical(&c.params, 1);  /* no URLs or bodies in names */
		if (*suffix) {
			char *named = xasprintf("%s@%s", c.name, suffix);
			free(c.name);
			c.name = named;
			c.threshold = suite_threshold_for(g, c.name);
		}
		free(suffix);
	}
	if (!c.pk->supported)
		c.skip = xasprintf("unsupported: %s", c.pk->reason);
	else if (scheme && (!c.ref || (c.info && c.info->packed_in != OP_NONE && !c.ref_quantize)))
		c.skip = xasprintf("scheme %s has no scalar reference %s kernel to verify against", scheme, op);
	add_case(out, &c);
	return BNB_OK;
}

/*
 * Bytes the harness holds for a case of an op with a scheme: the weights as
 * floats, the op's other inputs, and its output twice (the kernel's and the
 * reference's); 0 when that overflows.  The suite parser has checked that
 * 16 bytes an element fit 64 bits, so no extent overflows on its own.
 */
static uint64_t case_bytes(const struct op_info *op, const struct plugin_scheme *ps, const struct suite_size *sz)
{
	uint64_t packed = plugin_scheme_bytes(ps, sz->m, sz->k);
	uint64_t total = ops_extent_bytes(OP_MK_FLOATS, packed, sz->m, sz->k);
	uint64_t out = ops_extent_bytes(op->output, packed, sz->m, sz->k);
	uint64_t in = ops_extent_bytes(op->packed_in, packed, sz->m, sz->k);

	if (op->x_in != OP_MK_FLOATS)   /* else the weights are the input */
		in += ops_extent_bytes(op->x_in, packed, sz->m, sz->k);
	if (__builtin_add_overflow(total, in, &total) || __builtin_add_overflow(total, 2 * out, &total))
		return 0;
	return total;
}

static int check_size(const struct suite_group *g, const struct suite_size *sz, const char *scheme,
                      const struct registry *r, struct bnb_err *e)
{
	static uint64_t limit;      /* half the memory available, read once */
	const struct plugin_scheme *ps = scheme ? registry_scheme(r, scheme) : NULL;
	char where[256], size[64], need[32], have[32];
	uint64_t bytes;

	if (!ps)
		return BNB_OK;
	suite_where(&sz->loc, where, sizeof where);
	suite_size_str(sz, size, sizeof size);
	if (sz->k % ps->s.k_multiple)
		return err_set(e, BNB_EINVAL, "%s: %s %s is not a multiple of %u (scheme %s)", where,
		               sz->shape ? "K of shape" : "size", size, ps->s.k_multiple, scheme);
	if (!ops_find(g->op.name) || !ops_find(g->op.name)->has_scheme)
		return BNB_OK;
	if (!limit)
		limit = mem_available() / 2;
	bytes = case_bytes(ops_find(g->op.name), ps, sz);
	if (bytes == 0 || bytes > limit) {
		fmt_bytes(have, sizeof have, limit * 2);
		if (bytes == 0)
			snprintf(need, sizeof need, "more than 2^64 bytes");
		else
			fmt_bytes(need, sizeof need, bytes);
		return err_set(e, BNB_EINVAL, "%s: %s %s needs %s of inputs and outputs, more than half of "
		               "the memory available (%s)", where, sz->shape ? "shape" : "size", size, need, have);
	}
	return BNB_OK;
}

static int expand_group(const struct suite_group *g, const struct registry *r, const struct names *all_schemes,
                        const struct names *all_backends, const struct plan_filter *f, struct plan *out,
                        struct bnb_err *e)
{
	const struct suite_settings *st = &g->settings;
	const struct op_info *op = ops_find(g->op.name);
	int standard = op && op->has_scheme;
	size_t n_schemes = st->schemes.n ? st->schemes.n : (standard ? all_schemes->n : 1);
	size_t n_backends = st->backends.n ? st->backends.n : all_backends->n;
	size_t first = out->n;
	int rc;

	for (size_t si = 0; si < n_schemes; si++) {
		const char *scheme = st->schemes.n ? st->schemes.v[si].name : (standard ? all_schemes->v[si] : NULL);
		if (f && scheme && !in_list(f->schemes, scheme))
			continue;
		for (size_t z = 0; z < g->n_sizes; z++) {
			if ((rc = check_size(g, &g->sizes[z], scheme, r, e)))
				return rc;
			for (size_t bi = 0; bi < n_backends; bi++) {
				const char *backend = st->backends.n ? st->backends.v[bi].name : all_backends->v[bi];
				if (f && !in_list(f->backends, backend))
					continue;
				rc = expand_case(g, r, scheme, backend, st->backends.n > 0, &g->sizes[z], f, out, e);
				if (rc)
					return rc;
			}
		}
	}
	return check_params_used(g, out, first, e);
}

int plan_build(const struct suite *s, const struct registry *r, const struct plan_filter *f,
               struct plan *out, struct bnb_err *e)
{
	struct names ops = { NULL, 0 }, schemes = { NULL, 0 }, backends = { NULL, 0 };
	int rc = BNB_OK;

	memset(out, 0, sizeof *out);
	collect(r, &ops, &schemes, &backends);
	if (f)
		rc = check_filter(f, &ops, &schemes, &backends, e);
	for (size_t i = 0; i < s->n_groups && !rc; i++) {
		const struct suite_group *g = &s->groups[i];
		size_t j;

		for (j = 0; j < ops.n; j++)
			if (strcmp(g->op.name, ops.v[j]) == 0)
				break;
		if (j == ops.n) {
			rc = unknown_name(e, &g->op, "op", &ops);
			break;
		}
		if ((rc = check_names(&g->settings.schemes, "scheme", &schemes, e)))
			break;
		if ((rc = check_names(&g->settings.backends, "backend", &backends, e)))
			break;
		if (f && !in_list(f->ops, g->op.name))
			continue;
		rc = expand_group(g, r, &schemes, &backends, f, out, e);
	}
	free(ops.v);
	free(schemes.v);
	free(backends.v);
	if (rc)
		plan_free(out);
	return rc;
}

void plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->cases[i].name);
		free(p->cases[i].params_str);
		free(p->cases[i].skip);
		if (p->cases[i].base_pk)
			params_free(&p->cases[i].base_params);
		params_free(&p->cases[i].params);
	}
	free(p->cases);
	memset(p, 0, sizeof *p);
}

void plan_case_result(const struct plan_case *pc, struct case_result *c)
{
	case_result_init(c);
	c->name = xstrdup(pc->name);
	c->group = xstrdup(pc->group->name);
	c->plugin = xstrdup(pc->pk ? pc->pk->plugin->name : "");
	c->op = xstrdup(pc->op);
	c->scheme = pc->scheme ? xstrdup(pc->scheme) : NULL;
	c->backend = xstrdup(pc->backend);
	c->m = pc->m;
	c->k = pc->k;
	c->params = xstrdup(pc->params_str ? pc->params_str : "");
	c->threshold = pc->threshold;
	c->target_ci = pc->group->settings.target_ci;
	c->work_items = plan_work_items(pc);
	c->bytes = plan_bytes(pc);
}

size_t plan_find(const struct plan *p, const struct case_result *c)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct case_result key;
		int same;

		plan_case_result(&p->cases[i], &key);
		same = case_same(&key, c);
		case_result_free(&key);
		if (same)
			break;
	}
	return i;
}

double plan_work_items(const struct plan_case *c)
{
	if (!c->scheme)
		return 1;  /* a plugin's own op: one operation (request, launch, copy) per iteration */
	return ops_work_items(c->info, c->m, c->k);
}

double plan_bytes(const struct plan_case *c)
{
	if (!c->info)
		return (double)c->m * (double)c->k;
	return ops_bytes_moved(c->info, c->pk && c->pk->scheme ? plugin_scheme_bytes(c->pk->scheme, c->m, c->k) : 0,
	                       c->m, c->k);
}

int plan_pair(struct plan *p, const struct registry *base, struct bnb_err *e)
{
	for (size_t i = 0; i < p->n; i++) {
		struct plan_case *c = &p->cases[i];
		const struct plugin_kernel *bk;

		if (c->skip)
			continue;
		bk = registry_kernel(base, c->op, c->scheme, c->backend);
		if (!bk) {
			c->skip = xasprintf("only in the candidate: the base plugins have no %s/%s/%s kernel",
			                    c->op, c->scheme ? c->scheme : "-", c->backend);
		} else if (!bk->supported) {
			c->skip = xasprintf("base unsupported: %s", bk->reason);
		} else {
			if (bind_params_to(c->group, c, bk, &c->base_params, 0, e))
				return err_prefix(e, "base plugins");
			c->base_pk = bk;
		}
	}
	return BNB_OK;
}
