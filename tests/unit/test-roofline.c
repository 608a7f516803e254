/* The roofline fraction, the projected decode rate against hand-computed figures, and the suite's model. */
#define _POSIX_C_SOURCE 200809L   /* mkdtemp */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode-rate.h"
#include "roofline.h"
#include "suite.h"
#include "tap.h"

/* A measured case: median ns per iteration and bytes per iteration. */
static struct case_result mk(const char *op, const char *scheme, const char *backend, uint64_t m, uint64_t k,
                             double median, double bytes, unsigned threads)
{
	struct case_result c;

	case_result_init(&c);
	c.op = (char *)op;
	c.scheme = (char *)scheme;
	c.backend = (char *)backend;
	c.params = (char *)"";
	c.m = m;
	c.k = k;
	c.status = CASE_OK;
	c.stats.median = median;
	c.bytes = bytes;
	c.threads = threads;
	return c;
}

static void test_roofline(void)
{
	struct case_result v[] = {
		mk("read", NULL, "membw", 1, 1000, 100, 1000, 1),     /* 10 GB/s at 1000 B */
		mk("read", "", "membw", 1, 4000, 800, 4000, 1),       /* 5 GB/s at 4000 B (a stored run's "") */
		mk("copy", NULL, "membw", 1, 4000, 500, 4000, 1),     /* 8 GB/s at 4000 B: the roof there */
		mk("gemv", "i2s", "avx2", 30, 30, 180, 900, 1),       /* 5 GB/s under 10: 0.5 */
		mk("gemv", "i2s", "avx2", 40, 50, 500, 2000, 1),      /* 4 GB/s under 8: 0.5 */
		mk("gemv", "i2s", "avx2", 70, 70, 500, 5000, 1),      /* above every footprint */
		mk("gemv", "i2s", "avx2", 30, 30, 90, 900, 2),        /* no 2-thread roof */
		mk("http", NULL, "http", 1, 1, 1000, 0, 1),           /* no bytes */
		mk("gemv", "i2s", "sse", 30, 30, 180, 900, 1),
	};
	size_t n = sizeof v / sizeof v[0];

	v[8].status = CASE_FAILED;
	ok(roofline_any(v, n), "a run with membw cases has a roof");
	ok(!roofline_any(v + 3, n - 3), "a run without has none");
	is_double(roofline_gbps(&v[3], v, n), 10.0, 1e-12, "roof of 900 B: the 1000 B footprint");
	is_double(roofline_fraction(&v[3], v, n), 0.5, 1e-12, "900 B at 5 GB/s under 10 GB/s: 0.5");
	is_double(roofline_gbps(&v[4], v, n), 8.0, 1e-12, "roof of 2000 B: the faster op at 4000 B (copy)");
	is_double(roofline_fraction(&v[4], v, n), 0.5, 1e-12, "2000 B at 4 GB/s under 8 GB/s: 0.5");
	is_double(roofline_fraction(&v[1], v, n), 0.625, 1e-12, "a reference against its footprint's best: 5/8");
	ok(isnan(roofline_fraction(&v[5], v, n)), "bytes above every footprint: no roof");
	ok(isnan(roofline_fraction(&v[6], v, n)), "other threads: no roof");
	ok(isnan(roofline_fraction(&v[7], v, n)), "no bytes: no roof");
	ok(isnan(roofline_fraction(&v[8], v, n)), "a failed case: no roof");
	ok(isnan(roofline_fraction(&v[3], v + 3, n - 3)), "a run without membw cases: no roof");
}

static struct decode_linear lin[] = {
	{ (char *)"a", 4, 8 }, { (char *)"b", 2, 8 }, { (char *)"c", 4, 8 },
};

