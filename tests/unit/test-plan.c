/* The plan: a suite expanded against plugins (the test plugin t_work). */
#define _POSIX_C_SOURCE 200809L   /* mkdtemp, symlink */
#include "config.h"

#include "t_plugins.h"

#include "plan.h"
#include "session.h"
#include "tap.h"

static const char suite_text[] =
	"name: t\n"
	"groups:\n"
	"  - name: q\n"
	"    op: quantize\n"
	"    schemes: [tw]\n"
	"    sizes: [64, 128]\n"
	"  - name: q2\n"
	"    op: quantize\n"
	"    schemes: [tw]\n"
	"    shapes: [2x128]\n"
	"    backends: [scalar]\n"
	"  - name: dq\n"
	"    op: dequantize\n"
	"    schemes: [tw]\n"
	"    sizes: [64]\n"
	"    backends: [t_fast, scalar]\n"
	"  - name: w\n"
	"    op: work\n"
	"    sizes: [16]\n"
	"    backends: [t_fast]\n"
	"    params:\n"
	"      mode: cold\n";

/* Names and skip reasons of every case, "name|skip" per line. */
static char *describe(const struct plan *p)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < p->n; i++)
		sb_addf(&sb, "%s|%s\n", p->cases[i].name, p->cases[i].skip ? p->cases[i].skip : "");
	char *s = xstrdup(sb_str(&sb));

	sb_free(&sb);
	return s;
}

static void test_expand(const char *dir)
{
	struct session s;
	struct bnb_err e = { 0, "" };
	char *got;
	int rc;

	t_write_file("t-plan.yaml", suite_text);
	rc = session_open(&s, "t-plan.yaml", dir, NULL, &e);
	if (!ok(rc == BNB_OK, "the suite plans")) {
		printf("#   %s\n", e.msg);
		session_close(&s);
		return;
	}
	got = describe(&s.plan);
	/* Schemes x sizes x backends in order; every backend with the kernel when none are listed. */
	ok(strncmp(got,
	           "quantize/tw/scalar/64|\n"
	           "quantize/tw/t_fast/64|\n", 44) == 0, "quantize: scalar and t_fast at the first size");
	ok(strstr(got, "quantize/tw/t_never/64|unsupported: ") != NULL, "a kernel this CPU cannot run is skipped");
	ok(strstr(got, "quantize/tw/scalar/128|\nquantize/tw/t_fast/128|\nquantize/tw/t_never/128|unsupported")
	   != NULL, "then every backend at the second size");
	ok(strstr(got, "\nquantize/tw/scalar/2x128|\n") != NULL, "a shape names the case MxK");
	ok(strstr(got, "dequantize/tw/t_fast/64|scheme tw has no scalar reference dequantize kernel to verify "
	               "against\n") != NULL, "no reference kernel: skipped");
	ok(strstr(got, "dequantize/tw/scalar/64|backend scalar has no dequantize kernel for tw\n") != NULL,
	   "a listed backend without the kernel: skipped");
	ok(strstr(got, "work/-/t_fast/16@mode=cold|\n") != NULL, "a given parameter names the case");
	is_int(s.plan.n, 10, "ten cases");
	if (s.plan.n == 10) {
		const struct plan_case *q = &s.plan.cases[0], *w = &s.plan.cases[9];
		is_int(q->m, 1, "a size is one row");
		is_int(q->k, 64, "of that many columns");
		is_int(s.plan.cases[6].m, 2, "a shape's rows");
		is_int(s.plan.cases[6].k, 128, "and columns");
		ok(q->info == ops_find("quantize") && !w->info, "the ops table entry, none for the plugin's own op");
		ok(q->ref && q->ref == s.plan.cases[1].ref, "the scalar kernel is the reference");
		is_double(plan_work_items(q), 64, 0, "quantize: an item per weight");
		is_double(plan_bytes(q), 4 * 64 + 64 / 4, 0, "quantize: floats in, packed out");
		is_double(plan_work_items(w), 1, 0, "own op: one item per iteration");
		is_str(w->params_str, "mode=cold", "the given parameters");
	}
	free(got);
	session_close(&s);
}

