/*
 * libFuzzer target: the JSON reader (json_parse, its getters) and the
 * bnbench-run document reader of import json (export_json_read).
 */
#include "config.h"

#include "export-json.h"
#include "fuzz.h"
#include "json.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Visit every node: paths, elements of packed arrays, typed getters. */
static void walk(const struct json_node *n)
{
	struct strbuf path = STRBUF_INIT;
	struct bnb_err e = { 0, "" };
	uint64_t u;
	const char *s;
	double d;

	json_path(n, &path);
	sb_free(&path);
	json_u64(n, &u, &e);
	json_string(n, &s, &e);
	json_get_number_or_null(n, "n", &d, &e);
	json_check_keys(n, (const char *const[]){ "a", "n" }, 2, &e);
	for (size_t i = 0; (n->type == JSON_ARRAY || n->type == JSON_OBJECT) && i < n->n; i++) {
		struct json_elem tmp;
		const struct json_node *c = n->type == JSON_ARRAY ? json_item(n, i, &tmp) : n->items[i];

		if (n->type == JSON_ARRAY)
			json_item_number(n, i, &d, &e);
		walk(c);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[128];
	struct json_node *root;
	struct run_info run;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n;

	if (json_parse("fuzz.json", (const char *)data, size, &root, &e) == BNB_OK) {
		walk(root);
		json_free(root);
	} else if (!e.msg[0]) {
		abort();
	}
	if (!path[0])
		snprintf(path, sizeof path, "%s/run.json", fuzz_dir());
	fuzz_write(path, data, size);
	if (export_json_read(path, &run, &cases, &n, &e) == BNB_OK) {
		store_cases_free(cases, n);
		run_info_free(&run);
	}
	return 0;
}
