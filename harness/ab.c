/* A/B runs: the base plugins, and the record of both builds. */
#include "config.h"

#include "ab.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store-ab.h"

static int base_dir_check(const char *dir, struct bnb_err *e)
{
	struct stat st;

	if (!dir || !*dir)
		return err_set(e, BNB_EINVAL, "--base-plugins: empty folder name");
	if (stat(dir, &st) != 0)
		return err_set(e, BNB_ENOTFOUND, "%s: no such folder (--base-plugins)", dir);
	if (!S_ISDIR(st.st_mode))
		return err_set(e, BNB_EINVAL, "%s: not a folder (--base-plugins)", dir);
	return BNB_OK;
}

int ab_load_base(struct registry *base, const char *dir, const struct suite *suite, struct bnb_err *e)
{
	int rc;

	memset(base, 0, sizeof *base);
	if ((rc = base_dir_check(dir, e)))
		return rc;
	registry_init_dir(base, dir);
	session_add_shapes(base, suite);
	registry_load(base);
	if (base->n_plugins == 0) {
		registry_free(base);
		return err_set(e, BNB_ENOTFOUND, "%s: no plugins (*.so) in the base folder", dir);
	}
	return BNB_OK;
}

int ab_setup_open(struct ab_setup *a, const char *suite_path, const char *plugin_dir, const char *base_dir,
                  const struct plan_filter *f, struct bnb_err *e)
{
	int rc;

	memset(a, 0, sizeof *a);
	if ((rc = base_dir_check(base_dir, e)) || (rc = session_open(&a->cand, suite_path, plugin_dir, f, e)))
		return rc;
	if ((rc = ab_load_base(&a->base, base_dir, a->cand.suite, e)))
		return rc;
	if ((rc = plan_pair(&a->cand.plan, &a->base, e)))
		return rc;
	a->only_base = ab_only_base(&a->base, &a->cand.reg);
	return BNB_OK;
}

void ab_setup_free(struct ab_setup *a)
{
	session_close(&a->cand);
	if (a->base.dirs)
		registry_free(&a->base);
	free(a->only_base);
	memset(a, 0, sizeof *a);
}

int ab_file_hash(const char *path, char out[17])
{
	FILE *f = fopen(path, "rb");
	unsigned char buf[65536];
	uint64_t h = UINT64_C(14695981039346656037);
	size_t n;

	if (!f)
		return -1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		for (size_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * UINT64_C(1099511628211);
	fclose(f);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
	return 0;
}

static void env_plugin(struct run_info *run, const char *side, const struct plugin *p)
{
	char key[96], hash[17], *value;

	if (!p)
		return;
	snprintf(key, sizeof key, "ab.%s.%s", side, p->name);
	if (run_env_get(run, key))
		return;
	if (ab_file_hash(p->path, hash))
		snprintf(hash, sizeof hash, "unreadable");
	value = xasprintf("fnv1a64:%s %s", hash, p->path);
	run_env_add(run, key, value);
	free(value);
}

static int on_begin(struct run_info *run, void *arg, struct bnb_err *e)
{
	struct sink_ab *st = arg;
	char real[PATH_MAX];
	int rc;

	if (st->store && (rc = store_ab_mark(st->store, run->id, e)))
		return rc;
	run_env_add(run, "ab.base_plugins", realpath(st->dir, real) ? real : st->dir);
	for (size_t i = 0; i < st->plan->n; i++) {
		const struct plan_case *c = &st->plan->cases[i];
		if (!c->base_pk)
			continue;
		env_plugin(run, "candidate", c->pk->plugin);
		env_plugin(run, "base", c->base_pk->plugin);
		if (c->base_pk->scheme)
			env_plugin(run, "base", c->base_pk->scheme->plugin);
		if (c->ref)
			env_plugin(run, "candidate", c->ref->plugin);
	}
	return BNB_OK;
}

struct run_sink sink_ab(struct sink_ab *st, struct store *s, const struct plan *plan, const char *dir)
{
	struct run_sink sink = { on_begin, NULL, NULL, NULL, NULL, st };

	st->store = s;
	st->plan = plan;
	st->dir = dir;
	return sink;
}

static int has_backend(const struct registry *r, const char *backend)
{
	for (size_t i = 0; i < r->n_plugins; i++)
		for (size_t j = 0; r->plugins[i]->status != PLUGIN_BROKEN && j < r->plugins[i]->n_kernels; j++)
			if (strcmp(r->plugins[i]->kernels[j].k.backend, backend) == 0)
				return 1;
	return 0;
}

const char **ab_only_base(const struct registry *base, const struct registry *cand)
{
	const char **v = xcalloc(1, sizeof *v);
	size_t n = 0;

	for (size_t i = 0; i < base->n_plugins; i++) {
		const struct plugin *p = base->plugins[i];
		for (size_t j = 0; p->status != PLUGIN_BROKEN && j < p->n_kernels; j++) {
			const char *b = p->kernels[j].k.backend;
			int seen = has_backend(cand, b);
			for (size_t q = 0; q < n && !seen; q++)
				seen = strcmp(v[q], b) == 0;
			if (!seen) {
				v = xrealloc(v, (n + 2) * sizeof *v);
				v[n++] = b;
				v[n] = NULL;
			}
		}
	}
	return v;
}
