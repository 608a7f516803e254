/*
 * The http backend: the latency of an HTTP endpoint, one request per sample
 * (op "http", no scheme).  Only the URL's host is contacted: no proxy, no
 * redirects.  Built without libcurl, probe() reports the plugin unsupported.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bnbench/plugin.h>

#ifdef HAVE_LIBCURL
#include <curl/curl.h>

struct http_state {
	CURL *h;
	struct curl_slist *headers;
	char *url, *body;
	size_t body_len;
	long expected;               /* 0: any 2xx */
	long timeout_ms;
	double max_error_rate;       /* fraction of the requests so far */
	unsigned long long requests, errors;
	char first_error[256];
	char errbuf[CURL_ERROR_SIZE];
};

static void state_free(struct http_state *s)
{
	if (!s)
		return;
	if (s->h)
		curl_easy_cleanup(s->h);
	curl_slist_free_all(s->headers);
	free(s->url);
	free(s->body);
	free(s);
	curl_global_cleanup();
}

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static const char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

/* "K: V; K2: V2" into header lines; "Expect:" keeps curl from waiting for 100-continue. */
static int parse_headers(const char *text, struct curl_slist **out)
{
	char *copy = strdup(text ? text : ""), *save = NULL;
	struct curl_slist *h = curl_slist_append(NULL, "Expect:");

	if (!copy)
		return BNB_ENOMEM;
	for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		const char *line = trim(tok);
		const char *colon = strchr(line, ':');

		if (!*line)
			continue;
		if (!colon || colon == line || strpbrk(line, "\r\n")) {
			bnb_host->error("headers: '%s' is not 'Name: value'", line);
			free(copy);
			curl_slist_free_all(h);
			return BNB_EINVAL;
		}
		h = curl_slist_append(h, line);
	}
	free(copy);
	*out = h;
	return BNB_OK;
}

static int read_body_file(const char *path, struct http_state *s)
{
	FILE *f = fopen(path, "rb");
	long len;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		bnb_host->error("body_file '%s': cannot read it: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return BNB_EINVAL;
	}
	s->body = malloc((size_t)len + 1);
	if (!s->body) {
		fclose(f);
		return BNB_ENOMEM;
	}
	s->body_len = fread(s->body, 1, (size_t)len, f);
	fclose(f);
	if (s->body_len != (size_t)len) {
		bnb_host->error("body_file '%s': cannot read it", path);
		return BNB_EINVAL;
	}
	return BNB_OK;
}

static int setup_body(const struct bnb_case *c, const char *method, struct http_state *s)
{
	const char *body = NULL, *file = NULL;

	bnb_host->param_string(c, "body", &body);
	bnb_host->param_string(c, "body_file", &file);
	if (body && file) {
		bnb_host->error("give body or body_file, not both");
		return BNB_EINVAL;
	}
	if ((body || file) && (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
		bnb_host->error("a body needs method POST, PUT or DELETE, not %s", method);
		return BNB_EINVAL;
	}
	if (file)
		return read_body_file(file, s);
	if (body) {
		s->body_len = strlen(body);
		s->body = strdup(body);
		if (!s->body)
			return BNB_ENOMEM;
	}
	return BNB_OK;
}

/* Options of the easy handle, reused for every request. */
static void setup_handle(struct http_state *s, const char *method, int reuse)
{
	CURL *h = s->h;

	curl_easy_setopt(h, CURLOPT_URL, s->url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");   /* never a proxy from the environment */
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, s->timeout_ms);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "bnbench-http/1.0");
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, s->headers);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->errbuf);
	if (!reuse) {
		curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
		curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
	}
	if (strcmp(method, "HEAD") == 0) {
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	} else if (strcmp(method, "GET") == 0) {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	} else {
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
		if (strcmp(method, "DELETE") != 0 || s->body) {
			curl_easy_setopt(h, CURLOPT_POSTFIELDS, s->body ? s->body : "");
			curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)s->body_len);
		}
	}
}

