/* Criterion.rs output trees as runs (bnbench-import(1)). */
#include "config.h"

#include "import-criterion.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json.h"
#include "stats.h"

#define CRITERION_THRESHOLD 0.05   /* the suites' default regression threshold */
#define SAMPLE_MAX_NS 1e15         /* as bnbench-run JSON: 11.6 days an iteration */

/* One <group>/<function>/<value> folder. */
struct bench {
	char *path, *group, *function, *value;
};

/* What a benchmark's three files say. */
struct estimate {
	double point, low, high;
};
struct measured {
	char *id, *group, *function, *value, *mode;
	uint64_t n;
	struct estimate mean, median;
	double *samples;
	size_t n_samples;
	uint64_t iters;         /* iterations of every sample, 0 when they differ */
	uint64_t mtime_ns;      /* of sample.json: when Criterion wrote it */
};

static int sys_error(const char *path, int err, struct bnb_err *e)
{
	char why[256];

	snprintf(why, sizeof why, "%s", strerror(err));
	why[0] = (char)tolower((unsigned char)why[0]);
	return err_set(e, err == ENOENT ? BNB_ENOTFOUND : BNB_EIO, "%s: %s", path, why);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The sub-folders of `path`, sorted, without hidden ones and Criterion's "report". */
static int list_dirs(const char *path, char ***out, size_t *n, struct bnb_err *e)
{
	DIR *d = opendir(path);
	struct dirent *de;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return sys_error(path, errno, e);
	while ((de = readdir(d))) {
		char *sub;

		if (de->d_name[0] == '.' || strcmp(de->d_name, "report") == 0)
			continue;
		sub = xasprintf("%s/%s", path, de->d_name);
		if (is_dir(sub)) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 16;
				*out = xrealloc(*out, cap * sizeof **out);
			}
			(*out)[(*n)++] = xstrdup(de->d_name);
		}
		free(sub);
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return BNB_OK;
}

/* Every <group>/<function>/<value> folder with a `new` or `which` folder in it. */
static int scan(const char *dir, const char *which, struct bench **out, size_t *n, struct bnb_err *e)
{
	char **groups, **funcs = NULL, **values = NULL;
	size_t ng, nf = 0, nv = 0, cap = 0;
	int rc = list_dirs(dir, &groups, &ng, e);

	*out = NULL;
	*n = 0;
	for (size_t g = 0; rc == BNB_OK && g < ng; g++) {
		char *gpath = xasprintf("%s/%s", dir, groups[g]);

		rc = list_dirs(gpath, &funcs, &nf, e);
		for (size_t f = 0; rc == BNB_OK && f < nf; f++) {
			char *fpath = xasprintf("%s/%s", gpath, funcs[f]);

			rc = list_dirs(fpath, &values, &nv, e);
			for (size_t v = 0; rc == BNB_OK && v < nv; v++) {
				char *vpath = xasprintf("%s/%s", fpath, values[v]);
				char *a = xasprintf("%s/new", vpath), *b = xasprintf("%s/%s", vpath, which);

				if (is_dir(a) || is_dir(b)) {
					if (*n == cap) {
						cap = cap ? 2 * cap : 32;
						*out = xrealloc(*out, cap * sizeof **out);
					}
					(*out)[(*n)++] = (struct bench){ vpath, xstrdup(groups[g]), xstrdup(funcs[f]),
					                                 xstrdup(values[v]) };
				} else {
					free(vpath);
				}
				free(a);
				free(b);
			}
			names_free(values, nv);
			free(fpath);
		}
		names_free(funcs, nf);
		free(gpath);
	}
	names_free(groups, ng);
	return rc;
}

static void bench_free(struct bench *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(b[i].path);
		free(b[i].group);
		free(b[i].function);
		free(b[i].value);
	}
	free(b);
}

