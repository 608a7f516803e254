/* The YAML document of a suite: loading it within limits, its nodes, errors. */
#include "config.h"

#include "suite-parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct suite_loc suite_loc_of(const struct parser *p, const yaml_node_t *n)
{
	struct suite_loc loc = { p->file, (unsigned)n->start_mark.line + 1,
	                         (unsigned)n->start_mark.column + 1 };
	return loc;
}

int suite_fail(struct parser *p, const yaml_node_t *at, const char *fmt, ...)
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

const char *suite_scalar(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

int suite_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	for (size_t i = 0; i < sizeof nulls / sizeof nulls[0]; i++)
		if (strcmp(suite_scalar(n), nulls[i]) == 0)
			return 1;
	return 0;
}

int suite_expect(struct parser *p, const yaml_node_t *key, const yaml_node_t *n,
                  yaml_node_type_t t, const char *what)
{
	if (suite_is_null(n))
		return suite_fail(p, key ? key : n, "%s has no value", what);
	if (n->type != t)
		return suite_fail(p, n, "%s must be %s, not %s", what, kind_name(t), kind_name(n->type));
	if (t == YAML_SCALAR_NODE && strlen(suite_scalar(n)) != n->data.scalar.length)
		return suite_fail(p, n, "%s contains a null character", what);
	return BNB_OK;
}

static yaml_node_t *node_at(struct parser *p, int index)
{
	return yaml_document_get_node(&p->doc, index);
}

