/* The results store: SQLite, versioned by PRAGMA user_version (DESIGN.md "Store"). */
#include "config.h"

#include "store.h"
#include "store-ab.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

struct store {
	sqlite3 *db;
	char *path;
};

/*
 * migrations[v] takes a database from schema version v to v + 1.  Applied in
 * order, they build what results/schema.sql describes (test-store checks it).
 * Never edit a released migration: append a new one.
 */
static const char *const migrations[] = {
	/* 1: the initial schema */
	"CREATE TABLE runs (\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  started_ns INTEGER NOT NULL,\n"
	"  finished_ns INTEGER NOT NULL DEFAULT 0,\n"
	"  status TEXT NOT NULL CHECK (status IN ('complete', 'incomplete', 'failed')),\n"
	"  suite TEXT NOT NULL,\n"
	"  suite_hash TEXT,\n"
	"  label TEXT,\n"
	"  git_commit TEXT,\n"
	"  git_dirty INTEGER NOT NULL DEFAULT 0,\n"
	"  host TEXT NOT NULL,\n"
	"  version TEXT NOT NULL,\n"
	"  source TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX runs_by_time ON runs (started_ns, id);\n"
	"CREATE INDEX runs_by_label ON runs (label, started_ns);\n"
	"CREATE TABLE env (\n"
	"  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
	"  key TEXT NOT NULL,\n"
	"  value TEXT NOT NULL,\n"
	"  PRIMARY KEY (run_id, key)\n"
	");\n"
	"CREATE TABLE cases (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
	"  name TEXT NOT NULL,\n"
	"  grp TEXT,\n"
	"  plugin TEXT NOT NULL,\n"
	"  op TEXT NOT NULL,\n"
	"  scheme TEXT NOT NULL,\n"
	"  backend TEXT NOT NULL,\n"
	"  m INTEGER NOT NULL,\n"
	"  k INTEGER NOT NULL,\n"
	"  params TEXT NOT NULL,\n"
	"  status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'error', 'skipped')),\n"
	"  detail TEXT,\n"
	"  boundary_elems INTEGER NOT NULL,\n"
	"  threshold REAL,\n"
	"  iters_per_sample INTEGER NOT NULL,\n"
	"  work_items REAL,\n"
	"  bytes REAL,\n"
	"  started_ns INTEGER NOT NULL,\n"
	"  n INTEGER NOT NULL,\n"
	"  median_ns REAL,\n"
	"  ci_low_ns REAL,\n"
	"  ci_high_ns REAL,\n"
	"  mean_ns REAL,\n"
	"  stddev_ns REAL,\n"
	"  mad_ns REAL,\n"
	"  min_ns REAL,\n"
	"  max_ns REAL,\n"
	"  q1_ns REAL,\n"
	"  q3_ns REAL,\n"
	"  outliers_low_mild INTEGER NOT NULL,\n"
	"  outliers_low_severe INTEGER NOT NULL,\n"
	"  outliers_high_mild INTEGER NOT NULL,\n"
	"  outliers_high_severe INTEGER NOT NULL\n"
	");\n"
	"CREATE INDEX cases_by_run ON cases (run_id, id);\n"
	"CREATE TABLE samples (\n"
	"  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,\n"
	"  seq INTEGER NOT NULL,\n"
	"  ns_per_iter REAL NOT NULL,\n"
	"  PRIMARY KEY (case_id, seq)\n"
	") WITHOUT ROWID;\n"
	"CREATE TABLE baselines (\n"
	"  name TEXT PRIMARY KEY,\n"
	"  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,\n"
	"  created_ns INTEGER NOT NULL,\n"
	"  note TEXT\n"
	");\n"
	"CREATE INDEX baselines_by_run ON baselines (run_id);\n",
	/* 2: A/B runs (store-ab.c) */
	STORE_AB_MIGRATION,
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration per schema version");

#define RUN_COLS "started_ns, finished_ns, status, suite, suite_hash, label, git_commit, " \
	"git_dirty, host, version, source"
#define RUN_INSERT "INSERT INTO runs (" RUN_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define RUN_ORDER " ORDER BY started_ns DESC, id DESC"

#define CASE_COLS "name, grp, plugin, op, scheme, backend, m, k, params, status, detail, " \
	"boundary_elems, threshold, iters_per_sample, work_items, bytes, started_ns, n, " \
	"median_ns, ci_low_ns, ci_high_ns, mean_ns, stddev_ns, mad_ns, min_ns, max_ns, q1_ns, " \
	"q3_ns, outliers_low_mild, outliers_low_severe, outliers_high_mild, outliers_high_severe"
#define CASE_INSERT "INSERT INTO cases (run_id, " CASE_COLS ") VALUES (?, " \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " \
	"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

#define ENV_INSERT "INSERT INTO env (run_id, key, value) VALUES (?, ?, ?)"
#define SAMPLE_INSERT "INSERT INTO samples (case_id, seq, ns_per_iter) VALUES (?, ?, ?)"

/* ---- small helpers ---- */

static int db_fail(const struct store *s, struct bnb_err *e, const char *what)
{
	return err_set(e, BNB_EDB, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
}

/* strerror(err) with a lower-case first letter, as our messages are. */
static const char *errno_text(int err, char *buf, size_t len)
{
	snprintf(buf, len, "%s", strerror(err));
	buf[0] = (char)tolower((unsigned char)buf[0]);
	return buf;
}

static int exec(struct store *s, const char *sql, const char *what, struct bnb_err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, e, what);
	return BNB_OK;
}

static int prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what,
                   struct bnb_err *e)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(s, e, what);
	return BNB_OK;
}