static int http_setup_state(const struct bnb_case *c, struct http_state *s)
{
	const char *url = NULL, *method = "GET", *headers = NULL;
	int64_t expected = 200, reuse = 1, timeout_ns = 10000000000;
	int rc;

	if (bnb_host->param_string(c, "url", &url) != BNB_OK || !url || !*url) {
		bnb_host->error("parameter 'url' is required (the address to request, as http://127.0.0.1:8080/)");
		return BNB_EINVAL;
	}
	if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0) {
		bnb_host->error("url '%s' is not an http:// or https:// url", url);
		return BNB_EINVAL;
	}
	bnb_host->param_string(c, "method", &method);
	bnb_host->param_string(c, "headers", &headers);
	bnb_host->param_int(c, "expected_status", &expected);
	bnb_host->param_int(c, "reuse", &reuse);
	bnb_host->param_int(c, "timeout", &timeout_ns);
	bnb_host->param_double(c, "max_error_rate", &s->max_error_rate);
	if (timeout_ns < 1000000) {
		bnb_host->error("timeout must be at least 1ms");
		return BNB_EINVAL;
	}
	s->expected = (long)expected;
	s->timeout_ms = (long)(timeout_ns / 1000000);
	if (!(s->url = strdup(url)))
		return BNB_ENOMEM;
	if ((rc = parse_headers(headers, &s->headers)) || (rc = setup_body(c, method, s)))
		return rc;
	if (!(s->h = curl_easy_init())) {
		bnb_host->error("cannot create a libcurl handle");
		return BNB_ENOMEM;
	}
	setup_handle(s, method, reuse != 0);
	bnb_host->env_set("http.libcurl", curl_version_info(CURLVERSION_NOW)->version);
	return BNB_OK;
}

static int http_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	struct http_state *s;
	int rc;

	(void)in;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		bnb_host->error("cannot initialise libcurl");
		return BNB_EIO;
	}
	if (!(s = calloc(1, sizeof *s))) {
		curl_global_cleanup();
		return BNB_ENOMEM;
	}
	if ((rc = http_setup_state(c, s))) {
		state_free(s);
		return rc;
	}
	*state = s;
	return BNB_OK;
}

/* One request; returns 0, or 1 with its error in msg. */
static int request(struct http_state *s, char *msg, size_t len)
{
	CURLcode rc;
	long status = 0;

	s->errbuf[0] = '\0';
	rc = curl_easy_perform(s->h);
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		snprintf(msg, len, "no response within %ld ms", s->timeout_ms);
		return 1;
	}
	if (rc == CURLE_GOT_NOTHING) {
		snprintf(msg, len, "the server closed the connection without a response");
		return 1;
	}
	if (rc != CURLE_OK) {
		snprintf(msg, len, "%s", s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
		return 1;
	}
	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
	if (s->expected ? status == s->expected : status >= 200 && status < 300)
		return 0;
	if (s->expected)
		snprintf(msg, len, "HTTP %ld (expected %ld)", status, s->expected);
	else
		snprintf(msg, len, "HTTP %ld (expected 2xx)", status);
	return 1;
}

static int http_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	struct http_state *s = state;
	char msg[sizeof s->first_error];

	(void)elapsed_ns;
	for (uint64_t it = 0; it < iterations; it++) {
		s->requests++;
		if (!request(s, msg, sizeof msg))
			continue;
		if (s->errors++ == 0)
			snprintf(s->first_error, sizeof s->first_error, "%s", msg);
		if ((double)s->errors > s->max_error_rate * (double)s->requests + 1e-9) {
			bnb_host->error("%llu of %llu requests failed (max_error_rate %g%%); first error: %s", s->errors,
			                s->requests, s->max_error_rate * 100, s->first_error);
			return BNB_EIO;
		}
	}
	return BNB_OK;
}

