/* The store's runs: writing and reading runs, their env, cases and samples. */
#include "config.h"

#include "store-internal.h"
#include "store-ab.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing runs ---- */

static int env_put(struct store *s, const struct run_info *run, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status;

	if (run->n_env == 0)
		return BNB_OK;
	status = store_prepare(s, ENV_INSERT " ON CONFLICT (run_id, key) DO UPDATE SET "
	                       "value = excluded.value", &st, "cannot store run environment", e);
	if (status != BNB_OK)
		return status;
	for (size_t i = 0; status == BNB_OK && i < run->n_env; i++) {
		sqlite3_bind_int64(st, 1, run->id);
		bind_str0(st, 2, run->env[i].key);
		bind_str0(st, 3, run->env[i].value);
		status = store_step_done(s, st, "cannot store run environment", e);
	}
	sqlite3_finalize(st);
	return status;
}

static int run_insert(struct store *s, struct run_info *run, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = store_prepare(s, RUN_INSERT, &st, "cannot insert run", e);

	if (status != BNB_OK)
		return status;
	bind_u64(st, 1, run->started_ns);
	bind_u64(st, 2, run->finished_ns);
	bind_str(st, 3, run_status_name(RUN_INCOMPLETE));
	bind_str0(st, 4, run->suite);
	bind_str(st, 5, run->suite_hash);
	bind_str(st, 6, run->label);
	bind_str(st, 7, run->git_commit);
	sqlite3_bind_int(st, 8, run->git_dirty != 0);
	bind_str0(st, 9, run->host);
	bind_str0(st, 10, run->version);
	bind_str0(st, 11, run->source);
	status = store_step_done(s, st, "cannot insert run", e);
	sqlite3_finalize(st);
	if (status == BNB_OK)
		run->id = sqlite3_last_insert_rowid(s->db);
	return status == BNB_OK ? env_put(s, run, e) : status;
}

int store_run_begin(struct store *s, struct run_info *run, struct bnb_err *e)
{
	int own, status = store_write_begin(s, &own, e);

	if (status == BNB_OK)
		status = store_write_end(s, own, run_insert(s, run, e), e);
	return status;
}

int store_env_put(struct store *s, const struct run_info *run, struct bnb_err *e)
{
	int own, status = store_write_begin(s, &own, e);

	if (status == BNB_OK)
		status = store_write_end(s, own, env_put(s, run, e), e);
	return status;
}

/* The statistics columns median_ns .. q3_ns and outliers_*, in CASE_COLS order. */
static void stats_fields(struct stats_summary *t, double *reals[10], size_t *counts[4])
{
	double *r[10] = { &t->median, &t->ci_low, &t->ci_high, &t->mean, &t->stddev,
	                  &t->mad, &t->min, &t->max, &t->q1, &t->q3 };
	size_t *c[4] = { &t->outliers_low_mild, &t->outliers_low_severe,
	                 &t->outliers_high_mild, &t->outliers_high_severe };
	memcpy(reals, r, sizeof r);
	memcpy(counts, c, sizeof c);
}

