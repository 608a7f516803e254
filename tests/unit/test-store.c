/* Unit tests of the results store (harness/store*.c). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "model.h"
#include "store.h"
#include "tap.h"
#include "util.h"

/* ---- fixtures ---- */

static char *tmp_root;

/* A fresh, empty directory for one test. */
static char *fresh_dir(void)
{
	static int n;
	char *dir = xasprintf("%s/t%d", tmp_root, n++);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		exit(99);
	}
	return dir;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		buf = xrealloc(buf, cap += 4096);
		size_t got = fread(buf + *len, 1, cap - *len - 1, f);
		*len += got;
		if (got == 0)
			break;
	}
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void file_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
		perror(path);
		exit(99);
	}
}

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Run SQL on a file with plain SQLite, as another program would. */
static void sql_on(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("# %s: %s\n", path, msg ? msg : sqlite3_errmsg(db));
		exit(99);
	}
	sqlite3_close(db);
}

/* The rows of `sql` (on a file) as text, one line per row, "|" between columns. */
static char *sql_text(const char *path, const char *sql)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *st;
	sqlite3 *db;
	char *text;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", path, sqlite3_errmsg(db));
		exit(99);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			sb_addf(&sb, "%s%s", i ? "|" : "", t ? (const char *)t : "NULL");
		}
		sb_adds(&sb, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	text = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return text;
}

static void run_fill(struct run_info *r, const char *suite, const char *label, uint64_t started_ns)
{
	memset(r, 0, sizeof *r);
	r->suite = xstrdup(suite);
	r->suite_hash = xstrdup("9f86d081884c7d65");
	r->label = label ? xstrdup(label) : NULL;
	r->git_commit = xstrdup("7498095");
	r->git_dirty = 1;
	r->host = xstrdup("bench-01");
	r->version = xstrdup("0.1.0");
	r->source = xstrdup("bnbench");
	r->started_ns = started_ns;
	r->status = RUN_RUNNING;
	run_env_add(r, "cpu.model", "Xeon");
	run_env_add(r, "governor", "performance");
	run_env_add(r, "cc", "gcc 12");
}

/* A measured case: n samples and every statistic set to something distinct. */
static void case_fill_ok(struct case_result *c, const char *name, size_t n)
{
	case_result_init(c);
	c->threads = 2;
	c->processes = 3;
	c->process_spread = 0.0625;
	c->target_ci = 0.01;
	c->name = xstrdup(name);
	c->group = xstrdup("quantize");
	c->plugin = xstrdup("avx2");
	c->op = xstrdup("quantize");
	c->scheme = xstrdup("i2s");
	c->backend = xstrdup("avx2");
	c->m = 1;
	c->k = 65536;
	c->params = xstrdup("unroll=4");
	c->status = CASE_OK;
	c->detail = xstrdup("max abs err 0");
	c->boundary_elems = 17;
	c->threshold = 0.05;
	c->iters_per_sample = 1000;
	c->work_items = 65536;
	c->bytes = 278528.5;
	c->started_ns = 1700000000123456789u;
	c->n_samples = n;
	c->samples = xmalloc(n * sizeof *c->samples);
	for (size_t i = 0; i < n; i++)
		c->samples[i] = 1000.0 + (double)i / 3.0;
	c->stats = (struct stats_summary){ n, 1001.5, 1000.25, 1002.75, 1001.625, 0.1 / 3.0, 0.75,
	                                    1000.0, 1000.0 + (double)(n - 1) / 3.0, 1000.7, 1002.3,
	                                    1, 2, 3, 4 };
}

/* A case that never ran: NULL group and detail, NaN statistics, no samples. */
static void case_fill_skipped(struct case_result *c)
{
	case_result_init(c);
	c->name = xstrdup("gemv/tl2/avx512/4096x4096");
	c->plugin = xstrdup("avx512");
	c->op = xstrdup("gemv");
	c->scheme = xstrdup("tl2");
	c->backend = xstrdup("avx512");
	c->m = 4096;
	c->k = 4096;
	c->params = xstrdup("");
	c->status = CASE_SKIPPED;
	c->threshold = NAN;
	c->work_items = NAN;
	c->bytes = NAN;
	c->stats.median = c->stats.ci_low = c->stats.ci_high = NAN;
	c->stats.mean = c->stats.stddev = c->stats.mad = NAN;
	c->stats.min = c->stats.max = c->stats.q1 = c->stats.q3 = NAN;
}

/* ---- comparisons ---- */

static int str_same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int dbl_same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int run_same(const struct run_info *a, const struct run_info *b, int with_env)
{
	int same = a->id == b->id && str_same(a->suite, b->suite) &&
	           str_same(a->suite_hash, b->suite_hash) && str_same(a->label, b->label) &&
	           str_same(a->git_commit, b->git_commit) && a->git_dirty == b->git_dirty &&
	           str_same(a->host, b->host) && str_same(a->version, b->version) &&
	           str_same(a->source, b->source) && a->started_ns == b->started_ns &&
	           a->finished_ns == b->finished_ns && a->status == b->status;
	if (!with_env)
		return same;
	same = same && a->n_env == b->n_env;
	for (size_t i = 0; same && i < a->n_env; i++)
		same = str_same(a->env[i].key, b->env[i].key) &&
		       str_same(a->env[i].value, b->env[i].value);
	return same;
}