static void http_teardown(void *state)
{
	struct http_state *s = state;

	if (s && s->errors && (double)s->errors <= s->max_error_rate * (double)s->requests + 1e-9)
		bnb_host->log(BNB_LOG_WARN, "http %s: %llu of %llu requests failed (within max_error_rate %g%%); "
		              "first error: %s", s->url, s->errors, s->requests, s->max_error_rate * 100,
		              s->first_error);
	state_free(s);
}

static int http_probe(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		bnb_host->error("cannot initialise libcurl");
		return BNB_EUNSUPPORTED;
	}
	curl_global_cleanup();
	return BNB_OK;
}

#else /* !HAVE_LIBCURL */

static int http_setup(const struct bnb_case *c, const struct bnb_inputs *in, void **state)
{
	(void)c;
	(void)in;
	(void)state;
	bnb_host->error("built without libcurl");
	return BNB_EUNSUPPORTED;
}

static int http_run(void *state, uint64_t iterations, uint64_t *elapsed_ns)
{
	(void)state;
	(void)iterations;
	(void)elapsed_ns;
	return BNB_EUNSUPPORTED;
}

static void http_teardown(void *state)
{
	(void)state;
}

static int http_probe(void)
{
	bnb_host->error("built without libcurl");
	return BNB_EUNSUPPORTED;
}

#endif

#define PARAM(t, n, def, lo, hi, ch, h)                                                  \
	static const struct bnb_param p_##n = { .struct_size = sizeof(struct bnb_param), \
		.type = t, .name = #n, .default_value = def, .min = lo, .max = hi,        \
		.choices = ch, .help = h }
PARAM(BNB_PARAM_STRING, url, NULL, 1, 0, NULL, "the address to request (required): http://HOST[:PORT]/PATH");
PARAM(BNB_PARAM_ENUM, method, "GET", 1, 0, "GET|POST|PUT|DELETE|HEAD", "the request method");
PARAM(BNB_PARAM_STRING, headers, NULL, 1, 0, NULL, "request headers, 'Name: value; Name2: value2'");
PARAM(BNB_PARAM_STRING, body, NULL, 1, 0, NULL, "the request body (POST, PUT, DELETE)");
PARAM(BNB_PARAM_FILE, body_file, NULL, 1, 0, NULL, "a file whose contents are the request body");
PARAM(BNB_PARAM_INT, expected_status, "200", 0, 599, NULL, "the status a request must get; 0: any 2xx");
PARAM(BNB_PARAM_BOOL, reuse, "true", 1, 0, NULL, "keep the connection open between requests");
PARAM(BNB_PARAM_DURATION, timeout, "10s", 1, 0, NULL, "time a request may take before it fails");
PARAM(BNB_PARAM_PERCENT, max_error_rate, "0%", 0, 1, NULL,
      "failed requests tolerated, as a share of those made so far");
#undef PARAM

static const struct bnb_param *const params[] = {
	&p_url, &p_method, &p_headers, &p_body, &p_body_file, &p_expected_status, &p_reuse, &p_timeout,
	&p_max_error_rate, NULL,
};

static const struct bnb_kernel request_kernel = {
	.struct_size = sizeof(struct bnb_kernel), .flags = BNB_KERNEL_ONE_PER_SAMPLE, .op = "http",
	.scheme = NULL, .backend = "http", .summary = "latency of one HTTP request (libcurl)", .params = params,
	.setup = http_setup, .run = http_run, .teardown = http_teardown,
};
static const struct bnb_kernel *const kernels[] = { &request_kernel, NULL };

static const struct bnb_plugin plugin = {
	BNB_PLUGIN_HEADER,
	.name = "http",
	.version = "1.0",
	.summary = "HTTP endpoint latency, one request per sample",
	.kernels = kernels,
	.probe = http_probe,
};

BNB_PLUGIN_REGISTER(plugin)
