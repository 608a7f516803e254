/* Merging another bnbench database into the store. */
#include "config.h"

#include "store-internal.h"
#include "store-ab.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A query on the other database whose first row, if any, is a bad value: (id, value). */
struct merge_check {
	const char *sql;
	const char *what;       /* "case %s: sample '%s' is ..." */
};

#define IS_TEXT(c) "typeof(" c ") <> 'text'"
#define NOT_NULL_OR_TEXT(c) "(" c " IS NOT NULL AND typeof(" c ") <> 'text')"
#define NOT_COUNT(c) "typeof(" c ") <> 'integer' OR " c " < 0"
#define NOT_TIME(c) "NOT (" c " IS NULL OR (typeof(" c ") IN ('real', 'integer') AND " c " >= 0 AND " \
	c " <= 1e15))"
#define NOT_FRACTION(c) "NOT (" c " IS NULL OR (typeof(" c ") IN ('real', 'integer') AND " c " >= 0 AND " \
	c " <= 1e6))"
#define STAT_VALUE "coalesce(" STAT_BAD("median_ns") STAT_BAD("ci_low_ns") STAT_BAD("ci_high_ns") \
	STAT_BAD("mean_ns") STAT_BAD("stddev_ns") STAT_BAD("mad_ns") STAT_BAD("min_ns") STAT_BAD("max_ns") \
	STAT_BAD("q1_ns") STAT_BAD("q3_ns") STAT_BAD("work_items") STAT_BAD("bytes") STAT_BAD("threshold") "NULL)"
#define STAT_BAD(c) "CASE WHEN " NOT_TIME(c) " THEN '" c " ' || quote(" c ") END, "

_Static_assert((long long)STORE_SAMPLE_MAX_NS == 1000000000000000LL, "NOT_TIME's bound is STORE_SAMPLE_MAX_NS");

static const struct merge_check checks[] = {
	{ "SELECT id, quote(status) FROM runs WHERE status NOT IN ('complete', 'incomplete', 'failed') "
	  "OR " IS_TEXT("status"), "run %s: status %s is not complete, incomplete or failed" },
	{ "SELECT id, quote(started_ns) || ' ' || quote(finished_ns) FROM runs WHERE "
	  NOT_COUNT("started_ns") " OR " NOT_COUNT("finished_ns") " OR " NOT_COUNT("git_dirty"),
	  "run %s: times %s are not times in ns" },
	{ "SELECT id, quote(suite) FROM runs WHERE " IS_TEXT("suite") " OR " IS_TEXT("host") " OR "
	  IS_TEXT("version") " OR " IS_TEXT("source") " OR " NOT_NULL_OR_TEXT("label") " OR "
	  NOT_NULL_OR_TEXT("suite_hash") " OR " NOT_NULL_OR_TEXT("git_commit"),
	  "run %s: suite, host, version, source, label or commit (suite %s) is not text" },
	{ "SELECT run_id, quote(key) FROM env WHERE " IS_TEXT("key") " OR " IS_TEXT("value"),
	  "run %s: environment entry %s is not text" },
	{ "SELECT id, quote(status) FROM cases WHERE status NOT IN ('ok', 'failed', 'error', 'skipped') "
	  "OR " IS_TEXT("status"), "case %s: status %s is not ok, failed, error or skipped" },
	{ "SELECT id, quote(name) FROM cases WHERE " IS_TEXT("name") " OR " IS_TEXT("plugin") " OR "
	  IS_TEXT("op") " OR " IS_TEXT("scheme") " OR " IS_TEXT("backend") " OR " IS_TEXT("params") " OR "
	  NOT_NULL_OR_TEXT("grp") " OR " NOT_NULL_OR_TEXT("detail"),
	  "case %s: name, plugin, op, scheme, backend or params (name %s) is not text" },
	{ "SELECT id, quote(m) || 'x' || quote(k) || ', n ' || quote(n) FROM cases WHERE " NOT_COUNT("m")
	  " OR " NOT_COUNT("k") " OR " NOT_COUNT("n") " OR " NOT_COUNT("iters_per_sample") " OR "
	  NOT_COUNT("boundary_elems") " OR " NOT_COUNT("started_ns") " OR " NOT_COUNT("outliers_low_mild")
	  " OR " NOT_COUNT("outliers_low_severe") " OR " NOT_COUNT("outliers_high_mild") " OR "
	  NOT_COUNT("outliers_high_severe") " OR " NOT_COUNT("threads") " OR " NOT_COUNT("processes"),
	  "case %s: size or count (%s) is not a count" },
	{ "SELECT id, quote(process_spread) || ' ' || quote(target_ci) FROM cases WHERE " NOT_FRACTION("process_spread")
	  " OR " NOT_FRACTION("target_ci"), "case %s: spread or CI target (%s) is not a fraction" },
	{ "SELECT id, " STAT_VALUE " FROM cases WHERE " STAT_VALUE " IS NOT NULL",
	  "case %s: statistic %s is not a time (0 to 1e+15 ns)" },
	{ "SELECT case_id, quote(ns_per_iter) FROM samples WHERE typeof(ns_per_iter) NOT IN ('real', "
	  "'integer') OR NOT (ns_per_iter > 0 AND ns_per_iter <= 1e15)",
	  "case %s: sample %s is not a positive time (at most 1e+15 ns)" },
	{ "SELECT quote(name), quote(run_id) FROM baselines WHERE " IS_TEXT("name") " OR name = '' OR "
	  "typeof(run_id) <> 'integer' OR " NOT_COUNT("created_ns"), "baseline %s: run %s or its name is invalid" },
};

/* Printable, short: a hostile value goes into a message. */
static void clip(char *dst, size_t len, const unsigned char *src)
{
	size_t i = 0;

	for (; src && *src && i + 1 < len; src++)
		dst[i++] = *src >= 0x20 && *src < 0x7f ? (char)*src : '?';
	dst[i] = '\0';
	if (src && *src && len > 4)
		memcpy(dst + len - 4, "...", 4);
}

/* Refuse `o` if a value in it is one an import would refuse. */
static int merge_check(struct store *o, const char *other_path, struct bnb_err *e)
{
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		sqlite3_stmt *st;
		char id[48], value[88];
		int status = store_prepare(o, checks[i].sql, &st, "cannot read", e);

		if (status != BNB_OK)
			return status;
		status = store_step_row(o, st, "cannot read", e);
		if (status == BNB_OK) {
			clip(id, sizeof id, sqlite3_column_text(st, 0));
			clip(value, sizeof value, sqlite3_column_text(st, 1));
		}
		sqlite3_finalize(st);
		if (status == BNB_OK) {
			char what[256];
			snprintf(what, sizeof what, checks[i].what, id, value);
			return err_set(e, BNB_EFORMAT, "%s: not merged: %s", other_path, what);
		}
		if (status != BNB_ENOTFOUND)
			return status;
	}
	return BNB_OK;
}

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
		int64_t from_case = sqlite3_column_int64(src, 0), to_case = sqlite3_last_insert_rowid(s->db);
		if (status == BNB_OK)
			status = copy_rows(s, o, "SELECT seq, ns_per_iter FROM samples "
			                   "WHERE case_id = ? ORDER BY seq", SAMPLE_INSERT, from_case, to_case, e);
		if (status == BNB_OK)
			status = store_ab_merge_case(s->db, o->db, from_case, to_case, e);
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
				status = store_ab_merge_run(s->db, o->db, m.from, m.to, e);
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
		status = merge_check(o, other_path, e);
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