static int case_insert(struct store *s, int64_t run_id, struct case_result *c, struct bnb_err *e)
{
	double *reals[10];
	size_t *counts[4];
	sqlite3_stmt *st;
	int i = 1, status = store_prepare(s, CASE_INSERT, &st, "cannot insert case", e);

	if (status != BNB_OK)
		return status;
	stats_fields(&c->stats, reals, counts);
	sqlite3_bind_int64(st, i++, run_id);
	bind_str0(st, i++, c->name);
	bind_str(st, i++, c->group);
	bind_str0(st, i++, c->plugin);
	bind_str0(st, i++, c->op);
	bind_str0(st, i++, c->scheme);
	bind_str0(st, i++, c->backend);
	bind_u64(st, i++, c->m);
	bind_u64(st, i++, c->k);
	bind_str0(st, i++, c->params);
	bind_str(st, i++, case_status_name(c->status));
	bind_str(st, i++, c->detail);
	bind_u64(st, i++, c->boundary_elems);
	sqlite3_bind_double(st, i++, c->threshold);
	bind_u64(st, i++, c->iters_per_sample);
	sqlite3_bind_double(st, i++, c->work_items);
	sqlite3_bind_double(st, i++, c->bytes);
	bind_u64(st, i++, c->started_ns);
	bind_u64(st, i++, c->stats.n);
	for (int j = 0; j < 10; j++)
		sqlite3_bind_double(st, i++, *reals[j]);
	for (int j = 0; j < 4; j++)
		bind_u64(st, i++, *counts[j]);
	bind_u64(st, i++, case_threads(c));
	bind_u64(st, i++, case_processes(c));
	sqlite3_bind_double(st, i++, c->process_spread);
	sqlite3_bind_double(st, i++, c->target_ci);
	status = store_step_done(s, st, "cannot insert case", e);
	sqlite3_finalize(st);
	if (status != BNB_OK)
		return status;
	c->id = sqlite3_last_insert_rowid(s->db);
	c->run_id = run_id;

	status = store_prepare(s, SAMPLE_INSERT, &st, "cannot insert samples", e);
	for (size_t j = 0; status == BNB_OK && j < c->n_samples; j++) {
		sqlite3_bind_int64(st, 1, c->id);
		bind_u64(st, 2, j);
		sqlite3_bind_double(st, 3, c->samples[j]);
		status = store_step_done(s, st, "cannot insert samples", e);
	}
	sqlite3_finalize(st);
	if (status == BNB_OK)
		status = store_ab_pairs_insert(s->db, c, e);
	return status;
}

int store_case_add(struct store *s, int64_t run_id, struct case_result *c, struct bnb_err *e)
{
	int own, status = store_write_begin(s, &own, e);

	if (status == BNB_OK)
		status = store_write_end(s, own, case_insert(s, run_id, c, e), e);
	return status;
}

int store_no_run(int64_t id, struct bnb_err *e)
{
	return err_set(e, BNB_ENOTFOUND, "no run '%" PRId64 "'", id);
}

/* Run `sql`, with `id` bound to ?1 and `text` (if any) to ?2, expecting it to change a row. */
static int change_one(struct store *s, const char *sql, int64_t id, const char *text,
                      const char *what, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = store_prepare(s, sql, &st, what, e);

	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, id);
	if (text)
		bind_str(st, 2, text);
	status = store_step_done(s, st, what, e);
	sqlite3_finalize(st);
	if (status == BNB_OK && sqlite3_changes(s->db) == 0)
		return BNB_ENOTFOUND;
	return status;
}

int store_run_finish(struct store *s, int64_t run_id, enum run_status outcome, uint64_t finished_ns,
                     struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status;

	if (outcome != RUN_COMPLETE && outcome != RUN_INCOMPLETE && outcome != RUN_FAILED)
		return err_set(e, BNB_EINVAL, "%s: cannot finish run %" PRId64 " as '%s'", s->path,
		               run_id, run_status_name(outcome));
	status = store_prepare(s, "UPDATE runs SET status = ?, finished_ns = ? WHERE id = ?", &st,
	                       "cannot finish run", e);
	if (status != BNB_OK)
		return status;
	bind_str(st, 1, run_status_name(outcome));
	bind_u64(st, 2, finished_ns);
	sqlite3_bind_int64(st, 3, run_id);
	status = store_step_done(s, st, "cannot finish run", e);
	sqlite3_finalize(st);
	if (status == BNB_OK && sqlite3_changes(s->db) == 0)
		return store_no_run(run_id, e);
	return status;
}

int store_run_delete(struct store *s, int64_t id, struct bnb_err *e)
{
	int status = change_one(s, "DELETE FROM runs WHERE id = ?", id, NULL, "cannot delete run", e);
	return status == BNB_ENOTFOUND ? store_no_run(id, e) : status;
}

/* ---- reading runs ---- */

static enum run_status run_status_parse(const char *name)
{
	for (int i = RUN_COMPLETE; i <= RUN_FAILED; i++)
		if (name && strcmp(name, run_status_name((enum run_status)i)) == 0)
			return (enum run_status)i;
	return RUN_INCOMPLETE;
}

