/* Suite files: the shipped suites, every key, and the exact text of every error. */
#define _POSIX_C_SOURCE 200809L   /* mkdtemp */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "suite.h"
#include "tap.h"

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(99);
	}
}

/* Write `text` to t.yaml and load it. */
static int load_text(const char *text, struct suite **s, struct bnb_err *e)
{
	write_file("t.yaml", text);
	memset(e, 0, sizeof *e);
	return suite_load("t.yaml", s, e);
}

static void test_quant(const char *srcdir)
{
	char *path = xasprintf("%s/suites/quant.yaml", srcdir);
	struct suite *s = NULL;
	struct bnb_err e = { 0, "" };
	int rc = suite_load(path, &s, &e);
	static const uint64_t sizes[] = { 1024, 4096, 16384, 65536, 262144 };
	static const char *const names[] = { "quantization_sizes", "dequantization_sizes" };
	static const char *const ops[] = { "quantize", "dequantize" };

	if (!ok(rc == BNB_OK && s, "quant.yaml loads")) {
		printf("#   %s\n", e.msg);
		free(path);
		return;
	}
	is_str(s->name, "quant", "quant: name");
	is_str(s->path, path, "quant: path kept");
	is_int(strlen(s->hash), 64, "quant: hash is 64 hex digits");
	is_int(strspn(s->hash, "0123456789abcdef"), 64, "quant: hash is lower-case hex");
	is_int(s->n_groups, 2, "quant: two groups");
	for (size_t gi = 0; gi < s->n_groups && gi < 2; gi++) {
		const struct suite_group *g = &s->groups[gi];
		const struct suite_settings *st = &g->settings;
		int sizes_ok = g->n_sizes == 5;

		is_str(g->name, names[gi], "quant: group name");
		is_str(g->op.name, ops[gi], "quant: group op");
		is_int(st->schemes.n, 3, "quant: three schemes");
		if (st->schemes.n == 3) {
			is_str(st->schemes.v[0].name, "i2s", "quant: scheme i2s");
			is_str(st->schemes.v[1].name, "tl1", "quant: scheme tl1");
			is_str(st->schemes.v[2].name, "tl2", "quant: scheme tl2");
		}
		is_int(st->backends.n, 0, "quant: no backends list (every backend found)");
		for (size_t i = 0; sizes_ok && i < 5; i++)
			sizes_ok = g->sizes[i].m == 1 && g->sizes[i].k == sizes[i] && !g->sizes[i].shape;
		ok(sizes_ok, "quant: sizes 1024 .. 262144 with m = 1");
		is_int(st->warmup_ns, 30000000, "quant: warmup 30ms");
		is_int(st->min_time_ns, 100000000, "quant: min_time 100ms");
		is_int(st->max_time_ns, 350000000, "quant: max_time 350ms");
		is_double(st->target_ci, 0.01, 1e-12, "quant: target_ci 1%");
		is_double(st->threshold, 0.05, 1e-12, "quant: threshold 5%");
		is_int(st->seed, 42, "quant: seed 42");
		is_int(st->n_params, 0, "quant: no params");
	}
	suite_free(s);
	free(path);
}

static void test_gemv(const char *srcdir)
{
	char *path = xasprintf("%s/suites/gemv.yaml", srcdir);
	struct suite *s = NULL;
	struct bnb_err e = { 0, "" };
	static const uint64_t shapes[][2] = {
		{ 2560, 2560 }, { 640, 2560 }, { 6912, 2560 }, { 2560, 6912 }, { 2048, 2048 },
	};

	if (!ok(suite_load(path, &s, &e) == BNB_OK && s, "gemv.yaml loads")) {
		printf("#   %s\n", e.msg);
		free(path);
		return;
	}
	is_str(s->name, "gemv", "gemv: name");
	is_int(s->n_groups, 3, "gemv: three groups, the gemv and the two compute peaks");
	if (s->n_groups == 3) {
		static const char *const peaks[] = { "mac8", "lookup8" };
		for (int i = 0; i < 2; i++) {
			const struct suite_group *p = &s->groups[1 + i];
			ok(strcmp(p->op.name, peaks[i]) == 0 && p->n_sizes == 1 && !p->sizes[0].shape &&
			           p->sizes[0].k == 1u << 20,
			   "gemv: the %s peak at 1M", peaks[i]);
		}
	}
	if (s->n_groups >= 1) {
		const struct suite_group *g = &s->groups[0];
		int shapes_ok = g->n_sizes == 5;

		is_str(g->name, "gemv", "gemv: group name");
		is_str(g->op.name, "gemv", "gemv: op");
		is_int(g->settings.schemes.n, 3, "gemv: three schemes");
		is_int(g->settings.backends.n, 0, "gemv: every backend found");
		for (size_t i = 0; shapes_ok && i < 5; i++)
			shapes_ok = g->sizes[i].shape && g->sizes[i].m == shapes[i][0] &&
			            g->sizes[i].k == shapes[i][1];
		ok(shapes_ok, "gemv: the five shapes, in order");
	}
	suite_free(s);
	free(path);
}