/* Every field; ids only when `with_ids`. */
static int case_fields_same(const struct case_result *a, const struct case_result *b, int with_ids)
{
	const struct stats_summary *x = &a->stats, *y = &b->stats;
	int same = (!with_ids || (a->id == b->id && a->run_id == b->run_id)) &&
	           str_same(a->name, b->name) && str_same(a->group, b->group) &&
	           str_same(a->plugin, b->plugin) && str_same(a->op, b->op) &&
	           str_same(a->scheme, b->scheme) && str_same(a->backend, b->backend) &&
	           a->m == b->m && a->k == b->k && str_same(a->params, b->params) &&
	           a->status == b->status && str_same(a->detail, b->detail) &&
	           a->boundary_elems == b->boundary_elems && dbl_same(a->threshold, b->threshold) &&
	           a->iters_per_sample == b->iters_per_sample &&
	           dbl_same(a->work_items, b->work_items) && dbl_same(a->bytes, b->bytes) &&
	           a->started_ns == b->started_ns && x->n == y->n &&
	           dbl_same(x->median, y->median) && dbl_same(x->ci_low, y->ci_low) &&
	           dbl_same(x->ci_high, y->ci_high) && dbl_same(x->mean, y->mean) &&
	           dbl_same(x->stddev, y->stddev) && dbl_same(x->mad, y->mad) &&
	           dbl_same(x->min, y->min) && dbl_same(x->max, y->max) &&
	           dbl_same(x->q1, y->q1) && dbl_same(x->q3, y->q3) &&
	           x->outliers_low_mild == y->outliers_low_mild &&
	           x->outliers_low_severe == y->outliers_low_severe &&
	           x->outliers_high_mild == y->outliers_high_mild &&
	           x->outliers_high_severe == y->outliers_high_severe &&
	           case_threads(a) == case_threads(b) && case_processes(a) == case_processes(b) &&
	           dbl_same(a->process_spread, b->process_spread) && dbl_same(a->target_ci, b->target_ci) &&
	           a->n_samples == b->n_samples;
	for (size_t i = 0; same && i < a->n_samples; i++)
		same = a->samples[i] == b->samples[i];
	return same;
}

static struct store *open_ok(const char *path, unsigned flags)
{
	struct bnb_err e = { 0 };
	struct store *s = NULL;

	if (store_open(path, flags, &s, &e) != BNB_OK) {
		printf("# %s\n", e.msg);
		exit(99);
	}
	return s;
}

/* A run with the given identity, `n_cases` measured cases, finished complete. */
static int64_t add_run(struct store *s, const char *suite, const char *label, uint64_t started_ns,
                       size_t n_cases)
{
	struct bnb_err e = { 0 };
	struct run_info run;
	int64_t id;
	int status;

	run_fill(&run, suite, label, started_ns);
	status = store_run_begin(s, &run, &e);
	for (size_t i = 0; status == BNB_OK && i < n_cases; i++) {
		struct case_result c;
		char *name = xasprintf("quantize/i2s/avx2/%zu", (size_t)1024 << i);
		case_fill_ok(&c, name, 10 + i);
		status = store_case_add(s, run.id, &c, &e);
		case_result_free(&c);
		free(name);
	}
	if (status == BNB_OK)
		status = store_run_finish(s, run.id, RUN_COMPLETE, started_ns + 5000, &e);
	if (status != BNB_OK) {
		printf("# %s\n", e.msg);
		exit(99);
	}
	id = run.id;
	run_info_free(&run);
	return id;
}

/* ---- tests ---- */

