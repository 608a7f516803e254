/*
 * Suite files (bnbench-suite(5)): YAML parsed into groups of cases with their
 * measurement settings.  The parser checks syntax and types only; op, scheme,
 * backend and parameter names are kept with their location so that the run
 * engine can report an unknown one where it was written.
 */
#ifndef BNB_SUITE_H
#define BNB_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include "decode-rate.h"
#include "util.h"

/* Where something was written: line and column count from 1; line 0 = built in. */
struct suite_loc {
	const char *file;       /* the suite's path (owned by the suite) */
	unsigned line, column;
};

/* A name as written: an op, a scheme, a backend. */
struct suite_name {
	char *name;
	struct suite_loc loc;
};

/* A list of names; n = 0 means "every one found". */
struct suite_names {
	struct suite_name *v;
	size_t n;
};

/* One size (m = 1, k = n) or shape (m x k). */
struct suite_size {
	uint64_t m, k;
	int shape;              /* written as MxK under 'shapes' */
	struct suite_loc loc;
};

/* A kernel parameter, still text: checked later against the kernel's table. */
struct suite_param {
	char *name;
	char *value;
	struct suite_loc name_loc, loc;   /* of the key and of the value */
};

/* A per-case threshold: case-name glob -> fraction (0.05 for 5%). */
struct suite_threshold {
	char *glob;
	double fraction;
	struct suite_loc loc;
};

enum suite_distribution {
	SUITE_DIST_NORMAL = 0,
	SUITE_DIST_UNIFORM = 1,
	SUITE_DIST_LAPLACE = 2,
	SUITE_DIST_RAMP = 3
};

/* The most worker processes a case may be measured in (suite key and --processes). */
#define SUITE_MAX_PROCESSES 100

/* Settings of a scope: the suite's defaults, or a group's after merging. */
struct suite_settings {
	uint64_t seed;
	enum suite_distribution distribution;
	uint64_t warmup_ns, min_time_ns, max_time_ns;
	uint64_t min_samples;
	double target_ci;       /* fraction: stop when the CI's relative width is below */
	double threshold;       /* fraction: regression threshold */
	unsigned processes;     /* worker processes that each measure a case, 1 to SUITE_MAX_PROCESSES */
	struct suite_names backends, schemes;
	struct suite_param *params;          /* a group's values override the defaults' */
	size_t n_params;
	struct suite_threshold *thresholds;  /* a group's first, then the defaults' */
	size_t n_thresholds;
};

struct suite_group {
	char *name;             /* defaults to the op */
	struct suite_loc loc;
	struct suite_name op;
	struct suite_size *sizes;
	size_t n_sizes;
	struct suite_settings settings;  /* defaults merged with the group's own keys */
};

/* The model whose linear layers the suite's gemv groups measure (bnbench-suite(5), MODEL). */
struct suite_model {
	struct decode_model m;
	struct suite_loc loc;
	struct suite_loc *linear_loc;   /* of each layer's shape */
};

struct suite {
	char *name;
	char *description;      /* may be NULL */
	char *path;
	char hash[65];          /* sha256 of the file bytes, lower-case hex */
	struct suite_settings defaults;
	struct suite_group *groups;
	size_t n_groups;
	struct suite_model *model;      /* NULL: none */
};

/*
 * Read and check the suite at `path`.  On success *out owns a new suite (free
 * with suite_free); on failure *out is NULL and e holds one line, with
 * file:line:column where there is one.  Returns a bnb_status.
 */
int suite_load(const char *path, struct suite **out, struct bnb_err *e);
void suite_free(struct suite *s);

/* "file:line:column" (or "file" for built-in values) into buf; returns buf. */
const char *suite_where(const struct suite_loc *loc, char *buf, size_t len);

/* "1024" or "2560x2560" into buf; returns buf. */
const char *suite_size_str(const struct suite_size *s, char *buf, size_t len);

/* The case name op/scheme/backend/size ("-" for a NULL scheme); returns buf. */
const char *suite_case_name(char *buf, size_t len, const char *op, const char *scheme,
                            const char *backend, const struct suite_size *s);

/* The threshold of a case: the first glob that matches, else the group's threshold. */
double suite_threshold_for(const struct suite_group *g, const char *case_name);

const char *suite_distribution_name(enum suite_distribution d);

#endif