static const char full_yaml[] =
	"# groups come before defaults: the defaults still apply\n"
	"groups:\n"
	"  - name: small\n"
	"    op: quantize\n"
	"    sizes: [1024, 64K, 1M]\n"
	"    seed: 7\n"
	"    backends: [avx2]\n"
	"    params: { mode: cold, extra: \"3\" }\n"
	"    thresholds:\n"
	"      \"quantize/tl2/*\": 10%\n"
	"    max_time: 2s\n"
	"  - op: gemv\n"
	"    shapes: [2Kx2K, 640x2560]\n"
	"    schemes: [i2s]\n"
	"name: full\n"
	"description: every key\n"
	"defaults:\n"
	"  seed: 1\n"
	"  distribution: laplace\n"
	"  warmup: 5ms\n"
	"  min_time: 20ms\n"
	"  max_time: 200ms\n"
	"  min_samples: 5\n"
	"  target_ci: 2.5%\n"
	"  threshold: 0.07\n"
	"  backends: [scalar, sse]\n"
	"  schemes: [i2s, tl1]\n"
	"  params:\n"
	"    mode: hot\n"
	"    block: 64K\n"
	"  thresholds:\n"
	"    \"*/scalar/*\": 20%\n"
	"    \"quantize/*\": 8%\n";