/* Step `st` once expecting no row, then reset it for the next use. */
static int step_done(struct store *s, sqlite3_stmt *st, const char *what, struct bnb_err *e)
{
	int status = sqlite3_step(st) == SQLITE_DONE ? BNB_OK : db_fail(s, e, what);
	sqlite3_reset(st);
	return status;
}

/* Step `st` once: BNB_OK with a row, BNB_ENOTFOUND without (e untouched), else BNB_EDB. */
static int step_row(struct store *s, sqlite3_stmt *st, const char *what, struct bnb_err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return BNB_OK;
	return rc == SQLITE_DONE ? BNB_ENOTFOUND : db_fail(s, e, what);
}

static void bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* For NOT NULL text columns: NULL is stored as "". */
static void bind_str0(sqlite3_stmt *st, int i, const char *v)
{
	sqlite3_bind_text(st, i, v ? v : "", -1, SQLITE_STATIC);
}

static void bind_u64(sqlite3_stmt *st, int i, uint64_t v)
{
	sqlite3_bind_int64(st, i, (sqlite3_int64)v);
}

/* Bind the columns from `col` on of the current row of `src` to `dst`'s parameters from `param` on. */
static void bind_row(sqlite3_stmt *dst, int param, sqlite3_stmt *src, int col)
{
	for (int n = sqlite3_column_count(src); col < n; col++, param++)
		sqlite3_bind_value(dst, param, sqlite3_column_value(src, col));
}

static char *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static uint64_t col_u64(sqlite3_stmt *st, int i)
{
	return (uint64_t)sqlite3_column_int64(st, i);
}

/* SQLite stores NaN as NULL. */
static double col_real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

/* Make room for element n of an array of `size`-byte elements. */
static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 16;
	return xrealloc(p, *cap * size);
}

/*
 * Begin a write: a transaction of its own when none is open, else a savepoint
 * in the caller's (store_begin), so that writes compose.
 */
static int write_begin(struct store *s, int *own, struct bnb_err *e)
{
	*own = sqlite3_get_autocommit(s->db);
	return exec(s, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT store_write",
	            "cannot begin transaction", e);
}

/* End a write begun by write_begin: commit if status is BNB_OK, else undo it. */
static int write_end(struct store *s, int own, int status, struct bnb_err *e)
{
	if (status == BNB_OK)
		status = exec(s, own ? "COMMIT" : "RELEASE store_write", "cannot commit", e);
	if (status != BNB_OK)
		sqlite3_exec(s->db, own ? "ROLLBACK" : "ROLLBACK TO store_write; RELEASE store_write",
		             NULL, NULL, NULL);
	return status;
}