static enum case_status case_status_parse(const char *name)
{
	for (int i = CASE_OK; i <= CASE_SKIPPED; i++)
		if (name && strcmp(name, case_status_name((enum case_status)i)) == 0)
			return (enum case_status)i;
	return CASE_ERROR;
}

/* Fill `run` from a row of "SELECT id, " RUN_COLS. */
static void run_read(sqlite3_stmt *st, struct run_info *run)
{
	memset(run, 0, sizeof *run);
	run->id = sqlite3_column_int64(st, 0);
	run->started_ns = col_u64(st, 1);
	run->finished_ns = col_u64(st, 2);
	run->status = run_status_parse((const char *)sqlite3_column_text(st, 3));
	run->suite = col_str(st, 4);
	run->suite_hash = col_str(st, 5);
	run->label = col_str(st, 6);
	run->git_commit = col_str(st, 7);
	run->git_dirty = sqlite3_column_int(st, 8);
	run->host = col_str(st, 9);
	run->version = col_str(st, 10);
	run->source = col_str(st, 11);
}

/* Fill `c` from a row of "SELECT id, run_id, " CASE_COLS. */
static void case_read(sqlite3_stmt *st, struct case_result *c)
{
	double *reals[10];
	size_t *counts[4];
	int i = 0;

	case_result_init(c);
	stats_fields(&c->stats, reals, counts);
	c->id = sqlite3_column_int64(st, i++);
	c->run_id = sqlite3_column_int64(st, i++);
	c->name = col_str(st, i++);
	c->group = col_str(st, i++);
	c->plugin = col_str(st, i++);
	c->op = col_str(st, i++);
	c->scheme = col_str(st, i++);
	c->backend = col_str(st, i++);
	c->m = col_u64(st, i++);
	c->k = col_u64(st, i++);
	c->params = col_str(st, i++);
	c->status = case_status_parse((const char *)sqlite3_column_text(st, i++));
	c->detail = col_str(st, i++);
	c->boundary_elems = col_u64(st, i++);
	c->threshold = col_real(st, i++);
	c->iters_per_sample = col_u64(st, i++);
	c->work_items = col_real(st, i++);
	c->bytes = col_real(st, i++);
	c->started_ns = col_u64(st, i++);
	c->stats.n = (size_t)col_u64(st, i++);
	for (int j = 0; j < 10; j++)
		*reals[j] = col_real(st, i++);
	for (int j = 0; j < 4; j++)
		*counts[j] = (size_t)col_u64(st, i++);
	c->threads = (unsigned)col_u64(st, i++);
	c->processes = (unsigned)col_u64(st, i++);
	c->process_spread = col_real(st, i++);
	c->target_ci = col_real(st, i++);
}

static int env_load(struct store *s, struct run_info *run, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int rc, status = store_prepare(s, "SELECT key, value FROM env WHERE run_id = ? ORDER BY rowid",
	                               &st, "cannot load run environment", e);

	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		run_env_add(run, (const char *)sqlite3_column_text(st, 0),
		            (const char *)sqlite3_column_text(st, 1));
	if (rc != SQLITE_DONE)
		status = store_fail(s, e, "cannot load run environment");
	sqlite3_finalize(st);
	return status;
}

static int samples_load(struct store *s, sqlite3_stmt *st, struct case_result *c,
                        struct bnb_err *e)
{
	size_t cap = 0;
	int rc;

