/*
 * The files a suite names in file parameters (BNB_PARAM_FILE): resolved
 * against the suite's own folder, and kept inside it unless the command line
 * allows more (--allow-outside-files).
 */
#ifndef BNB_SUITE_FILES_H
#define BNB_SUITE_FILES_H

#include "params.h"
#include "suite.h"
#include "util.h"

/*
 * Resolve `value`, written at `loc` of a suite, to the absolute path of an
 * existing regular file into *out (caller frees).  Unless allow_outside, an
 * absolute path, a '..' component, or a symbolic link that leads out of the
 * suite's folder is refused.  Errors start with loc's file:line:column.
 */
int suite_file_resolve(const struct suite_loc *loc, const char *name, const char *value, int allow_outside,
                       char **out, struct bnb_err *e);

/* Resolve every FILE value of `ps` that `st` gave (ps bound from st->params). */
int suite_files_resolve(const struct suite_settings *st, struct param_set *ps, int allow_outside,
                        struct bnb_err *e);

#endif
