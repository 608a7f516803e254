/* The results store: one SQLite file of runs, cases, samples and baselines (DESIGN.md "Store"). */
#ifndef BNB_STORE_H
#define BNB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "util.h"

/* PRAGMA application_id of a bnbench database: "BNBS". */
#define STORE_APPLICATION_ID 0x424E4253
/* PRAGMA user_version this program writes: the number of migrations it knows. */
#define STORE_SCHEMA_VERSION 3

/*
 * The largest time per iteration the store takes from another database
 * (merge) or file (import json): about 11.6 days.  Samples are finite and
 * positive; statistics finite and not negative.
 */
#define STORE_SAMPLE_MAX_NS 1e15

/* store_open flags. */
#define STORE_CREATE 1u    /* create a missing file (never its directory) and its schema */
#define STORE_READONLY 2u  /* never write; an outdated schema is an error, not migrated */

struct store;

struct store_baseline {
	char *name;
	int64_t run_id;
	uint64_t created_ns;
	char *note;             /* may be NULL */
};

/*
 * Open the database at `path`: WAL mode (unless STORE_READONLY), foreign keys
 * on, a 5 s busy timeout.  Errors: BNB_ENOTFOUND "PATH: no such database"
 * (missing, without STORE_CREATE); BNB_EFORMAT "PATH: not a bnbench database"
 * (not SQLite, another application's, or empty without STORE_CREATE) or
 * "PATH: database schema version N is newer than this bnbench supports (2)";
 * BNB_EIO "PATH: is a directory", "PATH: cannot open database: REASON",
 * "PATH: cannot open database for writing: REASON"; BNB_EDB.  A refused file
 * is left unchanged.  An older schema is migrated in one transaction.
 */
int store_open(const char *path, unsigned flags, struct store **out, struct bnb_err *e);
void store_close(struct store *s);
const char *store_path(const struct store *s);

/*
 * Insert `run` as 'incomplete', with its env, and set run->id.  NULL suite,
 * host, version or source are stored as "" (label, suite_hash and git_commit
 * stay NULL).
 */
int store_run_begin(struct store *s, struct run_info *run, struct bnb_err *e);
/*
 * Store run->env for run->id (entries captured after store_run_begin): new
 * keys are added after the others, existing keys take the new value.
 */
int store_env_put(struct store *s, const struct run_info *run, struct bnb_err *e);
/* Insert one case and all its samples atomically; set c->id and c->run_id. */
int store_case_add(struct store *s, int64_t run_id, struct case_result *c, struct bnb_err *e);
/* Mark a run complete, incomplete or failed (RUN_RUNNING is BNB_EINVAL). */
int store_run_finish(struct store *s, int64_t run_id, enum run_status outcome,
                     uint64_t finished_ns, struct bnb_err *e);

/*
 * Load run `id` with its env into *run, and its cases (statistics and samples)
 * in insertion order into a new array *cases.  Free with run_info_free and
 * store_cases_free.  Unknown id: BNB_ENOTFOUND "no run 'ID'".
 */
int store_run_load(struct store *s, int64_t id, struct run_info *run,
                   struct case_result **cases, size_t *n_cases, struct bnb_err *e);
/*
 * A run id from `spec`: a decimal id, "latest" (newest by started_ns, then id),
 * a label (the newest run with it), or a baseline name, in that order.
 * BNB_ENOTFOUND "no run 'SPEC'".
 */
int store_run_resolve(struct store *s, const char *spec, int64_t *id, struct bnb_err *e);
/* The newest run of `source` ("bnbench": measured, not imported); BNB_ENOTFOUND without a message. */
int store_run_latest(struct store *s, const char *source, int64_t *id, struct bnb_err *e);
/*
 * The newest `limit` runs (0: all), newest first, without env (n_env = 0).
 * Free with store_runs_free.
 */
int store_runs_list(struct store *s, size_t limit, struct run_info **runs, size_t *n,
                    struct bnb_err *e);
/* Delete a run with its cases, samples, env and the baselines naming it. */
int store_run_delete(struct store *s, int64_t id, struct bnb_err *e);

/* Name run `run_id` as baseline `name`, replacing an existing one of that name. */
int store_baseline_save(struct store *s, const char *name, int64_t run_id, const char *note,
                        struct bnb_err *e);
/* Unknown name: BNB_ENOTFOUND "no baseline 'x' (known: a, b)" or "... (no baselines saved)". */
int store_baseline_get(struct store *s, const char *name, int64_t *run_id, struct bnb_err *e);
/* All baselines by name.  Free with store_baselines_free. */
int store_baseline_list(struct store *s, struct store_baseline **out, size_t *n,
                        struct bnb_err *e);
int store_baseline_delete(struct store *s, const char *name, struct bnb_err *e);

/*
 * One transaction across many calls (import is all-or-nothing).  Every write
 * above, and store_merge, then runs in a savepoint inside it.
 */
int store_begin(struct store *s, struct bnb_err *e);
int store_commit(struct store *s, struct bnb_err *e);
int store_rollback(struct store *s, struct bnb_err *e);

/*
 * Copy into `s`, in one transaction, the runs of the bnbench database at
 * `other_path` (with cases, samples and env) that `s` lacks, a run being known
 * by started_ns, host, suite and source, and the baselines whose names `s`
 * lacks.  Merging the same file twice copies nothing the second time.  The
 * other database is checked first, as an imported file is (statuses, types,
 * sizes, samples and statistics within STORE_SAMPLE_MAX_NS): BNB_EFORMAT
 * "OTHER: not merged: case 12: sample '-5' is not a positive time
 * (at most 1e+15 ns)", with nothing written.
 */
int store_merge(struct store *s, const char *other_path, size_t *runs_copied,
                size_t *baselines_copied, struct bnb_err *e);

void store_cases_free(struct case_result *cases, size_t n);
void store_runs_free(struct run_info *runs, size_t n);
void store_baselines_free(struct store_baseline *b, size_t n);

#endif