static void test_roundtrip(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir);
	struct bnb_err e = { 0 };
	struct run_info run, got;
	struct case_result in[2], *out;
	size_t n_out;
	struct store *s;
	char *text;

	is_int(store_open(path, STORE_CREATE, &s, &e), BNB_OK, "create a new database");
	run_fill(&run, "quant", "nightly", 1700000000000000000u);
	is_int(store_run_begin(s, &run, &e), BNB_OK, "begin a run");
	ok(run.id > 0, "the run has an id");
	case_fill_ok(&in[0], "quantize/i2s/avx2/65536", 37);
	case_fill_skipped(&in[1]);
	is_int(store_case_add(s, run.id, &in[0], &e), BNB_OK, "add a measured case");
	is_int(store_case_add(s, run.id, &in[1], &e), BNB_OK, "add a skipped case");
	ok(in[0].id > 0 && in[1].id > in[0].id && in[1].run_id == run.id, "cases get ids");
	run_env_add(&run, "governor", "powersave");
	run_env_add(&run, "plugin.avx2.cc", "gcc 12 -O3");
	is_int(store_env_put(s, &run, &e), BNB_OK, "store env captured during the run");
	run.finished_ns = 1700000001000000000u;
	run.status = RUN_COMPLETE;
	is_int(store_run_finish(s, run.id, RUN_COMPLETE, run.finished_ns, &e), BNB_OK, "finish");
	store_close(s);

	text = sql_text(path, "PRAGMA application_id");
	is_str(text, "1112425043\n", "application_id is bnbench's");
	free(text);
	text = sql_text(path, "PRAGMA user_version");
	is_str(text, "3\n", "user_version is the schema version");
	free(text);
	text = sql_text(path, "PRAGMA journal_mode");
	is_str(text, "wal\n", "the database is in WAL mode");
	free(text);

	s = open_ok(path, STORE_READONLY);
	is_int(store_run_load(s, run.id, &got, &out, &n_out, &e), BNB_OK, "load the run read-only");
	ok(run_same(&run, &got, 1), "run fields and env (updated, in order) round-trip");
	is_int(n_out, 2, "two cases");
	ok(n_out == 2 && case_fields_same(&in[0], &out[0], 1), "measured case round-trips, samples too");
	ok(n_out == 2 && case_fields_same(&in[1], &out[1], 1), "skipped case round-trips (NULLs, NaNs)");
	run_info_free(&got);
	store_cases_free(out, n_out);
	is_int(store_run_load(s, 999, &got, &out, &n_out, &e), BNB_ENOTFOUND, "load unknown run");
	is_str(e.msg, "no run '999'", "unknown run message");
	store_close(s);

	run_info_free(&run);
	case_result_free(&in[0]);
	case_result_free(&in[1]);
	free(path);
	free(dir);
}

static void test_incomplete(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir);
	struct bnb_err e = { 0 };
	struct run_info run, got, *runs;
	struct case_result c, *out;
	size_t n_out, n_runs;
	struct store *s = open_ok(path, STORE_CREATE);

	run_fill(&run, "quant", NULL, 42);
	store_run_begin(s, &run, &e);
	case_fill_ok(&c, "quantize/i2s/avx2/1024", 10);
	is_int(store_case_add(s, run.id, &c, &e), BNB_OK, "add a case, then stop");
	is_int(store_run_finish(s, run.id, RUN_RUNNING, 1, &e), BNB_EINVAL, "cannot finish as running");
	is_int(store_run_finish(s, 77, RUN_COMPLETE, 1, &e), BNB_ENOTFOUND, "finish an unknown run");
	is_str(e.msg, "no run '77'", "unknown run message");
	store_close(s);

	s = open_ok(path, 0);
	is_int(store_run_load(s, run.id, &got, &out, &n_out, &e), BNB_OK, "load the unfinished run");
	is_int(got.status, RUN_INCOMPLETE, "an unfinished run is incomplete");
	ok(n_out == 1 && case_fields_same(&c, &out[0], 1), "its committed case is whole");
	run_info_free(&got);
	store_cases_free(out, n_out);

	/* One transaction across calls: rolled back, nothing remains; committed, all does. */
	case_result_free(&c);
	is_int(store_begin(s, &e), BNB_OK, "begin a transaction");
	run_info_free(&run);
	run_fill(&run, "import", NULL, 43);
	store_run_begin(s, &run, &e);
	case_fill_ok(&c, "quantize/i2s/avx2/2048", 10);
	is_int(store_case_add(s, run.id, &c, &e), BNB_OK, "add a case inside it");
	is_int(store_rollback(s, &e), BNB_OK, "roll back");
	store_runs_list(s, 0, &runs, &n_runs, &e);
	is_int(n_runs, 1, "the rolled-back run is gone");
	store_runs_free(runs, n_runs);
	store_begin(s, &e);
	store_run_begin(s, &run, &e);
	store_case_add(s, run.id, &c, &e);
	is_int(store_commit(s, &e), BNB_OK, "commit");
	store_run_load(s, run.id, &got, &out, &n_out, &e);
	ok(n_out == 1 && case_fields_same(&c, &out[0], 1), "the committed case is there");
	run_info_free(&got);
	store_cases_free(out, n_out);
	/* A case whose samples fail to insert leaves nothing of itself. */
	c.samples[5] = NAN;
	is_int(store_case_add(s, run.id, &c, &e), BNB_EDB, "a case with a NaN sample fails");
	ok(strncmp(e.msg, path, strlen(path)) == 0, "the failure names the database: %s", e.msg);
	{
		char *q = sql_text(path, "SELECT (SELECT count(*) FROM cases), "
		                   "(SELECT count(*) FROM samples)");
		is_str(q, "2|20\n", "nothing of the failed case was written");
		free(q);
	}
	store_close(s);

	run_info_free(&run);
	case_result_free(&c);
	free(path);
	free(dir);
}