/* ---- opening and migrating ---- */

static int query_int(struct store *s, const char *sql, int64_t *out, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = prepare(s, sql, &st, "cannot read database", e);

	if (status == BNB_OK) {
		status = step_row(s, st, "cannot read database", e);
		*out = status == BNB_OK ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
	}
	if (status != BNB_OK && sqlite3_errcode(s->db) == SQLITE_NOTADB)
		return err_set(e, BNB_EFORMAT, "%s: not a bnbench database", s->path);
	return status == BNB_ENOTFOUND ? db_fail(s, e, "cannot read database") : status;
}

/*
 * By reads alone, accept the database or refuse it.  On BNB_OK, *version is its
 * schema version: below STORE_SCHEMA_VERSION it needs migrating (an empty
 * database, accepted only with STORE_CREATE, is version 0).
 */
static int schema_check(struct store *s, unsigned flags, int64_t *version, struct bnb_err *e)
{
	int64_t app_id, n_objects;
	int status = query_int(s, "PRAGMA application_id", &app_id, e);

	if (status == BNB_OK)
		status = query_int(s, "PRAGMA user_version", version, e);
	if (status == BNB_OK)
		status = query_int(s, "SELECT count(*) FROM sqlite_master", &n_objects, e);
	if (status != BNB_OK)
		return status;

	if (app_id != STORE_APPLICATION_ID) {
		int empty = app_id == 0 && *version == 0 && n_objects == 0;
		if (!empty || !(flags & STORE_CREATE) || (flags & STORE_READONLY))
			return err_set(e, BNB_EFORMAT, "%s: not a bnbench database", s->path);
	} else if (*version > STORE_SCHEMA_VERSION) {
		return err_set(e, BNB_EFORMAT, "%s: database schema version %" PRId64
		               " is newer than this bnbench supports (%d)",
		               s->path, *version, STORE_SCHEMA_VERSION);
	} else if (*version < STORE_SCHEMA_VERSION && (flags & STORE_READONLY)) {
		return err_set(e, BNB_EFORMAT, "%s: database schema version %" PRId64
		               " is older than this bnbench uses (%d): open it for writing to upgrade",
		               s->path, *version, STORE_SCHEMA_VERSION);
	}
	return BNB_OK;
}

/* Bring the schema up to date in one transaction, checking again inside it. */
static int migrate(struct store *s, unsigned flags, struct bnb_err *e)
{
	char sql[96];
	int64_t version;
	int status = exec(s, "BEGIN IMMEDIATE", "cannot begin transaction", e);

	if (status != BNB_OK)
		return status;
	status = schema_check(s, flags, &version, e);
	if (status == BNB_OK && version == STORE_SCHEMA_VERSION) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return BNB_OK;  /* another process migrated it meanwhile */
	}
	for (; status == BNB_OK && version < STORE_SCHEMA_VERSION; version++)
		if (sqlite3_exec(s->db, migrations[version], NULL, NULL, NULL) != SQLITE_OK)
			status = err_set(e, BNB_EDB, "%s: cannot migrate to schema version %" PRId64
			                 ": %s", s->path, version + 1, sqlite3_errmsg(s->db));
	if (status == BNB_OK) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
		         STORE_APPLICATION_ID, STORE_SCHEMA_VERSION);
		status = exec(s, sql, "cannot set schema version", e);
	}
	if (status == BNB_OK)
		return exec(s, "COMMIT", "cannot commit schema", e);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return status;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Refuse what the file header alone shows is not ours, before SQLite touches
 * the file (and would leave -wal and -shm files beside a foreign WAL database).
 * While the file has a non-empty WAL its header may be stale: schema_check decides.
 */
