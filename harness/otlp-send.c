/* OTLP delivery: one POST with the retries the OTLP/HTTP specification allows. */
#include "config.h"

#include "otlp.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_LIBCURL
#include <curl/curl.h>

#define BACKOFF_FIRST_MS 250
#define BACKOFF_MAX_MS 4000
#define REPLY_MAX_BYTES 65536

struct exchange {
	struct strbuf body;          /* the response body, up to REPLY_MAX_BYTES */
	long retry_after_s;          /* -1: none (or an HTTP date) */
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	size_t len = size * n;

	if (x->body.len < REPLY_MAX_BYTES)
		sb_add(&x->body, p, len < REPLY_MAX_BYTES - x->body.len ? len : REPLY_MAX_BYTES - x->body.len);
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct exchange *x = arg;
	size_t len = size * n;
	static const char name[] = "retry-after:";

	if (len > sizeof name - 1 && strncasecmp(p, name, sizeof name - 1) == 0) {
		char v[32];
		size_t vl = len - (sizeof name - 1);
		char *end;
		long s;

		if (vl >= sizeof v)
			vl = sizeof v - 1;
		memcpy(v, p + sizeof name - 1, vl);
		v[vl] = '\0';
		s = strtol(v, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
			end++;
		x->retry_after_s = end != v && !*end && s >= 0 ? (s < 86400 ? s : 86400) : -1;
	}
	return len;
}

/* The value after "key": in a JSON text (a shallow look-up, enough for a Status or a response). */
static const char *json_value_of(const char *s, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = strchr(s, '"'); p; p = strchr(p + 1, '"')) {
		if (strncmp(p + 1, key, kl) != 0 || p[kl + 1] != '"')
			continue;
		p += kl + 2;
		p += strspn(p, " \t\r\n");
		if (*p != ':')
			continue;
		p++;
		return p + strspn(p, " \t\r\n");
	}
	return NULL;
}

/* Copy a JSON string literal at `p` into out (escapes other than \uXXXX decoded). */
static void json_string_at(const char *p, char *out, size_t len)
{
	size_t o = 0;

	out[0] = '\0';
	if (!p || *p != '"')
		return;
	for (p++; *p && *p != '"' && o + 1 < len; p++) {
		char ch = *p;
		if (ch == '\\' && p[1]) {
			p++;
			switch (*p) {
			case 'u':   /* non-ASCII text is not needed in a one-line message */
				ch = '?';
				for (int i = 0; i < 4 && isxdigit((unsigned char)p[1]); i++)
					p++;
				break;
			case 'n': case 't': case 'r': case 'b': case 'f': ch = ' '; break;
			default: ch = *p;
			}
		}
		out[o++] = (unsigned char)ch < 0x20 ? ' ' : ch;
	}
	out[o] = '\0';
}

/* partialSuccess of an ExportMetricsServiceResponse (int64 as a string or a number). */
static void parse_partial_success(const char *body, struct otlp_reply *r)
{
	const char *ps = json_value_of(body, "partialSuccess"), *v;

	if (!ps || *ps != '{')
		return;
	if ((v = json_value_of(ps, "rejectedDataPoints")))
		r->rejected = strtoull(v + (*v == '"'), NULL, 10);
	json_string_at(json_value_of(ps, "errorMessage"), r->message, sizeof r->message);
}

