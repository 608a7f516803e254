/* What the store's files share: the handle, the column lists and the SQLite helpers. */
#ifndef BNB_STORE_INTERNAL_H
#define BNB_STORE_INTERNAL_H

#include <math.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

struct store {
	sqlite3 *db;
	char *path;
};

#define RUN_COLS "started_ns, finished_ns, status, suite, suite_hash, label, git_commit, " \
	"git_dirty, host, version, source"
#define RUN_INSERT "INSERT INTO runs (" RUN_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define RUN_ORDER " ORDER BY started_ns DESC, id DESC"

#define CASE_COLS "name, grp, plugin, op, scheme, backend, m, k, params, status, detail, " \
	"boundary_elems, threshold, iters_per_sample, work_items, bytes, started_ns, n, " \
	"median_ns, ci_low_ns, ci_high_ns, mean_ns, stddev_ns, mad_ns, min_ns, max_ns, q1_ns, " \
	"q3_ns, outliers_low_mild, outliers_low_severe, outliers_high_mild, outliers_high_severe, threads, processes, process_spread, target_ci"
#define CASE_INSERT "INSERT INTO cases (run_id, " CASE_COLS ") VALUES (?, " \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define ENV_INSERT "INSERT INTO env (run_id, key, value) VALUES (?, ?, ?)"
#define SAMPLE_INSERT "INSERT INTO samples (case_id, seq, ns_per_iter) VALUES (?, ?, ?)"

/* BNB_EDB "PATH: WHAT: SQLITE MESSAGE". */
int store_fail(const struct store *s, struct bnb_err *e, const char *what);
int store_exec(struct store *s, const char *sql, const char *what, struct bnb_err *e);
int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what,
                  struct bnb_err *e);
/* Step `st` once expecting no row, then reset it for the next use. */
int store_step_done(struct store *s, sqlite3_stmt *st, const char *what, struct bnb_err *e);
/* Step `st` once: BNB_OK with a row, BNB_ENOTFOUND without (e untouched), else BNB_EDB. */
int store_step_row(struct store *s, sqlite3_stmt *st, const char *what, struct bnb_err *e);
/* Make room for element n of an array of `size`-byte elements. */
void *store_grow(void *p, size_t *cap, size_t n, size_t size);
/*
 * Begin a write: a transaction of its own when none is open, else a savepoint
 * in the caller's (store_begin), so that writes compose.
 */
int store_write_begin(struct store *s, int *own, struct bnb_err *e);
/* End a write begun by store_write_begin: commit if status is BNB_OK, else undo it. */
int store_write_end(struct store *s, int own, int status, struct bnb_err *e);

/* BNB_ENOTFOUND "no run 'ID'". */
int store_no_run(int64_t id, struct bnb_err *e);
/* The id in the first column of the first row of `sql`, with `text` (if any) bound to ?1. */
int store_lookup_id(struct store *s, const char *sql, const char *text, int64_t *id,
                    struct bnb_err *e);

static inline void bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* For NOT NULL text columns: NULL is stored as "". */
static inline void bind_str0(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

static inline void bind_u64(sqlite3_stmt *st, int i, uint64_t v)
{
	sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/* Bind the columns from `col` on of the current row of `src` to `dst`'s parameters from `param`
 * on. */
static inline void bind_row(sqlite3_stmt *dst, int param, sqlite3_stmt *src, int col)
{
	for (int n = sqlite3_column_count(src); col < n; col++, param++)
		sqlite3_bind_value(dst, param, sqlite3_column_value(src, col));
}

static inline char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static inline uint64_t col_u64(sqlite3_stmt *st, int i)
{
	return (uint64_t)sqlite3_column_int64(st, i);
}

/* SQLite stores NaN as NULL. */
static inline double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

#endif