/* benchmark.json: the ids; the value is the size n. */
static int read_ids(const char *path, struct measured *m, struct bnb_err *e)
{
	const char *group, *function, *value = NULL, *full_id = NULL;
	const struct json_node *root, *vnode;
	struct json_node *doc;
	int rc = json_load(path, &doc, e);

	if (rc)
		return rc;
	root = doc;
	if (!(rc = json_get_string(root, "group_id", &group, e)) &&
	    !(rc = json_get_string(root, "function_id", &function, e)) &&
	    !(rc = json_member(root, "value_str", JSON_STRING, &vnode, e)) &&
	    (!json_get(root, "full_id") || !(rc = json_get_string(root, "full_id", &full_id, e)))) {
		value = vnode->text;
		if (parse_u64(value, &m->n) || m->n == 0)
			rc = json_error(vnode, e, "'value_str' is '%s', expected a size (a number of elements)",
			                value);
	}
	if (rc == BNB_OK) {
		m->group = xstrdup(group);
		m->function = xstrdup(function);
		m->value = xstrdup(value);
		m->id = full_id ? xstrdup(full_id) : xasprintf("%s/%s/%s", group, function, value);
	}
	json_free(doc);
	return rc;
}

static int read_estimate(const struct json_node *root, const char *key, struct estimate *est,
                         struct bnb_err *e)
{
	const struct json_node *o, *ci;
	int rc;

	if ((rc = json_member(root, key, JSON_OBJECT, &o, e)) ||
	    (rc = json_get_number(o, "point_estimate", &est->point, e)) ||
	    (rc = json_member(o, "confidence_interval", JSON_OBJECT, &ci, e)) ||
	    (rc = json_get_number(ci, "lower_bound", &est->low, e)))
		return rc;
	return json_get_number(ci, "upper_bound", &est->high, e);
}

/* estimates.json: mean and median with their CIs; "slope" is null with flat sampling. */
static int read_estimates(const char *path, struct measured *m, struct bnb_err *e)
{
	const struct json_node *slope;
	struct json_node *doc;
	int rc = json_load(path, &doc, e);

	if (rc)
		return rc;
	if (!(rc = read_estimate(doc, "mean", &m->mean, e)) &&
	    !(rc = read_estimate(doc, "median", &m->median, e)) &&
	    (slope = json_get(doc, "slope")) && slope->type != JSON_NULL)
		rc = json_expect(slope, JSON_OBJECT, e);
	json_free(doc);
	return rc;
}

