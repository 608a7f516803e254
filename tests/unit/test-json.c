/* The JSON reader: values, positions, paths, typed getters and every refusal. */
#include "config.h"

#include <math.h>

#include "json.h"
#include "tap.h"

static struct json_node *parse(const char *text, struct bnb_err *e)
{
	struct json_node *root = NULL;

	e->status = 0;
	e->msg[0] = '\0';
	if (json_parse("t.json", text, strlen(text), &root, e) != BNB_OK)
		return NULL;
	return root;
}

/* The message parsing `text` fails with. */
static void refused(const char *text, const char *want, const char *name)
{
	struct bnb_err e;
	struct json_node *root = parse(text, &e);

	ok(root == NULL && e.status == BNB_EFORMAT, "%s: refused", name);
	is_str(e.msg, want, name);
	json_free(root);
}

static void test_values(void)
{
	const char *text = "{\"a\": 1, \"b\": [true, false, null, -0.5e2, \"x\\u00e9\\n\"],\n"
	                   " \"c\": {\"d\": 18446744073709551615}, \"e\": \"\"}";
	const struct json_node *b, *d;
	struct strbuf path = STRBUF_INIT;
	struct bnb_err e;
	struct json_node *root = parse(text, &e);
	uint64_t u = 0;
	double x = 0;

	if (!ok(root != NULL, "an object parses"))
		printf("# %s\n", e.msg);
	if (!root)
		return;
	is_int(root->type, JSON_OBJECT, "top-level object");
	is_int(root->n, 4, "four members");
	is_str(root->items[2]->key, "c", "members keep their order");
	b = json_get(root, "b");
	ok(b && b->type == JSON_ARRAY && b->n == 5, "array of five");
	is_int(b->items[0]->type, JSON_BOOL, "true is a boolean");
	is_int(b->items[0]->boolean, 1, "true");
	is_int(b->items[1]->boolean, 0, "false");
	is_int(b->items[2]->type, JSON_NULL, "null");
	is_double(b->items[3]->num, -50.0, 0, "-0.5e2");
	is_str(b->items[3]->text, "-0.5e2", "a number keeps its literal");
	is_str(b->items[4]->text, "x\xc3\xa9\n", "escapes decoded to UTF-8");
	is_int(b->items[3]->line, 1, "line of a value");
	is_int(b->items[3]->col, 35, "column of a value");
	d = json_get(json_get(root, "c"), "d");
	is_int(d->line, 2, "second line");
	is_int(d->col, 13, "column on the second line");
	json_path(b->items[4], &path);
	is_str(sb_str(&path), "b[4]", "path of an array element");
	sb_reset(&path);
	json_path(d, &path);
	is_str(sb_str(&path), "c.d", "path of a nested member");
	sb_free(&path);
	ok(json_get(root, "zz") == NULL, "json_get of a missing key is NULL");
	ok(json_get(b, "a") == NULL, "json_get on an array is NULL");

	ok(json_get_u64(json_get(root, "c"), "d", &u, &e) == BNB_OK && u == UINT64_MAX,
	   "a 64-bit integer is exact");
	ok(json_get_number(root, "a", &x, &e) == BNB_OK && x == 1.0, "json_get_number");
	json_free(root);
}

