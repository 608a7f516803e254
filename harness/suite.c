/*
 * Suite files: the whole file is loaded as one YAML document (libyaml's
 * document API), then walked with a table of keys per scope.  The defaults
 * are read before the groups whatever their order in the file, and every
 * group starts from a deep copy of them, so a group's settings are complete.
 */
#include "config.h"

#include "suite.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "suite-parse.h"

static void settings_init(struct suite_settings *s)
{
	memset(s, 0, sizeof *s);
	s->seed = 42;
	s->distribution = SUITE_DIST_NORMAL;
	s->warmup_ns = 50000000;
	s->min_time_ns = 100000000;
	s->max_time_ns = 1000000000;
	s->min_samples = 10;
	s->target_ci = 0.01;
	s->threshold = 0.05;
	s->processes = 1;
}

static void names_copy(struct suite_names *dst, const struct suite_names *src)
{
	dst->v = src->n ? xcalloc(src->n, sizeof *dst->v) : NULL;
	for (size_t i = 0; i < src->n; i++) {
		dst->v[i] = src->v[i];
		dst->v[i].name = xstrdup(src->v[i].name);
	}
	dst->n = src->n;
}

static void settings_copy(struct suite_settings *dst, const struct suite_settings *src)
{
	*dst = *src;
	names_copy(&dst->backends, &src->backends);
	names_copy(&dst->schemes, &src->schemes);
	dst->params = src->n_params ? xcalloc(src->n_params, sizeof *dst->params) : NULL;
	for (size_t i = 0; i < src->n_params; i++) {
		dst->params[i] = src->params[i];
		dst->params[i].name = xstrdup(src->params[i].name);
		dst->params[i].value = xstrdup(src->params[i].value);
	}
	dst->thresholds = src->n_thresholds ? xcalloc(src->n_thresholds, sizeof *dst->thresholds) : NULL;
	for (size_t i = 0; i < src->n_thresholds; i++) {
		dst->thresholds[i] = src->thresholds[i];
		dst->thresholds[i].glob = xstrdup(src->thresholds[i].glob);
	}
}

static void settings_free(struct suite_settings *s)
{
	suite_names_free(&s->backends);
	suite_names_free(&s->schemes);
	for (size_t i = 0; i < s->n_params; i++) {
		free(s->params[i].name);
		free(s->params[i].value);
	}
	free(s->params);
	suite_thresholds_free(s->thresholds, s->n_thresholds);
	memset(s, 0, sizeof *s);
}

/* "100ms", "1s": the largest unit that divides the value. */
static const char *fmt_duration(uint64_t ns, char *buf, size_t len)
{
	static const struct { const char *unit; uint64_t ns; } units[] = {
		{ "s", 1000000000 }, { "ms", 1000000 }, { "us", 1000 }, { "ns", 1 },
	};
	size_t i = 0;

	while (ns % units[i].ns)
		i++;
	snprintf(buf, len, "%" PRIu64 "%s", ns / units[i].ns, units[i].unit);
	return buf;
}

/* After a scope: min_time <= max_time, reported at the key this scope set. */
static int check_times(struct parser *p, yaml_node_t *map, const struct suite_settings *s)
{
	char lo[32], hi[32];
	yaml_node_t *at;

	if (s->min_time_ns <= s->max_time_ns)
		return BNB_OK;
	fmt_duration(s->min_time_ns, lo, sizeof lo);
	fmt_duration(s->max_time_ns, hi, sizeof hi);
	if ((at = suite_map_get(p, map, "min_time")))
		return suite_fail(p, at, "min_time %s is greater than max_time %s", lo, hi);
	at = suite_map_get(p, map, "max_time");
	return suite_fail(p, at ? at : map, "max_time %s is less than min_time %s", hi, lo);
}

/* ---- the suite ---- */

static int parse_group(struct parser *p, struct suite *s, yaml_node_t *node, size_t index,
                       struct strset *names)
{
	struct suite_group *g = &s->groups[index];
	struct scope sc = { { suite_group_keys, suite_settings_keys }, { g, &g->settings } };
	char label[BNB_ERR_MAX / 2];
	size_t first;
	int rc;

	settings_copy(&g->settings, &s->defaults);
	if ((rc = suite_expect(p, NULL, node, YAML_MAPPING_NODE, "a group")))
		return rc;
	g->loc = suite_loc_of(p, node);
	if ((rc = suite_walk_map(p, node, &sc)))
		return rc;
	if (g->name)
		snprintf(label, sizeof label, "group '%s'", g->name);
	else
		snprintf(label, sizeof label, "group %zu", index + 1);
	if (!g->op.name)
		return suite_fail(p, node, "missing key 'op' in %s", label);
	if (!g->name)
		g->name = xstrdup(g->op.name);
	if (!g->sizes)
		return suite_fail(p, node, "missing key 'sizes' or 'shapes' in group '%s'", g->name);
	if (!strset_add(names, g->name, index, &first))
		return suite_fail(p, node, "duplicate group name '%s' (first at %u:%u)", g->name,
		                  s->groups[first].loc.line, s->groups[first].loc.column);
	return check_times(p, node, &g->settings);
}