static int header_check(const char *path, struct bnb_err *e)
{
	unsigned char h[100];
	struct stat wal;
	char *wal_path;
	size_t n = 0;
	int live_wal;
	FILE *f = fopen(path, "rb");

	if (f) {
		n = fread(h, 1, sizeof h, f);
		fclose(f);
	}
	if (!f || n == 0)
		return BNB_OK;  /* unreadable: SQLite says why; empty: a new database */
	if (n < sizeof h || memcmp(h, "SQLite format 3", 16) != 0)
		return err_set(e, BNB_EFORMAT, "%s: not a bnbench database", path);
	wal_path = xasprintf("%s-wal", path);
	live_wal = stat(wal_path, &wal) == 0 && wal.st_size > 0;
	free(wal_path);
	if (live_wal)
		return BNB_OK;
	if (be32(h + 68) == STORE_APPLICATION_ID && (int32_t)be32(h + 60) > STORE_SCHEMA_VERSION)
		return err_set(e, BNB_EFORMAT, "%s: database schema version %" PRId32
		               " is newer than this bnbench supports (%d)",
		               path, (int32_t)be32(h + 60), STORE_SCHEMA_VERSION);
	/* Another application's, or one that has had tables (schema cookie at 40). */
	if (be32(h + 68) != STORE_APPLICATION_ID && (be32(h + 68) || be32(h + 60) || be32(h + 40)))
		return err_set(e, BNB_EFORMAT, "%s: not a bnbench database", path);
	return BNB_OK;
}