static void test_decode_rate(void)
{
	struct decode_model m = { (char *)"toy", 10, lin, 3 };
	struct case_result v[] = {
		mk("gemv", "i2s", "avx2", 4, 8, 100, 0, 1),
		mk("gemv", "i2s", "avx2", 2, 8, 50, 0, 1),
		mk("gemv", "i2s", "scalar", 4, 8, 1000, 0, 1),
		mk("gemv", "i2s", "scalar", 2, 8, 300, 0, 1),
		mk("gemv", "tl1", "avx2", 4, 8, 100, 0, 1),           /* 2x8 missing */
		mk("gemv", "i2s", "avx2", 4, 8, 60, 0, 2),
		mk("gemv", "i2s", "avx2", 2, 8, 40, 0, 2),
		mk("gemv", "tl2", "avx2", 4, 8, 100, 0, 1),
		mk("gemv", "tl2", "avx2", 2, 8, 10, 0, 1),            /* failed below */
		mk("read", NULL, "membw", 1, 64, 10, 64, 1),
	};
	struct decode_rate *r;
	size_t n;

	v[8].status = CASE_ERROR;
	n = decode_rates(&m, v, sizeof v / sizeof v[0], &r);
	is_int(n, 3, "three groups with every shape measured ok");
	if (n == 3) {
		/* a + b + c = 100 + 50 + 100 = 250 ns a layer, x 10 layers = 2500 ns: 400000 tokens/s */
		is_str(r[0].backend, "avx2", "first: i2s avx2, 1 thread");
		is_int(r[0].threads, 1, "first: 1 thread");
		is_double(r[0].layer_ns, 250, 1e-9, "i2s avx2: 250 ns a layer (100 + 50 + 100)");
		is_double(r[0].token_ns, 2500, 1e-9, "i2s avx2: 2500 ns a token");
		is_double(r[0].tokens_per_s, 400000, 1e-6, "i2s avx2: 400000 tokens/s");
		/* 1000 + 300 + 1000 = 2300 ns, x 10 = 23000 ns */
		is_str(r[1].backend, "scalar", "second: i2s scalar");
		is_double(r[1].tokens_per_s, 1e9 / 23000, 1e-6, "i2s scalar: 1e9 / 23000 tokens/s");
		/* 60 + 40 + 60 = 160 ns, x 10 = 1600 ns */
		is_int(r[2].threads, 2, "third: i2s avx2 on 2 threads, a group of its own");
		is_double(r[2].tokens_per_s, 625000, 1e-6, "2 threads: 625000 tokens/s");
	}
	free(r);
	m.layers = 0;
	m.n_linear = 0;
	is_int(decode_rates(&m, v, sizeof v / sizeof v[0], &r), 0, "a model without layers: nothing");
	free(r);
}

static void test_model_env(void)
{
	struct decode_model m = { (char *)"toy model", 10, lin, 3 }, got;
	struct run_info run;
	char *text = decode_model_linear_text(&m);

	is_str(text, "a:4x8 b:2x8 c:4x8", "the linear layers as environment text");
	free(text);
	memset(&run, 0, sizeof run);
	ok(!decode_model_from_run(&run, &got), "a run without a model has none");
	decode_model_record(&run, &m);
	if (ok(decode_model_from_run(&run, &got), "the recorded model reads back")) {
		is_str(got.name, "toy model", "its name");
		is_int(got.layers, 10, "its layers");
		is_int(got.n_linear, 3, "its linear layers");
		if (got.n_linear == 3)
			ok(strcmp(got.linear[1].name, "b") == 0 && got.linear[1].m == 2 && got.linear[1].k == 8,
			   "layer b: 2x8");
		decode_model_free(&got);
	}
	run_info_free(&run);
	memset(&run, 0, sizeof run);
	run_env_add(&run, "model.name", "x");
	run_env_add(&run, "model.layers", "3");
	run_env_add(&run, "model.linear", "a:4x8 b:oops");
	ok(!decode_model_from_run(&run, &got), "a malformed layer: no model");
	run_info_free(&run);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(text, 1, strlen(text), f) != strlen(text) || fclose(f) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(99);
	}
}

