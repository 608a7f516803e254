/*
 * The suite parser's inside, shared by suite.c (the suite and its groups),
 * suite-node.c (the YAML document: loading, limits, nodes, errors) and
 * suite-keys.c (the keys of each scope and how their values are read).
 */
#ifndef BNB_SUITE_PARSE_H
#define BNB_SUITE_PARSE_H

#include <stddef.h>

#include <yaml.h>

#include "strset.h"
#include "suite.h"

/* Limits that bound the work a suite can ask for (bnbench-suite(5) LIMITS). */
#define SUITE_MAX_BYTES ((size_t)4 << 20)
#define SUITE_MAX_DEPTH 64
#define SUITE_MAX_ANCHORS 100
#define SUITE_MAX_NODES 2000000      /* values, with aliases expanded */

struct parser {
	const char *file;          /* the suite's path: every suite_loc points here */
	const char *text;          /* the file, for reader errors given as offsets */
	size_t text_len;
	yaml_document_t doc;
	yaml_node_t *defaults, *groups;   /* read after the top-level walk */
	struct bnb_err *e;
};

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

/* A scope: up to two key tables, each with the object its keys set. */
struct scope {
	const struct key *keys[2];
	void *obj[2];
};

extern const struct key suite_top_keys[], suite_group_keys[], suite_settings_keys[];

/* Load the single document of p->text into p->doc, within the limits above. */
int suite_load_document(struct parser *p);

struct suite_loc suite_loc_of(const struct parser *p, const yaml_node_t *n);
/* "FILE:L:C: message" at node `at`; returns BNB_EFORMAT. */
int suite_fail(struct parser *p, const yaml_node_t *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *suite_scalar(const yaml_node_t *n);
/* A plain empty value, ~ or null. */
int suite_is_null(const yaml_node_t *n);
/*
 * Check that `n` has type `t`; `what` names it in the message ("'seed'").
 * An empty value is reported at its key, where the reader will look for it.
 */
int suite_expect(struct parser *p, const yaml_node_t *key, const yaml_node_t *n,
                 yaml_node_type_t t, const char *what);
size_t suite_seq_len(const yaml_node_t *n);
yaml_node_t *suite_seq_item(struct parser *p, const yaml_node_t *n, size_t i);
size_t suite_map_len(const yaml_node_t *n);
/*
 * Key i of mapping `map`, which must be a single value not given before
 * (`seen` holds the keys before i); sets *key, *val and *name.
 */
int suite_map_pair(struct parser *p, const yaml_node_t *map, size_t i, struct strset *seen,
                   yaml_node_t **key, yaml_node_t **val, const char **name);
/* The value of mapping `map` at key `name`, or NULL. */
yaml_node_t *suite_map_get(struct parser *p, const yaml_node_t *map, const char *name);
/* Read every key of `map` with the scope's tables; unknown keys are errors. */
int suite_walk_map(struct parser *p, yaml_node_t *map, const struct scope *sc);

void suite_names_free(struct suite_names *l);
/* suite-model.c: the top-level key 'model'; every layer's shape in a gemv group. */
int suite_set_model(struct parser *p, const struct key *k, yaml_node_t *key, yaml_node_t *val, void *obj);
int suite_model_check(const struct suite *s, struct bnb_err *e);
void suite_model_free(struct suite_model *sm);
void suite_thresholds_free(struct suite_threshold *v, size_t n);

#endif