static void test_full(void)
{
	struct suite *s = NULL;
	struct bnb_err e;
	const struct suite_settings *d;
	const struct suite_group *g0, *g1;
	char buf[256];

	if (!ok(load_text(full_yaml, &s, &e) == BNB_OK && s, "full suite loads")) {
		printf("#   %s\n", e.msg);
		return;
	}
	is_str(s->name, "full", "full: name");
	is_str(s->description, "every key", "full: description");
	d = &s->defaults;
	is_int(d->seed, 1, "defaults: seed");
	is_int(d->distribution, SUITE_DIST_LAPLACE, "defaults: distribution");
	is_str(suite_distribution_name(d->distribution), "laplace", "distribution name");
	is_int(d->warmup_ns, 5000000, "defaults: warmup");
	is_int(d->min_time_ns, 20000000, "defaults: min_time");
	is_int(d->max_time_ns, 200000000, "defaults: max_time");
	is_int(d->min_samples, 5, "defaults: min_samples");
	is_double(d->target_ci, 0.025, 1e-12, "defaults: target_ci");
	is_double(d->threshold, 0.07, 1e-12, "defaults: threshold as a fraction");
	is_int(d->backends.n, 2, "defaults: backends");
	is_int(d->schemes.n, 2, "defaults: schemes");
	is_int(d->n_params, 2, "defaults: params");
	is_int(d->n_thresholds, 2, "defaults: thresholds");
	is_int(s->n_groups, 2, "full: two groups");
	if (s->n_groups != 2) {
		suite_free(s);
		return;
	}

	g0 = &s->groups[0];
	is_str(g0->name, "small", "group: name");
	is_str(g0->op.name, "quantize", "group: op");
	is_str(suite_where(&g0->op.loc, buf, sizeof buf), "t.yaml:4:9", "group: op location");
	is_str(suite_where(&g0->loc, buf, sizeof buf), "t.yaml:3:5", "group: location");
	ok(g0->n_sizes == 3 && g0->sizes[0].k == 1024 && g0->sizes[1].k == 65536 &&
	   g0->sizes[2].k == 1048576 && g0->sizes[1].m == 1 && !g0->sizes[1].shape,
	   "group: sizes 1024, 64K, 1M");
	is_str(suite_where(&g0->sizes[1].loc, buf, sizeof buf), "t.yaml:5:19", "group: size location");
	is_str(suite_size_str(&g0->sizes[1], buf, sizeof buf), "65536", "size as text");
	is_int(g0->settings.seed, 7, "group: seed overridden");
	is_int(g0->settings.distribution, SUITE_DIST_LAPLACE, "group: distribution inherited");
	is_int(g0->settings.max_time_ns, 2000000000, "group: max_time overridden");
	is_int(g0->settings.min_time_ns, 20000000, "group: min_time inherited");
	is_int(g0->settings.min_samples, 5, "group: min_samples inherited");
	ok(g0->settings.backends.n == 1 && strcmp(g0->settings.backends.v[0].name, "avx2") == 0,
	   "group: backends replaced");
	is_str(suite_where(&g0->settings.backends.v[0].loc, buf, sizeof buf), "t.yaml:7:16",
	       "group: backend location");
	ok(g0->settings.schemes.n == 2 && strcmp(g0->settings.schemes.v[1].name, "tl1") == 0,
	   "group: schemes inherited");
	is_int(g0->settings.n_params, 3, "group: params merged");
	if (g0->settings.n_params == 3) {
		const struct suite_param *p = g0->settings.params;
		ok(strcmp(p[0].name, "mode") == 0 && strcmp(p[0].value, "cold") == 0,
		   "group: param overrides the default's value");
		is_str(suite_where(&p[0].loc, buf, sizeof buf), "t.yaml:8:21", "group: param value location");
		is_str(suite_where(&p[0].name_loc, buf, sizeof buf), "t.yaml:8:15", "group: param name location");
		ok(strcmp(p[1].name, "block") == 0 && strcmp(p[1].value, "64K") == 0,
		   "group: default param inherited");
		is_str(suite_where(&p[1].loc, buf, sizeof buf), "t.yaml:30:12", "group: inherited param location");
		ok(strcmp(p[2].name, "extra") == 0 && strcmp(p[2].value, "3") == 0, "group: new param added");
	}
	is_int(g0->settings.n_thresholds, 3, "group: own thresholds, then the defaults'");
	is_double(suite_threshold_for(g0, "quantize/tl2/avx2/1024"), 0.10, 1e-12, "threshold: group glob first");
	is_double(suite_threshold_for(g0, "quantize/i2s/scalar/1024"), 0.20, 1e-12, "threshold: default glob");
	is_double(suite_threshold_for(g0, "quantize/i2s/avx2/1024"), 0.08, 1e-12, "threshold: second default glob");

	g1 = &s->groups[1];
	is_str(g1->name, "gemv", "unnamed group: named after its op");
	ok(g1->n_sizes == 2 && g1->sizes[0].m == 2048 && g1->sizes[0].k == 2048 && g1->sizes[0].shape &&
	   g1->sizes[1].m == 640 && g1->sizes[1].k == 2560, "group: shapes 2Kx2K, 640x2560");
	is_str(suite_size_str(&g1->sizes[0], buf, sizeof buf), "2048x2048", "shape as text");
	ok(g1->settings.schemes.n == 1 && strcmp(g1->settings.schemes.v[0].name, "i2s") == 0,
	   "group: schemes replaced");
	is_int(g1->settings.backends.n, 2, "group: backends inherited");
	is_int(g1->settings.seed, 1, "group: seed inherited");
	is_int(g1->settings.n_params, 2, "group: params inherited");
	is_double(suite_threshold_for(g1, "gemv/i2s/avx2/2048x2048"), 0.07, 1e-12,
	          "threshold: no glob matches: the group's threshold");
	is_double(suite_threshold_for(g1, "gemv/i2s/scalar/2048x2048"), 0.20, 1e-12,
	          "threshold: default glob in another group");

	is_str(suite_case_name(buf, sizeof buf, "quantize", "tl1", "avx2", &g0->sizes[1]),
	       "quantize/tl1/avx2/65536", "case name with a size");
	is_str(suite_case_name(buf, sizeof buf, "gemv", "i2s", "cuda", &g1->sizes[1]),
	       "gemv/i2s/cuda/640x2560", "case name with a shape");
	is_str(suite_case_name(buf, sizeof buf, "fetch", NULL, "http", &g0->sizes[0]),
	       "fetch/-/http/1024", "case name without a scheme");
	suite_free(s);
}

static void test_builtin_defaults(void)
{
	struct suite *s = NULL;
	struct bnb_err e;
	struct suite_loc builtin = { "t.yaml", 0, 0 };
	char buf[64];

	if (!ok(load_text("name: d\ngroups:\n- op: quantize\n  sizes: [128]\n", &s, &e) == BNB_OK,
	        "minimal suite loads")) {
		printf("#   %s\n", e.msg);
		return;
	}
	const struct suite_settings *st = &s->groups[0].settings;
	ok(st->seed == 42 && st->distribution == SUITE_DIST_NORMAL && st->warmup_ns == 50000000 &&
	   st->min_time_ns == 100000000 && st->max_time_ns == 1000000000 && st->min_samples == 10 &&
	   st->target_ci == 0.01 && st->threshold == 0.05 && st->processes == 1, "built-in defaults");
	ok(st->backends.n == 0 && st->schemes.n == 0 && st->n_params == 0 && st->n_thresholds == 0,
	   "built-in defaults: every backend and scheme, no params, no thresholds");
	is_int(st->n_threads, 0, "built-in defaults: no thread counts (one thread)");
	is_double(suite_threshold_for(&s->groups[0], "quantize/i2s/avx2/128"), 0.05, 1e-12,
	          "threshold: built-in");
	is_str(suite_where(&builtin, buf, sizeof buf), "t.yaml", "where: a built-in value names the file");
	suite_free(s);
	suite_free(NULL);
}

