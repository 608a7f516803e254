/* The store's part for A/B runs (kind "ab"): paired samples, schema migration 2. */
#ifndef BNB_STORE_AB_H
#define BNB_STORE_AB_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "model.h"
#include "store.h"
#include "util.h"

/* Migration 2: runs.kind ('run' or 'ab') and the pairs table. */
#define STORE_AB_MIGRATION \
	"ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'run' CHECK (kind IN ('run', 'ab'));\n" \
	"CREATE TABLE pairs (\n" \
	"  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,\n" \
	"  seq INTEGER NOT NULL,\n" \
	"  base_ns REAL NOT NULL,\n" \
	"  cand_ns REAL NOT NULL,\n" \
	"  base_first INTEGER NOT NULL,\n" \
	"  PRIMARY KEY (case_id, seq)\n" \
	") WITHOUT ROWID;\n"

/* Mark run `id` as an A/B run. */
int store_ab_mark(struct store *s, int64_t run_id, struct bnb_err *e);
/* "run" or "ab" into kind (at least 8 bytes). */
int store_run_kind(struct store *s, int64_t run_id, char *kind, size_t len, struct bnb_err *e);

/* For store.c: insert c->pairs of case c->id (inside the case's savepoint); load the pairs of cases. */
int store_ab_pairs_insert(sqlite3 *db, const struct case_result *c, struct bnb_err *e);
int store_ab_pairs_load(sqlite3 *db, struct case_result *cases, size_t n, struct bnb_err *e);
sqlite3 *store_sqlite(struct store *s);
/* For store_merge: copy a run's kind and a case's pairs from database `src` to `dst`. */
int store_ab_merge_run(sqlite3 *dst, sqlite3 *src, int64_t from_run, int64_t to_run, struct bnb_err *e);
int store_ab_merge_case(sqlite3 *dst, sqlite3 *src, int64_t from_case, int64_t to_case, struct bnb_err *e);

#endif