/* sample.json: per-iteration times, times[i] / iters[i] ns. */
static int read_samples(const char *path, struct measured *m, struct bnb_err *e)
{
	const struct json_node *iters, *times, *mode;
	struct json_node *doc;
	struct stat st;
	int rc = json_load(path, &doc, e);

	if (rc)
		return rc;
	if ((rc = json_member(doc, "iters", JSON_ARRAY, &iters, e)) ||
	    (rc = json_member(doc, "times", JSON_ARRAY, &times, e)))
		goto out;
	if ((mode = json_get(doc, "sampling_mode")) && (rc = json_expect(mode, JSON_STRING, e)))
		goto out;
	if (times->n == 0) {
		rc = json_error(times, e, "'times' is empty (no samples)");
		goto out;
	}
	if (times->n != iters->n) {
		rc = json_error(times, e, "'times' has %zu values but 'iters' has %zu", times->n, iters->n);
		goto out;
	}
	m->samples = xcalloc(times->n, sizeof *m->samples);
	for (size_t i = 0; i < times->n; i++) {
		struct json_elem tmp;
		const struct json_node *bad;
		double it, t;

		if ((rc = json_item_number(iters, i, &it, e)) || (rc = json_item_number(times, i, &t, e)))
			goto out;
		if (it < 1 || it != floor(it) || it > 1e18) {
			bad = json_item(iters, i, &tmp);
			rc = json_error(bad, e, "'iters[%zu]' is %s, expected a positive whole number", i, bad->text);
			goto out;
		}
		if (t < 0 || t / it >= SAMPLE_MAX_NS) {
			bad = json_item(times, i, &tmp);
			rc = json_error(bad, e, "'times[%zu]' is %s, expected a time in ns (0 or more, below 1e15 "
			                "an iteration)", i, bad->text);
			goto out;
		}
		m->samples[i] = t / it;
		m->iters = i == 0 || (m->iters && (double)m->iters == it) ? (uint64_t)it : 0;
	}
	m->n_samples = times->n;
	m->mode = xstrdup(mode ? mode->text : "");
	for (char *p = m->mode; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (stat(path, &st) == 0)
		m->mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
out:
	json_free(doc);
	return rc;
}

static void measured_free(struct measured *m)
{
	free(m->id);
	free(m->group);
	free(m->function);
	free(m->value);
	free(m->mode);
	free(m->samples);
	memset(m, 0, sizeof *m);
}

static int read_bench(const struct bench *b, const char *which, struct measured *m, struct bnb_err *e)
{
	char *path = xasprintf("%s/%s/benchmark.json", b->path, which);
	int rc = read_ids(path, m, e);

	free(path);
	if (rc == BNB_OK) {
		path = xasprintf("%s/%s/estimates.json", b->path, which);
		rc = read_estimates(path, m, e);
		free(path);
	}
	if (rc == BNB_OK) {
		path = xasprintf("%s/%s/sample.json", b->path, which);
		rc = read_samples(path, m, e);
		free(path);
	}
	if (rc)
		measured_free(m);
	return rc;
}

/* The shortest "%.Ng" that reads back as x. */
static void fmt_exact(char *buf, size_t len, double x)
{
	for (int prec = 6; prec <= 17; prec++) {
		snprintf(buf, len, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/* BitNet-rs names its functions SCHEME_OP: I2S_quantize, TL2_dequantize. */
static int split_function(const char *function, char **op, char **scheme)
{
	static const char *const schemes[] = { "i2s", "tl1", "tl2" };
	static const char *const ops[] = { "quantize", "dequantize" };
	char *lower = xstrdup(function), *sep;

	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	*op = lower;
	*scheme = NULL;
	sep = strchr(lower, '_');
	if (!sep)
		return 0;
	*sep = '\0';
	for (size_t s = 0; s < 3; s++) {
		for (size_t o = 0; o < 2; o++) {
			if (strcmp(lower, schemes[s]) == 0 && strcmp(sep + 1, ops[o]) == 0) {
				*op = xstrdup(ops[o]);
				*scheme = xstrdup(schemes[s]);
				free(lower);
				return 1;
			}
		}
	}
	*sep = '_';
	return 0;
}

static void to_case(struct measured *m, struct case_result *c)
{
	char mean[32], mlo[32], mhi[32], med[32], dlo[32], dhi[32];
	int known;

	case_result_init(c);
	known = split_function(m->function, &c->op, &c->scheme);
	c->name = known ? xasprintf("%s/%s/criterion/%" PRIu64, c->op, c->scheme, m->n)
	                : xasprintf("%s/criterion/%" PRIu64, c->op, m->n);
	c->group = xstrdup(m->group);
	c->plugin = xstrdup("criterion");
	c->backend = xstrdup("criterion");
	c->m = 1;
	c->k = m->n;
	c->params = xstrdup("");
	c->status = CASE_OK;
	fmt_exact(mean, sizeof mean, m->mean.point);
	fmt_exact(mlo, sizeof mlo, m->mean.low);
	fmt_exact(mhi, sizeof mhi, m->mean.high);
	fmt_exact(med, sizeof med, m->median.point);
	fmt_exact(dlo, sizeof dlo, m->median.low);
	fmt_exact(dhi, sizeof dhi, m->median.high);
	c->detail = xasprintf("criterion %s%s%s%s: mean %s ns [%s, %s], median %s ns [%s, %s]", m->id,
	                      *m->mode ? " (" : "", m->mode, *m->mode ? " sampling)" : "", mean, mlo, mhi,
	                      med, dlo, dhi);
	c->threshold = CRITERION_THRESHOLD;
	c->iters_per_sample = m->iters;
	c->work_items = (double)m->n;
	/* bnbench-formats(7), INPUT DATA: 4n bytes of floats and the packed buffer, n/4 + 32. */
	c->bytes = known ? 4.0 * (double)m->n + (double)(m->n / 4 + 32) : NAN;
	c->samples = m->samples;
	c->n_samples = m->n_samples;
	m->samples = NULL;
	stats_summarize(c->samples, c->n_samples, &c->stats);
	c->started_ns = m->mtime_ns;
}

/* Two benchmarks that would make one case are refused. */
static int check_unique(const struct case_result *cases, char **ids, size_t n, const char *dir,
                        struct bnb_err *e)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(cases[i].name, cases[j].name) == 0)
				return err_set(e, BNB_EFORMAT, "%s: benchmarks '%s' and '%s' both make case '%s'",
				               dir, ids[j], ids[i], cases[i].name);
	return BNB_OK;
}

static int cmp_bench(const void *pa, const void *pb)
{
	const struct bench *a = pa, *b = pb;
	uint64_t x, y;
	int c = strcmp(a->group, b->group);

	if (c == 0)
		c = strcmp(a->function, b->function);
	if (c == 0 && parse_u64(a->value, &x) == BNB_OK && parse_u64(b->value, &y) == BNB_OK)
		c = (x > y) - (x < y);
	return c ? c : strcmp(a->value, b->value);
}

static void run_init(struct run_info *run, const char *dir, const char *which, size_t n)
{
	char full[PATH_MAX], count[32];
	const char *base;

	if (!realpath(dir, full))
		snprintf(full, sizeof full, "%s", dir);
	base = strrchr(full, '/');
	base = base && base[1] ? base + 1 : full;
	memset(run, 0, sizeof *run);
	run->suite = xstrdup(base);
	run->host = xstrdup("");
	run->version = xstrdup("");
	run->source = xstrdup("criterion");
	run->started_ns = run->finished_ns = wall_ns();
	run->status = RUN_COMPLETE;
	snprintf(count, sizeof count, "%zu", n);
	run_env_add(run, "criterion.dir", full);
	run_env_add(run, "criterion.which", which);
	run_env_add(run, "criterion.benchmarks", count);
}

int import_criterion_read(const char *dir_arg, const char *which, struct run_info *run,
                          struct case_result **cases, size_t *n, struct bnb_err *e)
{
	struct bench *b;
	char **ids;
	size_t nb, len = strlen(dir_arg);
	char *dir = xstrdup(dir_arg);
	int rc;

	*cases = NULL;
	*n = 0;
	while (len > 1 && dir[len - 1] == '/')
		dir[--len] = '\0';
	rc = scan(dir, which, &b, &nb, e);
	if (rc == BNB_OK && nb == 0)
		rc = err_set(e, BNB_ENOTFOUND, "%s: no Criterion benchmarks found (expected "
		             "<group>/<function>/<value>/%s/sample.json)", dir, which);
	if (rc) {
		bench_free(b, nb);
		free(dir);
		return rc;
	}
	qsort(b, nb, sizeof *b, cmp_bench);
	*cases = xcalloc(nb, sizeof **cases);
	ids = xcalloc(nb, sizeof *ids);
	for (size_t i = 0; rc == BNB_OK && i < nb; i++) {
		struct measured m = { 0 };

		rc = read_bench(&b[i], which, &m, e);
		if (rc == BNB_OK) {
			to_case(&m, &(*cases)[(*n)++]);
			ids[i] = m.id;
			m.id = NULL;
			measured_free(&m);
		}
	}
	if (rc == BNB_OK)
		rc = check_unique(*cases, ids, *n, dir, e);
	if (rc == BNB_OK) {
		run_init(run, dir, which, nb);
	} else {
		for (size_t i = 0; i < *n; i++)
			case_result_free(&(*cases)[i]);
		free(*cases);
		*cases = NULL;
		*n = 0;
	}
	names_free(ids, nb);
	bench_free(b, nb);
	free(dir);
	return rc;
}
