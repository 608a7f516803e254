/* OTLP metrics export: configuration from the environment, JSON encoding, batching. */
#include "config.h"

#include "otlp.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "ops.h"
#include "output.h"

static void kv_free(struct otlp_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void otlp_config_free(struct otlp_config *c)
{
	free(c->endpoint);
	free(c->service_name);
	kv_free(c->headers, c->n_headers);
	kv_free(c->resource, c->n_resource);
	memset(c, 0, sizeof *c);
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* s[0..len) without surrounding blanks, percent-decoded; NULL on a bad escape. */
static char *decode(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	for (size_t i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == '%') {
			if (i + 2 >= len || hexval((unsigned char)s[i + 1]) < 0 || hexval((unsigned char)s[i + 2]) < 0) {
				sb_free(&sb);
				return NULL;
			}
			ch = (char)(hexval((unsigned char)s[i + 1]) * 16 + hexval((unsigned char)s[i + 2]));
			i += 2;
		}
		sb_add(&sb, &ch, 1);
	}
	out = xstrdup(sb_str(&sb));
	sb_free(&sb);
	return out;
}

static int has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int otlp_parse_kv_list(const char *what, const char *s, struct otlp_kv **kv, size_t *n, struct bnb_err *e)
{
	while (s && *s) {
		size_t len = strcspn(s, ",");
		const char *eq = memchr(s, '=', len);
		char *key, *value;

		if (strspn(s, " \t") >= len) {   /* an empty entry, as after a trailing comma */
			s += len + (s[len] == ',');
			continue;
		}
		if (!eq)
			return err_set(e, BNB_EINVAL, "%s: '%.*s' is not key=value", what, (int)len, s);
		key = decode(s, (size_t)(eq - s));
		value = decode(eq + 1, len - (size_t)(eq - s) - 1);
		if (!key || !value || !*key || has_ctl(key) || has_ctl(value)) {
			const char *why = !key || !value ? "invalid percent-encoding" :
			                  !*key ? "empty key" : "control character";
			free(key);
			free(value);
			return err_set(e, BNB_EINVAL, "%s: %s in '%.*s'", what, why, (int)len, s);
		}
		*kv = xrealloc(*kv, (*n + 1) * sizeof **kv);
		(*kv)[*n].key = key;
		(*kv)[*n].value = value;
		(*n)++;
		s += len + (s[len] == ',');
	}
	return BNB_OK;
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* The signal-specific variable when set, else the general one; *name says which. */
static const char *env_pick(const char *metrics_var, const char *var, const char **name)
{
	const char *v = env_nonempty(metrics_var);

	*name = v ? metrics_var : var;
	return v ? v : env_nonempty(var);
}

static int valid_header_name(const char *s)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("!#$%&'*+-.^_`|~", *s))
			return 0;
	return 1;
}

static int load_endpoint(struct otlp_config *c, const char *flag, struct bnb_err *e)
{
	const char *v;

	if (flag)
		c->endpoint = xstrdup(flag);
	else if ((v = env_nonempty("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT")))
		c->endpoint = xstrdup(v);
	else if ((v = env_nonempty("OTEL_EXPORTER_OTLP_ENDPOINT")))
		c->endpoint = xasprintf("%s%sv1/metrics", v, v[strlen(v) - 1] == '/' ? "" : "/");
	else
		c->endpoint = xstrdup(OTLP_DEFAULT_ENDPOINT);
	if (strncmp(c->endpoint, "http://", 7) != 0 && strncmp(c->endpoint, "https://", 8) != 0)
		return err_set(e, BNB_EINVAL, "otlp endpoint '%s' is not an http:// or https:// url", c->endpoint);
	if (has_ctl(c->endpoint) || strchr(c->endpoint, ' '))
		return err_set(e, BNB_EINVAL, "otlp endpoint '%s' contains a blank or control character",
		               c->endpoint);
	return BNB_OK;
}

int otlp_config_load(struct otlp_config *c, const char *endpoint, struct bnb_err *e)
{
	const char *v, *name;
	uint64_t ms;
	int rc;

	memset(c, 0, sizeof *c);
	c->timeout_ms = OTLP_DEFAULT_TIMEOUT_MS;
	if ((rc = load_endpoint(c, endpoint, e)))
		return rc;
	v = env_pick("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS", &name);
	if ((rc = otlp_parse_kv_list(name, v, &c->headers, &c->n_headers, e)))
		return rc;
	for (size_t i = 0; i < c->n_headers; i++)
		if (!valid_header_name(c->headers[i].key))
			return err_set(e, BNB_EINVAL, "%s: '%s' is not a valid header name", name, c->headers[i].key);
	if ((rc = otlp_parse_kv_list("OTEL_RESOURCE_ATTRIBUTES", env_nonempty("OTEL_RESOURCE_ATTRIBUTES"),
	                             &c->resource, &c->n_resource, e)))
		return rc;
	/* OTEL_SERVICE_NAME wins over a service.name in OTEL_RESOURCE_ATTRIBUTES. */
	v = env_nonempty("OTEL_SERVICE_NAME");
	for (size_t i = 0; i < c->n_resource && !v; i++)
		if (strcmp(c->resource[i].key, "service.name") == 0 && *c->resource[i].value)
			v = c->resource[i].value;
	c->service_name = xstrdup(v ? v : "bnbench");
	v = env_pick("OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT", &name);
	if (v) {
		if (parse_u64(v, &ms) || ms == 0 || ms > 3600000)
			return err_set(e, BNB_EINVAL, "%s: '%s' is not a timeout in milliseconds (1 to 3600000)",
			               name, v);
		c->timeout_ms = ms;
	}
	return BNB_OK;
}