static void test_hash(void)
{
	static const struct { size_t len; const char *sha256; } cases[] = {
		{ 48, "610077365bbc071e664509c67e3b315c0572c2515de4daf6bdfc351e9f89fb41" },
		{ 119, "c128cbac0fd91bdc439d7895ac67899315032a9ddc4eecb89346236f312019ca" },
		{ 120, "972c60b4a492041f4ed880344630180f6d96975cb84841115d4b9e984f7b58cb" },
		{ 128, "922e693757faf49a8530f6021a1d795f353f65808a3e1462961c9c9d664b097e" },
		{ 200, "0d9c7c2aedae772c22263da11b568601be57f01a4b4464d054bfa3eb11ad5519" },
	};
	static const char base[] = "name: h\ngroups: [{op: quantize, sizes: [1024]}]\n";

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf sb = STRBUF_INIT;
		struct suite *s = NULL;
		struct bnb_err e;

		/* A comment pads the file to lengths around sha256's 55/56/64-byte edges. */
		if (cases[i].len > strlen(base)) {
			sb_adds(&sb, "#");
			for (size_t j = 0; j < cases[i].len - strlen(base) - 2; j++)
				sb_adds(&sb, "x");
			sb_adds(&sb, "\n");
		}
		sb_adds(&sb, base);
		if (load_text(sb_str(&sb), &s, &e) == BNB_OK)
			is_str(s->hash, cases[i].sha256, "hash: sha256 of the file bytes");
		else
			ok(0, "hash: file loads: %s", e.msg);
		suite_free(s);
		sb_free(&sb);
	}
}

/* A group that is valid, for cases that break something else. */
#define G "groups:\n  - op: quantize\n    sizes: [1024]\n"

