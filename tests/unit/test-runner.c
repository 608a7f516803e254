/*
 * The engine against the library alone: a test sink records what it is told,
 * with the test plugin t_work, in this process and in worker processes.
 */
#define _POSIX_C_SOURCE 200809L   /* mkdtemp, symlink */
#include "config.h"

#include "t_plugins.h"

#include <errno.h>
#include <math.h>

#include "runner.h"
#include "session.h"
#include "tap.h"

static const char suite_text[] =
	"name: t\n"
	"defaults:\n"
	"  warmup: 1ms\n"
	"  min_time: 2ms\n"
	"  max_time: 4ms\n"
	"  min_samples: 3\n"
	"groups:\n"
	"  - name: q\n"
	"    op: quantize\n"
	"    schemes: [tw]\n"
	"    sizes: [64]\n"
	"    backends: [scalar, t_fast]\n"
	"  - name: dq\n"
	"    op: dequantize\n"
	"    schemes: [tw]\n"
	"    sizes: [64]\n"
	"    backends: [t_fast]\n"
	"  - name: w\n"
	"    op: work\n"
	"    sizes: [16]\n"
	"    backends: [t_fast, scalar]\n";

/* A sink that writes each event on a line; it can fail a case or stop the run. */
struct test_sink {
	struct strbuf log;
	int fail_at;                  /* fail the n-th finished case (1-based), 0: never */
	int stop_at;                  /* set *stop when the n-th case starts */
	int n_finished, n_started;
	volatile int *stop;
	struct case_result work;      /* a copy of work/-/t_fast's numbers */
};

static int t_begin(struct run_info *run, void *arg, struct bnb_err *e)
{
	struct test_sink *t = arg;

	(void)e;
	run->id = 42;
	sb_addf(&t->log, "begin %s %s\n", run->suite, run->label ? run->label : "-");
	return BNB_OK;
}

static void t_started(const struct plan_case *pc, size_t index, size_t done, size_t total, void *arg)
{
	struct test_sink *t = arg;

	sb_addf(&t->log, "started %zu %s %zu/%zu\n", index, pc->name, done, total);
	if (++t->n_started == t->stop_at)
		*t->stop = 1;
}

static int t_finished(const struct run_info *run, struct case_result *c, size_t index, void *arg,
                      struct bnb_err *e)
{
	struct test_sink *t = arg;

	if (++t->n_finished == t->fail_at)
		return err_set(e, BNB_EDB, "cannot store %s", c->name);
	sb_addf(&t->log, "finished %zu %s %s run %lld%s\n", index, c->name, case_status_name(c->status),
	        (long long)run->id, c->status == CASE_OK && c->n_samples >= 3 && c->stats.median > 0 ? " measured" : "");
	if (strcmp(c->name, "work/-/t_fast/16") == 0) {
		t->work.work_items = c->work_items;
		t->work.bytes = c->bytes;
	}
	return BNB_OK;
}

static void t_env(const char *key, const char *value, void *arg)
{
	struct test_sink *t = arg;
	sb_addf(&t->log, "env %s=%s\n", key, value);
}

static int t_end(const struct run_info *run, void *arg, struct bnb_err *e)
{
	struct test_sink *t = arg;

	(void)e;
	sb_addf(&t->log, "end %s\n", run_status_name(run->status));
	return BNB_OK;
}

static struct run_sink test_sink(struct test_sink *t)
{
	struct run_sink s = { t_begin, t_started, t_finished, t_env, t_end, t };
	return s;
}

static const char full_log[] =
	"begin t lbl\n"
	"finished 2 dequantize/tw/t_fast/64 skipped run 42\n"
	"started 0 quantize/tw/scalar/64 1/5\n"
	"finished 0 quantize/tw/scalar/64 ok run 42 measured\n"
	"started 1 quantize/tw/t_fast/64 2/5\n"
	"finished 1 quantize/tw/t_fast/64 ok run 42 measured\n"
	"started 3 work/-/t_fast/16 3/5\n"
	"env t_work.setup=t_fast\n"
	"finished 3 work/-/t_fast/16 ok run 42 measured\n"
	"started 4 work/-/scalar/16 4/5\n"
	"finished 4 work/-/scalar/16 ok run 42 measured\n"
	"end complete\n";

