/*
 * Comparing two runs case by case (DESIGN.md "Statistics"): the ratio of
 * medians with a bootstrap CI and a Mann-Whitney p-value, classified against
 * a threshold.  Used by compare, gate and reports.
 */
#ifndef BNB_COMPARE_H
#define BNB_COMPARE_H

#include <stddef.h>
#include <stdio.h>

#include "model.h"
#include "stats.h"
#include "util.h"

/* Classes, in order of severity (the order of the table). */
enum compare_class {
	CMP_REGRESSED = 0,
	CMP_NOT_OK,          /* failed, error or skipped on a side: reported, not compared */
	CMP_INCONCLUSIVE,    /* the CI reaches over 1 +/- threshold */
	CMP_UNSTABLE,        /* paired: regressed at first, not when measured again */
	CMP_IMPROVED,
	CMP_UNCHANGED,
	CMP_ONLY_BASE,
	CMP_ONLY_RUN,
	CMP_N_CLASSES
};

/* What the gate found when it measured a regressed case again. */
enum compare_recheck { RECHECK_NONE = 0, RECHECK_CONFIRMED, RECHECK_NOISE, RECHECK_UNSTABLE };

#define COMPARE_P_MAX 0.05
#define COMPARE_DEFAULT_THRESHOLD 0.05
#define COMPARE_RESAMPLES 2000u

struct compare_row {
	const struct case_result *base, *run;   /* either may be NULL; owned by the caller */
	enum compare_class cls;
	double threshold;                       /* fraction */
	struct stats_compare st;                /* ratio = median(run) / median(base) */
	enum compare_recheck recheck;
	struct stats_compare st_again;          /* the re-measurement, with recheck */
	enum compare_class cls_first;           /* with recheck: the class before it */
	double process_spread;                  /* the larger of the sides' process spreads, NAN if none */
	int within_spread;                      /* regressed or improved by no more than it: inconclusive
	                                           (process-pool.h, process_spread_covers) */
};

struct compare_env_diff {
	const char *key, *base, *run;           /* point into the two runs */
};

struct compare_result {
	const struct run_info *base_run, *run;
	const char *baseline;                   /* its name, for messages; may be NULL */
	int foreign;                            /* baseline imported from another tool */
	struct compare_row *rows;
	size_t n_rows;
	size_t matched;                         /* cases found on both sides */
	size_t counts[CMP_N_CLASSES];
	double geomean;                         /* of the compared ratios; NAN if none */
	size_t n_geomean;
	int given_threshold;                    /* threshold given, not per case */
	struct compare_env_diff *env;
	size_t n_env;
	const char *base_plugins;               /* paired (A/B): the base plugins' folder, else NULL */
	struct case_result *pair_bases;         /* paired: each row's base side (owned; samples not) */
};

/* Thresholds: a given one (> 0), else each case's stored one, else 5%. */
struct compare_opts {
	double threshold;                       /* <= 0 or NAN: per case */
};

/*
 * The class of one comparison at `threshold` (a fraction): regressed when
 * p < 0.05 and the whole CI of the ratio lies above 1 + threshold, improved
 * when p < 0.05 and it lies below 1 - threshold, unchanged when it lies
 * within [1 - threshold, 1 + threshold], inconclusive otherwise.
 */
enum compare_class compare_classify(const struct stats_compare *st, double threshold);

/*
 * Match the cases of `run` against those of `base_run` and compare them.
 * Cases match by op, scheme, backend, m, k and params; against a baseline
 * imported from another tool (source other than "bnbench"), by op, scheme and
 * size only.  Rows are sorted by severity.  Free with compare_free.
 */
void compare_runs(const struct run_info *base_run, const struct case_result *base, size_t nb,
                  const struct run_info *run, const struct case_result *cases, size_t n,
                  const struct compare_opts *o, struct compare_result *out);
/*
 * The fingerprint keys that differ between two runs, of those both have:
 * cpu.model, bnbench.version, bnbench.cflags and every plugin.NAME.  *out
 * (free it) points into the runs.
 */
size_t compare_env_diffs(const struct run_info *base, const struct run_info *run,
                         struct compare_env_diff **out);
/*
 * Compare a fresh measurement `again` of row r's case: the row keeps its
 * regression (confirmed) only if it regresses again, or if `again` is not ok.
 */
void compare_recheck(struct compare_row *r, const struct case_result *again);
/* "KEY is 'A' in baseline 'NAME' (run 3) and 'B' in run 4" into buf; returns buf. */
const char *compare_env_line(const struct compare_result *res, const struct compare_env_diff *d, char *buf,
                             size_t len);
/* What a comparison comes to, for a gate; the program maps it to an exit status. */
enum compare_verdict { VERDICT_PASS = 0, VERDICT_REGRESSED = 1, VERDICT_INCONCLUSIVE = 3 };
/*
 * REGRESSED if a case regressed (never against another tool's baseline), else
 * INCONCLUSIVE if one is inconclusive or unstable and `fail_on_inconclusive`,
 * else PASS.
 */
enum compare_verdict compare_verdict(const struct compare_result *res, int fail_on_inconclusive);
/* Recount the classes and sort again after rechecks. */
void compare_update(struct compare_result *res);
void compare_free(struct compare_result *res);

/*
 * Paired (A/B) runs, compare-ab.c: one row per case of an A/B run, classified
 * on the CI of its median paired ratio (candidate / base): regressed when the
 * whole CI lies above 1 + threshold, improved below 1 - threshold, unchanged
 * within the band, inconclusive otherwise.  Cases without pairs (skipped,
 * failed, on one side only) are not compared.
 */
void compare_paired(const struct run_info *run, const struct case_result *cases, size_t n,
                    const struct compare_opts *o, const char *base_plugins, struct compare_result *out);
/*
 * A regressed row measured again (paired): confirmed when the second
 * measurement regresses too (or fails), else unstable: never improved or
 * unchanged with contradicting numbers.
 */
void compare_recheck_paired(struct compare_row *r, const struct case_result *again);

const char *compare_class_name(enum compare_class c);

/*
 * Noisy cases (case_noisy) in a comparison, compare-noisy.c: they are judged
 * like the others, on the CI of the ratio; these only say so.  The line
 * "noisy (CI wider than its target): N cases in the run, M in the baseline; ..."
 * when a compared case is noisy on either side, else nothing; and a row's
 * "baseline_noisy" and "run_noisy" members for the json document.
 */
void compare_print_noisy(FILE *f, const struct compare_result *res);
void compare_json_noisy(struct strbuf *sb, const struct compare_row *r);

enum compare_format { COMPARE_TABLE = 0, COMPARE_MARKDOWN, COMPARE_JSON, COMPARE_JUNIT };
/* "table", "markdown", "json" (and "junit"); -1 if unknown. */
int compare_format_parse(const char *s);
/* The comparison in `fmt`; `gate` adds what the gate re-measured. */
void compare_print(FILE *f, enum compare_format fmt, const struct compare_result *res, int gate);

#endif
