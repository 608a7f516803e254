/* The bnbench-run JSON document: writing it, and reading it back exactly. */
#include "config.h"

#include "export-json.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "output.h"
#include "roofline.h"
#include "store.h"

/* ---- writing ---- */

/* Members of one object: `first` before the first, `sep` before the others. */
struct members {
	struct strbuf *sb;
	const char *first, *sep;
	int n;
};

static void key(struct members *o, const char *k)
{
	sb_adds(o->sb, o->n++ ? o->sep : o->first);
	sb_add_json_str(o->sb, k);
	sb_adds(o->sb, ": ");
}

static void put_str(struct members *o, const char *k, const char *v)
{
	key(o, k);
	if (v)
		sb_add_json_str(o->sb, v);
	else
		sb_adds(o->sb, "null");
}

static void put_u64(struct members *o, const char *k, uint64_t v)
{
	key(o, k);
	sb_addf(o->sb, "%" PRIu64, v);
}

static void put_num(struct members *o, const char *k, double v)
{
	key(o, k);
	if (isfinite(v))
		sb_addf(o->sb, "%.17g", v);
	else
		sb_adds(o->sb, "null");
}

static void write_run(struct strbuf *sb, const struct run_info *run)
{
	struct members o = { sb, "\n    ", ",\n    ", 0 };
	struct members env = { sb, "\n      ", ",\n      ", 0 };

	key(&o, "id");
	sb_addf(sb, "%" PRId64, run->id);
	put_str(&o, "suite", run->suite);
	put_str(&o, "suite_hash", run->suite_hash);
	put_str(&o, "label", run->label);
	put_str(&o, "git_commit", run->git_commit);
	key(&o, "git_dirty");
	sb_adds(sb, run->git_dirty ? "true" : "false");
	put_str(&o, "host", run->host);
	put_str(&o, "version", run->version);
	put_str(&o, "source", run->source);
	put_str(&o, "status", run_status_name(run->status));
	put_u64(&o, "started_ns", run->started_ns);
	put_u64(&o, "finished_ns", run->finished_ns);
	key(&o, "env");
	sb_adds(sb, "{");
	for (size_t i = 0; i < run->n_env; i++)
		put_str(&env, run->env[i].key, run->env[i].value);
	sb_adds(sb, run->n_env ? "\n    }\n  }" : "}\n  }");
}

static void write_stats(struct strbuf *sb, const struct stats_summary *s)
{
	struct members o = { sb, "{", ", ", 0 };

	put_u64(&o, "n", s->n);
	put_num(&o, "median_ns", s->median);
	put_num(&o, "ci_low_ns", s->ci_low);
	put_num(&o, "ci_high_ns", s->ci_high);
	put_num(&o, "mean_ns", s->mean);
	put_num(&o, "stddev_ns", s->stddev);
	put_num(&o, "mad_ns", s->mad);
	put_num(&o, "min_ns", s->min);
	put_num(&o, "max_ns", s->max);
	put_num(&o, "q1_ns", s->q1);
	put_num(&o, "q3_ns", s->q3);
	put_u64(&o, "outliers_low_mild", s->outliers_low_mild);
	put_u64(&o, "outliers_low_severe", s->outliers_low_severe);
	put_u64(&o, "outliers_high_mild", s->outliers_high_mild);
	put_u64(&o, "outliers_high_severe", s->outliers_high_severe);
	sb_adds(sb, "}");
}

/* What a reader can work out from the rest, written for those that read the document alone. */
static void write_derived(struct members *o, const struct case_result *c, const struct case_result *cases, size_t n)
{
	double p[3];
	int ok = c->status == CASE_OK;

	put_str(o, "unit", case_unit(c));
	put_num(o, "throughput_per_s", ok ? case_throughput(c) : NAN);
	put_num(o, "gb_per_s", ok ? case_gbps(c) : NAN);
	put_num(o, "roofline", roofline_fraction(c, cases, n));
	put_num(o, "ci_rel_width", case_usable(c) ? stats_ci_rel_width(&c->stats) : NAN);
	put_u64(o, "outliers", case_outliers(c));
	if (output_latency_percentiles(c, p)) {
		key(o, "latency");
		sb_addf(o->sb, "{\"p50_ns\": %.17g, \"p90_ns\": %.17g, \"p99_ns\": %.17g}", p[0], p[1], p[2]);
	}
}

