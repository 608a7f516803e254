/*
 * Suite files: the whole file is loaded as one YAML document (libyaml's
 * document API), then walked with a table of keys per scope.  The defaults
 * are read before the groups whatever their order in the file, and every
 * group starts from a deep copy of them, so a group's settings are complete.
 */
#include "config.h"

#include "suite.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

/* ---- sha256 of the file bytes: the suite's identity in the results ---- */

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const unsigned char *b)
{
	uint32_t w[64], v[8];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		       (uint32_t)b[4 * i + 2] << 8 | (uint32_t)b[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR32(w[i - 15], 7) ^ ROR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR32(w[i - 2], 17) ^ ROR32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h, sizeof v);
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = ROR32(v[4], 6) ^ ROR32(v[4], 11) ^ ROR32(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + ch + sha_k[i] + w[i];
		uint32_t s0 = ROR32(v[0], 2) ^ ROR32(v[0], 13) ^ ROR32(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
		memmove(v + 1, v, 7 * sizeof v[0]);
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

static void sha256_hex(const unsigned char *p, size_t len, char out[65])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	unsigned char last[64] = { 0 };
	uint64_t bits = (uint64_t)len * 8;
	size_t n = len;

	for (; n >= 64; n -= 64, p += 64)
		sha256_block(h, p);
	if (n)
		memcpy(last, p, n);
	last[n] = 0x80;
	if (n >= 56) {
		sha256_block(h, last);
		memset(last, 0, sizeof last);
	}
	for (int i = 0; i < 8; i++)
		last[63 - i] = (unsigned char)(bits >> (8 * i));
	sha256_block(h, last);
	for (int i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08" PRIx32, h[i]);
}

/* ---- errors ---- */

struct parser {
	const char *file;          /* the suite's path: every suite_loc points here */
	const char *text;          /* the file, for reader errors given as offsets */
	size_t text_len;
	yaml_document_t doc;
	yaml_node_t *defaults, *groups;   /* read after the top-level walk */
	struct bnb_err *e;
};

static struct suite_loc loc_of(const struct parser *p, const yaml_node_t *n)
{
	struct suite_loc loc = { p->file, (unsigned)n->start_mark.line + 1,
	                         (unsigned)n->start_mark.column + 1 };
	return loc;
}

static int fail(struct parser *p, const yaml_node_t *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct parser *p, const yaml_node_t *at, const char *fmt, ...)
{
	char msg[BNB_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(p->e, BNB_EFORMAT, "%s:%zu:%zu: %s", p->file,
	               at->start_mark.line + 1, at->start_mark.column + 1, msg);
}

static int yaml_fail(struct parser *p, const yaml_parser_t *yp)
{
	const char *problem = yp->problem ? yp->problem : "cannot parse";
	size_t line = yp->problem_mark.line + 1, col = yp->problem_mark.column + 1;

	if (yp->error == YAML_MEMORY_ERROR)
		return err_set(p->e, BNB_ENOMEM, "%s: out of memory", p->file);
	if (yp->error == YAML_READER_ERROR) {
		/* The reader reports a byte offset: count lines up to it. */
		line = 1;
		col = 1;
		for (size_t i = 0; i < yp->problem_offset && i < p->text_len; i++, col++) {
			if (p->text[i] == '\n') {
				line++;
				col = 0;
			}
		}
	}
	if (yp->context)
		return err_set(p->e, BNB_EFORMAT, "%s:%zu:%zu: invalid yaml: %s (%s at %zu:%zu)",
		               p->file, line, col, problem, yp->context,
		               yp->context_mark.line + 1, yp->context_mark.column + 1);
	return err_set(p->e, BNB_EFORMAT, "%s:%zu:%zu: invalid yaml: %s", p->file, line, col, problem);
}

/* ---- nodes ---- */

static const char *kind_name(yaml_node_type_t t)
{
	switch (t) {
	case YAML_SCALAR_NODE: return "a single value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

static const char *scalar_of(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

/* A plain empty value, ~ or null. */
static int is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp(scalar_of(n), nulls[i]) == 0)
			return 1;
	return 0;
}

/*
 * Check that `n` has type `t`; `what` names it in the message ("'seed'").
 * An empty value is reported at its key, where the reader will look for it.
 */
static int expect(struct parser *p, const yaml_node_t *key, const yaml_node_t *n,
                  yaml_node_type_t t, const char *what)
{
	if (is_null(n))
		return fail(p, key ? key : n, "%s has no value", what);
	if (n->type != t)
		return fail(p, n, "%s must be %s, not %s", what, kind_name(t), kind_name(n->type));
	if (t == YAML_SCALAR_NODE && strlen(scalar_of(n)) != n->data.scalar.length)
		return fail(p, n, "%s contains a null character", what);
	return BNB_OK;
}

static yaml_node_t *node_at(struct parser *p, int index)
{
	return yaml_document_get_node(&p->doc, index);
}

static size_t seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

static yaml_node_t *seq_item(struct parser *p, const yaml_node_t *n, size_t i)
{
	return node_at(p, n->data.sequence.items.start[i]);
}

static size_t map_len(const yaml_node_t *n)
{
	return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

/*
 * Key i of mapping `map`, which must be a single value not given before;
 * sets *key, *val and *name.
 */
static int map_pair(struct parser *p, const yaml_node_t *map, size_t i, yaml_node_t **key,
                    yaml_node_t **val, const char **name)
{
	const yaml_node_pair_t *pairs = map->data.mapping.pairs.start;

	*key = node_at(p, pairs[i].key);
	*val = node_at(p, pairs[i].value);
	if ((*key)->type != YAML_SCALAR_NODE)
		return fail(p, *key, "a key must be a single value, not %s", kind_name((*key)->type));
	*name = scalar_of(*key);
	for (size_t j = 0; j < i; j++) {
		yaml_node_t *prev = node_at(p, pairs[j].key);
		if (strcmp(scalar_of(prev), *name) == 0)
			return fail(p, *key, "duplicate key '%s' (first at %zu:%zu)", *name,
			            prev->start_mark.line + 1, prev->start_mark.column + 1);
	}
	return BNB_OK;
}

/* The value of mapping `map` at key `name`, or NULL. */
static yaml_node_t *map_get(struct parser *p, const yaml_node_t *map, const char *name)
{
	const yaml_node_pair_t *pairs = map->data.mapping.pairs.start;

	for (size_t i = 0; i < map_len(map); i++) {
		yaml_node_t *key = node_at(p, pairs[i].key);
		if (key->type == YAML_SCALAR_NODE && strcmp(scalar_of(key), name) == 0)
			return node_at(p, pairs[i].value);
	}
	return NULL;
}

/* ---- keys ---- */

/* A key of a scope and how to read its value into the scope's object. */
struct key {
	const char *name;
	int (*set)(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
	           void *obj);
	size_t offset;             /* of the field in the object (struct parser for set_later) */
	unsigned flags;
};

#define KEY_POSITIVE 0x1u      /* numbers: zero is refused */
#define KEY_SHAPE 0x2u         /* sizes: written MxK */

#define FIELD(type, obj, k) ((type *)((char *)(obj) + (k)->offset))

/* The value of key k as a non-empty string. */
static int key_scalar(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                      const char **out)
{
	char what[96];
	int rc;

	snprintf(what, sizeof what, "'%s'", k->name);
	if ((rc = expect(p, key, val, YAML_SCALAR_NODE, what)))
		return rc;
	*out = scalar_of(val);
	if (!**out)
		return fail(p, val, "'%s' must not be empty", k->name);
	return BNB_OK;
}

/* The value of key k as a non-empty list; *n its length. */
static int key_list(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                    size_t *n)
{
	char what[96];
	int rc;

	snprintf(what, sizeof what, "'%s'", k->name);
	if ((rc = expect(p, key, val, YAML_SEQUENCE_NODE, what)))
		return rc;
	*n = seq_len(val);
	if (*n == 0)
		return fail(p, val, "'%s' must not be empty", k->name);
	return BNB_OK;
}

/* An entry of the list of key k, as a non-empty string. */
static int entry_scalar(struct parser *p, const struct key *k, yaml_node_t *item, const char **out)
{
	char what[96];
	int rc;

	snprintf(what, sizeof what, "an entry of '%s'", k->name);
	if ((rc = expect(p, NULL, item, YAML_SCALAR_NODE, what)))
		return rc;
	*out = scalar_of(item);
	if (!**out)
		return fail(p, item, "an entry of '%s' must not be empty", k->name);
	return BNB_OK;
}

static int bad_value(struct parser *p, const yaml_node_t *val, const char *key, const char *expected)
{
	return fail(p, val, "invalid value '%s' for '%s' (expected %s)", scalar_of(val), key, expected);
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
	field->loc = loc_of(p, val);
	return BNB_OK;
}

static void names_free(struct suite_names *l)
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
	size_t n;
	int rc;

	if ((rc = key_list(p, k, key, val, &n)))
		return rc;
	names_free(l);
	l->v = xcalloc(n, sizeof *l->v);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = seq_item(p, val, i);
		const char *s;

		if ((rc = entry_scalar(p, k, item, &s)))
			return rc;
		for (size_t j = 0; j < l->n; j++)
			if (strcmp(l->v[j].name, s) == 0)
				return fail(p, item, "duplicate entry '%s' in '%s' (first at %u:%u)", s,
				            k->name, l->v[j].loc.line, l->v[j].loc.column);
		l->v[l->n].name = xstrdup(s);
		l->v[l->n].loc = loc_of(p, item);
		l->n++;
	}
	return BNB_OK;
}

static int set_sizes(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                     void *obj)
{
	struct suite_group *g = obj;
	int shape = (k->flags & KEY_SHAPE) != 0;
	size_t n;
	int rc;

	if (g->sizes)
		return fail(p, key, "'sizes' and 'shapes' cannot both be given");
	if ((rc = key_list(p, k, key, val, &n)))
		return rc;
	g->sizes = xcalloc(n, sizeof *g->sizes);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *item = seq_item(p, val, i);
		struct suite_size *sz = &g->sizes[g->n_sizes];
		const char *s;

		if ((rc = entry_scalar(p, k, item, &s)))
			return rc;
		sz->m = 1;
		if (shape ? parse_shape(s, &sz->m, &sz->k) : parse_size(s, &sz->k))
			sz->k = 0;
		if (sz->m == 0 || sz->k == 0)
			return shape ? fail(p, item, "invalid shape '%s' (expected MxK such as 2560x2560 or 2Kx2K)", s)
			             : fail(p, item, "invalid size '%s' (expected a positive count such as 1024 or 64K)", s);
		sz->shape = shape;
		sz->loc = loc_of(p, item);
		for (size_t j = 0; j < g->n_sizes; j++)
			if (g->sizes[j].m == sz->m && g->sizes[j].k == sz->k)
				return fail(p, item, "duplicate entry '%s' in '%s' (first at %u:%u)", s,
				            k->name, g->sizes[j].loc.line, g->sizes[j].loc.column);
		g->n_sizes++;
	}
	return BNB_OK;
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

	if (parse_percent(scalar_of(val), &v) || (v == 0 && positive))
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
		return fail(p, val, "unknown distribution '%s' (did you mean '%s'?)", s, near);
	return fail(p, val, "unknown distribution '%s' (expected normal, uniform, laplace or ramp)", s);
}

/* Kernel parameters: merged by name, a group's value replacing the defaults'. */
static int set_params(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val,
                      void *obj)
{
	struct suite_settings *st = obj;
	int rc;

	if ((rc = expect(p, key, val, YAML_MAPPING_NODE, "'params'")))
		return rc;
	(void)k;
	for (size_t i = 0; i < map_len(val); i++) {
		yaml_node_t *pk, *pv;
		struct suite_param *prm = NULL;
		const char *name;
		char what[96];

		if ((rc = map_pair(p, val, i, &pk, &pv, &name)))
			return rc;
		snprintf(what, sizeof what, "parameter '%s'", name);
		if ((rc = expect(p, pk, pv, YAML_SCALAR_NODE, what)))
			return rc;
		for (size_t j = 0; j < st->n_params && !prm; j++)
			if (strcmp(st->params[j].name, name) == 0)
				prm = &st->params[j];
		if (!prm) {
			st->params = xrealloc(st->params, (st->n_params + 1) * sizeof *st->params);
			prm = &st->params[st->n_params++];
			prm->name = xstrdup(name);
		} else {
			free(prm->value);
		}
		prm->value = xstrdup(scalar_of(pv));
		prm->name_loc = loc_of(p, pk);
		prm->loc = loc_of(p, pv);
	}
	return BNB_OK;
}

static void thresholds_free(struct suite_threshold *v, size_t n)
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
	size_t n = 0;
	int rc;

	if ((rc = expect(p, key, val, YAML_MAPPING_NODE, "'thresholds'")))
		return rc;
	(void)k;
	v = xcalloc(map_len(val) + st->n_thresholds, sizeof *v);
	for (size_t i = 0; i < map_len(val); i++) {
		yaml_node_t *tk, *tv;
		const char *glob;
		char what[BNB_ERR_MAX / 2];

		if ((rc = map_pair(p, val, i, &tk, &tv, &glob)))
			break;
		snprintf(what, sizeof what, "threshold '%s'", glob);
		if ((rc = expect(p, tk, tv, YAML_SCALAR_NODE, what)) ||
		    (rc = parse_fraction(p, tv, glob, 0, &v[n].fraction)))
			break;
		v[n].glob = xstrdup(glob);
		v[n].loc = loc_of(p, tk);
		n++;
	}
	if (rc) {
		thresholds_free(v, n);
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
	if (is_null(val))
		return fail(p, key, "'%s' has no value", k->name);
	*FIELD(yaml_node_t *, p, k) = val;
	return BNB_OK;
}

#define TOP(f) offsetof(struct suite, f)
#define GRP(f) offsetof(struct suite_group, f)
#define SET(f) offsetof(struct suite_settings, f)

static const struct key top_keys[] = {
	{ "name", set_string, TOP(name), 0 },
	{ "description", set_string, TOP(description), 0 },
	{ "defaults", set_later, offsetof(struct parser, defaults), 0 },
	{ "groups", set_later, offsetof(struct parser, groups), 0 },
	{ NULL, NULL, 0, 0 },
};

static const struct key group_keys[] = {
	{ "name", set_string, GRP(name), 0 },
	{ "op", set_name, GRP(op), 0 },
	{ "sizes", set_sizes, 0, 0 },
	{ "shapes", set_sizes, 0, KEY_SHAPE },
	{ NULL, NULL, 0, 0 },
};

static const struct key settings_keys[] = {
	{ "seed", set_seed, SET(seed), 0 },
	{ "distribution", set_distribution, SET(distribution), 0 },
	{ "warmup", set_duration, SET(warmup_ns), 0 },
	{ "min_time", set_duration, SET(min_time_ns), 0 },
	{ "max_time", set_duration, SET(max_time_ns), KEY_POSITIVE },
	{ "min_samples", set_count, SET(min_samples), 0 },
	{ "target_ci", set_percent, SET(target_ci), KEY_POSITIVE },
	{ "threshold", set_percent, SET(threshold), 0 },
	{ "backends", set_names, SET(backends), 0 },
	{ "schemes", set_names, SET(schemes), 0 },
	{ "params", set_params, 0, 0 },
	{ "thresholds", set_thresholds, 0, 0 },
	{ NULL, NULL, 0, 0 },
};

/* A scope: up to two key tables, each with the object its keys set. */
struct scope {
	const struct key *keys[2];
	void *obj[2];
};

static int unknown_key(struct parser *p, const struct scope *sc, const yaml_node_t *key)
{
	const char *cand[32], *near;
	size_t n = 0;

	for (size_t t = 0; t < 2 && sc->keys[t]; t++)
		for (const struct key *k = sc->keys[t]; k->name && n < 32; k++)
			cand[n++] = k->name;
	near = suggest(scalar_of(key), cand, n);
	if (near)
		return fail(p, key, "unknown key '%s' (did you mean '%s'?)", scalar_of(key), near);
	return fail(p, key, "unknown key '%s'", scalar_of(key));
}

static int walk_map(struct parser *p, yaml_node_t *map, const struct scope *sc)
{
	for (size_t i = 0; i < map_len(map); i++) {
		yaml_node_t *key, *val;
		const struct key *found = NULL;
		const char *name;
		void *obj = NULL;
		int rc;

		if ((rc = map_pair(p, map, i, &key, &val, &name)))
			return rc;
		for (size_t t = 0; t < 2 && sc->keys[t] && !found; t++) {
			for (const struct key *k = sc->keys[t]; k->name; k++) {
				if (strcmp(k->name, name) == 0) {
					found = k;
					obj = sc->obj[t];
					break;
				}
			}
		}
		if (!found)
			return unknown_key(p, sc, key);
		if ((rc = found->set(p, found, key, val, obj)))
			return rc;
	}
	return BNB_OK;
}

/* ---- settings ---- */

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
	names_free(&s->backends);
	names_free(&s->schemes);
	for (size_t i = 0; i < s->n_params; i++) {
		free(s->params[i].name);
		free(s->params[i].value);
	}
	free(s->params);
	thresholds_free(s->thresholds, s->n_thresholds);
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
	if ((at = map_get(p, map, "min_time")))
		return fail(p, at, "min_time %s is greater than max_time %s", lo, hi);
	at = map_get(p, map, "max_time");
	return fail(p, at ? at : map, "max_time %s is less than min_time %s", hi, lo);
}

/* ---- the suite ---- */

static int parse_group(struct parser *p, struct suite *s, yaml_node_t *node, size_t index)
{
	struct suite_group *g = &s->groups[index];
	struct scope sc = { { group_keys, settings_keys }, { g, &g->settings } };
	char label[BNB_ERR_MAX / 2];
	int rc;

	settings_copy(&g->settings, &s->defaults);
	if ((rc = expect(p, NULL, node, YAML_MAPPING_NODE, "a group")))
		return rc;
	g->loc = loc_of(p, node);
	if ((rc = walk_map(p, node, &sc)))
		return rc;
	if (g->name)
		snprintf(label, sizeof label, "group '%s'", g->name);
	else
		snprintf(label, sizeof label, "group %zu", index + 1);
	if (!g->op.name)
		return fail(p, node, "missing key 'op' in %s", label);
	if (!g->name)
		g->name = xstrdup(g->op.name);
	if (!g->sizes)
		return fail(p, node, "missing key 'sizes' or 'shapes' in group '%s'", g->name);
	for (size_t j = 0; j < index; j++)
		if (strcmp(s->groups[j].name, g->name) == 0)
			return fail(p, node, "duplicate group name '%s' (first at %u:%u)", g->name,
			            s->groups[j].loc.line, s->groups[j].loc.column);
	return check_times(p, node, &g->settings);
}

static int parse_suite(struct parser *p, struct suite *s)
{
	yaml_node_t *root = yaml_document_get_root_node(&p->doc);
	struct scope top = { { top_keys, NULL }, { s, NULL } };
	struct scope defaults = { { settings_keys, NULL }, { &s->defaults, NULL } };
	size_t n;
	int rc;

	if (!root || is_null(root))
		return err_set(p->e, BNB_EFORMAT, "%s: empty file", p->file);
	if ((rc = expect(p, NULL, root, YAML_MAPPING_NODE, "a suite")) ||
	    (rc = walk_map(p, root, &top)))
		return rc;
	if (!s->name)
		return fail(p, root, "missing key 'name'");
	if (p->defaults) {
		if ((rc = expect(p, NULL, p->defaults, YAML_MAPPING_NODE, "'defaults'")) ||
		    (rc = walk_map(p, p->defaults, &defaults)) ||
		    (rc = check_times(p, p->defaults, &s->defaults)))
			return rc;
	}
	if (!p->groups)
		return fail(p, root, "empty suite (no groups)");
	if ((rc = expect(p, NULL, p->groups, YAML_SEQUENCE_NODE, "'groups'")))
		return rc;
	if ((n = seq_len(p->groups)) == 0)
		return fail(p, p->groups, "empty suite (no groups)");
	s->groups = xcalloc(n, sizeof *s->groups);
	for (size_t i = 0; i < n; i++) {
		s->n_groups++;   /* counted first: suite_free frees a half-read group */
		if ((rc = parse_group(p, s, seq_item(p, p->groups, i), i)))
			return rc;
	}
	return BNB_OK;
}

/* Load the single document of the file into p->doc; on failure p->doc is empty. */
static int load_document(struct parser *p)
{
	yaml_parser_t yp;
	yaml_document_t extra;
	int rc = BNB_OK;

	if (!yaml_parser_initialize(&yp))
		return err_set(p->e, BNB_ENOMEM, "%s: out of memory", p->file);
	yaml_parser_set_input_string(&yp, (const unsigned char *)p->text, p->text_len);
	if (!yaml_parser_load(&yp, &p->doc)) {
		rc = yaml_fail(p, &yp);
	} else if (!yaml_parser_load(&yp, &extra)) {
		rc = yaml_fail(p, &yp);
		yaml_document_delete(&p->doc);
	} else {
		yaml_node_t *second = yaml_document_get_root_node(&extra);
		if (second) {
			rc = err_set(p->e, BNB_EFORMAT, "%s:%zu:%zu: a suite is a single yaml document",
			             p->file, second->start_mark.line + 1, second->start_mark.column + 1);
			yaml_document_delete(&p->doc);
		}
		yaml_document_delete(&extra);
	}
	yaml_parser_delete(&yp);
	return rc;
}

static int read_all(const char *path, struct strbuf *sb, struct bnb_err *e)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192], why[256];
	size_t n;
	int err = 0;

	if (f) {
		while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
			sb_add(sb, chunk, n);
		if (ferror(f))
			err = errno ? errno : EIO;
		fclose(f);
		if (!err)
			return BNB_OK;
	} else {
		err = errno;
	}
	snprintf(why, sizeof why, "%s", strerror(err));
	if (why[0] >= 'A' && why[0] <= 'Z')
		why[0] = (char)(why[0] - 'A' + 'a');
	return err_set(e, err == ENOENT ? BNB_ENOTFOUND : BNB_EIO, "%s: %s", path, why);
}

int suite_load(const char *path, struct suite **out, struct bnb_err *e)
{
	struct strbuf text = STRBUF_INIT;
	struct parser p;
	struct suite *s;
	int rc;

	*out = NULL;
	if ((rc = read_all(path, &text, e))) {
		sb_free(&text);
		return rc;
	}
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	sha256_hex((const unsigned char *)sb_str(&text), text.len, s->hash);
	settings_init(&s->defaults);
	memset(&p, 0, sizeof p);
	p.file = s->path;
	p.text = sb_str(&text);
	p.text_len = text.len;
	p.e = e;
	rc = load_document(&p);
	if (!rc) {
		rc = parse_suite(&p, s);
		yaml_document_delete(&p.doc);
	}
	sb_free(&text);
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
