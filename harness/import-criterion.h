/* Reading a Criterion.rs output tree (criterion 0.5 to 0.7) as one run. */
#ifndef BNB_IMPORT_CRITERION_H
#define BNB_IMPORT_CRITERION_H

#include <stddef.h>

#include "model.h"
#include "util.h"

/*
 * Read every benchmark <group>/<function>/<value>/ under `dir` that has a
 * `new/` or `which/` folder, from its `which/` folder (benchmark.json,
 * estimates.json, sample.json), into `run` (source "criterion", suite = the
 * folder's name, no host) and `*cases`, sorted by group, function and value.
 * Samples are times[i] / iters[i] in ns; the statistics are bnbench's own, and
 * the Criterion estimates of the mean and median stay in each case's detail.
 * Functions named SCHEME_OP (I2S_quantize, TL2_dequantize) become op and
 * scheme; any other function becomes op = its lower-cased name, no scheme.
 * On error nothing is returned (BNB_EFORMAT, BNB_ENOTFOUND, BNB_EIO).
 */
int import_criterion_read(const char *dir, const char *which, struct run_info *run,
                          struct case_result **cases, size_t *n, struct bnb_err *e);

#endif