static void test_getters(void)
{
	const char *text = "{\"s\": \"str\", \"n\": 2.5, \"z\": null, \"neg\": -3, \"big\": 18446744073709551616,\n"
	                   "  \"o\": {\"p\": {\"q\": \"1\"}}, \"t\": true}";
	static const char *const known[] = { "s", "n", "z", "neg", "big", "o" };
	const struct json_node *o;
	struct bnb_err e;
	struct json_node *root = parse(text, &e);
	const char *s = "unset";
	double x = 0;
	uint64_t u;
	int b = 0;

	if (!ok(root != NULL, "getters: document parses"))
		return;
	ok(json_get_string(root, "s", &s, &e) == BNB_OK && strcmp(s, "str") == 0, "json_get_string");
	ok(json_get_bool(root, "t", &b, &e) == BNB_OK && b == 1, "json_get_bool");
	ok(json_get_number_or_null(root, "z", &x, &e) == BNB_OK && isnan(x), "null number is NaN");
	ok(json_get_number_or_null(root, "n", &x, &e) == BNB_OK && x == 2.5, "number or null: a number");
	ok(json_get_string_or_null(root, "z", &s, &e) == BNB_OK && s == NULL, "null string is NULL");

	is_int(json_get_number(root, "s", &x, &e), BNB_EFORMAT, "a string for a number");
	is_str(e.msg, "t.json:1:7: 's' is a string, expected a number", "type error: message");
	json_get_string(root, "n", &s, &e);
	is_str(e.msg, "t.json:1:19: 'n' is a number, expected a string", "number for a string");
	json_get_number(root, "z", &x, &e);
	is_str(e.msg, "t.json:1:29: 'z' is null, expected a number", "null for a number");
	json_get_string_or_null(root, "t", &s, &e);
	is_str(e.msg, "t.json:2:32: 't' is a boolean, expected a string", "boolean for a string");
	json_get_number(root, "missing", &x, &e);
	is_str(e.msg, "t.json:1:1: missing key 'missing'", "missing key at the top level");
	json_member(root, "o", JSON_OBJECT, &o, &e);
	json_get_number(json_get(o, "p"), "x", &x, &e);
	is_str(e.msg, "t.json:2:14: missing key 'o.p.x'", "missing key: the path of the object");
	json_get_number(json_get(o, "p"), "q", &x, &e);
	is_str(e.msg, "t.json:2:20: 'o.p.q' is a string, expected a number", "type error: the whole path");
	json_get_u64(root, "neg", &u, &e);
	is_str(e.msg, "t.json:1:42: 'neg' is -3, expected an integer from 0 to 18446744073709551615",
	       "negative for a count");
	json_get_u64(root, "n", &u, &e);
	is_str(e.msg, "t.json:1:19: 'n' is 2.5, expected an integer from 0 to 18446744073709551615",
	       "fraction for a count");
	json_get_u64(root, "big", &u, &e);
	is_str(e.msg, "t.json:1:53: 'big' is 18446744073709551616, expected an integer from 0 to "
	       "18446744073709551615", "too big for a count");
	json_expect(root, JSON_ARRAY, &e);
	is_str(e.msg, "t.json:1:1: top-level value is an object, expected an array", "top-level type");
	is_int(json_check_keys(root, known, 6, &e), BNB_EFORMAT, "an unknown key");
	is_str(e.msg, "t.json:2:32: unknown key 't'", "unknown key: message");
	is_int(json_check_keys(root, (const char *const[]){ "s", "n", "z", "neg", "big", "o", "t" }, 7, &e),
	       BNB_OK, "all keys known");
	json_error(json_get(root, "n"), &e, "custom %d", 7);
	is_str(e.msg, "t.json:1:19: custom 7", "json_error prefixes the position");
	json_free(root);
}

static void test_refusals(void)
{
	char deep[2 * 300 + 1];

	refused("{\"a\": [1, 2", "t.json:1:12: invalid JSON: did not find expected ',' or ']' "
	        "(while parsing a flow sequence at 1:7)", "truncated array");
	refused("{\"a\": 1,\n \"b\": {\"c\": 2}\n", "t.json:3:1: invalid JSON: did not find expected ',' or '}' "
	        "(while parsing a flow mapping at 1:1)", "truncated object");
	refused("{\"a\": \"abc", "t.json:1:11: invalid JSON: found unexpected end of stream "
	        "(while scanning a quoted scalar at 1:7)", "truncated string");
	refused("{\"a\": NaN}", "t.json:1:7: NaN is not valid JSON", "NaN");
	refused("[nan]", "t.json:1:2: NaN is not valid JSON", "nan");
	refused("[.NaN]", "t.json:1:2: NaN is not valid JSON", "YAML .NaN");
	refused("[1, inf]", "t.json:1:5: 'inf' is not valid JSON (numbers must be finite)", "inf");
	refused("[-Infinity]", "t.json:1:2: '-Infinity' is not valid JSON (numbers must be finite)", "-Infinity");
	refused("[1e999]", "t.json:1:2: number '1e999' is out of range", "overflow");
	refused("[01]", "t.json:1:2: invalid JSON value '01'", "leading zero");
	refused("[.5]", "t.json:1:2: invalid JSON value '.5'", "no integer part");
	refused("[+1]", "t.json:1:2: invalid JSON value '+1'", "plus sign");
	refused("[0x10]", "t.json:1:2: invalid JSON value '0x10'", "hexadecimal");
	refused("[yes]", "t.json:1:2: invalid JSON value 'yes'", "bare word");
	refused("[~]", "t.json:1:2: invalid JSON value '~'", "YAML null");
	refused("{\"a\"}", "t.json:1:5: missing value", "key without a value");
	refused("[1, 2,]", "t.json:1:7: trailing comma is not JSON", "trailing comma in an array");
	refused("{\"a\": 1 ,\n}", "t.json:2:1: trailing comma is not JSON", "trailing comma in an object");
	refused("{a: 1}", "t.json:1:2: object key must be a double-quoted string", "unquoted key");
	refused("{1: 1}", "t.json:1:2: object key must be a double-quoted string", "number as a key");
	refused("['x']", "t.json:1:2: single-quoted string is not JSON (use double quotes)", "single quotes");
	refused("a: 1\n", "t.json:1:1: block-style YAML is not JSON", "block mapping");
	refused("- 1\n", "t.json:1:1: block-style YAML is not JSON", "block sequence");
	refused("[&x 1, *x]", "t.json:1:2: anchor is not JSON", "anchor");
	refused("[!!str 1]", "t.json:1:2: tag is not JSON", "tag");
	refused("--- 1", "t.json:1:1: document marker is not JSON", "document marker");
	refused("{\"a\": 1, \"a\": 2}", "t.json:1:10: duplicate key 'a'", "duplicate key");
	refused("{\"o\": {\"a\": 1, \"a\": 2}}", "t.json:1:16: duplicate key 'o.a'", "duplicate nested key");
	refused("[\"a\\u0000b\"]", "t.json:1:2: string contains a NUL character", "NUL in a string");
	refused("", "t.json: empty file (expected a JSON value)", "empty file");
	refused("  \n", "t.json: empty file (expected a JSON value)", "blank file");
	refused("{}\n{}", "t.json:2:1: invalid JSON: did not find expected <document start>", "two values");
	memset(deep, '[', 300);
	memset(deep + 300, ']', 300);
	deep[600] = '\0';
	refused(deep, "t.json:1:258: nested deeper than 256 levels", "depth limit");
}