static const struct {
	const char *yaml, *msg;
} bad[] = {
	/* invalid yaml */
	{ "name: t\n  bad: 1\n",
	  "t.yaml:2:6: invalid yaml: mapping values are not allowed in this context" },
	{ "name: t\ngroups: [1024\n",
	  "t.yaml:3:1: invalid yaml: did not find expected ',' or ']' (while parsing a flow sequence at 2:9)" },
	{ "name: t\n" G "name2: \xff\n",
	  "t.yaml:5:8: invalid yaml: invalid leading UTF-8 octet" },
	{ "name: t\n" G "---\nname: u\n",
	  "t.yaml:6:1: a suite is a single yaml document" },
	{ "name: *nope\n" G,
	  "t.yaml:1:7: invalid yaml: found undefined alias" },
	/* the file's shape */
	{ "", "t.yaml: empty file" },
	{ "# nothing\n", "t.yaml: empty file" },
	{ "- a\n- b\n", "t.yaml:1:1: a suite must be a mapping, not a list" },
	{ "name: t\n[a]: 1\n" G, "t.yaml:2:1: a key must be a single value, not a list" },
	{ "name: t\nname: u\n" G, "t.yaml:2:1: duplicate key 'name' (first at 1:1)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024]\n    op: gemv\n",
	  "t.yaml:5:5: duplicate key 'op' (first at 3:5)" },
	{ "name: t\ndefaults: {params: {mode: hot, mode: cold}}\n" G,
	  "t.yaml:2:32: duplicate key 'mode' (first at 2:21)" },
	/* unknown keys */
	{ "name: t\ngroups:\n  - op: quantize\n    szes: [1024]\n",
	  "t.yaml:4:5: unknown key 'szes' (did you mean 'sizes'?)" },
	{ "name: t\ndefaults:\n  warmpu: 1s\n" G,
	  "t.yaml:3:3: unknown key 'warmpu' (did you mean 'warmup'?)" },
	{ "name: t\ndefaults:\n  op: quantize\n" G, "t.yaml:3:3: unknown key 'op'" },
	{ "nmae: t\n" G, "t.yaml:1:1: unknown key 'nmae' (did you mean 'name'?)" },
	{ "name: t\ncolour: red\n" G, "t.yaml:2:1: unknown key 'colour'" },
	/* types */
	{ "name: [a, b]\n" G, "t.yaml:1:7: 'name' must be a single value, not a list" },
	{ "name: t\ndefaults:\n  seed: [1, 2]\n" G, "t.yaml:3:9: 'seed' must be a single value, not a list" },
	{ "name: t\ndefaults:\n  seed:\n  warmup: 1s\n" G, "t.yaml:3:3: 'seed' has no value" },
	{ "name: t\ndefaults: [seed]\n" G, "t.yaml:2:11: 'defaults' must be a mapping, not a list" },
	{ "name: t\ngroups: {op: quantize}\n", "t.yaml:2:9: 'groups' must be a list, not a mapping" },
	{ "name: t\ngroups: [quantize]\n", "t.yaml:2:10: a group must be a mapping, not a single value" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: 1024\n",
	  "t.yaml:4:12: 'sizes' must be a list, not a single value" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [[1024]]\n",
	  "t.yaml:4:13: an entry of 'sizes' must be a single value, not a list" },
	{ "name: t\ngroups:\n  - op: {name: quantize}\n    sizes: [1024]\n",
	  "t.yaml:3:9: 'op' must be a single value, not a mapping" },
	{ "name: t\ndefaults:\n  params: [mode]\n" G, "t.yaml:3:11: 'params' must be a mapping, not a list" },
	{ "name: t\ndefaults:\n  params: {mode: [hot]}\n" G,
	  "t.yaml:3:18: parameter 'mode' must be a single value, not a list" },
	{ "name: t\ndefaults:\n  thresholds: [5%]\n" G,
	  "t.yaml:3:15: 'thresholds' must be a mapping, not a list" },
	{ "name: \"a\\0b\"\n" G, "t.yaml:1:7: 'name' contains a null character" },
	{ "name: \"\"\n" G, "t.yaml:1:7: 'name' must not be empty" },
	/* required keys and empty lists */
	{ G, "t.yaml:1:1: missing key 'name'" },
	{ "name: t\n", "t.yaml:1:1: empty suite (no groups)" },
	{ "name: t\ngroups: []\n", "t.yaml:2:9: empty suite (no groups)" },
	{ "name: t\ngroups:\n", "t.yaml:2:1: 'groups' has no value" },
	{ "name: t\ngroups:\n  - name: q\n    sizes: [1024]\n", "t.yaml:3:5: missing key 'op' in group 'q'" },
	{ "name: t\n" G "  - sizes: [1024]\n", "t.yaml:5:5: missing key 'op' in group 2" },
	{ "name: t\ngroups:\n  - name: q\n    op: quantize\n",
	  "t.yaml:3:5: missing key 'sizes' or 'shapes' in group 'q'" },
	{ "name: t\ngroups:\n  - op: gemv\n    sizes: [1024]\n    shapes: [2048x2048]\n",
	  "t.yaml:5:5: 'sizes' and 'shapes' cannot both be given" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: []\n", "t.yaml:4:12: 'sizes' must not be empty" },
	{ "name: t\ndefaults:\n  backends: []\n" G, "t.yaml:3:13: 'backends' must not be empty" },
	{ "name: t\ngroups:\n  - op: quantize\n    schemes: []\n    sizes: [1024]\n",
	  "t.yaml:4:14: 'schemes' must not be empty" },
	{ "name: t\ndefaults:\n  backends: [avx2, sse, avx2]\n" G,
	  "t.yaml:3:25: duplicate entry 'avx2' in 'backends' (first at 3:14)" },
	{ "name: t\n" G "  - op: quantize\n    sizes: [1024]\n",
	  "t.yaml:5:5: duplicate group name 'quantize' (first at 3:5)" },
	/* sizes and shapes */
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024, 0]\n",
	  "t.yaml:4:19: invalid size '0' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [-1024]\n",
	  "t.yaml:4:13: invalid size '-1024' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [many]\n",
	  "t.yaml:4:13: invalid size 'many' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1.5]\n",
	  "t.yaml:4:13: invalid size '1.5' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [64Q]\n",
	  "t.yaml:4:13: invalid size '64Q' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024, 1K]\n",
	  "t.yaml:4:19: duplicate entry '1K' in 'sizes' (first at 4:13)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [0x80]\n",
	  "t.yaml:4:13: invalid size '0x80' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1.28e2]\n",
	  "t.yaml:4:13: invalid size '1.28e2' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [0x1p10]\n",
	  "t.yaml:4:13: invalid size '0x1p10' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1e3]\n",
	  "t.yaml:4:13: invalid size '1e3' (expected a positive count such as 1024 or 64K)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1152921504606846976]\n",
	  "t.yaml:4:13: size '1152921504606846976' is too large (its buffers would not fit in 64 bits)" },
	{ "name: t\ngroups:\n  - op: gemv\n    shapes: [1Gx1G]\n",
	  "t.yaml:4:14: shape '1Gx1G' is too large (its buffers would not fit in 64 bits)" },
	{ "name: t\ngroups:\n  - op: quantize\n    backends: [a, b, c, b]\n    sizes: [1024]\n",
	  "t.yaml:4:25: duplicate entry 'b' in 'backends' (first at 4:19)" },
	{ "name: t\ngroups:\n  - {op: quantize, sizes: [1024]}\n  - {op: quantize, sizes: [64]}\n",
	  "t.yaml:4:5: duplicate group name 'quantize' (first at 3:5)" },
	{ "name: t\ndefaults:\n  params: {a: 1, b: 2, a: 3}\n" G,
	  "t.yaml:3:24: duplicate key 'a' (first at 3:12)" },
	{ "name: t\ndefaults: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n" G,
	  "t.yaml:2:74: nested deeper than 64 levels" },
	{ "name: t\ngroups:\n  - op: gemv\n    shapes: [2560]\n",
	  "t.yaml:4:14: invalid shape '2560' (expected MxK such as 2560x2560 or 2Kx2K)" },
	{ "name: t\ngroups:\n  - op: gemv\n    shapes: [2560x]\n",
	  "t.yaml:4:14: invalid shape '2560x' (expected MxK such as 2560x2560 or 2Kx2K)" },
	{ "name: t\ngroups:\n  - op: gemv\n    shapes: [0x2560]\n",
	  "t.yaml:4:14: invalid shape '0x2560' (expected MxK such as 2560x2560 or 2Kx2K)" },
	/* values */
	{ "name: t\ndefaults:\n  warmup: 5 ms\n" G,
	  "t.yaml:3:11: invalid value '5 ms' for 'warmup' (expected a duration such as 500ms (units ns, us, ms, s, m))" },
	{ "name: t\ndefaults:\n  min_time: 100\n" G,
	  "t.yaml:3:13: invalid value '100' for 'min_time' (expected a duration such as 500ms (units ns, us, ms, s, m))" },
	{ "name: t\ndefaults:\n  max_time: 0s\n" G,
	  "t.yaml:3:13: invalid value '0s' for 'max_time' (expected a positive duration such as 500ms (units ns, us, ms, s, m))" },
	{ "name: t\ndefaults:\n  threshold: five\n" G,
	  "t.yaml:3:14: invalid value 'five' for 'threshold' (expected a percentage such as 5%)" },
	{ "name: t\ndefaults:\n  threshold: -5%\n" G,
	  "t.yaml:3:14: invalid value '-5%' for 'threshold' (expected a percentage such as 5%)" },
	{ "name: t\ndefaults:\n  target_ci: 0%\n" G,
	  "t.yaml:3:14: invalid value '0%' for 'target_ci' (expected a positive percentage such as 1%)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024]\n    thresholds: {\"quantize/*\": lots}\n",
	  "t.yaml:5:32: invalid value 'lots' for 'quantize/*' (expected a percentage such as 5%)" },
	{ "name: t\ndefaults:\n  distribution: nromal\n" G,
	  "t.yaml:3:17: unknown distribution 'nromal' (did you mean 'normal'?)" },
	{ "name: t\ndefaults:\n  distribution: gauss\n" G,
	  "t.yaml:3:17: unknown distribution 'gauss' (expected normal, uniform, laplace or ramp)" },
	{ "name: t\ndefaults:\n  seed: -1\n" G,
	  "t.yaml:3:9: invalid value '-1' for 'seed' (expected an integer from 0 to 18446744073709551615)" },
	{ "name: t\ndefaults:\n  seed: 0x2a\n" G,
	  "t.yaml:3:9: invalid value '0x2a' for 'seed' (expected an integer from 0 to 18446744073709551615)" },
	{ "name: t\ndefaults:\n  seed: 18446744073709551616\n" G,
	  "t.yaml:3:9: invalid value '18446744073709551616' for 'seed' (expected an integer from 0 to 18446744073709551615)" },
	{ "name: t\ndefaults:\n  min_samples: 0\n" G,
	  "t.yaml:3:16: invalid value '0' for 'min_samples' (expected a positive integer)" },
	{ "name: t\ndefaults:\n  processes: 0\n" G,
	  "t.yaml:3:14: invalid value '0' for 'processes' (expected an integer from 1 to 100)" },
	{ "name: t\ndefaults:\n  processes: -2\n" G,
	  "t.yaml:3:14: invalid value '-2' for 'processes' (expected an integer from 1 to 100)" },
	{ "name: t\ndefaults:\n  processes: 101\n" G,
	  "t.yaml:3:14: invalid value '101' for 'processes' (expected an integer from 1 to 100)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024]\n    processes: two\n",
	  "t.yaml:5:16: invalid value 'two' for 'processes' (expected an integer from 1 to 100)" },
	{ "name: t\ndefaults:\n  processess: 2\n" G,
	  "t.yaml:3:3: unknown key 'processess' (did you mean 'processes'?)" },
	{ "name: t\ndefaults:\n  min_time: 2s\n  max_time: 1s\n" G,
	  "t.yaml:3:13: min_time 2s is greater than max_time 1s" },
	{ "name: t\ndefaults:\n  max_time: 50ms\n" G,
	  "t.yaml:3:13: max_time 50ms is less than min_time 100ms" },
	{ "name: t\ndefaults:\n  min_time: 500ms\ngroups:\n  - op: quantize\n    sizes: [1024]\n    max_time: 300ms\n",
	  "t.yaml:7:15: max_time 300ms is less than min_time 500ms" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024]\n    min_time: 1500ms\n",
	  "t.yaml:5:15: min_time 1500ms is greater than max_time 1s" },
	/* threads */
	{ "name: t\ndefaults:\n  threads: [1, 0]\n" G,
	  "t.yaml:3:16: invalid value '0' for 'threads' (expected a thread count from 1 to 1024)" },
	{ "name: t\ndefaults:\n  threads: [two]\n" G,
	  "t.yaml:3:13: invalid value 'two' for 'threads' (expected a thread count from 1 to 1024)" },
	{ "name: t\ndefaults:\n  threads: [1.5]\n" G,
	  "t.yaml:3:13: invalid value '1.5' for 'threads' (expected a thread count from 1 to 1024)" },
	{ "name: t\ndefaults:\n  threads: [-2]\n" G,
	  "t.yaml:3:13: invalid value '-2' for 'threads' (expected a thread count from 1 to 1024)" },
	{ "name: t\ngroups:\n  - op: quantize\n    sizes: [1024]\n    threads: [2, 1025]\n",
	  "t.yaml:5:18: invalid value '1025' for 'threads' (expected a thread count from 1 to 1024)" },
	{ "name: t\ndefaults:\n  threads: [1, 2, 1]\n" G,
	  "t.yaml:3:19: duplicate entry '1' in 'threads'" },
	{ "name: t\ndefaults:\n  threads: []\n" G,
	  "t.yaml:3:12: 'threads' must not be empty" },
	{ "name: t\ndefaults:\n  threads: 2\n" G,
	  "t.yaml:3:12: 'threads' must be a list, not a single value" },
};