static int open_db(struct store *s, unsigned flags, struct bnb_err *e)
{
	char why[128];
	int64_t version = 0;
	int status, oflags = SQLITE_OPEN_READWRITE;

	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(s->path, &s->db, oflags, NULL) != SQLITE_OK) {
		int err = sqlite3_system_errno(s->db);
		if (err)
			return err_set(e, BNB_EIO, "%s: cannot open database: %s", s->path,
			               errno_text(err, why, sizeof why));
		return db_fail(s, e, "cannot open database");
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* Until the file is known to be ours, closing must not checkpoint a foreign WAL into it. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	status = exec(s, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", e);
	if (status == BNB_OK)
		status = schema_check(s, flags, &version, e);
	if (status == BNB_OK && !(flags & STORE_READONLY))
		status = exec(s, "PRAGMA journal_mode = WAL", "cannot enable WAL", e);
	if (status == BNB_OK && version < STORE_SCHEMA_VERSION)
		status = migrate(s, flags, e);
	if (status == BNB_OK)
		sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	return status;
}

int store_open(const char *path, unsigned flags, struct store **out, struct bnb_err *e)
{
	struct stat st;
	struct store *s;
	char why[128];
	int status;

	*out = NULL;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			return err_set(e, BNB_EIO, "%s: cannot open database: %s", path,
			               errno_text(errno, why, sizeof why));
		if (!(flags & STORE_CREATE) || (flags & STORE_READONLY))
			return err_set(e, BNB_ENOTFOUND, "%s: no such database", path);
	} else if (S_ISDIR(st.st_mode)) {
		return err_set(e, BNB_EIO, "%s: is a directory", path);
	} else if (!(flags & STORE_READONLY) && access(path, R_OK | W_OK) != 0) {
		return err_set(e, BNB_EIO, "%s: cannot open database for writing: %s", path,
		               errno_text(errno, why, sizeof why));
	}

	status = header_check(path, e);
	if (status != BNB_OK)
		return status;
	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	status = open_db(s, flags, e);
	if (status != BNB_OK) {
		store_close(s);
		return status;
	}
	*out = s;
	return BNB_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

sqlite3 *store_sqlite(struct store *s)
{
	return s->db;
}

const char *store_path(const struct store *s)
{
	return s->path;
}

/* ---- writing runs ---- */

static int env_put(struct store *s, const struct run_info *run, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status;

	if (run->n_env == 0)
		return BNB_OK;
	status = prepare(s, ENV_INSERT " ON CONFLICT (run_id, key) DO UPDATE SET "
	                 "value = excluded.value", &st, "cannot store run environment", e);
	if (status != BNB_OK)
		return status;
	for (size_t i = 0; status == BNB_OK && i < run->n_env; i++) {
		sqlite3_bind_int64(st, 1, run->id);
		bind_str0(st, 2, run->env[i].key);
		bind_str0(st, 3, run->env[i].value);
		status = step_done(s, st, "cannot store run environment", e);
	}
	sqlite3_finalize(st);
	return status;
}

static int run_insert(struct store *s, struct run_info *run, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = prepare(s, RUN_INSERT, &st, "cannot insert run", e);

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
	status = step_done(s, st, "cannot insert run", e);
	sqlite3_finalize(st);
	if (status == BNB_OK)
		run->id = sqlite3_last_insert_rowid(s->db);
	return status == BNB_OK ? env_put(s, run, e) : status;
}

int store_run_begin(struct store *s, struct run_info *run, struct bnb_err *e)
{
	int own, status = write_begin(s, &own, e);

	if (status == BNB_OK)
		status = write_end(s, own, run_insert(s, run, e), e);
	return status;
}

int store_env_put(struct store *s, const struct run_info *run, struct bnb_err *e)
{
	int own, status = write_begin(s, &own, e);

	if (status == BNB_OK)
		status = write_end(s, own, env_put(s, run, e), e);
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
	int i = 1, status = prepare(s, CASE_INSERT, &st, "cannot insert case", e);

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
	status = step_done(s, st, "cannot insert case", e);
	sqlite3_finalize(st);
	if (status != BNB_OK)
		return status;
	c->id = sqlite3_last_insert_rowid(s->db);
	c->run_id = run_id;

	status = prepare(s, SAMPLE_INSERT, &st, "cannot insert samples", e);
	for (size_t j = 0; status == BNB_OK && j < c->n_samples; j++) {
		sqlite3_bind_int64(st, 1, c->id);
		bind_u64(st, 2, j);
		sqlite3_bind_double(st, 3, c->samples[j]);
		status = step_done(s, st, "cannot insert samples", e);
	}
	sqlite3_finalize(st);
	if (status == BNB_OK)
		status = store_ab_pairs_insert(s->db, c, e);
	return status;
}

int store_case_add(struct store *s, int64_t run_id, struct case_result *c, struct bnb_err *e)
{
	int own, status = write_begin(s, &own, e);

	if (status == BNB_OK)
		status = write_end(s, own, case_insert(s, run_id, c, e), e);
	return status;
}

static int no_run(int64_t id, struct bnb_err *e)
{
	return err_set(e, BNB_ENOTFOUND, "no run '%" PRId64 "'", id);
}

/* Run `sql`, with `id` bound to ?1 and `text` (if any) to ?2, expecting it to change a row. */
static int change_one(struct store *s, const char *sql, int64_t id, const char *text,
                      const char *what, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = prepare(s, sql, &st, what, e);

	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, id);
	if (text)
		bind_str(st, 2, text);
	status = step_done(s, st, what, e);
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
	status = prepare(s, "UPDATE runs SET status = ?, finished_ns = ? WHERE id = ?", &st,
	                 "cannot finish run", e);
	if (status != BNB_OK)
		return status;
	bind_str(st, 1, run_status_name(outcome));
	bind_u64(st, 2, finished_ns);
	sqlite3_bind_int64(st, 3, run_id);
	status = step_done(s, st, "cannot finish run", e);
	sqlite3_finalize(st);
	if (status == BNB_OK && sqlite3_changes(s->db) == 0)
		return no_run(run_id, e);
	return status;
}

int store_run_delete(struct store *s, int64_t id, struct bnb_err *e)
{
	int status = change_one(s, "DELETE FROM runs WHERE id = ?", id, NULL, "cannot delete run", e);
	return status == BNB_ENOTFOUND ? no_run(id, e) : status;
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

	memset(c, 0, sizeof *c);
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
}