/* Two handles on one file, as two concurrent runs: their writes interleave. */
static void test_two_writers(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir);
	struct bnb_err e = { 0 };
	struct store *s1 = open_ok(path, STORE_CREATE), *s2 = open_ok(path, STORE_CREATE);
	struct run_info r1, r2, got;
	struct case_result c, *out;
	size_t n_out;
	int status;

	run_fill(&r1, "quant", "one", 1);
	run_fill(&r2, "gemv", "two", 2);
	case_fill_ok(&c, "quantize/i2s/avx2/1024", 10);
	status = store_run_begin(s1, &r1, &e) | store_run_begin(s2, &r2, &e) |
	         store_case_add(s1, r1.id, &c, &e) | store_case_add(s2, r2.id, &c, &e) |
	         store_case_add(s1, r1.id, &c, &e) |
	         store_run_finish(s2, r2.id, RUN_COMPLETE, 3, &e) |
	         store_run_finish(s1, r1.id, RUN_FAILED, 4, &e);
	is_int(status, BNB_OK, "interleaved writes from two handles");
	store_run_load(s2, r1.id, &got, &out, &n_out, &e);
	ok(got.status == RUN_FAILED && n_out == 2, "one handle reads the other's run");
	run_info_free(&got);
	store_cases_free(out, n_out);
	store_close(s1);
	store_close(s2);
	run_info_free(&r1);
	run_info_free(&r2);
	case_result_free(&c);
	free(path);
	free(dir);
}

static void test_resolve_list_delete(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir);
	struct bnb_err e = { 0 };
	struct store *s = open_ok(path, STORE_CREATE);
	int64_t a1 = add_run(s, "quant", "a", 100, 1);
	int64_t b = add_run(s, "quant", "b", 300, 0);
	int64_t a2 = add_run(s, "quant", "a", 200, 0);
	int64_t tie = add_run(s, "quant", NULL, 300, 0);
	struct run_info *runs;
	size_t n;
	int64_t id = 0;
	char *spec = xasprintf("%lld", (long long)a1);

	is_int(store_run_resolve(s, "latest", &id, &e), BNB_OK, "resolve latest");
	is_int(id, tie, "latest: newest started_ns, then highest id");
	is_int(store_run_resolve(s, "a", &id, &e), BNB_OK, "resolve a label");
	is_int(id, a2, "label: the newest run with it");
	is_int(store_run_resolve(s, "b", &id, &e), BNB_OK, "resolve another label");
	is_int(id, b, "label b");
	is_int(store_run_resolve(s, spec, &id, &e), BNB_OK, "resolve an id");
	is_int(id, a1, "id");
	is_int(store_run_resolve(s, "nope", &id, &e), BNB_ENOTFOUND, "unknown spec");
	is_str(e.msg, "no run 'nope'", "unknown spec message");
	is_int(store_run_resolve(s, "99", &id, &e), BNB_ENOTFOUND, "unknown id");
	is_str(e.msg, "no run '99'", "unknown id message");

	is_int(store_runs_list(s, 2, &runs, &n, &e), BNB_OK, "list two runs");
	ok(n == 2 && runs[0].id == tie && runs[1].id == b, "newest first");
	ok(n == 2 && str_same(runs[1].label, "b") && runs[1].status == RUN_COMPLETE &&
	   runs[1].finished_ns == 5300 && runs[1].n_env == 0, "list fills run fields, not env");
	store_runs_free(runs, n);
	store_runs_list(s, 0, &runs, &n, &e);
	ok(n == 4 && runs[2].id == a2 && runs[3].id == a1, "limit 0 lists all");
	store_runs_free(runs, n);

	is_int(store_run_delete(s, a1, &e), BNB_OK, "delete a run");
	is_int(store_run_delete(s, a1, &e), BNB_ENOTFOUND, "delete it again");
	free(spec);
	spec = xasprintf("no run '%lld'", (long long)a1);
	is_str(e.msg, spec, "deleted run message");
	store_close(s);
	free(spec);
	spec = sql_text(path, "SELECT (SELECT count(*) FROM runs), (SELECT count(*) FROM cases), "
	                "(SELECT count(*) FROM samples), (SELECT count(*) FROM env)");
	is_str(spec, "3|0|0|9\n", "its cases, samples and env went with it");
	free(spec);
	free(path);
	free(dir);
}

