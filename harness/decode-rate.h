/*
 * A model view of a run: the decode rate its gemv cases allow a model whose
 * linear layers they measure (bnbench-suite(5), MODEL).  An upper bound from
 * the linear layers only: attention, norms and sampling are not counted.
 * Computed when shown, from the model the run recorded in its environment
 * (keys model.name, model.layers, model.linear).
 */
#ifndef BNB_DECODE_RATE_H
#define BNB_DECODE_RATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"

/* One linear layer: a gemv of M outputs and K inputs. */
struct decode_linear {
	char *name;
	uint64_t m, k;
};

struct decode_model {
	char *name;
	uint64_t layers;                /* the linear layers run once per layer per token */
	struct decode_linear *linear;   /* of one layer, in order */
	size_t n_linear;
};

/* The projection of one scheme, backend, thread count and parameter set. */
struct decode_rate {
	const char *scheme, *backend, *params;   /* the cases' strings */
	unsigned threads;
	double layer_ns;        /* sum of the medians of one layer's gemvs */
	double token_ns;        /* layer_ns x layers */
	double tokens_per_s;    /* 1e9 / token_ns */
};

/* The label every view of a projection carries. */
#define DECODE_RATE_LABEL "upper bound: linear layers only"

/* "q:2560x2560 k:640x2560 ..." of a model, for the environment key model.linear. */
char *decode_model_linear_text(const struct decode_model *m);
/* Record m in run's environment. */
void decode_model_record(struct run_info *run, const struct decode_model *m);
/* The model run recorded: 1 and *out (free it), or 0 when none or malformed. */
int decode_model_from_run(const struct run_info *run, struct decode_model *out);
void decode_model_free(struct decode_model *m);

/*
 * The projections of `cases`: one per scheme, backend, threads and parameters
 * whose gemv cases at every shape of the model were measured ok, in order of
 * first appearance.  Returns the count; *out to free (its strings are the cases').
 */
size_t decode_rates(const struct decode_model *m, const struct case_result *cases, size_t n,
                    struct decode_rate **out);
/* The footer of run's table (md: markdown), when run recorded a model. */
void decode_rate_print(FILE *f, int md, const struct run_info *run, const struct case_result *cases, size_t n);

#endif