static void test_bitnet_suite(const char *srcdir)
{
	static const char *const names[] = { "q", "k", "v", "o", "gate", "up", "down" };
	static const uint64_t shapes[][2] = { { 2560, 2560 }, { 640, 2560 }, { 640, 2560 }, { 2560, 2560 },
		                              { 6912, 2560 }, { 6912, 2560 }, { 2560, 6912 } };
	char *path = xasprintf("%s/suites/bitnet-2b4t.yaml", srcdir);
	struct suite *s = NULL;
	struct bnb_err e = { 0, "" };
	int shapes_ok = 1;

	if (!ok(suite_load(path, &s, &e) == BNB_OK && s && s->model, "bitnet-2b4t.yaml loads, with a model")) {
		printf("#   %s\n", e.msg);
		suite_free(s);
		free(path);
		return;
	}
	is_str(s->model->m.name, "BitNet b1.58 2B4T", "bitnet: model name");
	is_int(s->model->m.layers, 30, "bitnet: 30 layers");
	is_int(s->model->m.n_linear, 7, "bitnet: 7 linear layers a layer");
	for (size_t i = 0; i < 7 && s->model->m.n_linear == 7; i++)
		shapes_ok &= strcmp(s->model->m.linear[i].name, names[i]) == 0 &&
		             s->model->m.linear[i].m == shapes[i][0] && s->model->m.linear[i].k == shapes[i][1];
	ok(shapes_ok, "bitnet: q, k, v, o, gate, up, down at their shapes");
	ok(s->n_groups == 2 && strcmp(s->groups[1].op.name, "read") == 0, "bitnet: a membw read group");
	suite_free(s);
	free(path);
}

static void expect_error(const char *yaml, const char *want, const char *name)
{
	struct suite *s = NULL;
	struct bnb_err e = { 0, "" };

	write_file("t.yaml", yaml);
	is_int(suite_load("t.yaml", &s, &e), BNB_EFORMAT, name);
	if (!ok(strcmp(e.msg, want) == 0, "%s: the message", name))
		printf("#   got  '%s'\n#   want '%s'\n", e.msg, want);
	suite_free(s);
}

#define GROUPS "groups:\n  - op: gemv\n    shapes: [4x8]\n"

static void test_model_errors(void)
{
	expect_error("name: t\nmodel:\n  name: m\n  layers: 2\n  linear: {a: 4x8, b: 5x8}\n" GROUPS,
	             "t.yaml:5:23: layer 'b' of the model: no gemv group has shape 5x8", "a shape no group measures");
	expect_error("name: t\nmodel:\n  name: m\n  layers: 0\n  linear: {a: 4x8}\n" GROUPS,
	             "t.yaml:4:11: invalid value '0' for 'layers' (expected a positive integer)", "0 layers");
	expect_error("name: t\nmodel:\n  name: m\n  linear: {a: 4x8}\n" GROUPS,
	             "t.yaml:3:3: missing key 'layers' in 'model'", "no layers");
	expect_error("name: t\nmodel:\n  name: m\n  layers: 2\n  heads: 3\n  linear: {a: 4x8}\n" GROUPS,
	             "t.yaml:5:3: unknown key 'heads' in 'model' (name, layers, linear)", "an unknown key");
	expect_error("name: t\nmodel:\n  name: m\n  layers: 2\n  linear: {a b: 4x8}\n" GROUPS,
	             "t.yaml:5:12: invalid layer name 'a b' (letters, digits, '_', '-' and '.')", "a blank in a name");
	expect_error("name: t\nmodel:\n  name: m\n  layers: 2\n  linear: {a: 4}\n" GROUPS,
	             "t.yaml:5:15: invalid shape '4' for layer 'a' (expected MxK such as 2560x2560)", "a size, not a shape");
}

int main(void)
{
	const char *srcdir = getenv("BNB_SRCDIR");
	char tmpl[] = "/tmp/bnb-test-roofline.XXXXXX";
	char *dir;

	test_roofline();
	test_decode_rate();
	test_model_env();
	test_bitnet_suite(srcdir ? srcdir : ".");
	dir = mkdtemp(tmpl);
	if (!dir || chdir(dir) != 0) {
		printf("Bail out! cannot make a temporary directory\n");
		return 99;
	}
	test_model_errors();
	unlink("t.yaml");
	if (chdir("/") != 0 || rmdir(dir) != 0)
		printf("# cannot remove %s\n", dir);
	return tap_done();
}