/* --- encoding (the OTLP/JSON mapping: lowerCamelCase keys, 64-bit integers as strings) --- */

static void encode_point_attrs(struct strbuf *sb, const struct run_info *run, const struct case_result *c)
{
	struct otlp_attrs a = { sb, 0 };
	/* The name is op/scheme/backend/size, then @params when it has any. */
	size_t end = strcspn(c->name, "@"), start = end;
	char *size;

	while (start > 0 && c->name[start - 1] != '/')
		start--;
	size = xasprintf("%.*s", (int)(end - start), c->name + start);
	sb_adds(sb, "\"attributes\":[");
	otlp_attr_str(&a, "op", c->op);
	otlp_attr_str(&a, "scheme", c->scheme);
	otlp_attr_str(&a, "backend", c->backend);
	otlp_attr_str(&a, "size", size);
	free(size);
	otlp_attr_int(&a, "threads", case_threads(c));
	otlp_attr_str(&a, "group", c->group);
	otlp_attr_str(&a, "params", c->params);
	otlp_attr_str(&a, "suite", run->suite);
	otlp_attr_int(&a, "run.id", run->id);
	otlp_attr_str(&a, "label", run->label);
	otlp_attr_str(&a, "git.commit", run->git_commit);
	sb_adds(sb, "]");
}

int otlp_case_exported(const struct case_result *c)
{
	return c->status == CASE_OK && c->stats.n > 0;
}

enum stat { STAT_MEDIAN, STAT_CI_LOW, STAT_CI_HIGH, STAT_THROUGHPUT, STAT_NOISY, STAT_OUTLIERS };

static double stat_value(const struct case_result *c, enum stat s)
{
	switch (s) {
	case STAT_MEDIAN: return c->stats.median;
	case STAT_CI_LOW: return c->stats.ci_low;
	case STAT_CI_HIGH: return c->stats.ci_high;
	case STAT_THROUGHPUT: return case_throughput(c);
	case STAT_NOISY: return case_noisy(c);
	case STAT_OUTLIERS: return (double)case_outliers(c);
	}
	return NAN;
}

/* The UCUM unit of a case's throughput. */
static const char *throughput_unit(const struct case_result *c)
{
	const struct op_info *op = ops_find(c->op);

	if (c->scheme && *c->scheme)
		return op ? op->ucum : "{element}/s";
	return strcmp(c->op, "http") == 0 ? "{request}/s" : "{op}/s";
}

struct metric {
	const char *name, *description, *unit;  /* unit NULL: per case (throughput) */
	enum stat stat;
	int integer;                             /* asInt, else asDouble */
};

/* One gauge of the cases whose unit is `unit`; nothing when no case has a finite value. */
static void encode_metric(struct strbuf *sb, int *n_metrics, const struct metric *m, const char *unit,
                          const struct run_info *run, const struct case_result *cases, size_t n,
                          size_t *points)
{
	struct strbuf dp = STRBUF_INIT;
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = &cases[i];
		double v = stat_value(c, m->stat);
		uint64_t t = c->started_ns ? c->started_ns : run->started_ns;

		if (!otlp_case_exported(c) || !isfinite(v) || strcmp(unit, m->unit ? m->unit : throughput_unit(c)))
			continue;
		sb_adds(&dp, count++ ? ",{" : "{");
		encode_point_attrs(&dp, run, c);
		if (m->integer)
			sb_addf(&dp, ",\"timeUnixNano\":\"%" PRIu64 "\",\"asInt\":\"%.0f\"}", t, v);
		else
			sb_addf(&dp, ",\"timeUnixNano\":\"%" PRIu64 "\",\"asDouble\":%.17g}", t, v);
	}
	if (count) {
		sb_adds(sb, (*n_metrics)++ ? ",{\"name\":" : "{\"name\":");
		sb_add_json_str(sb, m->name);
		sb_adds(sb, ",\"description\":");
		sb_add_json_str(sb, m->description);
		sb_adds(sb, ",\"unit\":");
		sb_add_json_str(sb, unit);
		sb_addf(sb, ",\"gauge\":{\"dataPoints\":[%s]}}", sb_str(&dp));
		*points += count;
	}
	sb_free(&dp);
}