static void test_baselines(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir);
	struct bnb_err e = { 0 };
	struct store *s = open_ok(path, STORE_CREATE);
	int64_t r1 = add_run(s, "quant", NULL, 100, 0), r2 = add_run(s, "quant", NULL, 200, 0);
	struct store_baseline *list;
	size_t n;
	int64_t id = 0;

	is_int(store_baseline_get(s, "x", &id, &e), BNB_ENOTFOUND, "no baselines yet");
	is_str(e.msg, "no baseline 'x' (no baselines saved)", "message without baselines");
	is_int(store_baseline_save(s, "pr-448", r2, "before the AVX2 rewrite", &e), BNB_OK, "save");
	is_int(store_baseline_save(s, "main", r2, NULL, &e), BNB_OK, "save another");
	is_int(store_baseline_save(s, "main", r1, NULL, &e), BNB_OK, "save replaces a name");
	is_int(store_baseline_get(s, "main", &id, &e), BNB_OK, "get");
	is_int(id, r1, "the replaced baseline names the new run");
	is_int(store_baseline_get(s, "x", &id, &e), BNB_ENOTFOUND, "unknown baseline");
	is_str(e.msg, "no baseline 'x' (known: main, pr-448)", "message lists known names");
	is_int(store_baseline_save(s, "y", 42, NULL, &e), BNB_ENOTFOUND, "save an unknown run");
	is_str(e.msg, "no run '42'", "unknown run message");
	is_int(store_baseline_save(s, "", r1, NULL, &e), BNB_EINVAL, "empty name refused");

	is_int(store_baseline_list(s, &list, &n, &e), BNB_OK, "list");
	ok(n == 2 && strcmp(list[0].name, "main") == 0 && list[0].run_id == r1 &&
	   list[0].note == NULL && list[0].created_ns > 0, "list: main");
	ok(n == 2 && strcmp(list[1].name, "pr-448") == 0 && list[1].run_id == r2 &&
	   str_same(list[1].note, "before the AVX2 rewrite"), "list: pr-448 with its note");
	store_baselines_free(list, n);

	is_int(store_baseline_delete(s, "pr-448", &e), BNB_OK, "delete");
	is_int(store_baseline_delete(s, "pr-448", &e), BNB_ENOTFOUND, "delete again");
	is_str(e.msg, "no baseline 'pr-448' (known: main)", "delete unknown message");
	store_run_delete(s, r1, &e);
	is_int(store_baseline_get(s, "main", &id, &e), BNB_ENOTFOUND,
	       "deleting a run deletes its baselines");
	store_close(s);
	free(path);
	free(dir);
}

/* Opening `path` fails with `status` and `msg` and leaves the file as it was. */
static void refused(const char *path, unsigned flags, int status, const char *msg,
                    const char *name)
{
	struct bnb_err e = { 0 };
	struct store *s = NULL;
	size_t len0, len1;
	char *before = slurp(path, &len0), *after, *wal = xasprintf("%s-wal", path);

	is_int(store_open(path, flags, &s, &e), status, name);
	ok(s == NULL, "%s: no store", name);
	is_str(e.msg, msg, "exact message");
	after = slurp(path, &len1);
	ok(before && after && len0 == len1 && memcmp(before, after, len0) == 0,
	   "%s: file unchanged byte for byte", name);
	ok(!file_exists(wal), "%s: no WAL left beside it", name);
	free(before);
	free(after);
	free(wal);
}

/* As refused(), for a file another connection holds open with a WAL. */
static void refused_live(const char *path, const char *msg, const char *name)
{
	struct bnb_err e = { 0 };
	struct store *s = NULL;
	size_t len0, len1, wal_len0, wal_len1;
	char *wal = xasprintf("%s-wal", path);
	char *before = slurp(path, &len0), *wal_before = slurp(wal, &wal_len0), *after, *wal_after;

	ok(wal_before && wal_len0 > 0, "%s: the WAL holds data", name);
	is_int(store_open(path, STORE_CREATE, &s, &e), BNB_EFORMAT, name);
	is_str(e.msg, msg, "exact message");
	after = slurp(path, &len1);
	wal_after = slurp(wal, &wal_len1);
	ok(before && after && len0 == len1 && memcmp(before, after, len0) == 0 &&
	   wal_after && wal_len0 == wal_len1 && memcmp(wal_before, wal_after, wal_len0) == 0,
	   "%s: file and WAL unchanged", name);
	free(before);
	free(after);
	free(wal_before);
	free(wal_after);
	free(wal);
}

