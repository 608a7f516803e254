/* The keys of each scope of a suite, and how their values are read. */
#include "config.h"

#include "suite-parse.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of key k as a non-empty string. */
static int key_scalar(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                      const char **out)
{
	char what[96];
	int rc;

	snprintf(what, sizeof what, "'%s'", k->name);
	if ((rc = suite_expect(p, key, val, YAML_SCALAR_NODE, what)))
		return rc;
	*out = suite_scalar(val);
	if (!**out)
		return suite_fail(p, val, "'%s' must not be empty", k->name);
	return BNB_OK;
}

/* The value of key k as a non-empty list; *n its length. */
static int key_list(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                    size_t *n)
{
	char what[96];
	int rc;

	snprintf(what, sizeof what, "'%s'", k->name);
	if ((rc = suite_expect(p, key, val, YAML_SEQUENCE_NODE, what)))
		return rc;
	*n = suite_seq_len(val);
	if (*n == 0)
		return suite_fail(p, val, "'%s' must not be empty", k->name);
	return BNB_OK;
}

/* An entry of the list of key k, as a non-empty string. */
static int entry_scalar(struct parser *p, const struct key *k, yaml_node_t *item, const char **out)
{
	char what[96];
	int rc;

	snprintf(what, sizeof what, "an entry of '%s'", k->name);
	if ((rc = suite_expect(p, NULL, item, YAML_SCALAR_NODE, what)))
		return rc;
	*out = suite_scalar(item);
	if (!**out)
		return suite_fail(p, item, "an entry of '%s' must not be empty", k->name);
	return BNB_OK;
}

static int bad_value(struct parser *p, const yaml_node_t *val, const char *key, const char *expected)
{
	return suite_fail(p, val, "invalid value '%s' for '%s' (expected %s)", suite_scalar(val), key, expected);
}

static int set_string(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                      void *obj)
{
	char **field = FIELD(char *, obj, k);
	const char *s;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	free(*field);
	*field = xstrdup(s);
	return BNB_OK;
}

static int set_name(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                    void *obj)
{
	struct suite_name *field = FIELD(struct suite_name, obj, k);
	const char *s;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	free(field->name);
	field->name = xstrdup(s);
	field->loc = suite_loc_of(p, val);
	return BNB_OK;
}