static int parse_suite(struct parser *p, struct suite *s)
{
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	struct scope top = { { suite_top_keys, NULL }, { s, NULL } };
	struct scope defaults = { { suite_settings_keys, NULL }, { &s->defaults, NULL } };
	struct strset names = STRSET_INIT;   /* group names */
	size_t n;
	int rc;

	if (!root || suite_is_null(root))
		return err_set(p->e, BNB_EFORMAT, "%s: empty file", p->file);
	if ((rc = suite_expect(p, NULL, root, YAML_MAPPING_NODE, "a suite")) ||
	    (rc = suite_walk_map(p, root, &top)))
		return rc;
	if (!s->name)
		return suite_fail(p, root, "missing key 'name'");
	if (p->defaults) {
		if ((rc = suite_expect(p, NULL, p->defaults, YAML_MAPPING_NODE, "'defaults'")) ||
		    (rc = suite_walk_map(p, p->defaults, &defaults)) ||
		    (rc = check_times(p, p->defaults, &s->defaults)))
			return rc;
	}
	if (!p->groups)
		return suite_fail(p, root, "empty suite (no groups)");
	if ((rc = suite_expect(p, NULL, p->groups, YAML_SEQUENCE_NODE, "'groups'")))
		return rc;
	if ((n = suite_seq_len(p->groups)) == 0)
		return suite_fail(p, p->groups, "empty suite (no groups)");
	s->groups = xcalloc(n, sizeof *s->groups);
	for (size_t i = 0; rc == BNB_OK && i < n; i++) {
		s->n_groups++;   /* counted first: suite_free frees a half-read group */
		rc = parse_group(p, s, suite_seq_item(p, p->groups, i), i, &names);
	}
	strset_free(&names);
	return rc ? rc : suite_model_check(s, p->e);
}

int suite_load(const char *path, struct suite **out, struct bnb_err *e)
{
	struct parser p;
	struct suite *s;
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	if ((rc = file_read_text(path, SUITE_MAX_BYTES, &text, &len, e)))
		return rc;
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	sha256_hex(text, len, s->hash);
	settings_init(&s->defaults);
	memset(&p, 0, sizeof p);
	p.file = s->path;
	p.text = text;
	p.text_len = len;
	p.e = e;
	rc = suite_load_document(&p);
	if (!rc) {
		rc = parse_suite(&p, s);
		yaml_document_delete(&p.doc);
	}
	free(text);
	if (rc) {
		suite_free(s);
		return rc;
	}
	*out = s;
	return BNB_OK;
}

void suite_free(struct suite *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_groups; i++) {
		struct suite_group *g = &s->groups[i];
		free(g->name);
		free(g->op.name);
		free(g->sizes);
		settings_free(&g->settings);
	}
	free(s->groups);
	suite_model_free(s->model);
	settings_free(&s->defaults);
	free(s->name);
	free(s->description);
	free(s->path);
	free(s);
}

/* ---- helpers for the run engine ---- */

const char *suite_where(const struct suite_loc *loc, char *buf, size_t len)
{
	const char *file = loc->file ? loc->file : "(built in)";

	if (loc->line)
		snprintf(buf, len, "%s:%u:%u", file, loc->line, loc->column);
	else
		snprintf(buf, len, "%s", file);
	return buf;
}

const char *suite_size_str(const struct suite_size *s, char *buf, size_t len)
{
	if (s->shape)
		snprintf(buf, len, "%" PRIu64 "x%" PRIu64, s->m, s->k);
	else
		snprintf(buf, len, "%" PRIu64, s->k);
	return buf;
}

const char *suite_case_name(char *buf, size_t len, const char *op, const char *scheme,
                            const char *backend, const struct suite_size *s)
{
	char size[64];

	snprintf(buf, len, "%s/%s/%s/%s", op, scheme ? scheme : "-", backend,
	         suite_size_str(s, size, sizeof size));
	return buf;
}

double suite_threshold_for(const struct suite_group *g, const char *case_name)
{
	for (size_t i = 0; i < g->settings.n_thresholds; i++)
		if (glob_match(g->settings.thresholds[i].glob, case_name))
			return g->settings.thresholds[i].fraction;
	return g->settings.threshold;
}
