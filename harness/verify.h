/* A case's inputs and the check of a kernel's output against the scheme's reference. */
#ifndef BNB_VERIFY_H
#define BNB_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "plan.h"
#include "suite.h"
#include "util.h"

struct case_inputs {
	float *w;                /* weights (m*k), from which packed is made; NULL if unused */
	float *x;                /* quantize: = w; gemv: k activations */
	uint8_t *packed;         /* dequantize, gemv: the reference quantize output */
	struct bnb_inputs in;    /* what the kernel sees */
};

/* Generate the case's inputs (bnbench-formats(7), INPUT DATA) with the reference quantize. */
int verify_prepare(const struct plan_case *c, enum suite_distribution dist, uint64_t seed,
                   struct case_inputs *ci, struct bnb_err *e);
void verify_inputs_free(struct case_inputs *ci);

/*
 * Compare `got` (the kernel's output) with the reference kernel's output for the
 * same inputs (bnbench-formats(7), VERIFICATION).  BNB_OK, BNB_EVERIFY with the first
 * difference in e, or another status if the reference itself failed.
 * *boundary_elems: quantize elements at a rounding boundary.
 */
int verify_output(const struct plan_case *c, const struct case_inputs *ci, const void *got,
                  size_t bytes, uint64_t *boundary_elems, struct bnb_err *e);

#endif
