/*
 * Sending stored runs to an OpenTelemetry collector: OTLP/HTTP with the JSON
 * encoding of ExportMetricsServiceRequest, a gauge per statistic and case.
 */
#ifndef BNB_OTLP_H
#define BNB_OTLP_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "store.h"
#include "util.h"

#define OTLP_DEFAULT_ENDPOINT "http://localhost:4318/v1/metrics"
#define OTLP_DEFAULT_TIMEOUT_MS 10000
/* Cases per request: bounds the size of one request body. */
#define OTLP_MAX_CASES 200
#define OTLP_MAX_ATTEMPTS 5

struct otlp_kv {
	char *key, *value;
};

struct otlp_config {
	char *endpoint;
	char *service_name;
	struct otlp_kv *headers;     /* extra request headers */
	size_t n_headers;
	struct otlp_kv *resource;    /* OTEL_RESOURCE_ATTRIBUTES */
	size_t n_resource;
	uint64_t timeout_ms;         /* per request, retries included */
};

/*
 * The configuration from the environment (see bnbench-export(1)): the
 * endpoint is `endpoint` when not NULL, else OTEL_EXPORTER_OTLP_METRICS_ENDPOINT,
 * else OTEL_EXPORTER_OTLP_ENDPOINT + "/v1/metrics", else the default.
 * A malformed variable is BNB_EINVAL naming it.
 */
int otlp_config_load(struct otlp_config *c, const char *endpoint, struct bnb_err *e);
void otlp_config_free(struct otlp_config *c);

/*
 * Parse a W3C-baggage-like list "k1=v1,k2=v2" with percent-encoded values,
 * as OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES are written.
 * `what` names the list in errors.  Appends to *kv.
 */
int otlp_parse_kv_list(const char *what, const char *s, struct otlp_kv **kv, size_t *n,
                       struct bnb_err *e);

/* Attributes being appended to a JSON list in `sb` (otlp-resource.c). */
struct otlp_attrs {
	struct strbuf *sb;
	int n;
};
/* Nothing for a NULL or empty value. */
void otlp_attr_str(struct otlp_attrs *a, const char *key, const char *value);
void otlp_attr_int(struct otlp_attrs *a, const char *key, int64_t value);
/*
 * The resource of `run`: service.*, host.*, os.* and vcs.ref.head.revision
 * from its fingerprint, the rest of the fingerprint under bnbench.*, counts as
 * intValue and figures as doubleValue; then OTEL_RESOURCE_ATTRIBUTES on top.
 */
void otlp_encode_resource(struct strbuf *sb, const struct otlp_config *c, const struct run_info *run);

/* Cases that have data points (measured ones). */
int otlp_case_exported(const struct case_result *c);
/*
 * Append the JSON of one ExportMetricsServiceRequest for cases[0..n) of `run`
 * to `sb`; adds the number of data points to *points.
 */
void otlp_encode(struct strbuf *sb, const struct otlp_config *c, const struct run_info *run,
                 const struct case_result *cases, size_t n, size_t *points);

/* What one POST brought back. */
struct otlp_reply {
	long http_status;
	unsigned attempts;
	uint64_t rejected;           /* partialSuccess.rejectedDataPoints */
	char message[256];           /* partialSuccess.errorMessage */
};
/*
 * POST `body` to c->endpoint, retrying 429, 502, 503 and 504 (Retry-After,
 * else exponential backoff with jitter) up to OTLP_MAX_ATTEMPTS times within
 * c->timeout_ms.  BNB_OK for 2xx (a partial success included); BNB_EIO or
 * BNB_ETIMEOUT otherwise; BNB_EUNSUPPORTED without libcurl.
 */
int otlp_post(const struct otlp_config *c, const char *body, size_t len, struct otlp_reply *r,
              struct bnb_err *e);

struct otlp_summary {
	size_t cases, points, requests;
	uint64_t rejected;
};
/*
 * Export run `run_id` with `c`: requests of at most OTLP_MAX_CASES cases each.
 * A partial success is a warning on stderr, not an error.  The store is only read.
 */
int otlp_export(struct store *s, int64_t run_id, const struct otlp_config *c, struct otlp_summary *sum,
                struct bnb_err *e);
/* The same with the configuration from the environment and `endpoint` (may be NULL). */
int otlp_export_run(struct store *s, int64_t run_id, const char *endpoint, struct bnb_err *e);


#endif