static int env_load(struct store *s, struct run_info *run, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int rc, status = prepare(s, "SELECT key, value FROM env WHERE run_id = ? ORDER BY rowid",
	                         &st, "cannot load run environment", e);

	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		run_env_add(run, (const char *)sqlite3_column_text(st, 0),
		            (const char *)sqlite3_column_text(st, 1));
	if (rc != SQLITE_DONE)
		status = db_fail(s, e, "cannot load run environment");
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
		c->samples = grow(c->samples, &cap, c->n_samples, sizeof *c->samples);
		c->samples[c->n_samples++] = sqlite3_column_double(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? BNB_OK : db_fail(s, e, "cannot load samples");
}

static int cases_load(struct store *s, int64_t run_id, struct case_result **cases, size_t *n,
                      struct bnb_err *e)
{
	sqlite3_stmt *st, *samples = NULL;
	size_t cap = 0;
	int rc = SQLITE_DONE, status;

	status = prepare(s, "SELECT id, run_id, " CASE_COLS " FROM cases WHERE run_id = ? ORDER BY id",
	                 &st, "cannot load cases", e);
	if (status == BNB_OK)
		status = prepare(s, "SELECT ns_per_iter FROM samples WHERE case_id = ? ORDER BY seq",
		                 &samples, "cannot load samples", e);
	if (status == BNB_OK)
		sqlite3_bind_int64(st, 1, run_id);
	while (status == BNB_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*cases = grow(*cases, &cap, *n, sizeof **cases);
		case_read(st, &(*cases)[(*n)++]);
		status = samples_load(s, samples, &(*cases)[*n - 1], e);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = db_fail(s, e, "cannot load cases");
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
	status = prepare(s, "SELECT id, " RUN_COLS " FROM runs WHERE id = ?", &st,
	                 "cannot load run", e);
	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, id);
	status = step_row(s, st, "cannot load run", e);
	if (status == BNB_OK)
		run_read(st, run);
	sqlite3_finalize(st);
	if (status == BNB_ENOTFOUND)
		return no_run(id, e);
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

/* The id in the first column of the first row of `sql`, with `text` (if any) bound to ?1. */
static int lookup_id(struct store *s, const char *sql, const char *text, int64_t *id,
                     struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = prepare(s, sql, &st, "cannot find run", e);

	if (status != BNB_OK)
		return status;
	if (text)
		bind_str(st, 1, text);
	status = step_row(s, st, "cannot find run", e);
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
		status = lookup_id(s, "SELECT id FROM runs WHERE id = CAST(?1 AS INTEGER)", spec, id, e);
	if (status == BNB_ENOTFOUND && strcmp(spec, "latest") == 0)
		status = lookup_id(s, "SELECT id FROM runs" RUN_ORDER " LIMIT 1", NULL, id, e);
	if (status == BNB_ENOTFOUND)
		status = lookup_id(s, "SELECT id FROM runs WHERE label = ?" RUN_ORDER " LIMIT 1",
		                   spec, id, e);
	if (status == BNB_ENOTFOUND)
		status = lookup_id(s, "SELECT run_id FROM baselines WHERE name = ?", spec, id, e);
	if (status == BNB_ENOTFOUND)
		return err_set(e, BNB_ENOTFOUND, "no run '%s'", spec);
	return status;
}

int store_runs_list(struct store *s, size_t limit, struct run_info **runs, size_t *n,
                    struct bnb_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, status;

	*runs = NULL;
	*n = 0;
	status = prepare(s, "SELECT id, " RUN_COLS " FROM runs" RUN_ORDER " LIMIT ?", &st,
	                 "cannot list runs", e);
	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, limit ? (sqlite3_int64)limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*runs = grow(*runs, &cap, *n, sizeof **runs);
		run_read(st, &(*runs)[(*n)++]);
	}
	if (rc != SQLITE_DONE) {
		status = db_fail(s, e, "cannot list runs");
		store_runs_free(*runs, *n);
		*runs = NULL;
		*n = 0;
	}
	sqlite3_finalize(st);
	return status;
}

/* ---- baselines ---- */

/* BNB_ENOTFOUND naming the baselines there are. */
static int no_baseline(struct store *s, const char *name, struct bnb_err *e)
{
	struct strbuf known = STRBUF_INIT;
	sqlite3_stmt *st;
	int status = prepare(s, "SELECT name FROM baselines ORDER BY name", &st,
	                     "cannot list baselines", e);

	if (status != BNB_OK)
		return status;
	while (sqlite3_step(st) == SQLITE_ROW)
		sb_addf(&known, "%s%s", known.len ? ", " : "known: ", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	status = err_set(e, BNB_ENOTFOUND, "no baseline '%s' (%s)", name,
	                 known.len ? sb_str(&known) : "no baselines saved");
	sb_free(&known);
	return status;
}

int store_baseline_save(struct store *s, const char *name, int64_t run_id, const char *note,
                        struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status;

	if (!name || !*name)
		return err_set(e, BNB_EINVAL, "baseline name is empty");
	status = prepare(s, "SELECT id FROM runs WHERE id = ?", &st, "cannot save baseline", e);
	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, run_id);
	status = step_row(s, st, "cannot save baseline", e);
	sqlite3_finalize(st);
	if (status == BNB_ENOTFOUND)
		return no_run(run_id, e);
	if (status != BNB_OK)
		return status;

	status = prepare(s, "INSERT INTO baselines (name, run_id, created_ns, note) "
	                 "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
	                 "run_id = excluded.run_id, created_ns = excluded.created_ns, "
	                 "note = excluded.note", &st, "cannot save baseline", e);
	if (status != BNB_OK)
		return status;
	bind_str(st, 1, name);
	sqlite3_bind_int64(st, 2, run_id);
	bind_u64(st, 3, wall_ns());
	bind_str(st, 4, note);
	status = step_done(s, st, "cannot save baseline", e);
	sqlite3_finalize(st);
	return status;
}

int store_baseline_get(struct store *s, const char *name, int64_t *run_id, struct bnb_err *e)
{
	int status = lookup_id(s, "SELECT run_id FROM baselines WHERE name = ?", name, run_id, e);
	return status == BNB_ENOTFOUND ? no_baseline(s, name, e) : status;
}

int store_baseline_list(struct store *s, struct store_baseline **out, size_t *n,
                        struct bnb_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc, status;

	*out = NULL;
	*n = 0;
	status = prepare(s, "SELECT name, run_id, created_ns, note FROM baselines ORDER BY name",
	                 &st, "cannot list baselines", e);
	if (status != BNB_OK)
		return status;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_baseline *b;
		*out = grow(*out, &cap, *n, sizeof **out);
		b = &(*out)[(*n)++];
		b->name = col_str(st, 0);
		b->run_id = sqlite3_column_int64(st, 1);
		b->created_ns = col_u64(st, 2);
		b->note = col_str(st, 3);
	}
	if (rc != SQLITE_DONE) {
		status = db_fail(s, e, "cannot list baselines");
		store_baselines_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	sqlite3_finalize(st);
	return status;
}

int store_baseline_delete(struct store *s, const char *name, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = prepare(s, "DELETE FROM baselines WHERE name = ?", &st,
	                     "cannot delete baseline", e);

	if (status != BNB_OK)
		return status;
	bind_str(st, 1, name);
	status = step_done(s, st, "cannot delete baseline", e);
	sqlite3_finalize(st);
	if (status == BNB_OK && sqlite3_changes(s->db) == 0)
		return no_baseline(s, name, e);
	return status;
}

/* ---- transactions ---- */

int store_begin(struct store *s, struct bnb_err *e)
{
	return exec(s, "BEGIN IMMEDIATE", "cannot begin transaction", e);
}

int store_commit(struct store *s, struct bnb_err *e)
{
	return exec(s, "COMMIT", "cannot commit", e);
}

int store_rollback(struct store *s, struct bnb_err *e)
{
	return exec(s, "ROLLBACK", "cannot roll back", e);
}

/* ---- merge ---- */

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
	int rc = SQLITE_DONE, status = prepare(o, src_sql, &src, "cannot read", e);

	if (status == BNB_OK)
		status = prepare(s, dst_sql, &dst, "cannot merge", e);
	if (status == BNB_OK)
		sqlite3_bind_int64(src, 1, from);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		sqlite3_bind_int64(dst, 1, to);
		bind_row(dst, 2, src, 0);
		status = step_done(s, dst, "cannot merge", e);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = db_fail(o, e, "cannot read");
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
		status = prepare(o, "SELECT id, " CASE_COLS " FROM cases WHERE run_id = ? ORDER BY id",
		                 &src, "cannot read cases", e);
	if (status != BNB_OK)
		return status;
	status = prepare(s, CASE_INSERT, &dst, "cannot merge cases", e);
	sqlite3_bind_int64(src, 1, from);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		sqlite3_bind_int64(dst, 1, to);
		bind_row(dst, 2, src, 1);
		status = step_done(s, dst, "cannot merge cases", e);
		int64_t from_case = sqlite3_column_int64(src, 0), to_case = sqlite3_last_insert_rowid(s->db);
		if (status == BNB_OK)
			status = copy_rows(s, o, "SELECT seq, ns_per_iter FROM samples "
			                   "WHERE case_id = ? ORDER BY seq", SAMPLE_INSERT, from_case, to_case, e);
		if (status == BNB_OK)
			status = store_ab_merge_case(s->db, o->db, from_case, to_case, e);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = db_fail(o, e, "cannot read cases");
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

	status = prepare(o, "SELECT id, " RUN_COLS " FROM runs ORDER BY id", &src,
	                 "cannot read runs", e);
	if (status != BNB_OK)
		return status;
	status = prepare(s, "SELECT id FROM runs WHERE started_ns = ? AND host = ? AND suite = ? "
	                 "AND source = ? ORDER BY id LIMIT 1", &find, "cannot merge runs", e);
	if (status == BNB_OK)
		status = prepare(s, RUN_INSERT, &ins, "cannot merge runs", e);
	while (status == BNB_OK && (rc = sqlite3_step(src)) == SQLITE_ROW) {
		struct id_map m = { sqlite3_column_int64(src, 0), 0 };

		sqlite3_bind_value(find, 1, sqlite3_column_value(src, 1));
		sqlite3_bind_value(find, 2, sqlite3_column_value(src, 9));
		sqlite3_bind_value(find, 3, sqlite3_column_value(src, 4));
		sqlite3_bind_value(find, 4, sqlite3_column_value(src, 11));
		status = step_row(s, find, "cannot merge runs", e);
		if (status == BNB_OK)
			m.to = sqlite3_column_int64(find, 0);
		sqlite3_reset(find);
		if (status == BNB_ENOTFOUND) {
			bind_row(ins, 1, src, 1);
			status = step_done(s, ins, "cannot merge runs", e);
			m.to = sqlite3_last_insert_rowid(s->db);
			if (status == BNB_OK)
				status = store_ab_merge_run(s->db, o->db, m.from, m.to, e);
			if (status == BNB_OK)
				status = merge_run_rows(s, o, m.from, m.to, e);
			(*copied)++;
		}
		*map = grow(*map, &cap, *n_map, sizeof **map);
		(*map)[(*n_map)++] = m;
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = db_fail(o, e, "cannot read runs");
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

	status = prepare(o, "SELECT name, run_id, created_ns, note FROM baselines ORDER BY name",
	                 &src, "cannot read baselines", e);
	if (status != BNB_OK)
		return status;
	status = prepare(s, "INSERT INTO baselines (name, run_id, created_ns, note) "
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
		status = step_done(s, dst, "cannot merge baselines", e);
		if (status == BNB_OK)
			*copied += (size_t)sqlite3_changes(s->db);
	}
	if (status == BNB_OK && rc != SQLITE_DONE)
		status = db_fail(o, e, "cannot read baselines");
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
	status = exec(o, "BEGIN", "cannot begin transaction", e);
	if (status == BNB_OK)
		status = write_begin(s, &own, e);
	if (status == BNB_OK) {
		status = merge_runs(s, o, &map, &n_map, runs_copied, e);
		if (status == BNB_OK)
			status = merge_baselines(s, o, map, n_map, baselines_copied, e);
		status = write_end(s, own, status, e);
	}
	if (status != BNB_OK)
		*runs_copied = *baselines_copied = 0;
	free(map);
	store_close(o);
	return status;
}

/* ---- freeing ---- */

void store_cases_free(struct case_result *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		case_result_free(&cases[i]);
	free(cases);
}

void store_runs_free(struct run_info *runs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		run_info_free(&runs[i]);
	free(runs);
}

void store_baselines_free(struct store_baseline *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].name);
		free(b[i].note);
	}
	free(b);
}