void suite_names_free(struct suite_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* A list of names; a group's list replaces the defaults'. */
static int set_names(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                     void *obj)
{
	struct suite_names *l = FIELD(struct suite_names, obj, k);

	struct strset seen = STRSET_INIT;
	size_t n, first;
	int rc;

	if ((rc = key_list(p, k, key, val, &n)))
		return rc;
	suite_names_free(l);
	l->v = xcalloc(n, sizeof *l->v);
	for (size_t i = 0; rc == BNB_OK && i < n; i++) {
		yaml_node_t *item = suite_seq_item(p, val, i);
		const char *s;

		if ((rc = entry_scalar(p, k, item, &s)))
			break;
		if (!strset_add(&seen, s, l->n, &first)) {
			rc = suite_fail(p, item, "duplicate entry '%s' in '%s' (first at %u:%u)", s, k->name,
			                l->v[first].loc.line, l->v[first].loc.column);
			break;
		}
		l->v[l->n].name = xstrdup(s);
		l->v[l->n].loc = suite_loc_of(p, item);
		l->n++;
	}
	strset_free(&seen);
	return rc;
}

/* One entry of 'sizes' or 'shapes' into *sz. */
static int read_size(struct parser *p, yaml_node_t *item, const char *s, int shape,
                     struct suite_size *sz)
{
	sz->m = 1;
	if (shape ? parse_shape(s, &sz->m, &sz->k) : parse_size(s, &sz->k))
		sz->k = 0;
	if (sz->m == 0 || sz->k == 0)
		return shape ? suite_fail(p, item, "invalid shape '%s' (expected MxK such as 2560x2560 or 2Kx2K)", s)
		             : suite_fail(p, item, "invalid size '%s' (expected a positive count such as 1024 or 64K)", s);
	/* Every byte count derived from a size (n floats in, n floats out) fits 64 bits. */
	if (mul_u64(mul_u64(sz->m, sz->k), 4 * sizeof(float)) == 0)
		return suite_fail(p, item, "%s '%s' is too large (its buffers would not fit in 64 bits)",
		                  shape ? "shape" : "size", s);
	sz->shape = shape;
	sz->loc = suite_loc_of(p, item);
	return BNB_OK;
}

static int set_sizes(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                     void *obj)
{
	struct suite_group *g = obj;
	struct strset seen = STRSET_INIT;
	char (*ids)[48];                 /* "MxK" of each size, the keys of `seen` */
	size_t n, first;
	int rc;

	if (g->sizes)
		return suite_fail(p, key, "'sizes' and 'shapes' cannot both be given");
	if ((rc = key_list(p, k, key, val, &n)))
		return rc;
	g->sizes = xcalloc(n, sizeof *g->sizes);
	ids = xcalloc(n, sizeof *ids);
	for (size_t i = 0; rc == BNB_OK && i < n; i++) {
		yaml_node_t *item = suite_seq_item(p, val, i);
		struct suite_size *sz = &g->sizes[g->n_sizes];
		const char *s;

		if ((rc = entry_scalar(p, k, item, &s)) ||
		    (rc = read_size(p, item, s, (k->flags & KEY_SHAPE) != 0, sz)))
			break;
		snprintf(ids[i], sizeof ids[i], "%" PRIu64 "x%" PRIu64, sz->m, sz->k);
		if (!strset_add(&seen, ids[i], g->n_sizes, &first)) {
			rc = suite_fail(p, item, "duplicate entry '%s' in '%s' (first at %u:%u)", s, k->name,
			                g->sizes[first].loc.line, g->sizes[first].loc.column);
			break;
		}
		g->n_sizes++;
	}
	strset_free(&seen);
	free(ids);
	return rc;
}

static int set_seed(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                    void *obj)
{
	const char *s;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	if (parse_u64(s, FIELD(uint64_t, obj, k)))
		return bad_value(p, val, k->name, "an integer from 0 to 18446744073709551615");
	return BNB_OK;
}

static int set_count(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                     void *obj)
{
	const char *s;
	uint64_t v;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	if (parse_u64(s, &v) || v == 0)
		return bad_value(p, val, k->name, "a positive integer");
	*FIELD(uint64_t, obj, k) = v;
	return BNB_OK;
}

static int set_processes(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                         void *obj)
{
	char expected[48];
	const char *s;
	uint64_t v;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	snprintf(expected, sizeof expected, "an integer from 1 to %d", SUITE_MAX_PROCESSES);
	if (parse_u64(s, &v) || v == 0 || v > SUITE_MAX_PROCESSES)
		return bad_value(p, val, k->name, expected);
	*FIELD(unsigned, obj, k) = (unsigned)v;
	return BNB_OK;
}

static int set_duration(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                        void *obj)
{
	const char *s;
	uint64_t v;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	if (parse_duration_ns(s, &v) || (v == 0 && (k->flags & KEY_POSITIVE)))
		return bad_value(p, val, k->name, (k->flags & KEY_POSITIVE)
		                 ? "a positive duration such as 500ms (units ns, us, ms, s, m)"
		                 : "a duration such as 500ms (units ns, us, ms, s, m)");
	*FIELD(uint64_t, obj, k) = v;
	return BNB_OK;
}

static int parse_fraction(struct parser *p, yaml_node_t *val, const char *key, int positive,
                          double *out)
{
	double v;

	if (parse_percent(suite_scalar(val), &v) || (v == 0 && positive))
		return bad_value(p, val, key, positive ? "a positive percentage such as 1%"
		                                        : "a percentage such as 5%");
	*out = v;
	return BNB_OK;
}

static int set_percent(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                       void *obj)
{
	const char *s;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	return parse_fraction(p, val, k->name, (k->flags & KEY_POSITIVE) != 0,
	                      FIELD(double, obj, k));
}

static const char *const dist_names[] = { "normal", "uniform", "laplace", "ramp" };

const char *suite_distribution_name(enum suite_distribution d)
{
	return (size_t)d < sizeof dist_names / sizeof dist_names[0] ? dist_names[d] : "unknown";
}

static int set_distribution(struct parser *p, const struct key *k, yaml_node_t *key,
                            yaml_node_t *val, void *obj)
{
	const size_t n = sizeof dist_names / sizeof dist_names[0];
	const char *s, *near;
	int rc;

	if ((rc = key_scalar(p, k, key, val, &s)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, dist_names[i]) == 0) {
			*FIELD(enum suite_distribution, obj, k) = (enum suite_distribution)i;
			return BNB_OK;
		}
	}
	near = suggest(s, dist_names, n);
	if (near)
		return suite_fail(p, val, "unknown distribution '%s' (did you mean '%s'?)", s, near);
	return suite_fail(p, val, "unknown distribution '%s' (expected normal, uniform, laplace or ramp)", s);
}

