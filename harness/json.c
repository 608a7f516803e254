/* A JSON reader on libyaml's event parser: JSON is YAML 1.2 flow syntax, so
 * libyaml tokenizes it and this file keeps only what JSON allows. */
#include "config.h"

#include "json.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "strset.h"

/* Deeper nesting than any document bnbench reads; bounds the recursion. */
#define JSON_MAX_DEPTH 256
/* Larger than any document bnbench writes for one run (bnbench-import(1)). */
#define JSON_MAX_BYTES ((size_t)1 << 30)

struct reader {
	yaml_parser_t yp;
	const char *file, *text;
	size_t len;
	struct bnb_err *e;
};

static int fail_at(struct reader *r, yaml_mark_t m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_at(struct reader *r, yaml_mark_t m, const char *fmt, ...)
{
	char msg[BNB_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(r->e, BNB_EFORMAT, "%s:%zu:%zu: %s", r->file, m.line + 1, m.column + 1, msg);
}

static int syntax_error(struct reader *r)
{
	const yaml_parser_t *yp = &r->yp;
	const char *problem = yp->problem ? yp->problem : "cannot parse";
	size_t line = yp->problem_mark.line + 1, col = yp->problem_mark.column + 1, at = r->len;

	if (yp->error == YAML_MEMORY_ERROR)
		return err_set(r->e, BNB_ENOMEM, "%s: out of memory", r->file);
	if (yp->error == YAML_READER_ERROR)
		at = yp->problem_offset;
	/*
	 * The reader reports a byte offset; at the end of the input the scanner
	 * reports a line past a last line without a newline: count lines instead.
	 */
	if (yp->error == YAML_READER_ERROR || yp->problem_mark.index >= r->len) {
		line = col = 1;
		for (size_t i = 0; i < at && i < r->len; i++, col++) {
			if (r->text[i] == '\n') {
				line++;
				col = 0;
			}
		}
	}
	if (yp->context)
		return err_set(r->e, BNB_EFORMAT, "%s:%zu:%zu: invalid JSON: %s (%s at %zu:%zu)", r->file,
		               line, col, problem, yp->context, yp->context_mark.line + 1,
		               yp->context_mark.column + 1);
	return err_set(r->e, BNB_EFORMAT, "%s:%zu:%zu: invalid JSON: %s", r->file, line, col, problem);
}

static int next_event(struct reader *r, yaml_event_t *ev)
{
	return yaml_parser_parse(&r->yp, ev) ? BNB_OK : syntax_error(r);
}

static struct json_node *node_new(struct reader *r, const yaml_event_t *ev, enum json_type t)
{
	struct json_node *n = xcalloc(1, sizeof *n);

	n->type = t;
	n->line = (unsigned)ev->start_mark.line + 1;
	n->col = (unsigned)ev->start_mark.column + 1;
	n->file = r->file;
	return n;
}

static void node_free(struct json_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; n->items && i < n->n; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->nums);
	free(n->key);
	free(n->text);
	free(n);
}

/* "nan", "-.NaN", "inf", "+Infinity", ...: words YAML or C print for non-finite numbers. */
static int non_finite_word(const char *s, int *is_nan)
{
	if (*s == '+' || *s == '-')
		s++;
	if (*s == '.')
		s++;
	*is_nan = strcasecmp(s, "nan") == 0;
	return *is_nan || strcasecmp(s, "inf") == 0 || strcasecmp(s, "infinity") == 0;
}

/* RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int number_syntax(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (isdigit((unsigned char)*s))
		while (isdigit((unsigned char)*s))
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!isdigit((unsigned char)*++s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

/* An unquoted scalar: null, true, false or a number; anything else is refused. */
static int plain_scalar(struct reader *r, const yaml_event_t *ev, struct json_node **out)
{
	const char *s = (const char *)ev->data.scalar.value;
	enum json_type t = JSON_NUMBER;
	int is_nan;
	double v = 0;

	if (ev->data.scalar.length == 0)
		return fail_at(r, ev->start_mark, "missing value");
	if (strcmp(s, "null") == 0) {
		t = JSON_NULL;
	} else if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
		t = JSON_BOOL;
	} else if (number_syntax(s)) {
		v = strtod(s, NULL);
		if (!isfinite(v))
			return fail_at(r, ev->start_mark, "number '%s' is out of range", s);
	} else if (non_finite_word(s, &is_nan)) {
		if (is_nan)
			return fail_at(r, ev->start_mark, "NaN is not valid JSON");
		return fail_at(r, ev->start_mark, "'%s' is not valid JSON (numbers must be finite)", s);
	} else {
		return fail_at(r, ev->start_mark, "invalid JSON value '%s'", s);
	}
	*out = node_new(r, ev, t);
	(*out)->boolean = t == JSON_BOOL && s[0] == 't';
	if (t == JSON_NUMBER) {
		(*out)->num = v;
		(*out)->text = xstrdup(s);
	}
	return BNB_OK;
}