size_t suite_seq_len(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *suite_seq_item(struct parser *p, const yaml_node_t *n, size_t i)
{
	return node_at(p, n->data.sequence.items.start[i]);
}

size_t suite_map_len(const yaml_node_t *n)
{
	return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

int suite_map_pair(struct parser *p, const yaml_node_t *map, size_t i, struct strset *seen,
                   yaml_node_t **key, yaml_node_t **val, const char **name)
{
	const yaml_node_pair_t *pairs = map->data.mapping.pairs.start;
	size_t first;

	*key = node_at(p, pairs[i].key);
	*val = node_at(p, pairs[i].value);
	if ((*key)->type != YAML_SCALAR_NODE)
		return suite_fail(p, *key, "a key must be a single value, not %s", kind_name((*key)->type));
	*name = suite_scalar(*key);
	if (!strset_add(seen, *name, i, &first)) {
		yaml_node_t *prev = node_at(p, pairs[first].key);
		return suite_fail(p, *key, "duplicate key '%s' (first at %zu:%zu)", *name,
		                  prev->start_mark.line + 1, prev->start_mark.column + 1);
	}
	return BNB_OK;
}

yaml_node_t *suite_map_get(struct parser *p, const yaml_node_t *map, const char *name)
{
	const yaml_node_pair_t *pairs = map->data.mapping.pairs.start;

	for (size_t i = 0; i < suite_map_len(map); i++) {
		yaml_node_t *key = node_at(p, pairs[i].key);
		if (key->type == YAML_SCALAR_NODE && strcmp(suite_scalar(key), name) == 0)
			return node_at(p, pairs[i].value);
	}
	return NULL;
}

static int unknown_key(struct parser *p, const struct scope *sc, const yaml_node_t *key)
{
	const char *cand[32], *near;
	size_t n = 0;

	for (size_t t = 0; t < 2 && sc->keys[t]; t++)
		for (const struct key *k = sc->keys[t]; k->name && n < 32; k++)
			cand[n++] = k->name;
	near = suggest(suite_scalar(key), cand, n);
	if (near)
		return suite_fail(p, key, "unknown key '%s' (did you mean '%s'?)", suite_scalar(key), near);
	return suite_fail(p, key, "unknown key '%s'", suite_scalar(key));
}

int suite_walk_map(struct parser *p, yaml_node_t *map, const struct scope *sc)
{
	struct strset seen = STRSET_INIT;
	int rc = BNB_OK;

	for (size_t i = 0; rc == BNB_OK && i < suite_map_len(map); i++) {
		yaml_node_t *key, *val;
		const struct key *found = NULL;
		const char *name;
		void *obj = NULL;

		if ((rc = suite_map_pair(p, map, i, &seen, &key, &val, &name)))
			break;
		for (size_t t = 0; t < 2 && sc->keys[t] && !found; t++) {
			for (const struct key *k = sc->keys[t]; k->name; k++) {
				if (strcmp(k->name, name) == 0) {
					found = k;
					obj = sc->obj[t];
					break;
				}
			}
		}
		rc = found ? found->set(p, found, key, val, obj) : unknown_key(p, sc, key);
	}
	strset_free(&seen);
	return rc;
}

/* ---- limits: checked on the event stream, before the document is built ---- */

/* Where a collection started, and its anchor if it has one. */
struct open_node {
	char *anchor;
	size_t first;              /* values counted before it */
};

struct limits {
	struct strset anchors;     /* anchor -> values under it, aliases expanded */
	char *names[SUITE_MAX_ANCHORS];
	size_t n_anchors;
	struct open_node open[SUITE_MAX_DEPTH + 1];
	unsigned depth;
	size_t values;
};

static int fail_mark(struct parser *p, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_mark(struct parser *p, yaml_mark_t m, const char *fmt, ...)
{
	char msg[BNB_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(p->e, BNB_EFORMAT, "%s:%zu:%zu: %s", p->file, m.line + 1, m.column + 1, msg);
}

/* Record an anchor that covers `n` values; a name given again takes the new value. */
static int anchor_add(struct parser *p, struct limits *l, const yaml_event_t *ev,
                      const yaml_char_t *anchor, size_t n)
{
	size_t *old = strset_find(&l->anchors, (const char *)anchor);

	if (old) {
		*old = n;
		return BNB_OK;
	}
	if (l->n_anchors == SUITE_MAX_ANCHORS)
		return fail_mark(p, ev->start_mark, "more than %d anchors", SUITE_MAX_ANCHORS);
	l->names[l->n_anchors] = xstrdup((const char *)anchor);
	strset_add(&l->anchors, l->names[l->n_anchors++], n, NULL);
	return BNB_OK;
}

static int limits_event(struct parser *p, struct limits *l, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL;
	size_t *n;

	switch (ev->type) {
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (l->depth == SUITE_MAX_DEPTH)
			return fail_mark(p, ev->start_mark, "nested deeper than %d levels", SUITE_MAX_DEPTH);
		anchor = ev->type == YAML_SEQUENCE_START_EVENT ? ev->data.sequence_start.anchor
		                                               : ev->data.mapping_start.anchor;
		l->open[l->depth].anchor = anchor ? xstrdup((const char *)anchor) : NULL;
		l->open[l->depth++].first = l->values++;
		return BNB_OK;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: {
		struct open_node *o = &l->open[--l->depth];
		int rc = o->anchor ? anchor_add(p, l, ev, (const yaml_char_t *)o->anchor, l->values - o->first)
		                   : BNB_OK;
		free(o->anchor);
		o->anchor = NULL;
		return rc;
	}
	case YAML_SCALAR_EVENT:
		l->values++;
		return ev->data.scalar.anchor ? anchor_add(p, l, ev, ev->data.scalar.anchor, 1) : BNB_OK;
	case YAML_ALIAS_EVENT:
		if (!(n = strset_find(&l->anchors, (const char *)ev->data.alias.anchor)))
			break;   /* the loader reports it */
		l->values += *n;
		break;
	default:
		return BNB_OK;
	}
	if (l->values > SUITE_MAX_NODES)
		return fail_mark(p, ev->start_mark, "aliases expand to more than %d values", SUITE_MAX_NODES);
	return BNB_OK;
}

/*
 * Nesting depth, anchors and the values aliases expand to, on the events: a
 * deep or explosive file is refused before libyaml's loader, whose anchor
 * lookups are linear, builds anything.
 */
static int check_limits(struct parser *p)
{
	struct limits l;
	yaml_parser_t yp;
	int rc = BNB_OK, done = 0;

	memset(&l, 0, sizeof l);
	if (!yaml_parser_initialize(&yp))
		return err_set(p->e, BNB_ENOMEM, "%s: out of memory", p->file);
	yaml_parser_set_input_string(&yp, (const unsigned char *)p->text, p->text_len);
	while (rc == BNB_OK && !done) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&yp, &ev))
			break;   /* the loader reports it, with the same words */
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = limits_event(p, &l, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&yp);
	while (l.depth)
		free(l.open[--l.depth].anchor);
	for (size_t i = 0; i < l.n_anchors; i++)
		free(l.names[i]);
	strset_free(&l.anchors);
	return rc;
}

/* On failure p->doc is empty. */
int suite_load_document(struct parser *p)
{
	yaml_parser_t yp;
	yaml_document_t extra;
	int rc = check_limits(p);

	if (rc)
		return rc;
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