static void test_run(const struct session *s, int isolate)
{
	volatile int stop = 0;
	struct runner_opts o = { "lbl", isolate, -1, 0, 0, &stop, 0 };
	struct test_sink a, b;
	struct run_sink sinks[2];
	struct runner x;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	sinks[0] = test_sink(&a);
	sinks[1] = test_sink(&b);
	ok(runner_start(&x, &s->plan, s->suite, &s->reg, &o, sinks, 2, &e) == BNB_OK, "isolate %d: starts", isolate);
	is_int(runner_all(&x), BNB_OK, "runs every case");
	is_int(runner_finish(&x, 0, &e), BNB_OK, "finishes");
	is_str(sb_str(&a.log), full_log, "the first sink is told everything, in order");
	is_str(sb_str(&b.log), full_log, "and so is the second");
	is_double(a.work.work_items, 3, 0, "a kernel's work callback gives the items of an iteration");
	is_double(a.work.bytes, 8 * 16, 0, "and its bytes");
	ok(run_env_get(&x.run, "t_work.setup") && strcmp(run_env_get(&x.run, "t_work.setup"), "t_fast") == 0,
	   "the plugin's key is in the run's fingerprint");
	n = runner_take(&x, &cases);
	is_int(n, 5, "five results");
	if (n == 5) {
		is_str(cases[4].name, "work/-/scalar/16", "in plan order");
		is_double(cases[4].work_items, 1, 0, "without a work callback: one item per iteration");
		is_double(cases[0].work_items, 64, 0, "quantize: an item per weight");
		is_str(cases[0].detail, "verified", "checked against the reference");
	}
	for (size_t i = 0; i < n; i++)
		case_result_free(&cases[i]);
	free(cases);
	runner_free(&x);
	sb_free(&a.log);
	sb_free(&b.log);
}

/* A sink that fails stops the run: later sinks never hear of that case, no case starts after it. */
static void test_sink_failure(const struct session *s)
{
	volatile int stop = 0;
	struct runner_opts o = { NULL, 0, -1, 0, 0, &stop, 0 };
	struct test_sink a, b;
	struct run_sink sinks[2];
	struct runner x;
	struct case_result *cases;
	struct bnb_err e = { 0, "" };
	size_t n;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.fail_at = 2;
	sinks[0] = test_sink(&a);
	sinks[1] = test_sink(&b);
	runner_start(&x, &s->plan, s->suite, &s->reg, &o, sinks, 2, &e);
	is_int(runner_all(&x), BNB_EDB, "the failing sink's status");
	ok(x.sink_failed, "marked as a sink failure");
	is_str(x.err.msg, "cannot store quantize/tw/scalar/64", "with its message");
	runner_finish(&x, 0, &e);
	is_str(sb_str(&b.log),
	       "begin t -\n"
	       "finished 2 dequantize/tw/t_fast/64 skipped run 42\n"
	       "started 0 quantize/tw/scalar/64 1/5\n"
	       "end incomplete\n", "the next sink saw neither the failed case nor any after it");
	n = runner_take(&x, &cases);
	ok(n == 1 && strcmp(cases[0].name, "dequantize/tw/t_fast/64") == 0, "the refused case is no result");
	for (size_t i = 0; i < n; i++)
		case_result_free(&cases[i]);
	free(cases);
	runner_free(&x);
	sb_free(&a.log);
	sb_free(&b.log);
}

/* The caller's stop flag ends the run after the current case. */
static void test_stop(const struct session *s, int isolate)
{
	volatile int stop = 0;
	struct runner_opts o = { NULL, isolate, -1, 0, 0, &stop, 0 };
	struct test_sink a;
	struct run_sink sink;
	struct runner x;
	struct bnb_err e = { 0, "" };

	memset(&a, 0, sizeof a);
	a.stop = &stop;
	a.stop_at = 1;
	sink = test_sink(&a);
	runner_start(&x, &s->plan, s->suite, &s->reg, &o, &sink, 1, &e);
	ok(runner_all(&x) == BNB_EINTR, "isolate %d: interrupted", isolate);
	ok(!x.sink_failed, "not a sink failure");
	runner_finish(&x, 1, &e);
	if (isolate)
		ok(strstr(sb_str(&a.log), "started 1 ") == NULL, "no case starts after the stop");
	else
		ok(strstr(sb_str(&a.log), "finished 0 quantize/tw/scalar/64 ok") &&
		   !strstr(sb_str(&a.log), "started 1 "), "the current case finishes, no other starts");
	ok(strstr(sb_str(&a.log), "end incomplete\n") != NULL, "the run is incomplete");
	runner_free(&x);
	sb_free(&a.log);
}

/* A work callback that gives no items fails its case, not the run. */
static void test_bad_work(const char *dir)
{
	struct session s;
	struct runner_opts o = { NULL, 0, -1, 0, 0, NULL, 0 };
	struct runner x;
	struct case_result *cases = NULL;
	struct bnb_err e = { 0, "" };
	size_t n = 0;

	t_write_file("t-runner.yaml", "name: t\ngroups:\n  - name: w\n    op: work\n    sizes: [16]\n"
	                              "    backends: [t_nowork]\n");
	if (ok(session_open(&s, "t-runner.yaml", dir, NULL, &e) == BNB_OK && s.plan.n == 1, "one case")) {
		runner_start(&x, &s.plan, s.suite, &s.reg, &o, NULL, 0, &e);
		is_int(runner_all(&x), BNB_OK, "the run goes on");
		n = runner_take(&x, &cases);
		ok(n == 1 && cases[0].status == CASE_ERROR, "the case is an error");
		is_str(n == 1 ? cases[0].detail : NULL, "work/-/t_nowork: work: no work items per iteration",
		       "saying why");
		for (size_t i = 0; i < n; i++)
			case_result_free(&cases[i]);
		free(cases);
		runner_free(&x);
	}
	session_close(&s);
}