static int scalar(struct reader *r, const yaml_event_t *ev, struct json_node **out)
{
	const char *s = (const char *)ev->data.scalar.value;

	switch (ev->data.scalar.style) {
	case YAML_PLAIN_SCALAR_STYLE:
		return plain_scalar(r, ev, out);
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
		if (memchr(s, '\0', ev->data.scalar.length))
			return fail_at(r, ev->start_mark, "string contains a NUL character");
		*out = node_new(r, ev, JSON_STRING);
		(*out)->text = xstrdup(s);
		return BNB_OK;
	case YAML_SINGLE_QUOTED_SCALAR_STYLE:
		return fail_at(r, ev->start_mark, "single-quoted string is not JSON (use double quotes)");
	default:
		return fail_at(r, ev->start_mark, "block scalar is not JSON");
	}
}

/* YAML features outside JSON, on a node's first event. */
static int not_json(struct reader *r, const yaml_event_t *ev)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	int block = 0;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return fail_at(r, ev->start_mark, "alias is not JSON");
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		block = ev->data.sequence_start.style != YAML_FLOW_SEQUENCE_STYLE;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		block = ev->data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
		break;
	default:
		return fail_at(r, ev->start_mark, "unexpected YAML event");
	}
	if (anchor)
		return fail_at(r, ev->start_mark, "anchor is not JSON");
	if (tag)
		return fail_at(r, ev->start_mark, "tag is not JSON");
	if (block)
		return fail_at(r, ev->start_mark, "block-style YAML is not JSON");
	return BNB_OK;
}

static int parse_value(struct reader *r, yaml_event_t *ev, struct json_node *parent, char **key,
                       unsigned depth, struct json_node **out);

static void add_child(struct json_node *parent, size_t *cap, struct json_node *child)
{
	if (parent->n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		parent->items = xrealloc(parent->items, *cap * sizeof *parent->items);
	}
	parent->items[parent->n++] = child;
}

/* The key of an object member: a double-quoted string not in `seen`, the keys before it. */
static int member_key(struct reader *r, struct json_node *obj, struct strset *seen,
                      const yaml_event_t *ev, char **key)
{
	const char *s;

	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_DOUBLE_QUOTED_SCALAR_STYLE ||
	    ev->data.scalar.anchor || ev->data.scalar.tag)
		return fail_at(r, ev->start_mark, "object key must be a double-quoted string");
	s = (const char *)ev->data.scalar.value;
	if (strset_find(seen, s)) {
		struct strbuf path = STRBUF_INIT;
		int rc;

		json_path(obj, &path);
		rc = fail_at(r, ev->start_mark, "duplicate key '%s%s%s'", sb_str(&path), path.len ? "." : "", s);
		sb_free(&path);
		return rc;
	}
	*key = xstrdup(s);
	return BNB_OK;
}

/* YAML allows "[1, 2,]" and "{"a": 1,}"; JSON does not. */
static int trailing_comma(struct reader *r, yaml_mark_t end)
{
	size_t i = end.index;

	while (i > 0 && strchr(" \t\r\n", r->text[i - 1]))
		i--;
	if (i > 0 && r->text[i - 1] == ',')
		return fail_at(r, end, "trailing comma is not JSON");
	return BNB_OK;
}