/* c among cases[0..n), its run's (for the roofline). */
static void write_case(struct strbuf *sb, const struct case_result *c, const struct case_result *cases, size_t n,
                       int samples)
{
	struct members o = { sb, "{\n      ", ",\n      ", 0 };

	put_str(&o, "name", c->name);
	put_str(&o, "group", c->group);
	put_str(&o, "plugin", c->plugin);
	put_str(&o, "op", c->op);
	put_str(&o, "scheme", c->scheme);
	put_str(&o, "backend", c->backend);
	put_u64(&o, "m", c->m);
	put_u64(&o, "k", c->k);
	put_str(&o, "params", c->params);
	put_str(&o, "status", case_display_status(c));
	put_str(&o, "detail", c->detail);
	put_u64(&o, "boundary_elems", c->boundary_elems);
	put_num(&o, "threshold", c->threshold);
	put_u64(&o, "iters_per_sample", c->iters_per_sample);
	put_num(&o, "work_items", c->work_items);
	put_num(&o, "bytes", c->bytes);
	put_u64(&o, "started_ns", c->started_ns);
	put_u64(&o, "threads", case_threads(c));
	put_u64(&o, "processes", case_processes(c));
	put_num(&o, "process_spread", c->process_spread);
	put_num(&o, "target_ci", c->target_ci);
	write_derived(&o, c, cases, n);
	key(&o, "stats");
	write_stats(sb, &c->stats);
	if (samples) {
		key(&o, "samples_ns");
		sb_adds(sb, "[");
		for (size_t i = 0; i < c->n_samples; i++)
			sb_addf(sb, i ? ", %.17g" : "%.17g", c->samples[i]);
		sb_adds(sb, "]");
	}
	sb_adds(sb, "\n    }");
}

