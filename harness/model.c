/* Records of runs and cases. */
#include "config.h"

#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void run_info_free(struct run_info *r)
{
	if (!r)
		return;
	free(r->suite);
	free(r->suite_hash);
	free(r->label);
	free(r->git_commit);
	free(r->host);
	free(r->version);
	free(r->source);
	for (size_t i = 0; i < r->n_env; i++) {
		free(r->env[i].key);
		free(r->env[i].value);
	}
	free(r->env);
	memset(r, 0, sizeof *r);
}

void case_result_free(struct case_result *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->group);
	free(c->plugin);
	free(c->op);
	free(c->scheme);
	free(c->backend);
	free(c->params);
	free(c->detail);
	free(c->samples);
	case_pairs_free(c->pairs);
	memset(c, 0, sizeof *c);
}

void case_pairs_free(struct case_pairs *p)
{
	if (!p)
		return;
	free(p->base);
	free(p->cand);
	free(p->base_first);
	free(p);
}

void run_env_add(struct run_info *r, const char *key, const char *value)
{
	for (size_t i = 0; i < r->n_env; i++) {
		if (strcmp(r->env[i].key, key) == 0) {
			free(r->env[i].value);
			r->env[i].value = xstrdup(value);
			return;
		}
	}
	r->env = xrealloc(r->env, (r->n_env + 1) * sizeof *r->env);
	r->env[r->n_env].key = xstrdup(key);
	r->env[r->n_env].value = xstrdup(value);
	r->n_env++;
}

const char *run_env_get(const struct run_info *r, const char *key)
{
	for (size_t i = 0; i < r->n_env; i++)
		if (strcmp(r->env[i].key, key) == 0)
			return r->env[i].value;
	return NULL;
}

const char *case_status_name(enum case_status s)
{
	switch (s) {
	case CASE_OK: return "ok";
	case CASE_FAILED: return "failed";
	case CASE_ERROR: return "error";
	case CASE_SKIPPED: return "skipped";
	}
	return "unknown";
}

const char *run_status_name(enum run_status s)
{
	switch (s) {
	case RUN_RUNNING: return "running";
	case RUN_COMPLETE: return "complete";
	case RUN_INCOMPLETE: return "incomplete";
	case RUN_FAILED: return "failed";
	}
	return "unknown";
}
