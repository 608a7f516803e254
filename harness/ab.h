/* A/B runs: the base side's plugins beside the candidate's, and what the run records about both. */
#ifndef BNB_AB_H
#define BNB_AB_H

#include <stddef.h>
#include <stdio.h>

#include "loader.h"
#include "plan.h"
#include "runner.h"
#include "store.h"
#include "suite.h"

/*
 * Load the base side: every plugin of `dir` alone (not the search path), so
 * that plugins of the same names as the candidate's load beside them.  Errors:
 * "DIR: no such folder", "DIR: not a folder", "DIR: no plugins (*.so)".
 */
int ab_load_base(struct registry *base, const char *dir, uint64_t probe_timeout_ns, struct bnb_err *e);
/* What an A/B command works with: the suite, both sides' plugins, the paired plan. */
struct ab_setup {
	struct suite *suite;
	struct registry cand, base;
	struct plan plan;
	const char **only_base;       /* backends only the base plugins have */
};
/*
 * Load the suite, the candidate plugins (search path from `plugin_dir`) and
 * the base plugins (`base_dir`), plan and pair.  No case matching the
 * filters is an error.  Free with ab_setup_free, also after an error.
 */
int ab_setup_open(struct ab_setup *a, const char *suite_path, const char *plugin_dir, const char *base_dir,
                  const struct plan_filter *f, struct bnb_err *e);
void ab_setup_free(struct ab_setup *a);

/*
 * Start an A/B run of `plan` (paired with plan_pair): runner_start, the run
 * marked as kind "ab", and its env: ab.base_plugins (the folder) and, for every
 * plugin the plan uses, ab.base.NAME and ab.candidate.NAME ("fnv1a64:HASH PATH"
 * of the .so file).
 */
int ab_start(struct runner *x, struct store *s, const struct plan *plan, const struct suite *suite,
             const struct registry *cand, const struct registry *base, const char *dir,
             const struct runner_opts *o, struct bnb_err *e);
/* Backends that only the base plugins have (not compared): a NULL-terminated list, free with free(). */
const char **ab_only_base(const struct registry *base, const struct registry *cand);
/* FNV-1a 64 of a file's bytes as 16 hex digits; -1 if unreadable. */
int ab_file_hash(const char *path, char out[17]);

#endif