/* A plain scalar that is a finite JSON number, without anchor or tag: *v its value. */
static int packable(const yaml_event_t *ev, double *v)
{
	const char *s = (const char *)ev->data.scalar.value;

	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
	    ev->data.scalar.anchor || ev->data.scalar.tag || !number_syntax(s))
		return 0;
	*v = strtod(s, NULL);
	return isfinite(*v);
}

static void pack(struct json_node *n, size_t *cap, const yaml_event_t *ev, double v)
{
	if (n->n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		n->nums = xrealloc(n->nums, *cap * sizeof *n->nums);
	}
	n->nums[n->n].value = v;
	n->nums[n->n].line = (uint32_t)(ev->start_mark.line + 1);
	n->nums[n->n].col = (uint32_t)(ev->start_mark.column + 1);
	n->n++;
}

/* A whole number in full, else the shortest "%.Ng" that reads back as x. */
static void fmt_exact(char *buf, size_t len, double x)
{
	if (x == floor(x) && fabs(x) < 1e17) {
		snprintf(buf, len, "%.0f", x);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/* Element i of a packed array as a node of its own. */
static struct json_node *unpack(const struct json_node *arr, size_t i, struct json_node *to)
{
	char text[32];

	memset(to, 0, sizeof *to);
	to->type = JSON_NUMBER;
	to->line = arr->nums[i].line;
	to->col = arr->nums[i].col;
	to->file = arr->file;
	to->parent = arr;
	to->index = i;
	to->num = arr->nums[i].value;
	fmt_exact(text, sizeof text, to->num);
	to->text = xstrdup(text);
	return to;
}

/* A packed array that gets an element other than a number: every element a node. */
static void unpack_all(struct json_node *n, size_t *cap)
{
	n->items = xcalloc(n->n ? n->n : 1, sizeof *n->items);
	for (size_t i = 0; i < n->n; i++)
		n->items[i] = unpack(n, i, xmalloc(sizeof **n->items));
	free(n->nums);
	n->nums = NULL;
	*cap = n->n;
}

/*
 * The children of the array or object `n`, up to its end event.  An array
 * whose elements are all numbers is kept packed: 16 bytes an element.
 */
static int parse_children(struct reader *r, struct json_node *n, unsigned depth)
{
	yaml_event_type_t end = n->type == JSON_ARRAY ? YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;
	struct strset seen = STRSET_INIT;   /* an object's keys */
	size_t cap = 0;
	int rc = BNB_OK;

	for (;;) {
		struct json_node *child = NULL;
		char *key = NULL;
		yaml_event_t ev;
		double v;

		if ((rc = next_event(r, &ev)))
			break;
		if (ev.type == end) {
			rc = trailing_comma(r, ev.start_mark);
			yaml_event_delete(&ev);
			break;
		}
		if (n->type == JSON_ARRAY && (n->nums || n->n == 0) && depth < JSON_MAX_DEPTH &&
		    packable(&ev, &v)) {
			pack(n, &cap, &ev, v);
			yaml_event_delete(&ev);
			continue;
		}
		if (n->nums)
			unpack_all(n, &cap);
		if (n->type == JSON_OBJECT) {
			rc = member_key(r, n, &seen, &ev, &key);
			yaml_event_delete(&ev);
			if (rc == BNB_OK)
				rc = next_event(r, &ev);
			if (rc) {
				free(key);
				break;
			}
		}
		rc = parse_value(r, &ev, n, &key, depth + 1, &child);
		free(key);
		if (rc)
			break;
		add_child(n, &cap, child);
		if (n->type == JSON_OBJECT)
			strset_add(&seen, child->key, n->n - 1, NULL);
	}
	strset_free(&seen);
	return rc;
}

int json_item_number(const struct json_node *arr, size_t i, double *out, struct bnb_err *e)
{
	if (!arr->nums)
		return json_number(arr->items[i], out, e);
	*out = arr->nums[i].value;
	return BNB_OK;
}

const struct json_node *json_item(const struct json_node *arr, size_t i, struct json_elem *tmp)
{
	if (!arr->nums)
		return arr->items[i];
	unpack(arr, i, &tmp->node);
	snprintf(tmp->text, sizeof tmp->text, "%s", tmp->node.text);
	free(tmp->node.text);
	tmp->node.text = tmp->text;
	return &tmp->node;
}

/*
 * One value, starting at the event `ev` (which this deletes), to be the next
 * child of `parent` (if any) under `*key` (if any; the node takes it over).
 */
static int parse_value(struct reader *r, yaml_event_t *ev, struct json_node *parent, char **key,
                       unsigned depth, struct json_node **out)
{
	int rc = not_json(r, ev);

	*out = NULL;
	if (rc == BNB_OK && depth > JSON_MAX_DEPTH)
		rc = fail_at(r, ev->start_mark, "nested deeper than %d levels", JSON_MAX_DEPTH);
	if (rc == BNB_OK && ev->type == YAML_SCALAR_EVENT)
		rc = scalar(r, ev, out);
	else if (rc == BNB_OK)
		*out = node_new(r, ev, ev->type == YAML_SEQUENCE_START_EVENT ? JSON_ARRAY : JSON_OBJECT);
	yaml_event_delete(ev);
	if (rc == BNB_OK) {
		(*out)->parent = parent;
		(*out)->index = parent ? parent->n : 0;
		(*out)->key = key ? *key : NULL;
		if (key)
			*key = NULL;
	}
	if (rc == BNB_OK && ((*out)->type == JSON_ARRAY || (*out)->type == JSON_OBJECT))
		rc = parse_children(r, *out, depth);
	if (rc) {
		node_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Stream start, one implicit document holding one value, stream end. */
static int parse_stream(struct reader *r, struct json_node **root)
{
	yaml_event_t ev;
	yaml_mark_t doc_mark;
	int rc, explicit_doc;

	if ((rc = next_event(r, &ev)))
		return rc;
	yaml_event_delete(&ev);  /* stream start */
	if ((rc = next_event(r, &ev)))
		return rc;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		return err_set(r->e, BNB_EFORMAT, "%s: empty file (expected a JSON value)", r->file);
	}
	explicit_doc = !ev.data.document_start.implicit;
	doc_mark = ev.start_mark;
	yaml_event_delete(&ev);
	if (explicit_doc)
		return fail_at(r, doc_mark, "document marker is not JSON");
	if ((rc = next_event(r, &ev)) || (rc = parse_value(r, &ev, NULL, NULL, 0, root)))
		return rc;
	if ((rc = next_event(r, &ev)) == BNB_OK) {   /* document end */
		yaml_event_delete(&ev);
		rc = next_event(r, &ev);
	}
	if (rc == BNB_OK) {
		if (ev.type != YAML_STREAM_END_EVENT)
			rc = fail_at(r, ev.start_mark, "more than one JSON value");
		yaml_event_delete(&ev);
	}
	if (rc) {
		node_free(*root);
		*root = NULL;
	}
	return rc;
}

int json_parse(const char *file, const char *text, size_t len, struct json_node **root,
               struct bnb_err *e)
{
	struct reader r = { .file = xstrdup(file), .text = text, .len = len, .e = e };
	int rc;

	*root = NULL;
	if (!yaml_parser_initialize(&r.yp)) {
		free((char *)r.file);
		return err_set(e, BNB_ENOMEM, "%s: out of memory", file);
	}
	yaml_parser_set_input_string(&r.yp, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&r.yp, YAML_UTF8_ENCODING);
	rc = parse_stream(&r, root);
	yaml_parser_delete(&r.yp);
	if (rc)
		free((char *)r.file);   /* else the root owns it */
	return rc;
}

int json_load(const char *path, struct json_node **root, struct bnb_err *e)
{
	char *text;
	size_t len;
	int rc;

	*root = NULL;
	if ((rc = file_read_text(path, JSON_MAX_BYTES, &text, &len, e)))
		return rc;
	rc = json_parse(path, text, len, root, e);
	free(text);
	return rc;
}

void json_free(struct json_node *root)
{
	const char *file;

	if (!root)
		return;
	file = root->file;
	node_free(root);
	free((char *)file);
}