	sqlite3_bind_int64(st, 1, c->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->samples = store_grow(c->samples, &cap, c->n_samples, sizeof *c->samples);
		c->samples[c->n_samples++] = sqlite3_column_double(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? BNB_OK : store_fail(s, e, "cannot load samples");
}

static int cases_load(struct store *s, int64_t run_id, struct case_result **cases, size_t *n,
                      struct bnb_err *e)
{
	sqlite3_stmt *st, *samples = NULL;
	size_t cap = 0;
	int rc = SQLITE_DONE, status;

	status = store_prepare(s, "SELECT id, run_id, " CASE_COLS " FROM cases "
	                       "WHERE run_id = ? ORDER BY id", &st, "cannot load cases", e);
	if (status == BNB_OK)
		status = store_prepare(s, "SELECT ns_per_iter FROM samples WHERE case_id = ? ORDER BY seq",
		                       &samples, "cannot load samples", e);
	if (status == BNB_OK)
		sqlite3_bind_int64(st, 1, run_id);
	while (status == BNB_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*cases = store_grow(*cases, &cap, *n, sizeof **cases);
		case_read(st, &(*cases)[(*n)++]);
		status = samples_load(s, samples, &(*cases)[*n - 1], e);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = store_fail(s, e, "cannot load cases");
	sqlite3_finalize(samples);
	sqlite3_finalize(st);
	return status;
}

int store_run_load(struct store *s, int64_t id, struct run_info *run, struct case_result **cases,
                   size_t *n_cases, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status;

	memset(run, 0, sizeof *run);
	*cases = NULL;
	*n_cases = 0;
	status = store_prepare(s, "SELECT id, " RUN_COLS " FROM runs WHERE id = ?", &st,
	                       "cannot load run", e);
	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, id);
	status = store_step_row(s, st, "cannot load run", e);
	if (status == BNB_OK)
		run_read(st, run);
	sqlite3_finalize(st);
	if (status == BNB_ENOTFOUND)
		return store_no_run(id, e);
	if (status == BNB_OK)
		status = env_load(s, run, e);
	if (status == BNB_OK)
		status = cases_load(s, id, cases, n_cases, e);
	if (status == BNB_OK)
		status = store_ab_pairs_load(s->db, *cases, *n_cases, e);
	if (status != BNB_OK) {
		run_info_free(run);
		store_cases_free(*cases, *n_cases);
		*cases = NULL;
		*n_cases = 0;
	}
	return status;
}

int store_lookup_id(struct store *s, const char *sql, const char *text, int64_t *id,
                    struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = store_prepare(s, sql, &st, "cannot find run", e);

	if (status != BNB_OK)
		return status;
	if (text)
		bind_str(st, 1, text);
	status = store_step_row(s, st, "cannot find run", e);
	if (status == BNB_OK)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return status;
}

int store_run_resolve(struct store *s, const char *spec, int64_t *id, struct bnb_err *e)
{
	size_t len = strlen(spec);
	int status = BNB_ENOTFOUND;

	if (len > 0 && len < 19 && strspn(spec, "0123456789") == len)
		status = store_lookup_id(s, "SELECT id FROM runs WHERE id = CAST(?1 AS INTEGER)",
		                         spec, id, e);
	if (status == BNB_ENOTFOUND && strcmp(spec, "latest") == 0)
		status = store_lookup_id(s, "SELECT id FROM runs" RUN_ORDER " LIMIT 1", NULL, id, e);
	if (status == BNB_ENOTFOUND)
		status = store_lookup_id(s, "SELECT id FROM runs WHERE label = ?" RUN_ORDER " LIMIT 1",
		                         spec, id, e);
	if (status == BNB_ENOTFOUND)
		status = store_lookup_id(s, "SELECT run_id FROM baselines WHERE name = ?", spec, id, e);
	if (status == BNB_ENOTFOUND)
		return err_set(e, BNB_ENOTFOUND, "no run '%s'", spec);
	return status;
}

int store_run_latest(struct store *s, const char *source, int64_t *id, struct bnb_err *e)
{
	return store_lookup_id(s, "SELECT id FROM runs WHERE source = ?" RUN_ORDER " LIMIT 1", source, id, e);
}

int store_runs_list(struct store *s, size_t limit, struct run_info **runs, size_t *n,
                    struct bnb_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, status;

	*runs = NULL;
	*n = 0;
	status = store_prepare(s, "SELECT id, " RUN_COLS " FROM runs" RUN_ORDER " LIMIT ?", &st,
	                       "cannot list runs", e);
	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, limit ? (sqlite3_int64)limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*runs = store_grow(*runs, &cap, *n, sizeof **runs);
		run_read(st, &(*runs)[(*n)++]);
	}
	if (rc != SQLITE_DONE) {
		status = store_fail(s, e, "cannot list runs");
		store_runs_free(*runs, *n);
		*runs = NULL;
		*n = 0;
	}
	sqlite3_finalize(st);
	return status;
}
