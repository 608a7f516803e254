/* A/B runs in the store: the run's kind and the raw paired samples of each case. */
#include "config.h"

#include "store-ab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paired.h"

static int fail(sqlite3 *db, sqlite3_stmt *st, struct bnb_err *e, const char *what)
{
	int rc = err_set(e, BNB_EDB, "%s: %s", what, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

int store_ab_mark(struct store *s, int64_t run_id, struct bnb_err *e)
{
	sqlite3 *db = store_sqlite(s);
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "UPDATE runs SET kind = 'ab' WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(db, st, e, "cannot mark the run as a/b");
	sqlite3_bind_int64(st, 1, run_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		return fail(db, st, e, "cannot mark the run as a/b");
	sqlite3_finalize(st);
	return BNB_OK;
}

int store_run_kind(struct store *s, int64_t run_id, char *kind, size_t len, struct bnb_err *e)
{
	sqlite3 *db = store_sqlite(s);
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT kind FROM runs WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return fail(db, st, e, "cannot read the run's kind");
	sqlite3_bind_int64(st, 1, run_id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(db, st, e, "cannot read the run's kind");
	snprintf(kind, len, "%s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : "run");
	sqlite3_finalize(st);
	return BNB_OK;
}

int store_ab_pairs_insert(sqlite3 *db, const struct case_result *c, struct bnb_err *e)
{
	const struct case_pairs *p = c->pairs;
	sqlite3_stmt *st = NULL;

	if (!p)
		return BNB_OK;
	if (sqlite3_prepare_v2(db, "INSERT INTO pairs (case_id, seq, base_ns, cand_ns, base_first) "
	                       "VALUES (?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK)
		return fail(db, st, e, "cannot insert paired samples");
	for (size_t i = 0; i < p->n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, c->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_double(st, 3, p->base[i]);
		sqlite3_bind_double(st, 4, p->cand[i]);
		sqlite3_bind_int(st, 5, p->base_first[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			return fail(db, st, e, "cannot insert paired samples");
	}
	sqlite3_finalize(st);
	return BNB_OK;
}

int store_ab_pairs_load(sqlite3 *db, struct case_result *cases, size_t n, struct bnb_err *e)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT base_ns, cand_ns, base_first FROM pairs WHERE case_id = ? ORDER BY seq",
	                       -1, &st, NULL) != SQLITE_OK)
		return fail(db, st, e, "cannot load paired samples");
	for (size_t i = 0; i < n; i++) {
		double *base = NULL, *cand = NULL;
		unsigned char *first = NULL;
		size_t m = 0, cap = 0;
		int rc;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cases[i].id);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (m == cap) {
				cap = cap ? 2 * cap : 64;
				base = xrealloc(base, cap * sizeof *base);
				cand = xrealloc(cand, cap * sizeof *cand);
				first = xrealloc(first, cap);
			}
			base[m] = sqlite3_column_double(st, 0);
			cand[m] = sqlite3_column_double(st, 1);
			first[m++] = (unsigned char)sqlite3_column_int(st, 2);
		}
		if (rc != SQLITE_DONE) {
			free(base);
			free(cand);
			free(first);
			return fail(db, st, e, "cannot load paired samples");
		}
		if (m) {
			cases[i].pairs = case_pairs_make(base, cand, m);
			memcpy(cases[i].pairs->base_first, first, m);
		}
		free(cand);
		free(first);
	}
	sqlite3_finalize(st);
	return BNB_OK;
}

int store_ab_merge_case(sqlite3 *dst, sqlite3 *src, int64_t from_case, int64_t to_case, struct bnb_err *e)
{
	struct case_result c;
	int rc;

	memset(&c, 0, sizeof c);
	c.id = from_case;
	if ((rc = store_ab_pairs_load(src, &c, 1, e)))
		return rc;
	c.id = to_case;
	rc = store_ab_pairs_insert(dst, &c, e);
	case_pairs_free(c.pairs);
	return rc;
}

int store_ab_merge_run(sqlite3 *dst, sqlite3 *src, int64_t from_run, int64_t to_run, struct bnb_err *e)
{
	sqlite3_stmt *rd = NULL, *wr = NULL;
	int rc = BNB_OK;

	if (sqlite3_prepare_v2(src, "SELECT kind FROM runs WHERE id = ?", -1, &rd, NULL) != SQLITE_OK)
		return fail(src, rd, e, "cannot read the run's kind");
	sqlite3_bind_int64(rd, 1, from_run);
	if (sqlite3_step(rd) == SQLITE_ROW) {
		if (sqlite3_prepare_v2(dst, "UPDATE runs SET kind = ? WHERE id = ?", -1, &wr, NULL) != SQLITE_OK)
			rc = fail(dst, wr, e, "cannot merge the run's kind");
		else {
			sqlite3_bind_value(wr, 1, sqlite3_column_value(rd, 0));
			sqlite3_bind_int64(wr, 2, to_run);
			rc = sqlite3_step(wr) == SQLITE_DONE ? BNB_OK : fail(dst, wr, e, "cannot merge the run's kind");
			if (rc == BNB_OK)
				sqlite3_finalize(wr);
		}
	}
	sqlite3_finalize(rd);
	return rc;
}
