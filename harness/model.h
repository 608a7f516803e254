/* What a run is made of: the records the engine produces and the store keeps. */
#ifndef BNB_MODEL_H
#define BNB_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "stats.h"

enum run_status { RUN_RUNNING = 0, RUN_COMPLETE = 1, RUN_INCOMPLETE = 2, RUN_FAILED = 3 };

/* Outcome of one case. */
enum case_status {
	CASE_OK = 0,        /* verified and measured */
	CASE_FAILED = 1,    /* output differs from the reference: never timed */
	CASE_ERROR = 2,     /* crashed, hung, or a callback failed */
	CASE_SKIPPED = 3    /* unsupported here (reason in detail) */
};

struct env_entry {
	char *key, *value;
};

struct run_info {
	int64_t id;
	char *suite;            /* suite name */
	char *suite_hash;       /* sha256-like hex of the suite file contents (may be NULL) */
	char *label;            /* --label, may be NULL */
	char *git_commit;       /* may be NULL */
	int git_dirty;
	char *host;             /* host name */
	char *version;          /* bnbench version */
	char *source;           /* "bnbench", "criterion", "json" */
	uint64_t started_ns, finished_ns;   /* wall clock, ns since the epoch */
	enum run_status status;
	struct env_entry *env;
	size_t n_env;
};

/* An A/B case's paired samples (a run of kind "ab"): pair i ran the base first when base_first[i]. */
struct case_pairs {
	size_t n;
	double *base, *cand;          /* ns per iteration */
	unsigned char *base_first;
	double ratio, ratio_low, ratio_high;   /* median of cand/base with its 95% CI */
	double p_value;               /* sign test of "median ratio = 1" */
};

struct case_result {
	int64_t id, run_id;
	char *name;             /* op/scheme/backend/size, e.g. quantize/i2s/avx2/65536 */
	char *group;            /* suite group */
	char *plugin, *op, *scheme, *backend;
	uint64_t m, k;          /* 1-D ops: m = 1, k = n */
	char *params;           /* canonical "name=value;..." of non-default parameters, "" if none */
	enum case_status status;
	char *detail;           /* reason for failed/error/skipped; verify note for ok */
	uint64_t boundary_elems;     /* quantize: elements at a rounding boundary */
	double threshold;            /* regression threshold for this case (fraction) */
	uint64_t iters_per_sample;
	double work_items;      /* elements (quantize/dequantize) or MACs (gemv) per iteration */
	double bytes;           /* bytes moved per iteration (bnbench-formats(7), INPUT DATA) */
	struct stats_summary stats;
	double *samples;        /* ns per iteration, in measurement order */
	size_t n_samples;
	uint64_t started_ns;    /* wall clock */
	struct case_pairs *pairs;    /* A/B runs only, else NULL; samples/stats are the candidate's */
	unsigned threads;       /* threads the kernel ran on; 0 is read as 1 */
	unsigned processes;     /* worker processes whose samples are pooled; 0 is read as 1 */
	double process_spread;  /* spread of the processes' medians (fraction of the median), NAN if one */
	double target_ci;       /* the CI width the case aimed at (fraction of the median), NAN if unknown */
};

void run_info_free(struct run_info *r);
/* An empty case: one thread, one process, no spread, no CI target. */
void case_result_init(struct case_result *c);
void case_result_free(struct case_result *c);
void case_pairs_free(struct case_pairs *p);
void run_env_add(struct run_info *r, const char *key, const char *value);
const char *run_env_get(const struct run_info *r, const char *key);
const char *case_status_name(enum case_status s);
/* The status as shown: "noisy" for a noisy case (case_noisy), else its case_status_name. */
const char *case_display_status(const struct case_result *c);
/* Tukey outliers of a case's samples, mild and severe, both sides. */
size_t case_outliers(const struct case_result *c);

/* Threads and processes of a case, 0 read as 1. */
unsigned case_threads(const struct case_result *c);
unsigned case_processes(const struct case_result *c);
/* The same case: op, scheme, backend, shape, parameters and threads (a case of another run of bnbench). */
int case_same(const struct case_result *a, const struct case_result *b);
/* The same work as b, by any backend: op, scheme, shape and parameters. */
int case_same_work(const struct case_result *a, const struct case_result *b);
/* The same job, whatever does it: op and scheme (either case), and shape (another tool's case). */
int case_same_job(const struct case_result *a, const struct case_result *b);
/* Measured: ok, with a median. */
int case_usable(const struct case_result *c);
/* Measured, but its median's CI is wider than the target it aimed at (shown as "noisy"). */
int case_noisy(const struct case_result *c);
/* Work items per second at `ns` per iteration, or NAN. */
double case_rate_at(const struct case_result *c, double ns);
/* Work items per second at the median, and GB/s (bytes per ns); NAN unless measured. */
double case_throughput(const struct case_result *c);
double case_gbps(const struct case_result *c);
/* The unit of a work item: "elem", "MAC", or "op" for a plugin's own op. */
const char *case_unit(const struct case_result *c);
const char *run_status_name(enum run_status s);

#endif
