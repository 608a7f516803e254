/* Input data of a case (bnbench-formats(7), INPUT DATA): the same bytes for every backend. */
#ifndef BNB_INPUTS_H
#define BNB_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "suite.h"

/* splitmix64: the generator every input stream is drawn from. */
struct rng {
	uint64_t state;
};
uint64_t rng_next(struct rng *r);
/* Uniform in [0, 1) with 53 random bits. */
double rng_unit(struct rng *r);

/*
 * Fill x[0..n) from `dist`, drawn from the stream (seed, stream).  Streams keep
 * weights and activations of one case independent: inputs_stream() derives
 * one from the case's shape, never from the backend.
 */
void inputs_fill(float *x, size_t n, enum suite_distribution dist, uint64_t seed, uint64_t stream);
uint64_t inputs_stream(uint64_t m, uint64_t k, unsigned which);

#endif
