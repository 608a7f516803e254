/*
 * The bnbench-run JSON document: one run with its env, every field of every
 * case, the statistics and, on request, the raw samples; what run, show and
 * export json write and import json reads (bnbench-formats(7), the JSON Schema
 * docs/bnbench-run.schema.json).
 */
#ifndef BNB_EXPORT_JSON_H
#define BNB_EXPORT_JSON_H

#include <stddef.h>

#include "model.h"
#include "util.h"

#define EXPORT_JSON_FORMAT "bnbench-run"
/* The document version this program writes and the newest it reads (1 is read too). */
#define EXPORT_JSON_VERSION 2

/*
 * Append the document, with each case's samples_ns when `samples`; doubles are
 * written with %.17g, NaN as null.  A noisy case (case_noisy) has the status
 * "noisy", read back as ok.
 */
void export_json_write(struct strbuf *sb, const struct run_info *run,
                       const struct case_result *cases, size_t n, int samples);

/*
 * Read a document written by export_json_write (any version up to
 * EXPORT_JSON_VERSION) into `run` and `*cases`; the run id is not read.
 * Errors name the file, and the line:column and JSON path where there is one;
 * a newer version is "FILE: bnbench-run version 2 is newer than this bnbench
 * supports (1)".  Free with run_info_free and store_cases_free.
 */
int export_json_read(const char *path, struct run_info *run, struct case_result **cases,
                     size_t *n, struct bnb_err *e);

#endif