static void test_filter(const char *dir)
{
	struct session s;
	struct plan_filter f = { "quantize,work", NULL, "t_fast", "*/64*" };
	struct bnb_err e = { 0, "" };
	char *got;

	t_write_file("t-plan.yaml", suite_text);
	if (!ok(session_open(&s, "t-plan.yaml", dir, &f, &e) == BNB_OK, "the suite plans with filters")) {
		session_close(&s);
		return;
	}
	got = describe(&s.plan);
	is_str(got, "quantize/tw/t_fast/64|\n", "--op, --backend and --filter all apply");
	free(got);
	session_close(&s);
}

/*
 * Thread counts multiply the cases of a kernel that runs on threads (t_fast's
 * work: up to 2); a single-threaded kernel has one case, on one thread.
 */
static void test_threads(const char *dir)
{
	static const unsigned four[] = { 4 };
	struct plan_filter f = { NULL, NULL, NULL, NULL, four, 1, 0 };
	struct session s;
	struct bnb_err e = { 0, "" };
	char *got;

	t_write_file("t-plan.yaml", "name: t\ndefaults:\n  threads: [2, 1, 3]\ngroups:\n"
	             "  - {name: q, op: quantize, schemes: [tw], sizes: [64], backends: [scalar]}\n"
	             "  - {name: w, op: work, sizes: [16], backends: [t_fast]}\n");
	if (!ok(session_open(&s, "t-plan.yaml", dir, NULL, &e) == BNB_OK, "threads: the suite plans")) {
		printf("#   %s\n", e.msg);
		session_close(&s);
		return;
	}
	got = describe(&s.plan);
	is_str(got, "quantize/tw/scalar/64|\n"
	            "work/-/t_fast/16/t2|\n"
	            "work/-/t_fast/16|\n"
	            "work/-/t_fast/16/t3|the kernel runs on at most 2 threads\n",
	       "threads: a case per count, named /tN past 1; one case of a single-threaded kernel");
	if (s.plan.n == 4) {
		struct case_result c;
		is_int(s.plan.cases[0].threads, 1, "threads: the single-threaded kernel runs on one");
		is_int(s.plan.cases[1].threads, 2, "threads: the count of the case");
		plan_case_result(&s.plan.cases[1], &c);
		is_int(c.threads, 2, "threads: the case result has the count");
		is_int(plan_find(&s.plan, &c), 1, "threads: found again by its count");
		c.threads = 1;
		is_int(plan_find(&s.plan, &c), 2, "threads: another count is another case");
		case_result_free(&c);
	}
	free(got);
	session_close(&s);

	if (!ok(session_open(&s, "t-plan.yaml", dir, &f, &e) == BNB_OK, "threads: --threads plans")) {
		session_close(&s);
		return;
	}
	got = describe(&s.plan);
	is_str(got, "quantize/tw/scalar/64|\nwork/-/t_fast/16/t4|the kernel runs on at most 2 threads\n",
	       "threads: --threads replaces the suite's counts");
	free(got);
	session_close(&s);
}

static void test_errors(const char *dir)
{
	static const struct { const char *yaml, *msg; } cases[] = {
		{ "name: t\ngroups:\n  - name: a\n    op: quantise\n    schemes: [tw]\n    sizes: [64]\n",
		  "t-plan.yaml:4:9: unknown op 'quantise' (did you mean 'quantize'?)" },
		{ "name: t\ngroups:\n  - name: a\n    op: quantize\n    schemes: [tw]\n    sizes: [66]\n",
		  "t-plan.yaml:6:13: size 66 is not a multiple of 4 (scheme tw)" },
		{ "name: t\ngroups:\n  - name: a\n    op: quantize\n    schemes: [tw]\n    sizes: [64]\n"
		  "    params:\n      mood: x\n",
		  "t-plan.yaml:8:7: unknown parameter 'mood' (no kernel of group 'a' takes it)" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct session s;
		struct bnb_err e = { 0, "" };

		t_write_file("t-plan.yaml", cases[i].yaml);
		ok(session_open(&s, "t-plan.yaml", dir, NULL, &e) == BNB_EINVAL, "bad suite %zu: refused", i);
		is_str(e.msg, cases[i].msg, "bad suite: the message");
		is_int(s.plan.n, 0, "bad suite: no cases");
		session_close(&s);
	}
}

int main(void)
{
	char *dir = t_plugin_dir("t_work");

	test_expand(dir);
	test_threads(dir);
	test_filter(dir);
	test_errors(dir);
	unlink("t-plan.yaml");
	t_plugin_dir_remove(dir, "t_work");
	return tap_done();
}