void otlp_encode(struct strbuf *sb, const struct otlp_config *c, const struct run_info *run,
                 const struct case_result *cases, size_t n, size_t *points)
{
	static const struct metric metrics[] = {
		{ "bnbench.case.median", "median time per iteration", "ns", STAT_MEDIAN, 0 },
		{ "bnbench.case.ci_low", "lower bound of the 95% confidence interval of the median", "ns",
		  STAT_CI_LOW, 0 },
		{ "bnbench.case.ci_high", "upper bound of the 95% confidence interval of the median", "ns",
		  STAT_CI_HIGH, 0 },
		{ "bnbench.case.throughput", "operations per second at the median", NULL, STAT_THROUGHPUT, 0 },
		{ "bnbench.case.noisy", "1 when the confidence interval of the median is wider than its target, else 0",
		  "1", STAT_NOISY, 1 },
		{ "bnbench.case.outliers", "samples beyond the Tukey fences (mild and severe, both sides)", "{sample}",
		  STAT_OUTLIERS, 1 },
	};
	static const char *const rate_units[] = { "{element}/s", "{MAC}/s", "{request}/s", "{op}/s" };
	int n_metrics = 0;

	sb_adds(sb, "{\"resourceMetrics\":[{\"resource\":");
	otlp_encode_resource(sb, c, run);
	sb_adds(sb, ",\"scopeMetrics\":[{\"scope\":{\"name\":\"bnbench\",\"version\":");
	sb_add_json_str(sb, PACKAGE_VERSION);
	sb_adds(sb, "},\"metrics\":[");
	for (size_t i = 0; i < sizeof metrics / sizeof *metrics; i++) {
		if (metrics[i].unit) {
			encode_metric(sb, &n_metrics, &metrics[i], metrics[i].unit, run, cases, n, points);
			continue;
		}
		for (size_t u = 0; u < sizeof rate_units / sizeof *rate_units; u++)
			encode_metric(sb, &n_metrics, &metrics[i], rate_units[u], run, cases, n, points);
	}
	sb_adds(sb, "]}]}]}");
}

/* --- export --- */

int otlp_export(struct store *s, int64_t run_id, const struct otlp_config *c, struct otlp_summary *sum,
                struct bnb_err *e)
{
	struct run_info run;
	struct case_result *cases = NULL, *sel;
	size_t n = 0, n_sel = 0, n_req;
	int rc;

	memset(sum, 0, sizeof *sum);
	memset(&run, 0, sizeof run);
	if ((rc = store_run_load(s, run_id, &run, &cases, &n, e))) {
		run_info_free(&run);
		return rc;
	}
	sel = xcalloc(n ? n : 1, sizeof *sel);
	for (size_t i = 0; i < n; i++)
		if (otlp_case_exported(&cases[i]))
			sel[n_sel++] = cases[i];   /* shallow: cases keeps ownership */
	n_req = (n_sel + OTLP_MAX_CASES - 1) / OTLP_MAX_CASES;
	for (size_t r = 0; r < n_req && !rc; r++) {
		struct strbuf body = STRBUF_INIT;
		struct otlp_reply reply;
		size_t first = r * OTLP_MAX_CASES, count = n_sel - first, points = 0;

		if (count > OTLP_MAX_CASES)
			count = OTLP_MAX_CASES;
		otlp_encode(&body, c, &run, sel + first, count, &points);
		rc = otlp_post(c, sb_str(&body), body.len, &reply, e);
		if (rc && n_req > 1)
			err_prefix(e, "request %zu of %zu", r + 1, n_req);
		if (!rc) {
			sum->requests++;
			sum->cases += count;
			sum->points += points;
			sum->rejected += reply.rejected;
			if (reply.rejected || reply.message[0])
				log_warn("otlp: %s rejected %" PRIu64 " of %zu data points%s%s", c->endpoint,
				         reply.rejected, points, reply.message[0] ? ": " : "", reply.message);
		}
		sb_free(&body);
	}
	free(sel);
	store_cases_free(cases, n);
	run_info_free(&run);
	return rc;
}

int otlp_export_run(struct store *s, int64_t run_id, const char *endpoint, struct bnb_err *e)
{
#ifdef HAVE_LIBCURL
	struct otlp_config c;
	struct otlp_summary sum;
	int rc = otlp_config_load(&c, endpoint, e);

	if (!rc)
		rc = otlp_export(s, run_id, &c, &sum, e);
	otlp_config_free(&c);
	return rc;
#else
	(void)s;
	(void)run_id;
	(void)endpoint;
	return err_set(e, BNB_EUNSUPPORTED, "unsupported: built without libcurl");
#endif
}