/* processes: the defaults' for every group, a group's own for it. */
static void test_processes(void)
{
	struct suite *s = NULL;
	struct bnb_err e;

	if (!ok(load_text("name: p\ndefaults:\n  processes: 3\ngroups:\n- op: quantize\n  sizes: [128]\n"
	                  "- {name: two, op: quantize, sizes: [256], processes: 2}\n- {name: max, op: gemv, "
	                  "shapes: [4x4], processes: 100}\n", &s, &e) == BNB_OK && s->n_groups == 3,
	        "processes: loads")) {
		printf("#   %s\n", e.msg);
		suite_free(s);
		return;
	}
	is_int(s->defaults.processes, 3, "processes: the defaults'");
	is_int(s->groups[0].settings.processes, 3, "processes: inherited by a group");
	is_int(s->groups[1].settings.processes, 2, "processes: a group's own");
	is_int(s->groups[2].settings.processes, 100, "processes: up to 100");
	suite_free(s);
}

/* An anchor more than the limit, and aliases that expand past it. */
static void test_limits(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct suite *s = NULL;
	struct bnb_err e;

	sb_adds(&sb, "name: t\n");
	for (int i = 0; i <= 100; i++)
		sb_addf(&sb, "x%d: &a%d 1\n", i, i);
	load_text(sb_str(&sb), &s, &e);
	is_str(e.msg, "t.yaml:102:7: more than 100 anchors", "101 anchors: refused");
	sb_reset(&sb);
	sb_adds(&sb, "name: t\ngroups:\n  - op: quantize\n    sizes: &s [1024, 2048]\n");
	sb_adds(&sb, "  - {name: b, op: quantize, sizes: *s}\n");
	is_int(load_text(sb_str(&sb), &s, &e), BNB_OK, "an alias reads as its anchor");
	ok(s && s->n_groups == 2 && s->groups[1].n_sizes == 2 && s->groups[1].sizes[1].k == 2048,
	   "an alias: the second group has the sizes");
	suite_free(s);
	sb_reset(&sb);
	sb_adds(&sb, "name: t\na0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
	for (int i = 1; i < 8; i++) {
		sb_addf(&sb, "a%d: &a%d [", i, i);
		for (int j = 0; j < 10; j++)
			sb_addf(&sb, "%s*a%d", j ? ", " : "", i - 1);
		sb_adds(&sb, "]\n");
	}
	load_text(sb_str(&sb), &s, &e);
	is_str(e.msg, "t.yaml:8:10: aliases expand to more than 2000000 values", "alias bomb: refused");
	sb_free(&sb);
}

/* Thread counts: the defaults' list, replaced by a group's. */
static void test_threads(void)
{
	struct suite *s = NULL;
	struct bnb_err e;
	char buf[64];

	if (!ok(load_text("name: t\ndefaults:\n  threads: [1, 2, 64]\ngroups:\n  - op: gemv\n    shapes: [64x128]\n"
	                  "  - {name: b, op: gemv, shapes: [64x128], threads: [3]}\n", &s, &e) == BNB_OK,
	        "threads: suite loads")) {
		printf("#   %s\n", e.msg);
		return;
	}
	const struct suite_settings *a = &s->groups[0].settings, *b = &s->groups[1].settings;
	ok(a->n_threads == 3 && a->threads[0] == 1 && a->threads[1] == 2 && a->threads[2] == 64,
	   "threads: a group inherits the defaults' counts, in order");
	is_str(suite_where(&a->threads_loc, buf, sizeof buf), "t.yaml:3:12", "threads: where the list is");
	ok(b->n_threads == 1 && b->threads[0] == 3, "threads: a group's list replaces the defaults'");
	suite_free(s);
}

static void test_errors(void)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct suite *s = NULL;
		struct bnb_err e;
		char label[64];
		int rc = load_text(bad[i].yaml, &s, &e);

		ok(rc == BNB_EFORMAT && e.status == BNB_EFORMAT && s == NULL,
		   "error %zu: refused with BNB_EFORMAT and no suite", i);
		snprintf(label, sizeof label, "error %zu: the exact message", i);
		is_str(e.msg, bad[i].msg, label);
		suite_free(s);
	}
}

