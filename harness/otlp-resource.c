/*
 * OTLP attributes: typed values in the OTLP/JSON mapping, and the resource of
 * a run under OpenTelemetry's semantic-convention names where one exists
 * (host.*, os.*, service.*, vcs.*), bnbench's own keys under bnbench.*.
 */
#include "config.h"

#include "otlp.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void attr_key(struct otlp_attrs *a, const char *key)
{
	sb_adds(a->sb, a->n++ ? ",{\"key\":" : "{\"key\":");
	sb_add_json_str(a->sb, key);
}

void otlp_attr_str(struct otlp_attrs *a, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	attr_key(a, key);
	sb_adds(a->sb, ",\"value\":{\"stringValue\":");
	sb_add_json_str(a->sb, value);
	sb_adds(a->sb, "}}");
}

/* 64-bit integers are decimal strings in OTLP/JSON (the protobuf JSON mapping). */
void otlp_attr_int(struct otlp_attrs *a, const char *key, int64_t value)
{
	attr_key(a, key);
	sb_addf(a->sb, ",\"value\":{\"intValue\":\"%" PRId64 "\"}}", value);
}

static void attr_double(struct otlp_attrs *a, const char *key, double value)
{
	attr_key(a, key);
	sb_addf(a->sb, ",\"value\":{\"doubleValue\":%.17g}}", value);
}

static void attr_bool(struct otlp_attrs *a, const char *key, int value)
{
	attr_key(a, key);
	sb_addf(a->sb, ",\"value\":{\"boolValue\":%s}}", value ? "true" : "false");
}

/* How a fingerprint value is sent. */
enum kind { K_STR, K_INT, K_DOUBLE, K_BOOL };

/* Fingerprint keys (bnbench show --env) that are not strings, or that have a semantic-convention name. */
static const struct {
	const char *env, *otel;
	enum kind kind;
} known[] = {
	{ "cpu.model", "host.cpu.model.name", K_STR },
	{ "os.kernel", "os.description", K_STR },
	{ "git.commit", "vcs.ref.head.revision", K_STR },
	{ "git.dirty", "bnbench.git.dirty", K_BOOL },
	{ "cpu.count", "bnbench.cpu.count", K_INT },
	{ "bnbench.cpu", "bnbench.cpu", K_INT },
	{ "criterion.benchmarks", "bnbench.criterion.benchmarks", K_INT },
	{ "load.avg1", "bnbench.load.avg1", K_DOUBLE },
	{ "timer.resolution_ns", "bnbench.timer.resolution_ns", K_DOUBLE },
	{ "timer.cost_ns", "bnbench.timer.cost_ns", K_DOUBLE },
};

struct attr {
	char *key, *value;
	enum kind kind;
};

struct attr_list {
	struct attr *v;
	size_t n, cap;
};

/* Set `key`, replacing an earlier value in place; an empty value is not sent, so it removes one. */
static void put(struct attr_list *l, const char *key, const char *value, enum kind kind)
{
	size_t i = 0;

	if (!value)
		return;
	while (i < l->n && strcmp(l->v[i].key, key) != 0)
		i++;
	if (i == l->n) {
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 32;
			l->v = xrealloc(l->v, l->cap * sizeof *l->v);
		}
		l->v[l->n++].key = xstrdup(key);
	} else {
		free(l->v[i].value);
	}
	l->v[i].value = xstrdup(value);
	l->v[i].kind = kind;
}

/* OpenTelemetry's host.arch for a uname machine, or the machine as is. */
static const char *host_arch(const char *machine)
{
	static const char *const map[][2] = {
		{ "x86_64", "amd64" }, { "amd64", "amd64" }, { "aarch64", "arm64" }, { "arm64", "arm64" },
		{ "i386", "x86" }, { "i486", "x86" }, { "i586", "x86" }, { "i686", "x86" },
		{ "ppc64", "ppc64" }, { "ppc64le", "ppc64" }, { "ppc", "ppc32" }, { "s390x", "s390x" },
		{ "armv7l", "arm32" }, { "armv6l", "arm32" }, { "ia64", "ia64" },
	};

	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (strcmp(machine, map[i][0]) == 0)
			return map[i][1];
	return machine;
}

/* "Linux 6.8.0-45-generic x86_64" (os.kernel): os.type, os.version and host.arch. */
static void put_kernel(struct attr_list *l, const char *uname)
{
	char *s = xstrdup(uname), *release = strchr(s, ' '), *machine = strrchr(s, ' ');

	if (release && machine && machine > release) {
		*release++ = '\0';
		*machine++ = '\0';
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		put(l, "os.type", s, K_STR);
		put(l, "os.version", release, K_STR);
		put(l, "host.arch", host_arch(machine), K_STR);
	}
	free(s);
}

static void put_env(struct attr_list *l, const char *key, const char *value)
{
	char *name;

	if (strcmp(key, "bnbench.cpu") == 0 && strcmp(value, "none") == 0)
		return;   /* not pinned: no attribute, rather than a string where an integer goes */
	for (size_t i = 0; i < sizeof known / sizeof *known; i++) {
		if (strcmp(key, known[i].env) == 0) {
			if (strcmp(key, "os.kernel") == 0)
				put_kernel(l, value);
			put(l, known[i].otel, value, known[i].kind);
			return;
		}
	}
	name = strncmp(key, "bnbench.", 8) == 0 ? xstrdup(key) : xasprintf("bnbench.%s", key);
	put(l, name, value, K_STR);
	free(name);
}

/* A value of its kind, or a string when it is not one (a "none" CPU, an old store's odd value). */
static void emit(struct otlp_attrs *a, const struct attr *at)
{
	char *end;
	long long i;
	double d;

	errno = 0;
	switch (at->kind) {
	case K_INT:
		i = strtoll(at->value, &end, 10);
		if (isdigit((unsigned char)at->value[0]) && !*end && errno == 0) {
			otlp_attr_int(a, at->key, i);
			return;
		}
		break;
	case K_DOUBLE:
		d = strtod(at->value, &end);
		if ((isdigit((unsigned char)at->value[0]) || at->value[0] == '-') && !*end && isfinite(d)) {
			attr_double(a, at->key, d);
			return;
		}
		break;
	case K_BOOL:
		if (strcmp(at->value, "yes") == 0 || strcmp(at->value, "no") == 0) {
			attr_bool(a, at->key, at->value[0] == 'y');
			return;
		}
		break;
	case K_STR:
		break;
	}
	otlp_attr_str(a, at->key, at->value);
}

void otlp_encode_resource(struct strbuf *sb, const struct otlp_config *c, const struct run_info *run)
{
	struct attr_list l = { NULL, 0, 0 };
	struct otlp_attrs a = { sb, 0 };

	put(&l, "service.name", c->service_name, K_STR);
	put(&l, "service.version", run->version && *run->version ? run->version : PACKAGE_VERSION, K_STR);
	put(&l, "host.name", run->host, K_STR);
	for (size_t i = 0; i < run->n_env; i++)
		put_env(&l, run->env[i].key, run->env[i].value);
	for (size_t i = 0; i < c->n_resource; i++)
		put(&l, c->resource[i].key, c->resource[i].value, K_STR);
	put(&l, "service.name", c->service_name, K_STR);
	sb_adds(sb, "{\"attributes\":[");
	for (size_t i = 0; i < l.n; i++) {
		emit(&a, &l.v[i]);
		free(l.v[i].key);
		free(l.v[i].value);
	}
	sb_adds(sb, "]}");
	free(l.v);
}
