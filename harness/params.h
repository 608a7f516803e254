/* Kernel parameter values: parsed and checked against a kernel's parameter table. */
#ifndef BNB_PARAMS_H
#define BNB_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include <bnbench/plugin.h>

#include "util.h"

struct param_value {
	const struct bnb_param *def;
	char *text;             /* as written, or the default */
	char *path;             /* FILE: the absolute path the plugin reads (NULL until resolved) */
	int given;              /* set by the suite, not by the default */
	size_t from;            /* when given: the index of the name=value pair it came from */
	int64_t i;              /* BOOL, INT, SIZE, DURATION */
	double d;               /* DOUBLE, PERCENT (and INT types as double) */
};

struct param_set {
	struct param_value *v;
	size_t n;
};

/* Parse `text` as a value of `def`'s type and check its bounds and choices. */
int params_parse(const struct bnb_param *def, const char *text, struct param_value *out,
                 struct bnb_err *e);
/*
 * Bind the given name=value pairs to the table `defs` (n_defs entries), adding
 * defaults for the rest.  A name the table does not have is an error when
 * `strict`, else ignored.  On error *bad is the index of the offending pair.
 */
int params_bind(const struct bnb_param *defs, size_t n_defs, const char *const *names,
                const char *const *values, size_t n, int strict, struct param_set *out,
                size_t *bad, struct bnb_err *e);
const struct param_value *params_find(const struct param_set *ps, const char *name);
/*
 * "name=value;..." of the given values as written, sorted by name ("" if none),
 * without free-text (STRING) and FILE values when skip_strings; caller frees.
 */
char *params_canonical(const struct param_set *ps, int skip_strings);
void params_free(struct param_set *ps);
const char *params_type_name(uint32_t type);
/* STRING, ENUM and FILE: values that are text, without bounds. */
int params_is_text(uint32_t type);

#endif