void export_json_write(struct strbuf *sb, const struct run_info *run,
                       const struct case_result *cases, size_t n, int samples)
{
	sb_addf(sb, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"samples\": %s,\n  \"run\": {",
	        EXPORT_JSON_FORMAT, EXPORT_JSON_VERSION, samples ? "true" : "false");
	write_run(sb, run);
	sb_adds(sb, ",\n  \"cases\": [");
	for (size_t i = 0; i < n; i++) {
		sb_adds(sb, i ? ",\n    " : "\n    ");
		write_case(sb, &cases[i], cases, n, samples);
	}
	sb_adds(sb, n ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- reading ---- */

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* A string member that must be one of the names `name_of(0..n-1)` gives. */
static int get_enum(const struct json_node *obj, const char *k, const char *(*name_of)(int), int lo,
                    int hi, int *out, struct bnb_err *e)
{
	const struct json_node *v;
	struct strbuf want = STRBUF_INIT;
	int rc = json_member(obj, k, JSON_STRING, &v, e);

	for (int i = lo; rc == BNB_OK && i <= hi; i++) {
		if (strcmp(v->text, name_of(i)) == 0) {
			*out = i;
			sb_free(&want);
			return BNB_OK;
		}
		sb_addf(&want, "%s%s", i == lo ? "" : i == hi ? " or " : ", ", name_of(i));
	}
	if (rc == BNB_OK) {
		struct strbuf path = STRBUF_INIT;

		json_path(v, &path);
		rc = json_error(v, e, "'%s' is '%s', expected %s", sb_str(&path), v->text, sb_str(&want));
		sb_free(&path);
	}
	sb_free(&want);
	return rc;
}

static const char *run_status_at(int i)
{
	return run_status_name((enum run_status)i);
}

static const char *case_status_at(int i)
{
	return case_status_name((enum case_status)i);
}

static int read_run(const struct json_node *o, struct run_info *run, struct bnb_err *e)
{
	static const char *const known[] = { "id", "suite", "suite_hash", "label", "git_commit",
		"git_dirty", "host", "version", "source", "status", "started_ns", "finished_ns", "env" };
	const char *suite, *hash, *label, *commit, *host, *version, *source;
	const struct json_node *id, *env;
	int status = 0, rc;

	if ((rc = json_check_keys(o, known, COUNT(known), e)) ||
	    (rc = json_member(o, "id", JSON_NUMBER, &id, e)) ||
	    (rc = json_get_string(o, "suite", &suite, e)) ||
	    (rc = json_get_string_or_null(o, "suite_hash", &hash, e)) ||
	    (rc = json_get_string_or_null(o, "label", &label, e)) ||
	    (rc = json_get_string_or_null(o, "git_commit", &commit, e)) ||
	    (rc = json_get_bool(o, "git_dirty", &run->git_dirty, e)) ||
	    (rc = json_get_string(o, "host", &host, e)) ||
	    (rc = json_get_string(o, "version", &version, e)) ||
	    (rc = json_get_string(o, "source", &source, e)) ||
	    (rc = get_enum(o, "status", run_status_at, RUN_COMPLETE, RUN_FAILED, &status, e)) ||
	    (rc = json_get_u64(o, "started_ns", &run->started_ns, e)) ||
	    (rc = json_get_u64(o, "finished_ns", &run->finished_ns, e)) ||
	    (rc = json_member(o, "env", JSON_OBJECT, &env, e)))
		return rc;
	for (size_t i = 0; i < env->n; i++) {
		const char *value;

		if ((rc = json_string(env->items[i], &value, e)))
			return rc;
		run_env_add(run, env->items[i]->key, value);
	}
	run->suite = xstrdup(suite);
	run->suite_hash = dup_or_null(hash);
	run->label = dup_or_null(label);
	run->git_commit = dup_or_null(commit);
	run->host = xstrdup(host);
	run->version = xstrdup(version);
	run->source = xstrdup(source);
	run->status = (enum run_status)status;
	return BNB_OK;
}

static int read_stats(const struct json_node *o, struct stats_summary *s, struct bnb_err *e)
{
	static const char *const known[] = { "n", "median_ns", "ci_low_ns", "ci_high_ns", "mean_ns",
		"stddev_ns", "mad_ns", "min_ns", "max_ns", "q1_ns", "q3_ns", "outliers_low_mild",
		"outliers_low_severe", "outliers_high_mild", "outliers_high_severe" };
	double *reals[] = { &s->median, &s->ci_low, &s->ci_high, &s->mean, &s->stddev, &s->mad,
	                    &s->min, &s->max, &s->q1, &s->q3 };
	size_t *counts[] = { &s->n, &s->outliers_low_mild, &s->outliers_low_severe,
	                     &s->outliers_high_mild, &s->outliers_high_severe };
	const char *const count_keys[] = { known[0], known[11], known[12], known[13], known[14] };
	int rc = json_check_keys(o, known, COUNT(known), e);

	for (size_t i = 0; rc == BNB_OK && i < COUNT(reals); i++)
		rc = json_get_number_or_null(o, known[i + 1], reals[i], e);
	for (size_t i = 0; rc == BNB_OK && i < COUNT(counts); i++) {
		uint64_t v;

		rc = json_get_u64(o, count_keys[i], &v, e);
		*counts[i] = (size_t)v;
	}
	return rc;
}

/* Above any time a kernel could take per iteration: 1e15 ns is 11.6 days. */
#define SAMPLE_MAX_NS 1e15

/*
 * Required in version 1, with stats.n values; from version 2 only where the
 * document was written with samples, and empty for a case stored without them.
 */
static int read_samples(const struct json_node *o, struct case_result *c, uint64_t version, struct bnb_err *e)
{
	const struct json_node *a;
	int rc;

	if (version >= 2 && !json_get(o, "samples_ns"))
		return BNB_OK;
	if ((rc = json_member(o, "samples_ns", JSON_ARRAY, &a, e)))
		return rc;
	if (a->n != c->stats.n && !(version >= 2 && a->n == 0))   /* empty: imported without its samples */
		return json_error(a, e, "'samples_ns' has %zu values but 'stats.n' is %zu", a->n, c->stats.n);
	c->samples = xcalloc(a->n, sizeof *c->samples);
	for (size_t i = 0; rc == BNB_OK && i < a->n; i++) {
		if ((rc = json_item_number(a, i, &c->samples[i], e)))
			break;
		if (!(c->samples[i] > 0 && c->samples[i] < SAMPLE_MAX_NS)) {
			struct strbuf path = STRBUF_INIT;
			struct json_elem tmp;
			const struct json_node *v = json_item(a, i, &tmp);

			json_path(v, &path);
			rc = json_error(v, e, "'%s' is %s, expected a time in ns above 0 and below 1e15",
			                sb_str(&path), v->text);
			sb_free(&path);
		}
	}
	c->n_samples = a->n;
	return rc;
}

/* A count of at least 1 that fits an unsigned (threads, processes). */
static int get_count(const struct json_node *o, const char *k, unsigned *out, struct bnb_err *e)
{
	uint64_t v = 0;
	int rc = json_get_u64(o, k, &v, e);

	if (rc == BNB_OK && (v == 0 || v > 1u << 20)) {
		struct strbuf path = STRBUF_INIT;
		const struct json_node *n = json_get(o, k);

		json_path(n, &path);
		rc = json_error(n, e, "'%s' is %s, expected 1 to %u", sb_str(&path), n->text, 1u << 20);
		sb_free(&path);
	}
	*out = (unsigned)v;
	return rc;
}

/* A fraction of the median, or null (NAN); the bounds are those bnbench merge checks. */
static int get_fraction(const struct json_node *o, const char *k, double *out, struct bnb_err *e)
{
	int rc = json_get_number_or_null(o, k, out, e);

	if (rc == BNB_OK && !(isnan(*out) || (*out >= 0 && *out <= 1e6))) {
		struct strbuf path = STRBUF_INIT;
		const struct json_node *n = json_get(o, k);

		json_path(n, &path);
		rc = json_error(n, e, "'%s' is %s, expected a fraction from 0 to 1e6, or null", sb_str(&path), n->text);
		sb_free(&path);
	}
	return rc;
}

/* Version 2: threads, processes, their spread and the CI target ("noisy" is a derived status, stored as ok). */
static int read_case_v2(const struct json_node *o, struct case_result *c, struct bnb_err *e)
{
	int rc;

	if ((rc = get_count(o, "threads", &c->threads, e)) || (rc = get_count(o, "processes", &c->processes, e)) ||
	    (rc = get_fraction(o, "process_spread", &c->process_spread, e)) ||
	    (rc = get_fraction(o, "target_ci", &c->target_ci, e)))
		return rc;
	return BNB_OK;
}

static const char *case_status_v2_at(int i)
{
	return i == 0 ? "ok" : i == 1 ? "noisy" : case_status_name((enum case_status)(i - 1));
}

/* Version 2 adds "noisy", read as ok. */
static int get_case_status(const struct json_node *o, uint64_t version, int *status, struct bnb_err *e)
{
	int rc;

	if (version < 2)
		return get_enum(o, "status", case_status_at, CASE_OK, CASE_SKIPPED, status, e);
	rc = get_enum(o, "status", case_status_v2_at, 0, CASE_SKIPPED + 1, status, e);
	if (rc == BNB_OK)
		*status = *status <= 1 ? CASE_OK : *status - 1;
	return rc;
}

static int read_case(const struct json_node *o, struct case_result *c, uint64_t version, struct bnb_err *e)
{
	/* The first 19 are those of version 1; the derived ones (unit ... latency) are not read. */
	static const char *const known[] = { "name", "group", "plugin", "op", "scheme", "backend", "m",
		"k", "params", "status", "detail", "boundary_elems", "threshold", "iters_per_sample",
		"work_items", "bytes", "started_ns", "stats", "samples_ns", "threads", "processes",
		"process_spread", "target_ci", "unit", "throughput_per_s", "gb_per_s", "roofline",
		"ci_rel_width", "outliers", "latency" };
	const char *name, *group, *plugin, *op, *scheme, *backend, *params, *detail;
	const struct json_node *stats;
	int status = 0, rc;

	case_result_init(c);
	if ((rc = json_expect(o, JSON_OBJECT, e)) ||
	    (rc = json_check_keys(o, known, version >= 2 ? COUNT(known) : 19, e)) ||
	    (rc = json_get_string(o, "name", &name, e)) ||
	    (rc = json_get_string_or_null(o, "group", &group, e)) ||
	    (rc = json_get_string(o, "plugin", &plugin, e)) ||
	    (rc = json_get_string(o, "op", &op, e)) ||
	    (rc = json_get_string_or_null(o, "scheme", &scheme, e)) ||
	    (rc = json_get_string(o, "backend", &backend, e)) ||
	    (rc = json_get_u64(o, "m", &c->m, e)) ||
	    (rc = json_get_u64(o, "k", &c->k, e)) ||
	    (rc = json_get_string(o, "params", &params, e)) ||
	    (rc = get_case_status(o, version, &status, e)) ||
	    (rc = json_get_string_or_null(o, "detail", &detail, e)) ||
	    (rc = json_get_u64(o, "boundary_elems", &c->boundary_elems, e)) ||
	    (rc = json_get_number_or_null(o, "threshold", &c->threshold, e)) ||
	    (rc = json_get_u64(o, "iters_per_sample", &c->iters_per_sample, e)) ||
	    (rc = json_get_number_or_null(o, "work_items", &c->work_items, e)) ||
	    (rc = json_get_number_or_null(o, "bytes", &c->bytes, e)) ||
	    (rc = json_get_u64(o, "started_ns", &c->started_ns, e)) ||
	    (version >= 2 && (rc = read_case_v2(o, c, e))) ||
	    (rc = json_member(o, "stats", JSON_OBJECT, &stats, e)) ||
	    (rc = read_stats(stats, &c->stats, e)) ||
	    (rc = read_samples(o, c, version, e)))
		return rc;
	c->name = xstrdup(name);
	c->group = dup_or_null(group);
	c->plugin = xstrdup(plugin);
	c->op = xstrdup(op);
	c->scheme = dup_or_null(scheme);
	c->backend = xstrdup(backend);
	c->params = xstrdup(params);
	c->status = (enum case_status)status;
	c->detail = dup_or_null(detail);
	return BNB_OK;
}

/* "format" and "version" first, so that a newer document is refused as such. */
static int read_header(const char *path, const struct json_node *root, uint64_t *out, struct bnb_err *e)
{
	const struct json_node *format, *version;
	uint64_t v;
	int rc;

	if ((rc = json_member(root, "format", JSON_STRING, &format, e)))
		return rc;
	if (strcmp(format->text, EXPORT_JSON_FORMAT) != 0)
		return json_error(format, e, "'format' is '%s', expected '%s'", format->text,
		                  EXPORT_JSON_FORMAT);
	if ((rc = json_member(root, "version", JSON_NUMBER, &version, e)) ||
	    (rc = json_u64(version, &v, e)))
		return rc;
	if (v > EXPORT_JSON_VERSION)
		return err_set(e, BNB_EFORMAT, "%s: %s version %" PRIu64
		               " is newer than this bnbench supports (%d)", path, EXPORT_JSON_FORMAT, v,
		               EXPORT_JSON_VERSION);
	if (v == 0)
		return json_error(version, e, "'version' is 0, expected 1 to %d", EXPORT_JSON_VERSION);
	*out = v;
	return BNB_OK;
}

int export_json_read(const char *path, struct run_info *run, struct case_result **cases,
                     size_t *n, struct bnb_err *e)
{
	static const char *const known[] = { "format", "version", "run", "cases", "samples" };
	const struct json_node *ro, *co;
	struct json_node *root;
	uint64_t version = 0;
	int rc = json_load(path, &root, e);

	memset(run, 0, sizeof *run);
	*cases = NULL;
	*n = 0;
	if (rc)
		return rc;
	if (!(rc = json_expect(root, JSON_OBJECT, e)) && !(rc = read_header(path, root, &version, e)) &&
	    !(rc = json_check_keys(root, known, version >= 2 ? COUNT(known) : 4, e)) &&
	    !(rc = json_member(root, "run", JSON_OBJECT, &ro, e)) &&
	    !(rc = json_member(root, "cases", JSON_ARRAY, &co, e)) && !(rc = read_run(ro, run, e))) {
		*cases = xcalloc(co->n, sizeof **cases);
		for (size_t i = 0; rc == BNB_OK && i < co->n; i++, (*n)++)
			rc = read_case(co->items[i], &(*cases)[i], version, e);
	}
	json_free(root);
	if (rc) {
		for (size_t i = 0; i < *n; i++)
			case_result_free(&(*cases)[i]);
		free(*cases);
		*cases = NULL;
		*n = 0;
		run_info_free(run);
	}
	return rc;
}