static void test_refused(void)
{
	char *dir = fresh_dir();
	char *text = xasprintf("%s/notes.txt", dir), *foreign = xasprintf("%s/other.sqlite", dir);
	char *newer = xasprintf("%s/results.db", dir), *msg;

	file_write(text, "not a database, just some notes that are long enough to fill a header "
	           "of one hundred bytes, or so we hope, because this goes on.\n");
	msg = xasprintf("%s: not a bnbench database", text);
	refused(text, 0, BNB_EFORMAT, msg, "plain text file");
	refused(text, STORE_CREATE, BNB_EFORMAT, msg, "plain text file, create");
	refused(text, STORE_READONLY, BNB_EFORMAT, msg, "plain text file, read-only");
	free(msg);

	sql_on(foreign, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	msg = xasprintf("%s: not a bnbench database", foreign);
	refused(foreign, 0, BNB_EFORMAT, msg, "foreign SQLite file");
	refused(foreign, STORE_CREATE, BNB_EFORMAT, msg, "foreign SQLite file, create");
	sql_on(foreign, "PRAGMA journal_mode = WAL; PRAGMA application_id = 7");
	refused(foreign, STORE_CREATE, BNB_EFORMAT, msg, "foreign WAL file");

	/* With a live WAL the header may be stale: SQLite reads through it, and still refuses. */
	{
		sqlite3 *db;
		sqlite3_open(foreign, &db);
		sqlite3_exec(db, "INSERT INTO t VALUES (2)", NULL, NULL, NULL);
		refused_live(foreign, msg, "foreign file with a live WAL");
		free(msg);
		sqlite3_close(db);
	}

	store_close(open_ok(newer, STORE_CREATE));
	{
		sqlite3 *db;
		sqlite3_open(newer, &db);
		sqlite3_exec(db, "PRAGMA user_version = 98", NULL, NULL, NULL);
		msg = xasprintf("%s: database schema version 98 is newer than this bnbench "
		                "supports (3)", newer);
		refused_live(newer, msg, "newer schema with a live WAL");
		free(msg);
		sqlite3_close(db);
	}
	sql_on(newer, "PRAGMA user_version = 99");
	msg = xasprintf("%s: database schema version 99 is newer than this bnbench supports (3)",
	                newer);
	refused(newer, 0, BNB_EFORMAT, msg, "newer schema");
	refused(newer, STORE_CREATE, BNB_EFORMAT, msg, "newer schema, create");
	refused(newer, STORE_READONLY, BNB_EFORMAT, msg, "newer schema, read-only");
	free(msg);
	free(text);
	free(foreign);
	free(newer);
	free(dir);
}

static void test_paths(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir);
	char *deep = xasprintf("%s/no/such/results.db", dir), *parent = xasprintf("%s/no", dir);
	char *empty = xasprintf("%s/empty.db", dir), *msg;
	struct bnb_err e = { 0 };
	struct store *s = NULL;

	is_int(store_open(path, 0, &s, &e), BNB_ENOTFOUND, "missing file without STORE_CREATE");
	msg = xasprintf("%s: no such database", path);
	is_str(e.msg, msg, "missing file message");
	free(msg);
	ok(!file_exists(path), "the missing file is not created");
	is_int(store_open(path, STORE_READONLY | STORE_CREATE, &s, &e), BNB_ENOTFOUND,
	       "read-only never creates");

	is_int(store_open(deep, STORE_CREATE, &s, &e), BNB_EIO, "missing directory");
	msg = xasprintf("%s: cannot open database: no such file or directory", deep);
	is_str(e.msg, msg, "missing directory message");
	free(msg);
	ok(!file_exists(parent), "parent directories are not created");

	is_int(store_open(dir, STORE_CREATE, &s, &e), BNB_EIO, "a directory");
	msg = xasprintf("%s: is a directory", dir);
	is_str(e.msg, msg, "directory message");
	free(msg);

	file_write(empty, "");
	msg = xasprintf("%s: not a bnbench database", empty);
	refused(empty, 0, BNB_EFORMAT, msg, "empty file without STORE_CREATE");
	free(msg);
	is_int(store_open(empty, STORE_CREATE, &s, &e), BNB_OK, "empty file with STORE_CREATE");
	store_close(s);
	s = NULL;
	is_int(store_open(empty, 0, &s, &e), BNB_OK, "then it is a bnbench database");
	store_close(s);
	s = NULL;

	if (geteuid() == 0) {
		printf("# unwritable file: not tested as root\n");
	} else {
		chmod(empty, 0444);
		is_int(store_open(empty, 0, &s, &e), BNB_EIO, "unwritable file");
		msg = xasprintf("%s: cannot open database for writing: permission denied", empty);
		is_str(e.msg, msg, "unwritable file message");
		free(msg);
		chmod(empty, 0644);
	}
	free(path);
	free(deep);
	free(parent);
	free(empty);
	free(dir);
}

/* A file bnbench marked but never finished creating: migrated from version 0. */
static void test_migrate(void)
{
	char *dir = fresh_dir(), *path = xasprintf("%s/results.db", dir), *msg, *q;
	struct bnb_err e = { 0 };
	struct store *s = NULL;

	sql_on(path, "PRAGMA application_id = 1112425043");
	msg = xasprintf("%s: database schema version 0 is older than this bnbench uses (3): "
	                "open it for writing to upgrade", path);
	refused(path, STORE_READONLY, BNB_EFORMAT, msg, "older schema, read-only");
	free(msg);
	is_int(store_open(path, 0, &s, &e), BNB_OK, "older schema is migrated");
	store_close(s);
	q = sql_text(path, "SELECT count(*) FROM sqlite_master WHERE name = 'baselines'");
	is_str(q, "1\n", "the migration created the tables");
	free(q);
	free(path);
	free(dir);
}

