/* Printing runs: a line per case, and tables as text, markdown, csv or json. */
#ifndef BNB_OUTPUT_H
#define BNB_OUTPUT_H

#include <stdio.h>

#include "model.h"
#include "term.h"

enum output_format { OUT_TABLE = 0, OUT_JSON, OUT_CSV, OUT_MARKDOWN };

/* "table", "json", "csv", "markdown"; -1 if unknown. */
int output_format_parse(const char *s);

/* One readable line: name, median with its CI, throughput, verification. */
void output_case_line(FILE *f, const struct case_result *c);
/* p50, p90, p99 of the raw samples of a measured case without a scheme (a request's latency); 0 if none. */
int output_latency_percentiles(const struct case_result *c, double p[3]);
/*
 * A stored run as bnbench show prints it: with the table format a header line
 * (after `prefix`, e.g. "baseline 'main': ") and, with show_env, the
 * fingerprint; then the run in `fmt`.
 */
void output_show(FILE *f, enum output_format fmt, int samples, const char *prefix, const struct run_info *run,
                 const struct case_result *cases, size_t n, int show_env);
/* "3 ok, 1 noisy, 1 failed, 0 errors, 0 skipped" (ok without the noisy), then the projected decode rate of the suite's model, if any. */
void output_summary(FILE *f, int md, const struct run_info *run, const struct case_result *cases, size_t n);
/* The colour of a case's outcome: failed and errors bad, skipped dim, noisy a warning. */
enum term_tone output_case_tone(const struct case_result *c);
/*
 * The whole run in `fmt`; OUT_JSON is the bnbench-run document (export-json.h),
 * with each case's raw samples when `samples`.
 */
void output_run(FILE *f, enum output_format fmt, int samples, const struct run_info *run,
                const struct case_result *cases, size_t n);

#endif
