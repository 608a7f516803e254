/* The results store: SQLite, versioned by PRAGMA user_version (DESIGN.md "Store"). */
#include "config.h"

#include "store-internal.h"
#include "store-ab.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

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
	/* 3: threads, processes and the CI target of a case */
	"ALTER TABLE cases ADD COLUMN threads INTEGER NOT NULL DEFAULT 1;\n"
	"ALTER TABLE cases ADD COLUMN processes INTEGER NOT NULL DEFAULT 1;\n"
	"ALTER TABLE cases ADD COLUMN process_spread REAL;\n"
	"ALTER TABLE cases ADD COLUMN target_ci REAL;\n",
};

_Static_assert(sizeof migrations / sizeof migrations[0] == STORE_SCHEMA_VERSION,
               "one migration per schema version");

/* ---- small helpers ---- */

int store_fail(const struct store *s, struct bnb_err *e, const char *what)
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

int store_exec(struct store *s, const char *sql, const char *what, struct bnb_err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_fail(s, e, what);
	return BNB_OK;
}

int store_prepare(struct store *s, const char *sql, sqlite3_stmt **st, const char *what,
                  struct bnb_err *e)
{
	if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
		return store_fail(s, e, what);
	return BNB_OK;
}

int store_step_done(struct store *s, sqlite3_stmt *st, const char *what, struct bnb_err *e)
{
	int status = sqlite3_step(st) == SQLITE_DONE ? BNB_OK : store_fail(s, e, what);
	sqlite3_reset(st);
	return status;
}

int store_step_row(struct store *s, sqlite3_stmt *st, const char *what, struct bnb_err *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return BNB_OK;
	return rc == SQLITE_DONE ? BNB_ENOTFOUND : store_fail(s, e, what);
}

void *store_grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 16;
	return xrealloc(p, *cap * size);
}

int store_write_begin(struct store *s, int *own, struct bnb_err *e)
{
	*own = sqlite3_get_autocommit(s->db);
	return store_exec(s, *own ? "BEGIN IMMEDIATE" : "SAVEPOINT store_write",
	                  "cannot begin transaction", e);
}

int store_write_end(struct store *s, int own, int status, struct bnb_err *e)
{
	if (status == BNB_OK)
		status = store_exec(s, own ? "COMMIT" : "RELEASE store_write", "cannot commit", e);
	if (status != BNB_OK)
		sqlite3_exec(s->db, own ? "ROLLBACK" : "ROLLBACK TO store_write; RELEASE store_write",
		             NULL, NULL, NULL);
	return status;
}

/* ---- opening and migrating ---- */

static int query_int(struct store *s, const char *sql, int64_t *out, struct bnb_err *e)
{
	sqlite3_stmt *st;
	int status = store_prepare(s, sql, &st, "cannot read database", e);

	if (status == BNB_OK) {
		status = store_step_row(s, st, "cannot read database", e);
		*out = status == BNB_OK ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_finalize(st);
	}
	if (status != BNB_OK && sqlite3_errcode(s->db) == SQLITE_NOTADB)
		return err_set(e, BNB_EFORMAT, "%s: not a bnbench database", s->path);
	return status == BNB_ENOTFOUND ? store_fail(s, e, "cannot read database") : status;
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
	int status = store_exec(s, "BEGIN IMMEDIATE", "cannot begin transaction", e);

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
		status = store_exec(s, sql, "cannot set schema version", e);
	}
	if (status == BNB_OK)
		return store_exec(s, "COMMIT", "cannot commit schema", e);
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
	int live_wal, fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, BNB_EIO, "%s: not a regular file", path);  /* replaced since stat */
	}
	if (fd >= 0) {
		ssize_t got;
		while (n < sizeof h && (got = read(fd, h + n, sizeof h - n)) > 0)
			n += (size_t)got;
		close(fd);
	}
	if (fd < 0 || n == 0)
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

static int side_file_exists(const char *path, const char *suffix)
{
	struct stat st;
	char *side = xasprintf("%s%s", path, suffix);
	int found = lstat(side, &st) == 0;

	free(side);
	return found;
}

/*
 * "file:PATH?immutable=1", PATH percent-encoded.  Read-only commands open a
 * database that no one is writing (no -wal, no -journal beside it) this way:
 * SQLite then takes no lock and creates no -shm or -wal file, so a database
 * in a read-only folder can be read and nothing is left beside any database.
 * One with a -wal is being written (or was not closed): it is read through
 * its WAL, which needs the -shm file that is already there.
 */
static char *immutable_uri(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *uri;

	sb_adds(&sb, path[0] == '/' ? "file://" : "file:");
	for (const char *p = path; *p; p++) {
		if (isalnum((unsigned char)*p) || strchr("/._-~", *p))
			sb_addf(&sb, "%c", *p);
		else
			sb_addf(&sb, "%%%02X", (unsigned char)*p);
	}
	sb_adds(&sb, "?immutable=1");
	uri = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return uri;
}

static int open_db(struct store *s, unsigned flags, struct bnb_err *e)
{
	char why[128];
	int64_t version = 0;
	int status, oflags = SQLITE_OPEN_READWRITE;

	char *uri = NULL;
	int rc;

	if (flags & STORE_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else if (flags & STORE_CREATE)
		oflags |= SQLITE_OPEN_CREATE;
	if ((flags & STORE_READONLY) && !side_file_exists(s->path, "-wal") &&
	    !side_file_exists(s->path, "-journal")) {
		uri = immutable_uri(s->path);
		oflags |= SQLITE_OPEN_URI;
	}
	rc = sqlite3_open_v2(uri ? uri : s->path, &s->db, oflags, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		int err = sqlite3_system_errno(s->db);
		if (err)
			return err_set(e, BNB_EIO, "%s: cannot open database: %s", s->path,
			               errno_text(err, why, sizeof why));
		return store_fail(s, e, "cannot open database");
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* Until the file is known to be ours, closing must not checkpoint a foreign WAL into it. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	status = store_exec(s, "PRAGMA foreign_keys = ON", "cannot enable foreign keys", e);
	if (status == BNB_OK)
		status = schema_check(s, flags, &version, e);
	if (status == BNB_OK && !(flags & STORE_READONLY))
		status = store_exec(s, "PRAGMA journal_mode = WAL", "cannot enable WAL", e);
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
	} else if (!S_ISREG(st.st_mode)) {
		/* A FIFO would block, /dev/null would get a -journal beside it. */
		return err_set(e, BNB_EIO, "%s: not a regular file", path);
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

/* ---- transactions ---- */

int store_begin(struct store *s, struct bnb_err *e)
{
	return store_exec(s, "BEGIN IMMEDIATE", "cannot begin transaction", e);
}

int store_commit(struct store *s, struct bnb_err *e)
{
	return store_exec(s, "COMMIT", "cannot commit", e);
}

int store_rollback(struct store *s, struct bnb_err *e)
{
	return store_exec(s, "ROLLBACK", "cannot roll back", e);
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