static void test_merge(void)
{
	char *dir = fresh_dir(), *a_path = xasprintf("%s/a.db", dir);
	char *b_path = xasprintf("%s/b.db", dir);
	struct bnb_err e = { 0 };
	struct store *a = open_ok(a_path, STORE_CREATE), *b = open_ok(b_path, STORE_CREATE);
	int64_t a1 = add_run(a, "quant", "x", 100, 3), a2 = add_run(a, "gemv", NULL, 200, 1);
	int64_t b1 = add_run(b, "quant", NULL, 150, 0), id;
	struct run_info ra, rb;
	struct case_result *ca, *cb;
	size_t na, nb, runs, bases;
	int same;

	store_baseline_save(a, "main", a1, "from a", &e);
	store_baseline_save(a, "pr", a2, NULL, &e);
	store_baseline_save(b, "main", b1, "from b", &e);
	store_baseline_save(b, "b-only", b1, NULL, &e);

	is_int(store_merge(b, a_path, &runs, &bases, &e), BNB_OK, "merge a into b");
	is_int(runs, 2, "two runs copied");
	is_int(bases, 1, "one baseline copied (b keeps its own 'main')");
	store_baseline_get(b, "pr", &id, &e);
	store_run_load(a, a2, &ra, &ca, &na, &e);
	store_run_load(b, id, &rb, &cb, &nb, &e);
	ra.id = rb.id;
	same = run_same(&ra, &rb, 1) && na == nb && nb == 1;
	for (size_t i = 0; same && i < na; i++)
		same = case_fields_same(&ca[i], &cb[i], 0);
	ok(same, "the copied baseline's run equals the original, cases and samples included");
	run_info_free(&ra);
	run_info_free(&rb);
	store_cases_free(ca, na);
	store_cases_free(cb, nb);
	store_baseline_get(b, "main", &id, &e);
	is_int(id, b1, "b's own 'main' is kept");
	store_run_resolve(b, "x", &id, &e);
	store_run_load(b, id, &rb, &cb, &nb, &e);
	ok(nb == 3 && cb[2].n_samples == 12 && rb.n_env == 3, "a's first run: 3 cases, env");
	run_info_free(&rb);
	store_cases_free(cb, nb);

	is_int(store_merge(b, a_path, &runs, &bases, &e), BNB_OK, "merge again");
	ok(runs == 0 && bases == 0, "a second merge copies nothing");
	is_int(store_merge(a, b_path, &runs, &bases, &e), BNB_OK, "merge b into a");
	ok(runs == 1 && bases == 1, "only b's own run and baseline are copied");
	store_baseline_get(a, "b-only", &id, &e);
	store_run_load(a, id, &ra, &ca, &na, &e);
	ok(ra.started_ns == 150 && na == 0, "the copied baseline names b's run in a");
	run_info_free(&ra);
	store_cases_free(ca, na);
	is_int(store_merge(a, a_path, &runs, &bases, &e), BNB_OK, "merge a into itself");
	ok(runs == 0 && bases == 0, "merging a database into itself copies nothing");
	is_int(store_merge(a, dir, &runs, &bases, &e), BNB_EIO, "merge a directory");
	{
		char *c_path = xasprintf("%s/c.db", dir);
		struct store *c = open_ok(c_path, STORE_CREATE);
		add_run(c, "quant", NULL, 999, 1);
		store_close(c);
		store_begin(a, &e);
		is_int(store_merge(a, c_path, &runs, &bases, &e), BNB_OK, "merge inside a transaction");
		is_int(runs, 1, "it copies c's run");
		store_rollback(a, &e);
		free(c_path);
	}

	store_close(a);
	store_close(b);
	{
		char *q = sql_text(a_path, "SELECT count(*) FROM runs"), *r = sql_text(b_path,
		                   "SELECT count(*) || '|' || (SELECT count(*) FROM samples) FROM runs");
		is_str(q, "3\n", "a has 3 runs (the merge rolled back with its transaction)");
		is_str(r, "3|43\n", "b has 3 runs and all samples (10+11+12 from a1, 10 from a2)");
		free(q);
		free(r);
	}
	free(a_path);
	free(b_path);
	free(dir);
}

/* results/schema.sql builds the same database as the program's migrations. */
static void test_schema_file(void)
{
	const char *srcdir = getenv("BNB_SRCDIR");
	char *dir = fresh_dir(), *sql_path, *sql, *from_file = xasprintf("%s/file.db", dir);
	char *from_store = xasprintf("%s/store.db", dir);
	const char *q = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
	size_t len;

	if (!srcdir) {
		ok(0, "BNB_SRCDIR is set (run through make check)");
		return;
	}
	sql_path = xasprintf("%s/results/schema.sql", srcdir);
	sql = slurp(sql_path, &len);
	ok(sql != NULL, "read %s", sql_path);
	if (sql) {
		char *a, *b;
		sql_on(from_file, sql);
		store_close(open_ok(from_store, STORE_CREATE));
		a = sql_text(from_file, q);
		b = sql_text(from_store, q);
		ok(strlen(a) > 1000, "schema.sql creates tables and indexes");
		is_str(a, b, "schema.sql and the migrations create the same schema");
		free(a);
		free(b);
		a = sql_text(from_file, "PRAGMA application_id");
		b = sql_text(from_store, "PRAGMA application_id");
		is_str(a, b, "schema.sql sets the same application_id");
		free(a);
		free(b);
		a = sql_text(from_file, "PRAGMA user_version");
		is_str(a, "3\n", "schema.sql sets the schema version");
		free(a);
		struct bnb_err e = { 0 };
		struct store *s = NULL;
		is_int(store_open(from_file, 0, &s, &e), BNB_OK,
		       "bnbench opens a database made from schema.sql");
		store_close(s);
	}
	free(sql);
	free(sql_path);
	free(from_file);
	free(from_store);
	free(dir);
}