static void test_scalars_and_files(void)
{
	struct bnb_err e;
	struct json_node *root = parse("\"just a string\"", &e);

	ok(root && root->type == JSON_STRING && strcmp(root->text, "just a string") == 0,
	   "a top-level string");
	json_free(root);
	root = parse("[]", &e);
	ok(root && root->type == JSON_ARRAY && root->n == 0, "an empty array");
	json_free(root);
	root = parse("{\"a\":{\"b\":[1,{\"c\":null}]}}", &e);
	ok(root != NULL, "compact JSON without spaces");
	json_free(root);
	is_int(json_load("/nonexistent/x.json", &root, &e), BNB_ENOTFOUND, "missing file");
	is_str(e.msg, "/nonexistent/x.json: no such file or directory", "missing file: message");
}

/* Arrays of numbers only are packed; their elements read back with their positions. */
static void test_packed(void)
{
	struct bnb_err e;
	struct json_node *root = parse("{\"a\": [1.5, -2,\n 3e2], \"b\": [1, \"x\", 2], \"c\": [], \"d\": [1e999]}", &e);
	const struct json_node *a, *b, *el;
	struct json_elem tmp;
	struct strbuf path = STRBUF_INIT;
	double v = 0;

	if (!ok(root == NULL, "a number out of range in a packed array is refused"))
		json_free(root);
	is_str(e.msg, "t.json:2:41: number '1e999' is out of range", "out of range: message");
	root = parse("{\"a\": [1.5, -2,\n 3e2], \"b\": [1, \"x\", 2], \"c\": []}", &e);
	if (!ok(root != NULL, "packed arrays parse"))
		return;
	a = json_get(root, "a");
	ok(a->nums != NULL && a->items == NULL && a->n == 3, "numbers only: packed");
	ok(json_item_number(a, 2, &v, &e) == BNB_OK && v == 300, "json_item_number");
	el = json_item(a, 2, &tmp);
	ok(el->type == JSON_NUMBER && el->num == 300 && el->line == 2 && el->col == 2, "json_item: value and place");
	is_str(el->text, "300", "json_item: the shortest literal");
	json_path(el, &path);
	is_str(sb_str(&path), "a[2]", "json_item: path");
	sb_free(&path);
	is_str(json_item(a, 0, &tmp)->text, "1.5", "json_item: a fraction");
	b = json_get(root, "b");
	ok(b->nums == NULL && b->n == 3 && b->items[1]->type == JSON_STRING, "a string after numbers: nodes");
	ok(b->items[0]->type == JSON_NUMBER && b->items[0]->num == 1 && b->items[0]->line == 2 && b->items[0]->col == 14 &&
	   b->items[2]->num == 2, "numbers before the string kept");
	ok(json_item(b, 1, &tmp) == b->items[1], "json_item of a node array is the node");
	ok(json_item_number(b, 1, &v, &e) == BNB_EFORMAT, "json_item_number of a string: refused");
	is_int(json_get(root, "c")->n, 0, "an empty array");
	json_free(root);
}

/* 100000 keys: the duplicate at the end is found (in linear time). */
static void test_many_keys(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct bnb_err e;
	struct json_node *root;
	char want[96];

	sb_adds(&sb, "{");
	for (int i = 0; i < 100000; i++)
		sb_addf(&sb, "\"k%d\": %d, ", i, i);
	snprintf(want, sizeof want, "t.json:1:%zu: duplicate key 'k99'", sb.len + 1);
	sb_adds(&sb, "\"k99\": 0}");
	root = parse(sb_str(&sb), &e);
	ok(root == NULL, "100000 keys, one twice: refused");
	is_str(e.msg, want, "100000 keys, one twice: message");
	json_free(root);
	sb_free(&sb);
}

int main(void)
{
	test_values();
	test_getters();
	test_refusals();
	test_scalars_and_files();
	test_packed();
	test_many_keys();
	return tap_done();
}