/* Kernel parameters: merged by name, a group's value replacing the defaults'. */
static int set_params(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                      void *obj)
{
	struct suite_settings *st = obj;
	struct strset seen = STRSET_INIT, have = STRSET_INIT;   /* this mapping's keys; st->params */
	int rc;

	if ((rc = suite_expect(p, key, val, YAML_MAPPING_NODE, "'params'")))
		return rc;
	(void)k;
	for (size_t j = 0; j < st->n_params; j++)
		strset_add(&have, st->params[j].name, j, NULL);
	st->params = xrealloc(st->params, (st->n_params + suite_map_len(val)) * sizeof *st->params);
	for (size_t i = 0; i < suite_map_len(val); i++) {
		yaml_node_t *pk, *pv;
		struct suite_param *prm;
		const char *name;
		char what[96];
		size_t *j;

		if ((rc = suite_map_pair(p, val, i, &seen, &pk, &pv, &name)))
			break;
		snprintf(what, sizeof what, "parameter '%s'", name);
		if ((rc = suite_expect(p, pk, pv, YAML_SCALAR_NODE, what)))
			break;
		if ((j = strset_find(&have, name))) {
			prm = &st->params[*j];
			free(prm->value);
		} else {
			prm = &st->params[st->n_params++];
			prm->name = xstrdup(name);
			strset_add(&have, prm->name, st->n_params - 1, NULL);
		}
		prm->value = xstrdup(suite_scalar(pv));
		prm->name_loc = suite_loc_of(p, pk);
		prm->loc = suite_loc_of(p, pv);
	}
	strset_free(&seen);
	strset_free(&have);
	return rc;
}

void suite_thresholds_free(struct suite_threshold *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].glob);
	free(v);
}

/* Per-case thresholds: a group's come before (and so win over) the defaults'. */
static int set_thresholds(struct parser *p, const struct key *k, yaml_node_t *key,
                          yaml_node_t *val, void *obj)
{
	struct suite_settings *st = obj;
	struct suite_threshold *v;
	struct strset seen = STRSET_INIT;
	size_t n = 0;
	int rc;

	if ((rc = suite_expect(p, key, val, YAML_MAPPING_NODE, "'thresholds'")))
		return rc;
	(void)k;
	v = xcalloc(suite_map_len(val) + st->n_thresholds, sizeof *v);
	for (size_t i = 0; i < suite_map_len(val); i++) {
		yaml_node_t *tk, *tv;
		const char *glob;
		char what[BNB_ERR_MAX / 2];

		if ((rc = suite_map_pair(p, val, i, &seen, &tk, &tv, &glob)))
			break;
		snprintf(what, sizeof what, "threshold '%s'", glob);
		if ((rc = suite_expect(p, tk, tv, YAML_SCALAR_NODE, what)) ||
		    (rc = parse_fraction(p, tv, glob, 0, &v[n].fraction)))
			break;
		v[n].glob = xstrdup(glob);
		v[n].loc = suite_loc_of(p, tk);
		n++;
	}
	strset_free(&seen);
	if (rc) {
		suite_thresholds_free(v, n);
		return rc;
	}
	if (st->n_thresholds)
		memcpy(v + n, st->thresholds, st->n_thresholds * sizeof *v);
	free(st->thresholds);
	st->thresholds = v;
	st->n_thresholds += n;
	return BNB_OK;
}

/* defaults and groups are read after the top-level walk, defaults first. */
static int set_later(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                     void *obj)
{
	(void)obj;
	if (suite_is_null(val))
		return suite_fail(p, key, "'%s' has no value", k->name);
	*FIELD(yaml_node_t *, p, k) = val;
	return BNB_OK;
}

#define TOP(f) offsetof(struct suite, f)
#define GRP(f) offsetof(struct suite_group, f)
#define SET(f) offsetof(struct suite_settings, f)

const struct key suite_top_keys[] = {
	{ "name", set_string, TOP(name), 0 },
	{ "description", set_string, TOP(description), 0 },
	{ "defaults", set_later, offsetof(struct parser, defaults), 0 },
	{ "groups", set_later, offsetof(struct parser, groups), 0 },
	{ "model", suite_set_model, 0, 0 },
	{ NULL, NULL, 0, 0 },
};

const struct key suite_group_keys[] = {
	{ "name", set_string, GRP(name), 0 },
	{ "op", set_name, GRP(op), 0 },
	{ "sizes", set_sizes, 0, 0 },
	{ "shapes", set_sizes, 0, KEY_SHAPE },
	{ NULL, NULL, 0, 0 },
};

const struct key suite_settings_keys[] = {
	{ "seed", set_seed, SET(seed), 0 },
	{ "distribution", set_distribution, SET(distribution), 0 },
	{ "warmup", set_duration, SET(warmup_ns), 0 },
	{ "min_time", set_duration, SET(min_time_ns), 0 },
	{ "max_time", set_duration, SET(max_time_ns), KEY_POSITIVE },
	{ "min_samples", set_count, SET(min_samples), 0 },
	{ "target_ci", set_percent, SET(target_ci), KEY_POSITIVE },
	{ "threshold", set_percent, SET(threshold), 0 },
	{ "processes", set_processes, SET(processes), 0 },
	{ "backends", set_names, SET(backends), 0 },
	{ "schemes", set_names, SET(schemes), 0 },
	{ "params", set_params, 0, 0 },
	{ "thresholds", set_thresholds, 0, 0 },
	{ NULL, NULL, 0, 0 },
};

/* A scope: up to two key tables, each with the object its keys set. */
