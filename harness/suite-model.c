/* The suite's model (bnbench-suite(5), MODEL): the linear layers of one decoded token. */
#include "config.h"

#include "suite-parse.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* A layer's name goes into the environment as "name:MxK ...": no blanks or colons. */
static int name_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-' || *s == '.'))
			return 0;
	return 1;
}

static int scalar(struct parser *p, yaml_node_t *key, yaml_node_t *val, const char *what, const char **out)
{
	int rc = suite_expect(p, key, val, YAML_SCALAR_NODE, what);

	if (rc)
		return rc;
	*out = suite_scalar(val);
	return **out ? BNB_OK : suite_fail(p, val, "%s must not be empty", what);
}

static int read_linear(struct parser *p, yaml_node_t *key, yaml_node_t *val, struct suite_model *sm)
{
	struct strset seen = STRSET_INIT;
	size_t n;
	int rc;

	if ((rc = suite_expect(p, key, val, YAML_MAPPING_NODE, "'linear'")))
		return rc;
	if ((n = suite_map_len(val)) == 0)
		return suite_fail(p, val, "'linear' must not be empty");
	sm->m.linear = xcalloc(n, sizeof *sm->m.linear);
	sm->linear_loc = xcalloc(n, sizeof *sm->linear_loc);
	for (size_t i = 0; rc == BNB_OK && i < n; i++) {
		struct decode_linear *l = &sm->m.linear[sm->m.n_linear];
		yaml_node_t *lk, *lv;
		const char *name, *shape;

		if ((rc = suite_map_pair(p, val, i, &seen, &lk, &lv, &name)) ||
		    (rc = scalar(p, lk, lv, "a layer's shape", &shape)))
			break;
		if (!*name || !name_ok(name)) {
			rc = suite_fail(p, lk, "invalid layer name '%s' (letters, digits, '_', '-' and '.')", name);
			break;
		}
		if (parse_shape(shape, &l->m, &l->k) || !l->m || !l->k) {
			rc = suite_fail(p, lv, "invalid shape '%s' for layer '%s' (expected MxK such as 2560x2560)",
			                shape, name);
			break;
		}
		l->name = xstrdup(name);
		sm->linear_loc[sm->m.n_linear++] = suite_loc_of(p, lv);
	}
	strset_free(&seen);
	return rc;
}

static int read_model(struct parser *p, yaml_node_t *map, struct suite_model *sm)
{
	struct strset seen = STRSET_INIT;
	const char *s;
	int rc = BNB_OK, have_linear = 0;

	for (size_t i = 0; rc == BNB_OK && i < suite_map_len(map); i++) {
		yaml_node_t *key, *val;
		const char *name;

		if ((rc = suite_map_pair(p, map, i, &seen, &key, &val, &name)))
			break;
		if (strcmp(name, "name") == 0) {
			if ((rc = scalar(p, key, val, "'name'", &s)) == BNB_OK)
				sm->m.name = xstrdup(s);
		} else if (strcmp(name, "layers") == 0) {
			if ((rc = scalar(p, key, val, "'layers'", &s)) == BNB_OK &&
			    (parse_u64(s, &sm->m.layers) || sm->m.layers == 0))
				rc = suite_fail(p, val, "invalid value '%s' for 'layers' (expected a positive integer)", s);
		} else if (strcmp(name, "linear") == 0) {
			rc = read_linear(p, key, val, sm);
			have_linear = 1;
		} else {
			rc = suite_fail(p, key, "unknown key '%s' in 'model' (name, layers, linear)", name);
		}
	}
	strset_free(&seen);
	if (rc == BNB_OK && !sm->m.name)
		rc = suite_fail(p, map, "missing key 'name' in 'model'");
	if (rc == BNB_OK && !sm->m.layers)
		rc = suite_fail(p, map, "missing key 'layers' in 'model'");
	if (rc == BNB_OK && !have_linear)
		rc = suite_fail(p, map, "missing key 'linear' in 'model'");
	return rc;
}

int suite_set_model(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val, void *obj)
{
	struct suite *s = obj;
	int rc;

	(void)k;
	if ((rc = suite_expect(p, key, val, YAML_MAPPING_NODE, "'model'")))
		return rc;
	s->model = xcalloc(1, sizeof *s->model);
	s->model->loc = suite_loc_of(p, val);
	return read_model(p, val, s->model);
}

static int group_has(const struct suite_group *g, uint64_t m, uint64_t k)
{
	for (size_t i = 0; strcmp(g->op.name, "gemv") == 0 && i < g->n_sizes; i++)
		if (g->sizes[i].shape && g->sizes[i].m == m && g->sizes[i].k == k)
			return 1;
	return 0;
}

int suite_model_check(const struct suite *s, struct bnb_err *e)
{
	const struct suite_model *sm = s->model;
	char where[256];

	for (size_t l = 0; sm && l < sm->m.n_linear; l++) {
		const struct decode_linear *x = &sm->m.linear[l];
		int found = 0;
		for (size_t g = 0; g < s->n_groups && !found; g++)
			found = group_has(&s->groups[g], x->m, x->k);
		if (!found)
			return err_set(e, BNB_EFORMAT, "%s: layer '%s' of the model: no gemv group has shape %" PRIu64
			               "x%" PRIu64, suite_where(&sm->linear_loc[l], where, sizeof where), x->name, x->m, x->k);
	}
	return BNB_OK;
}

void suite_model_free(struct suite_model *sm)
{
	if (!sm)
		return;
	decode_model_free(&sm->m);
	free(sm->linear_loc);
	free(sm);
}
