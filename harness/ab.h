/* A/B runs: the base side's plugins beside the candidate's, and what the run records about both. */
#ifndef BNB_AB_H
#define BNB_AB_H

#include <stddef.h>
#include <stdint.h>

#include "loader.h"
#include "plan.h"
#include "runner.h"
#include "session.h"
#include "store.h"

/*
 * Load the base side: every plugin of `dir` alone (not the search path), so
 * that plugins of the same names as the candidate's load beside them, with
 * the buffer sizes of `suite`'s shapes.  Errors: "DIR: no such folder",
 * "DIR: not a folder", "DIR: no plugins (*.so)".
 */
int ab_load_base(struct registry *base, const char *dir, const struct suite *suite, struct bnb_err *e);

/* What an A/B command works with: the candidate's session (suite, plugins, plan), the base plugins. */
struct ab_setup {
	struct session cand;
	struct registry base;
	const char **only_base;       /* backends only the base plugins have, NULL-terminated */
};
/*
 * Load the base plugins (`base_dir`), open the candidate's session (search path
 * from `plugin_dir`) and pair the plan (plan_pair).  An empty plan is no
 * error here.  Free with ab_setup_free, also after an error.
 */
int ab_setup_open(struct ab_setup *a, const char *suite_path, const char *plugin_dir, const char *base_dir,
                  const struct plan_filter *f, struct bnb_err *e);
void ab_setup_free(struct ab_setup *a);

/*
 * The sink that makes a run an A/B run; wire it after the store's sink (it
 * needs the run's id).  At begin it marks the run as kind "ab" (with a store)
 * and adds to its env ab.base_plugins (the folder) and, for every plugin the
 * plan uses, ab.base.NAME and ab.candidate.NAME ("fnv1a64:HASH PATH" of the
 * .so file), which the store's sink writes at the end.
 */
struct sink_ab {
	struct store *store;          /* may be NULL */
	const struct plan *plan;
	const char *dir;
};
struct run_sink sink_ab(struct sink_ab *st, struct store *s, const struct plan *plan, const char *dir);

/* Backends that only the base plugins have (not compared): a NULL-terminated list, free with free(). */
const char **ab_only_base(const struct registry *base, const struct registry *cand);
/* FNV-1a 64 of a file's bytes as 16 hex digits; -1 if unreadable. */
int ab_file_hash(const char *path, char out[17]);

#endif
