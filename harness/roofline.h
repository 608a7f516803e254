/*
 * The roofline: a case's GB/s as a fraction of the memory bandwidth measured
 * by the membw plugin in the same run (bnbench-run(1), ROOFLINE).  Computed
 * when shown, never stored.
 */
#ifndef BNB_ROOFLINE_H
#define BNB_ROOFLINE_H

#include <stddef.h>

#include "model.h"

/* The backend of the reference cases (the membw plugin's ops read and copy). */
#define ROOFLINE_BACKEND "membw"

/* What a roofline column means, for captions. */
#define ROOFLINE_CAPTION                                                                                     \
	"Roofline: the case's GB/s (all bytes of an iteration) as a share of the highest GB/s the membw plugin " \
	"measured in this run at the smallest footprint holding those bytes, on as many threads."

/* A measured case of the membw plugin: a roof for the others. */
int roofline_is_reference(const struct case_result *c);
/*
 * The roof of c among `cases` (c's run): the highest GB/s of the reference
 * cases with c's threads at the smallest footprint at or above c's bytes per
 * iteration; NAN when c has no bytes or no reference fits.
 */
double roofline_gbps(const struct case_result *c, const struct case_result *cases, size_t n);
/* c's GB/s over its roof, or NAN (c not measured, without bytes, or without a roof). */
double roofline_fraction(const struct case_result *c, const struct case_result *cases, size_t n);
/* Any reference case among `cases`. */
int roofline_any(const struct case_result *cases, size_t n);

#endif