static void test_file_errors(void)
{
	struct suite *s = NULL;
	struct bnb_err e;

	is_int(suite_load("missing.yaml", &s, &e), BNB_ENOTFOUND, "missing file: BNB_ENOTFOUND");
	is_str(e.msg, "missing.yaml: no such file or directory", "missing file: message");
	ok(s == NULL, "missing file: no suite");
	is_int(suite_load(".", &s, &e), BNB_EIO, "a directory: BNB_EIO");
	is_str(e.msg, ".: is a directory", "a directory: message");
	is_int(suite_load("/dev/null", &s, &e), BNB_EIO, "a device: BNB_EIO");
	is_str(e.msg, "/dev/null: not a regular file", "a device: message");
	if (mkfifo("fifo.yaml", 0600) == 0) {
		is_int(suite_load("fifo.yaml", &s, &e), BNB_EIO, "a FIFO: refused at once");
		is_str(e.msg, "fifo.yaml: not a regular file", "a FIFO: message");
		unlink("fifo.yaml");
	}
	write_file("t.yaml", "name: t\n");
	is_int(suite_load("t.yaml", &s, NULL), BNB_EFORMAT, "no error buffer: status only");
	ok(s == NULL, "no error buffer: no suite");
}

int main(void)
{
	const char *srcdir = getenv("BNB_SRCDIR");
	char tmpl[] = "/tmp/bnb-test-suite.XXXXXX";
	char *dir;

	if (!srcdir)
		srcdir = ".";
	test_quant(srcdir);
	test_gemv(srcdir);

	dir = mkdtemp(tmpl);
	if (!dir || chdir(dir) != 0) {
		printf("Bail out! cannot make a temporary directory\n");
		return 99;
	}
	test_full();
	test_builtin_defaults();
	test_threads();
	test_processes();
	test_hash();
	test_errors();
	test_limits();
	test_file_errors();
	unlink("t.yaml");
	if (chdir("/") != 0 || rmdir(dir) != 0)
		printf("# cannot remove %s\n", dir);
	return tap_done();
}
