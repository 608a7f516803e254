/* The cases of a run: a suite expanded against the loaded plugins. */
#ifndef BNB_PLAN_H
#define BNB_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "ops.h"
#include "params.h"
#include "loader.h"
#include "model.h"
#include "suite.h"
#include "suite-override.h"
#include "util.h"

struct plan_case {
	char *name;                          /* op/scheme/backend/size */
	const struct suite_group *group;
	const char *op, *scheme, *backend;   /* owned by the suite or the registry */
	const struct op_info *info;          /* NULL for a plugin's own op */
	uint64_t m, k;
	const struct plugin_kernel *pk;      /* NULL when skipped for want of a kernel */
	const struct plugin_kernel *ref;     /* the scheme's scalar kernel of this op, or NULL */
	const struct plugin_kernel *ref_quantize;   /* makes packed inputs (dequantize, gemv) */
	struct param_set params;
	char *params_str;                    /* canonical given parameters */
	double threshold;
	char *skip;                          /* why it is skipped, or NULL */
	const struct plugin_kernel *base_pk; /* A/B: the base side's kernel, else NULL */
	struct param_set base_params;        /* A/B: the parameters bound to base_pk */
};

/* Which cases to keep (--op, --scheme, --backend: comma lists; --filter: a glob). */
struct plan_filter {
	const char *ops, *schemes, *backends, *glob;
	int allow_outside_files;   /* file parameters may name files outside the suite's folder */
	const struct suite_overrides *overrides;   /* --warmup and the like, or NULL */
};

struct plan {
	struct plan_case *cases;
	size_t n;
};

/*
 * Expand `s` against `r`.  Unknown names, sizes that the scheme cannot take
 * and bad parameter values are errors with the suite location; a name of the
 * filter's lists that no plugin offers is an error naming its option.
 */
int plan_build(const struct suite *s, const struct registry *r, const struct plan_filter *f,
               struct plan *out, struct bnb_err *e);
void plan_free(struct plan *p);
/*
 * A/B: pair every runnable case with the same kernel (op, scheme, backend) of
 * `base`, binding the suite's parameters to it.  A case without a usable base
 * kernel is skipped with the reason (reported, not compared).
 */
int plan_pair(struct plan *p, const struct registry *base, struct bnb_err *e);

/* A case result that names `pc` (identity, threshold, work and bytes), with nothing measured. */
void plan_case_result(const struct plan_case *pc, struct case_result *c);
/* Index of the plan case that `c` is a result of, or p->n. */
size_t plan_find(const struct plan *p, const struct case_result *c);

/*
 * Work items and bytes moved per iteration (the ops table); a plugin's own op
 * counts one item and M x K bytes unless its kernel tells its work (measured).
 */
double plan_work_items(const struct plan_case *c);
double plan_bytes(const struct plan_case *c);

#endif