static int retryable(long status)
{
	return status == 429 || status == 502 || status == 503 || status == 504;
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Exponential backoff with jitter: a uniform draw in [d/2, d], d doubling from the first delay. */
static uint64_t backoff_ms(unsigned attempt, uint64_t *rng)
{
	uint64_t d = BACKOFF_FIRST_MS;

	for (unsigned i = 1; i < attempt && d < BACKOFF_MAX_MS; i++)
		d *= 2;
	if (d > BACKOFF_MAX_MS)
		d = BACKOFF_MAX_MS;
	*rng ^= *rng << 13;
	*rng ^= *rng >> 7;
	*rng ^= *rng << 17;
	return d / 2 + *rng % (d / 2 + 1);
}

static int global_init(struct bnb_err *e)
{
	static int done;

	if (!done && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return err_set(e, BNB_EIO, "otlp: cannot initialise libcurl");
	done = 1;
	return BNB_OK;
}

static struct curl_slist *make_headers(const struct otlp_config *c)
{
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");

	h = curl_slist_append(h, "Expect:");
	for (size_t i = 0; i < c->n_headers; i++) {
		char *line = xasprintf("%s: %s", c->headers[i].key, c->headers[i].value);
		h = curl_slist_append(h, line);
		free(line);
	}
	return h;
}

/* A short reason from an error response: the Status message if there is one. */
static void error_detail(const struct strbuf *body, char *out, size_t len)
{
	json_string_at(json_value_of(sb_str(body), "message"), out, len);
}

static int perform(const struct otlp_config *c, CURL *h, struct exchange *x, struct otlp_reply *r,
                   struct bnb_err *e)
{
	uint64_t deadline = now_ns() + c->timeout_ms * 1000000u;
	uint64_t rng = now_ns() ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15u;
	char errbuf[CURL_ERROR_SIZE], detail[200];

	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	for (r->attempts = 1;; r->attempts++) {
		uint64_t now = now_ns(), wait_ms;
		CURLcode rc;

		if (now >= deadline)
			return err_set(e, BNB_ETIMEOUT, "%s: no answer within %" PRIu64 " ms", c->endpoint,
			               c->timeout_ms);
		sb_reset(&x->body);
		x->retry_after_s = -1;
		errbuf[0] = '\0';
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)((deadline - now) / 1000000u + 1));
		rc = curl_easy_perform(h);
		if (rc == CURLE_OPERATION_TIMEDOUT)
			return err_set(e, BNB_ETIMEOUT, "%s: no answer within %" PRIu64 " ms", c->endpoint,
			               c->timeout_ms);
		if (rc != CURLE_OK)
			return err_set(e, BNB_EIO, "%s: %s", c->endpoint, errbuf[0] ? errbuf : curl_easy_strerror(rc));
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->http_status);
		if (r->http_status >= 200 && r->http_status < 300) {
			parse_partial_success(sb_str(&x->body), r);
			return BNB_OK;
		}
		error_detail(&x->body, detail, sizeof detail);
		if (!retryable(r->http_status))
			return err_set(e, BNB_EIO, "%s: HTTP %ld%s%s (not retried)", c->endpoint, r->http_status,
			               detail[0] ? ": " : "", detail);
		if (r->attempts >= OTLP_MAX_ATTEMPTS)
			return err_set(e, BNB_EIO, "%s: HTTP %ld%s%s (gave up after %u attempts)", c->endpoint,
			               r->http_status, detail[0] ? ": " : "", detail, r->attempts);
		wait_ms = x->retry_after_s >= 0 ? (uint64_t)x->retry_after_s * 1000u : backoff_ms(r->attempts, &rng);
		if (now_ns() + wait_ms * 1000000u >= deadline)
			return err_set(e, BNB_ETIMEOUT,
			               "%s: HTTP %ld, and a retry in %" PRIu64 " ms would pass the %" PRIu64 " ms timeout",
			               c->endpoint, r->http_status, wait_ms, c->timeout_ms);
		sleep_ms(wait_ms);
	}
}

int otlp_post(const struct otlp_config *c, const char *body, size_t len, struct otlp_reply *r,
              struct bnb_err *e)
{
	struct exchange x = { STRBUF_INIT, -1 };
	struct curl_slist *headers;
	char *agent;
	CURL *h;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = global_init(e)))
		return rc;
	if (!(h = curl_easy_init()))
		return err_set(e, BNB_EIO, "otlp: cannot create a libcurl handle");
	headers = make_headers(c);
	agent = xasprintf("bnbench/%s", PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_URL, c->endpoint);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, agent);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	rc = perform(c, h, &x, r, e);
	curl_easy_cleanup(h);
	curl_slist_free_all(headers);
	free(agent);
	sb_free(&x.body);
	return rc;
}

#else

int otlp_post(const struct otlp_config *c, const char *body, size_t len, struct otlp_reply *r,
              struct bnb_err *e)
{
	(void)c;
	(void)body;
	(void)len;
	memset(r, 0, sizeof *r);
	return err_set(e, BNB_EUNSUPPORTED, "unsupported: built without libcurl");
}

#endif