/*
 * A database at schema `version` (below the current one), made from
 * schema.sql up to the section of version + 1, with `rows` inserted, then
 * opened for writing: the migrations must bring it to the current version.
 * Returns its path (to free), or NULL when schema.sql lacks that section.
 */
static char *migrated_from(int version, const char *rows)
{
	const char *srcdir = getenv("BNB_SRCDIR");
	char *dir = fresh_dir(), *path = xasprintf("%s/v%d.db", dir, version), *sql_path, *sql, *next, *q;
	char *section = xasprintf("-- Schema version %d", version + 1);
	struct bnb_err e = { 0 };
	struct store *s = NULL;
	size_t len;

	free(dir);
	if (!srcdir) {
		ok(0, "BNB_SRCDIR is set (run through make check)");
		free(section);
		free(path);
		return NULL;
	}
	sql_path = xasprintf("%s/results/schema.sql", srcdir);
	sql = slurp(sql_path, &len);
	next = sql ? strstr(sql, section) : NULL;
	ok(next != NULL, "schema.sql has a version %d section", version + 1);
	if (next) {
		char *ver = strstr(sql, "PRAGMA user_version = 3;");
		*next = '\0';
		if (ver)
			ver[strlen("PRAGMA user_version = ")] = (char)('0' + version);
		sql_on(path, sql);
		sql_on(path, rows);
		ok(store_open(path, 0, &s, &e) == BNB_OK, "a version %d database is migrated", version);
		store_close(s);
		q = sql_text(path, "PRAGMA user_version");
		is_str(q, "3\n", "now at version 3");
		free(q);
	}
	free(sql);
	free(sql_path);
	free(section);
	if (!next) {
		free(path);
		return NULL;
	}
	return path;
}

/* A version 1 database with a run is migrated: the run is of kind 'run', pairs exist. */
static void test_migrate_v1(void)
{
	char *path = migrated_from(1, "INSERT INTO runs (started_ns, status, suite, host, version, source) "
	                              "VALUES (1, 'complete', 's', 'h', 'v', 'bnbench')");
	char *q;

	if (!path)
		return;
	q = sql_text(path, "SELECT kind FROM runs");
	is_str(q, "run\n", "its run is of kind 'run'");
	free(q);
	q = sql_text(path, "SELECT count(*) FROM pairs");
	is_str(q, "0\n", "the pairs table exists");
	free(q);
	free(path);
}

/* A version 2 database with a case is migrated: one thread, one process, no CI target. */
static void test_migrate_v2(void)
{
	char *path = migrated_from(2, "INSERT INTO runs (started_ns, status, suite, host, version, source) "
	                              "VALUES (1, 'complete', 's', 'h', 'v', 'bnbench');"
	                              "INSERT INTO cases (run_id, name, plugin, op, scheme, backend, m, k, params, "
	                              "status, boundary_elems, iters_per_sample, started_ns, n, outliers_low_mild, "
	                              "outliers_low_severe, outliers_high_mild, outliers_high_severe) VALUES "
	                              "(1, 'quantize/i2s/avx2/64', 'avx2', 'quantize', 'i2s', 'avx2', 1, 64, '', "
	                              "'ok', 0, 1, 1, 0, 0, 0, 0, 0)");
	char *q;

	if (!path)
		return;
	q = sql_text(path, "SELECT threads || '|' || processes || '|' || quote(process_spread) || '|' || "
	                   "quote(target_ci) FROM cases");
	is_str(q, "1|1|NULL|NULL\n", "its case ran on one thread in one process, CI target unknown");
	free(q);
	free(path);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/test-store.XXXXXX", tmp && *tmp ? tmp : "/tmp");

	tmp_root = mkdtemp(tmpl);
	if (!tmp_root) {
		perror(tmpl);
		return 99;
	}
	test_roundtrip();
	test_incomplete();
	test_two_writers();
	test_resolve_list_delete();
	test_baselines();
	test_refused();
	test_paths();
	test_migrate();
	test_merge();
	test_schema_file();
	test_migrate_v1();
	test_migrate_v2();
	nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(tmpl);
	return tap_done();
}