/*
 * Two processes per case: every plugin's worker once, then again (the log of
 * starts), a case finished once with both processes' samples pooled.
 */
static void test_processes(const char *dir, int isolate)
{
	static const char two_log[] =
		"begin t -\n"
		"started 0 work/-/t_fast/16 0/2\n"
		"env t_work.setup=t_fast\n"
		"started 1 noop/-/t_null/16 0/2\n"
		"started 0 work/-/t_fast/16 0/2\n"
		"env t_work.setup=t_fast\n"
		"finished 0 work/-/t_fast/16 ok run 42 measured\n"
		"started 1 noop/-/t_null/16 1/2\n"
		"finished 1 noop/-/t_null/16 ok run 42 measured\n"
		"end complete\n";
	char src[4096], dst[4096];
	struct session s;
	volatile int stop = 0;
	struct runner_opts o = { NULL, isolate, -1, 0, 0, &stop, 0 };
	struct test_sink a;
	struct run_sink sink;
	struct runner x;
	struct case_result *cases = NULL;
	struct bnb_err e = { 0, "" };
	size_t n = 0;

	snprintf(src, sizeof src, "%s/t_null.so", getenv("BNB_TEST_PLUGINDIR"));
	snprintf(dst, sizeof dst, "%s/t_null.so", dir);
	if (symlink(src, dst) != 0 && errno != EEXIST) {
		ok(0, "cannot link %s", src);
		return;
	}
	t_write_file("t-runner.yaml", "name: t\ndefaults:\n  warmup: 1ms\n  min_time: 2ms\n  max_time: 4ms\n"
	                              "  min_samples: 3\n  processes: 2\ngroups:\n"
	                              "  - {name: w, op: work, sizes: [16], backends: [t_fast]}\n"
	                              "  - {name: n, op: noop, sizes: [16], backends: [t_null]}\n");
	if (!ok(session_open(&s, "t-runner.yaml", dir, NULL, &e) == BNB_OK && s.plan.n == 2,
	        "isolate %d: a suite of two plugins' cases, processes: 2", isolate)) {
		printf("#   %s\n", e.msg);
		unlink(dst);
		return;
	}
	memset(&a, 0, sizeof a);
	sink = test_sink(&a);
	runner_start(&x, &s.plan, s.suite, &s.reg, &o, &sink, 1, &e);
	is_int(runner_all(&x), BNB_OK, "runs");
	runner_finish(&x, 0, &e);
	is_str(run_env_get(&x.run, "bnbench.processes"), isolate ? "2" : "1", "the run records its processes");
	n = runner_take(&x, &cases);
	if (isolate) {
		is_str(sb_str(&a.log), two_log, "interleaved: plugin A, plugin B, then again; each case finished once");
		ok(n == 2 && cases[0].processes == 2 && cases[1].processes == 2, "each case: two processes");
		ok(n == 2 && cases[0].process_spread >= 0 && isfinite(cases[0].process_spread), "with their spread");
		ok(n == 2 && cases[0].stats.n == cases[0].n_samples && cases[0].n_samples >= 6,
		   "the statistics are of the pooled samples (%zu, 3 or more per process)", n ? cases[0].n_samples : 0);
	} else {
		ok(n == 2 && cases[0].processes == 1 && isnan(cases[0].process_spread),
		   "without worker processes: one process, no spread");
		ok(strstr(sb_str(&a.log), "started 0 work/-/t_fast/16 0/2\nenv t_work.setup=t_fast\nfinished 0") != NULL,
		   "measured once");
	}
	for (size_t i = 0; i < n; i++)
		case_result_free(&cases[i]);
	free(cases);
	runner_free(&x);
	sb_free(&a.log);
	session_close(&s);
	unlink(dst);
}

int main(void)
{
	char *dir = t_plugin_dir("t_work");
	struct session s;
	struct bnb_err e = { 0, "" };

	t_write_file("t-runner.yaml", suite_text);
	if (ok(session_open(&s, "t-runner.yaml", dir, NULL, &e) == BNB_OK && s.plan.n == 5, "the suite plans")) {
		test_run(&s, 0);
		test_run(&s, 1);
		test_sink_failure(&s);
		test_stop(&s, 0);
		test_stop(&s, 1);
	} else {
		printf("#   %s\n", e.msg);
	}
	session_close(&s);
	test_bad_work(dir);
	test_processes(dir, 1);
	test_processes(dir, 0);
	unlink("t-runner.yaml");
	t_plugin_dir_remove(dir, "t_work");
	return tap_done();
}
