/* A model view of a run: the decode rate its gemv cases allow. */
#include "config.h"

#include "decode-rate.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *decode_model_linear_text(const struct decode_model *m)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < m->n_linear; i++)
		sb_addf(&sb, "%s%s:%" PRIu64 "x%" PRIu64, i ? " " : "", m->linear[i].name, m->linear[i].m,
		        m->linear[i].k);
	return sb.buf ? sb.buf : xstrdup("");
}

void decode_model_record(struct run_info *run, const struct decode_model *m)
{
	char layers[32], *linear = decode_model_linear_text(m);

	snprintf(layers, sizeof layers, "%" PRIu64, m->layers);
	run_env_add(run, "model.name", m->name);
	run_env_add(run, "model.layers", layers);
	run_env_add(run, "model.linear", linear);
	free(linear);
}

void decode_model_free(struct decode_model *m)
{
	for (size_t i = 0; i < m->n_linear; i++)
		free(m->linear[i].name);
	free(m->linear);
	free(m->name);
	memset(m, 0, sizeof *m);
}

/* "name:MxK" into l; 0 on success. */
static int parse_linear(const char *tok, struct decode_linear *l)
{
	const char *colon = strrchr(tok, ':');

	if (!colon || colon == tok || parse_shape(colon + 1, &l->m, &l->k) || !l->m || !l->k)
		return -1;
	l->name = xasprintf("%.*s", (int)(colon - tok), tok);
	return 0;
}

int decode_model_from_run(const struct run_info *run, struct decode_model *out)
{
	const char *name = run_env_get(run, "model.name"), *layers = run_env_get(run, "model.layers");
	const char *linear = run_env_get(run, "model.linear");
	char *copy, *save = NULL;
	int ok = 1;

	memset(out, 0, sizeof *out);
	if (!name || !layers || !linear || parse_u64(layers, &out->layers) || out->layers == 0)
		return 0;
	copy = xstrdup(linear);
	for (char *tok = strtok_r(copy, " ", &save); tok && ok; tok = strtok_r(NULL, " ", &save)) {
		out->linear = xrealloc(out->linear, (out->n_linear + 1) * sizeof *out->linear);
		ok = parse_linear(tok, &out->linear[out->n_linear]) == 0;
		out->n_linear += ok;
	}
	free(copy);
	out->name = xstrdup(name);
	if (!ok || out->n_linear == 0) {
		decode_model_free(out);
		return 0;
	}
	return 1;
}

static int str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The same projection group: scheme, backend, threads and parameters. */
static int same_group(const struct case_result *a, const struct case_result *b)
{
	return str_eq(a->scheme, b->scheme) && str_eq(a->backend, b->backend) && str_eq(a->params, b->params) &&
	       case_threads(a) == case_threads(b);
}

static int is_gemv(const struct case_result *c)
{
	return c->op && strcmp(c->op, "gemv") == 0 && c->scheme && *c->scheme;
}

/* The median of the measured gemv of g's group at m x k, or NAN. */
static double median_at(const struct case_result *g, uint64_t m, uint64_t k, const struct case_result *cases,
                        size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = &cases[i];
		if (is_gemv(c) && c->m == m && c->k == k && same_group(c, g) && case_usable(c))
			return c->stats.median;
	}
	return NAN;
}

size_t decode_rates(const struct decode_model *m, const struct case_result *cases, size_t n,
                    struct decode_rate **out)
{
	struct decode_rate *v = xcalloc(n ? n : 1, sizeof *v);
	size_t nv = 0;

	for (size_t i = 0; i < n; i++) {
		const struct case_result *g = &cases[i];
		int seen = 0;
		double layer = 0;
		if (!is_gemv(g))
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = is_gemv(&cases[j]) && same_group(&cases[j], g);
		for (size_t l = 0; l < m->n_linear && !seen && isfinite(layer); l++)
			layer += median_at(g, m->linear[l].m, m->linear[l].k, cases, n);
		if (seen || !isfinite(layer) || m->n_linear == 0)
			continue;   /* a group counted already, or one without every shape measured */
		v[nv].scheme = g->scheme;
		v[nv].backend = g->backend;
		v[nv].params = g->params;
		v[nv].threads = case_threads(g);
		v[nv].layer_ns = layer;
		v[nv].token_ns = layer * (double)m->layers;
		v[nv].tokens_per_s = 1e9 / v[nv].token_ns;
		nv++;
	}
	*out = v;
	return nv;
}

void decode_rate_print(FILE *f, int md, const struct run_info *run, const struct case_result *cases, size_t n)
{
	struct decode_model m;
	struct decode_rate *v;
	size_t nv;

	if (!run || !decode_model_from_run(run, &m))
		return;
	nv = decode_rates(&m, cases, n, &v);
	fprintf(f, "\nprojected decode rate of %s (%s): %zu gemv%s a layer x %" PRIu64 " layers\n", m.name,
	        DECODE_RATE_LABEL, m.n_linear, m.n_linear == 1 ? "" : "s", m.layers);
	if (nv == 0)
		fprintf(f, "%s(none: no scheme and backend has every shape measured ok)\n", md ? "\n" : "  ");
	else if (md)
		fprintf(f, "\n| scheme | backend | threads | params | per layer | per token | tokens/s |\n"
		           "|---|---|---:|---|---:|---:|---:|\n");
	for (size_t i = 0; i < nv; i++) {
		char layer[32], token[32];
		fmt_time_ns(layer, sizeof layer, v[i].layer_ns);
		fmt_time_ns(token, sizeof token, v[i].token_ns);
		if (md)
			fprintf(f, "| %s | %s | %u | %s | %s | %s | %.1f |\n", v[i].scheme, v[i].backend, v[i].threads,
			        v[i].params && *v[i].params ? v[i].params : "-", layer, token, v[i].tokens_per_s);
		else
			fprintf(f, "  %-6s %-8s %2u thread%s  %s%s%10s a layer  %10s a token  %8.1f tokens/s\n",
			        v[i].scheme, v[i].backend, v[i].threads, v[i].threads == 1 ? " " : "s",
			        v[i].params && *v[i].params ? v[i].params : "", v[i].params && *v[i].params ? "  " : "",
			        layer, token, v[i].tokens_per_s);
	}
	free(v);
	decode_model_free(&m);
}
