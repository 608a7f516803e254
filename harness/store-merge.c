/* Merging another bnbench database into the store. */
#include "config.h"

#include "store-internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct id_map {
	int64_t from, to;
};

/*
 * Copy the rows `src_sql` (from `o`, ?1 = from) selects into `s` through
 * `dst_sql`, whose ?1 is `to` and whose other parameters take the row's columns.
 */
static int copy_rows(struct store *s, struct store *o, const char *src_sql, const char *dst_sql,
                     int64_t from, int64_t to, struct bnb_err *e)
{
	sqlite3_stmt *src, *dst = NULL;
	int rc = SQLITE_DONE, status = store_prepare(o, src_sql, &src, "cannot read", e);

	if (status == BNB_OK)
		status = store_prepare(s, dst_sql, &dst, "cannot merge", e);
	if (status == BNB_OK)
		sqlite3_bind_int64(src, 1, from);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		sqlite3_bind_int64(dst, 1, to);
		bind_row(dst, 2, src, 0);
		status = store_step_done(s, dst, "cannot merge", e);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = store_fail(o, e, "cannot read");
	sqlite3_finalize(dst);
	sqlite3_finalize(src);
	return status;
}

/* Copy the env, cases and samples of run `from` in `o` to run `to` in `s`. */
static int merge_run_rows(struct store *s, struct store *o, int64_t from, int64_t to,
                          struct bnb_err *e)
{
	sqlite3_stmt *src, *dst = NULL;
	int rc = SQLITE_DONE, status;

	status = copy_rows(s, o, "SELECT key, value FROM env WHERE run_id = ? ORDER BY rowid",
	                   ENV_INSERT, from, to, e);
	if (status == BNB_OK)
		status = store_prepare(o, "SELECT id, " CASE_COLS " FROM cases WHERE run_id = ? ORDER BY id",
		                       &src, "cannot read cases", e);
	if (status != BNB_OK)
		return status;
	status = store_prepare(s, CASE_INSERT, &dst, "cannot merge cases", e);
	sqlite3_bind_int64(src, 1, from);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		sqlite3_bind_int64(dst, 1, to);
		bind_row(dst, 2, src, 1);
		status = store_step_done(s, dst, "cannot merge cases", e);
		if (status == BNB_OK)
			status = copy_rows(s, o, "SELECT seq, ns_per_iter FROM samples "
			                   "WHERE case_id = ? ORDER BY seq", SAMPLE_INSERT,
			                   sqlite3_column_int64(src, 0), sqlite3_last_insert_rowid(s->db), e);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = store_fail(o, e, "cannot read cases");
	sqlite3_finalize(dst);
	sqlite3_finalize(src);
	return status;
}

/* Copy the runs of `o` that `s` lacks; map every run of `o` to its id in `s`. */
static int merge_runs(struct store *s, struct store *o, struct id_map **map, size_t *n_map,
                      size_t *copied, struct bnb_err *e)
{
	sqlite3_stmt *src, *find = NULL, *ins = NULL;
	size_t cap = 0;
	int rc = SQLITE_DONE, status;

	status = store_prepare(o, "SELECT id, " RUN_COLS " FROM runs ORDER BY id", &src,
	                       "cannot read runs", e);
	if (status != BNB_OK)
		return status;
	status = store_prepare(s, "SELECT id FROM runs WHERE started_ns = ? AND host = ? AND suite = ? "
	                       "AND source = ? ORDER BY id LIMIT 1", &find, "cannot merge runs", e);
	if (status == BNB_OK)
		status = store_prepare(s, RUN_INSERT, &ins, "cannot merge runs", e);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		struct id_map m = { sqlite3_column_int64(src, 0), 0 };

		sqlite3_bind_value(find, 1, sqlite3_column_value(src, 1));
		sqlite3_bind_value(find, 2, sqlite3_column_value(src, 9));
		sqlite3_bind_value(find, 3, sqlite3_column_value(src, 4));
		sqlite3_bind_value(find, 4, sqlite3_column_value(src, 11));
		status = store_step_row(s, find, "cannot merge runs", e);
		if (status == BNB_OK)
			m.to = sqlite3_column_int64(find, 0);
		sqlite3_reset(find);
		if (status == BNB_ENOTFOUND) {
			bind_row(ins, 1, src, 1);
			status = store_step_done(s, ins, "cannot merge runs", e);
			m.to = sqlite3_last_insert_rowid(s->db);
			if (status == BNB_OK)
				status = merge_run_rows(s, o, m.from, m.to, e);
			(*copied)++;
		}
		*map = store_grow(*map, &cap, *n_map, sizeof **map);
		(*map)[(*n_map)++] = m;
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = store_fail(o, e, "cannot read runs");
	sqlite3_finalize(ins);
	sqlite3_finalize(find);
	sqlite3_finalize(src);
	return status;
}

/* Copy the baselines of `o` whose names `s` lacks, pointing at the mapped runs. */
static int merge_baselines(struct store *s, struct store *o, const struct id_map *map,
                           size_t n_map, size_t *copied, struct bnb_err *e)
{
	sqlite3_stmt *src, *dst = NULL;
	int rc = SQLITE_DONE, status;

	status = store_prepare(o, "SELECT name, run_id, created_ns, note FROM baselines ORDER BY name",
	                       &src, "cannot read baselines", e);
	if (status != BNB_OK)
		return status;
	status = store_prepare(s, "INSERT INTO baselines (name, run_id, created_ns, note) "
	                       "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING", &dst,
	                       "cannot merge baselines", e);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		int64_t from = sqlite3_column_int64(src, 1);

		size_t i = 0;

		while (i < n_map && map[i].from != from)
			i++;
		if (i == n_map)
			continue;       /* its run is gone: written without foreign keys */
		bind_row(dst, 1, src, 0);
		sqlite3_bind_int64(dst, 2, map[i].to);
		status = store_step_done(s, dst, "cannot merge baselines", e);
		if (status == BNB_OK)
			*copied += (size_t)sqlite3_changes(s->db);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = store_fail(o, e, "cannot read baselines");
	sqlite3_finalize(dst);
	sqlite3_finalize(src);
	return status;
}

int store_merge(struct store *s, const char *other_path, size_t *runs_copied,
                size_t *baselines_copied, struct bnb_err *e)
{
	struct store *o;
	struct id_map *map = NULL;
	size_t n_map = 0;
	int own, status;

	*runs_copied = *baselines_copied = 0;
	status = store_open(other_path, STORE_READONLY, &o, e);
	if (status != BNB_OK)
		return status;
	/* One read transaction on `o`: a consistent snapshot even while it is written. */
	status = store_exec(o, "BEGIN", "cannot begin transaction", e);
	if (status == BNB_OK)
		status = store_write_begin(s, &own, e);
	if (status == BNB_OK) {
		status = merge_runs(s, o, &map, &n_map, runs_copied, e);
		if (status == BNB_OK)
			status = merge_baselines(s, o, map, n_map, baselines_copied, e);
		status = store_write_end(s, own, status, e);
	}
	if (status != BNB_OK)
		*runs_copied = *baselines_copied = 0;
	free(map);
	store_close(o);
	return status;
}
