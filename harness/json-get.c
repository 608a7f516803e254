/* The JSON tree: paths, lookups and typed getters whose errors say where. */
#include "config.h"

#include "json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *json_type_article(enum json_type t)
{
	switch (t) {
	case JSON_NULL: return "null";
	case JSON_BOOL: return "a boolean";
	case JSON_NUMBER: return "a number";
	case JSON_STRING: return "a string";
	case JSON_ARRAY: return "an array";
	case JSON_OBJECT: return "an object";
	}
	return "unknown";
}

void json_path(const struct json_node *n, struct strbuf *sb)
{
	if (!n || !n->parent)
		return;
	json_path(n->parent, sb);
	if (n->parent->type == JSON_ARRAY)
		sb_addf(sb, "[%zu]", n->index);
	else
		sb_addf(sb, "%s%s", sb->len ? "." : "", n->key);
}

int json_error(const struct json_node *at, struct bnb_err *e, const char *fmt, ...)
{
	char msg[BNB_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return err_set(e, BNB_EFORMAT, "%s:%u:%u: %s", at->file, at->line, at->col, msg);
}

/* "'mean.point_estimate'", or "top-level value". */
static void node_name(const struct json_node *n, struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;

	json_path(n, &path);
	if (path.len)
		sb_addf(sb, "'%s'", sb_str(&path));
	else
		sb_adds(sb, "top-level value");
	sb_free(&path);
}

const struct json_node *json_get(const struct json_node *obj, const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->items[i]->key, key) == 0)
			return obj->items[i];
	return NULL;
}

int json_expect(const struct json_node *n, enum json_type t, struct bnb_err *e)
{
	struct strbuf name = STRBUF_INIT;
	int rc;

	if (n->type == t)
		return BNB_OK;
	node_name(n, &name);
	rc = json_error(n, e, "%s is %s, expected %s", sb_str(&name), json_type_article(n->type),
	                json_type_article(t));
	sb_free(&name);
	return rc;
}

int json_number(const struct json_node *n, double *out, struct bnb_err *e)
{
	int rc = json_expect(n, JSON_NUMBER, e);

	if (rc == BNB_OK)
		*out = n->num;
	return rc;
}

int json_u64(const struct json_node *n, uint64_t *out, struct bnb_err *e)
{
	struct strbuf name = STRBUF_INIT;
	int rc = json_expect(n, JSON_NUMBER, e);

	if (rc == BNB_OK && parse_u64(n->text, out) != BNB_OK) {
		node_name(n, &name);
		rc = json_error(n, e, "%s is %s, expected an integer from 0 to 18446744073709551615",
		                sb_str(&name), n->text);
		sb_free(&name);
	}
	return rc;
}

int json_string(const struct json_node *n, const char **out, struct bnb_err *e)
{
	int rc = json_expect(n, JSON_STRING, e);

	if (rc == BNB_OK)
		*out = n->text;
	return rc;
}

int json_member(const struct json_node *obj, const char *key, enum json_type t,
                const struct json_node **out, struct bnb_err *e)
{
	struct strbuf path = STRBUF_INIT;
	int rc = json_expect(obj, JSON_OBJECT, e);

	*out = NULL;
	if (rc)
		return rc;
	*out = json_get(obj, key);
	if (*out)
		return json_expect(*out, t, e);
	json_path(obj, &path);
	rc = json_error(obj, e, "missing key '%s%s%s'", sb_str(&path), path.len ? "." : "", key);
	sb_free(&path);
	return rc;
}

/* The member `key` of `obj`, of type `t` or null. */
static int member_or_null(const struct json_node *obj, const char *key, enum json_type t,
                          const struct json_node **out, struct bnb_err *e)
{
	int rc = json_member(obj, key, t, out, e);

	return rc && *out && (*out)->type == JSON_NULL ? BNB_OK : rc;
}

int json_get_number(const struct json_node *obj, const char *key, double *out, struct bnb_err *e)
{
	const struct json_node *n;
	int rc = json_member(obj, key, JSON_NUMBER, &n, e);

	if (rc == BNB_OK)
		*out = n->num;
	return rc;
}

int json_get_u64(const struct json_node *obj, const char *key, uint64_t *out, struct bnb_err *e)
{
	const struct json_node *n;
	int rc = json_member(obj, key, JSON_NUMBER, &n, e);

	return rc ? rc : json_u64(n, out, e);
}

int json_get_string(const struct json_node *obj, const char *key, const char **out,
                    struct bnb_err *e)
{
	const struct json_node *n;
	int rc = json_member(obj, key, JSON_STRING, &n, e);

	if (rc == BNB_OK)
		*out = n->text;
	return rc;
}

int json_get_bool(const struct json_node *obj, const char *key, int *out, struct bnb_err *e)
{
	const struct json_node *n;
	int rc = json_member(obj, key, JSON_BOOL, &n, e);

	if (rc == BNB_OK)
		*out = n->boolean;
	return rc;
}

int json_get_number_or_null(const struct json_node *obj, const char *key, double *out,
                            struct bnb_err *e)
{
	const struct json_node *n = NULL;
	int rc = member_or_null(obj, key, JSON_NUMBER, &n, e);

	if (rc == BNB_OK)
		*out = n->type == JSON_NULL ? NAN : n->num;
	return rc;
}

int json_get_string_or_null(const struct json_node *obj, const char *key, const char **out,
                            struct bnb_err *e)
{
	const struct json_node *n = NULL;
	int rc = member_or_null(obj, key, JSON_STRING, &n, e);

	if (rc == BNB_OK)
		*out = n->type == JSON_NULL ? NULL : n->text;
	return rc;
}

int json_check_keys(const struct json_node *obj, const char *const *known, size_t n_known,
                    struct bnb_err *e)
{
	int rc = json_expect(obj, JSON_OBJECT, e);

	for (size_t i = 0; rc == BNB_OK && i < obj->n; i++) {
		const struct json_node *v = obj->items[i];
		size_t j = 0;

		while (j < n_known && strcmp(v->key, known[j]) != 0)
			j++;
		if (j == n_known) {
			struct strbuf path = STRBUF_INIT;

			json_path(v, &path);
			rc = json_error(v, e, "unknown key '%s'", sb_str(&path));
			sb_free(&path);
		}
	}
	return rc;
}
