/*
 * A small JSON reader on libyaml (JSON is YAML 1.2 flow syntax): a tree of
 * nodes that know their line:column and their path, and typed getters whose
 * errors say where ("sample.json:1:230: 'times[4]' is a string, expected a number").
 */
#ifndef BNB_JSON_H
#define BNB_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_node {
	enum json_type type;
	unsigned line, col;             /* 1-based */
	const char *file;               /* the document's name, for messages */
	const struct json_node *parent; /* NULL for the top-level value */
	char *key;                      /* this node's key in its parent object, else NULL */
	size_t index;                   /* its position in its parent */
	char *text;                     /* a string's value, or a number's literal */
	double num;                     /* a number's value (always finite) */
	int boolean;
	struct json_node **items;       /* array elements, or object values (keys in ->key) */
	struct json_num *nums;          /* instead of items: an array of numbers only */
	size_t n;
};

/* An element of an array of numbers only, kept packed (16 bytes). */
struct json_num {
	double value;
	uint32_t line, col;
};

/* Room for json_item to build a packed element in. */
struct json_elem {
	struct json_node node;
	char text[32];
};

/*
 * Parse `len` bytes of JSON; `file` names it in messages.  Refused with
 * BNB_EFORMAT and "FILE:L:C: ...": invalid or truncated syntax, NaN and
 * infinities, YAML that is not JSON (block style, single quotes, anchors,
 * tags, unquoted words), duplicate keys, an empty file.  Free with json_free.
 */
int json_parse(const char *file, const char *text, size_t len, struct json_node **root,
               struct bnb_err *e);
/*
 * Read and parse the file at `path` (named by `path` in messages): a regular
 * file of at most 1 GiB.
 */
int json_load(const char *path, struct json_node **root, struct bnb_err *e);
void json_free(struct json_node *root);

/*
 * Element i of an array: items[i], or for a packed array (nums set) the
 * element built in *tmp, valid as long as tmp and the array are; its text is
 * the shortest literal that reads back as its value.
 */
const struct json_node *json_item(const struct json_node *arr, size_t i, struct json_elem *tmp);
/* Element i of an array as a number, without building a node (fast on packed arrays). */
int json_item_number(const struct json_node *arr, size_t i, double *out, struct bnb_err *e);

/* "a string", "an object", "null", ... */
const char *json_type_article(enum json_type t);
/* The node's path: "mean.point_estimate", "times[4]", "" for the top-level value. */
void json_path(const struct json_node *n, struct strbuf *sb);
/* Fill `e` with "FILE:L:C: message" (BNB_EFORMAT) and return BNB_EFORMAT. */
int json_error(const struct json_node *at, struct bnb_err *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The member `key` of an object, or NULL (missing, or `obj` is not an object). */
const struct json_node *json_get(const struct json_node *obj, const char *key);

/* Type checks of one node: "FILE:L:C: 'PATH' is a string, expected a number". */
int json_expect(const struct json_node *n, enum json_type t, struct bnb_err *e);
int json_number(const struct json_node *n, double *out, struct bnb_err *e);
/* A number written as a non-negative integer that fits 64 bits (no fraction, no exponent). */
int json_u64(const struct json_node *n, uint64_t *out, struct bnb_err *e);
int json_string(const struct json_node *n, const char **out, struct bnb_err *e);

/*
 * Required members of an object, checked for type: a missing one is
 * "FILE:L:C: missing key 'PATH'" at the object.
 */
int json_member(const struct json_node *obj, const char *key, enum json_type t,
                const struct json_node **out, struct bnb_err *e);
int json_get_number(const struct json_node *obj, const char *key, double *out, struct bnb_err *e);
int json_get_u64(const struct json_node *obj, const char *key, uint64_t *out, struct bnb_err *e);
int json_get_string(const struct json_node *obj, const char *key, const char **out,
                    struct bnb_err *e);
int json_get_bool(const struct json_node *obj, const char *key, int *out, struct bnb_err *e);
/* As above, with null accepted: NAN, or NULL. */
int json_get_number_or_null(const struct json_node *obj, const char *key, double *out,
                            struct bnb_err *e);
int json_get_string_or_null(const struct json_node *obj, const char *key, const char **out,
                            struct bnb_err *e);

/* Refuse a key of `obj` not in `known`: "FILE:L:C: unknown key 'PATH'". */
int json_check_keys(const struct json_node *obj, const char *const *known, size_t n_known,
                    struct bnb_err *e);

#endif
