/* The store's baselines: named runs. */
#include "config.h"

#include "store-internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* BNB_ENOTFOUND naming the baselines there are. */
static int no_baseline(struct store *s, const char *name, struct bnb_err *e)
{
	struct strbuf known = STRBUF_INIT;
	sqlite3_stmt *st;
	int status = store_prepare(s, "SELECT name FROM baselines ORDER BY name", &st,
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
	status = store_prepare(s, "SELECT id FROM runs WHERE id = ?", &st, "cannot save baseline", e);
	if (status != BNB_OK)
		return status;
	sqlite3_bind_int64(st, 1, run_id);
	status = store_step_row(s, st, "cannot save baseline", e);
	sqlite3_finalize(st);
	if (status == BNB_ENOTFOUND)
		return store_no_run(run_id, e);
	if (status != BNB_OK)
		return status;

	status = store_prepare(s, "INSERT INTO baselines (name, run_id, created_ns, note) "
	                       "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET "
	                       "run_id = excluded.run_id, created_ns = excluded.created_ns, "
	                       "note = excluded.note", &st, "cannot save baseline", e);
	if (status != BNB_OK)
		return status;
	bind_str(st, 1, name);
	sqlite3_bind_int64(st, 2, run_id);
	bind_u64(st, 3, wall_ns());
	bind_str(st, 4, note);
	status = store_step_done(s, st, "cannot save baseline", e);
	sqlite3_finalize(st);
	return status;
}

int store_baseline_get(struct store *s, const char *name, int64_t *run_id, struct bnb_err *e)
{
	int status = store_lookup_id(s, "SELECT run_id FROM baselines WHERE name = ?", name, run_id, e);
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
	status = store_prepare(s, "SELECT name, run_id, created_ns, note FROM baselines ORDER BY name",
	                       &st, "cannot list baselines", e);
	if (status != BNB_OK)
		return status;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_baseline *b;
		*out = store_grow(*out, &cap, *n, sizeof **out);
		b = &(*out)[(*n)++];
		b->name = col_str(st, 0);
		b->run_id = sqlite3_column_int64(st, 1);
		b->created_ns = col_u64(st, 2);
		b->note = col_str(st, 3);
	}
	if (rc != SQLITE_DONE) {
		status = store_fail(s, e, "cannot list baselines");
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
	int status = store_prepare(s, "DELETE FROM baselines WHERE name = ?", &st,
	                           "cannot delete baseline", e);

	if (status != BNB_OK)
		return status;
	bind_str(st, 1, name);
	status = store_step_done(s, st, "cannot delete baseline", e);
	sqlite3_finalize(st);
	if (status == BNB_OK && sqlite3_changes(s->db) == 0)
		return no_baseline(s, name, e);
	return status;
}
