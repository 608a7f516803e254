/* Kernel parameter values. */
#include "config.h"

#include "params.h"

#include <stdlib.h>
#include <string.h>

const char *params_type_name(uint32_t type)
{
	switch (type) {
	case BNB_PARAM_BOOL: return "bool";
	case BNB_PARAM_INT: return "int";
	case BNB_PARAM_SIZE: return "size";
	case BNB_PARAM_DOUBLE: return "double";
	case BNB_PARAM_DURATION: return "duration";
	case BNB_PARAM_PERCENT: return "percent";
	case BNB_PARAM_STRING: return "string";
	case BNB_PARAM_ENUM: return "enum";
	case BNB_PARAM_FILE: return "file";
	}
	return NULL;
}

int params_is_text(uint32_t type)
{
	return type == BNB_PARAM_STRING || type == BNB_PARAM_ENUM || type == BNB_PARAM_FILE;
}

static int choice_ok(const char *choices, const char *text)
{
	size_t n = strlen(text);
	const char *p = choices;

	while (p && *p) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, text, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

static int parse_int(const char *text, int64_t *out)
{
	char *end;
	long long v;

	if (!*text)
		return BNB_EINVAL;
	v = strtoll(text, &end, 10);
	if (*end)
		return BNB_EINVAL;
	*out = v;
	return BNB_OK;
}

int params_parse(const struct bnb_param *def, const char *text, struct param_value *out,
                 struct bnb_err *e)
{
	uint64_t u = 0;
	int b = 0, rc = BNB_OK;

	memset(out, 0, sizeof *out);
	out->def = def;
	switch (def->type) {
	case BNB_PARAM_BOOL: rc = parse_bool(text, &b); out->i = b; break;
	case BNB_PARAM_INT: rc = parse_int(text, &out->i); break;
	case BNB_PARAM_SIZE: rc = parse_size(text, &u); out->i = (int64_t)u; break;
	case BNB_PARAM_DURATION: rc = parse_duration_ns(text, &u); out->i = (int64_t)u; break;
	case BNB_PARAM_DOUBLE: rc = parse_double(text, &out->d); break;
	case BNB_PARAM_PERCENT: rc = parse_percent(text, &out->d); break;
	case BNB_PARAM_STRING: break;
	case BNB_PARAM_ENUM: rc = choice_ok(def->choices, text) ? BNB_OK : BNB_EINVAL; break;
	case BNB_PARAM_FILE: rc = *text ? BNB_OK : BNB_EINVAL; break;
	default:
		return err_set(e, BNB_EINVAL, "parameter '%s' has unknown type %u", def->name, def->type);
	}
	if (rc) {
		if (def->type == BNB_PARAM_ENUM)
			return err_set(e, BNB_EINVAL, "invalid value '%s' for parameter '%s' (expected %s)",
			               text, def->name, def->choices ? def->choices : "?");
		return err_set(e, BNB_EINVAL, "invalid value '%s' for parameter '%s' (expected a %s)",
		               text, def->name, params_type_name(def->type));
	}
	if (def->type == BNB_PARAM_BOOL || def->type == BNB_PARAM_INT || def->type == BNB_PARAM_SIZE ||
	    def->type == BNB_PARAM_DURATION)
		out->d = (double)out->i;
	if (def->min <= def->max && !params_is_text(def->type) && (out->d < def->min || out->d > def->max))
		return err_set(e, BNB_EINVAL, "value '%s' for parameter '%s' is out of range [%g, %g]",
		               text, def->name, def->min, def->max);
	out->text = xstrdup(text);
	if (def->type == BNB_PARAM_FILE && text[0] == '/')
		out->path = xstrdup(text);   /* a plugin's default; a suite's value is resolved later */
	return BNB_OK;
}

int params_bind(const struct bnb_param *defs, size_t n_defs, const char *const *names,
                const char *const *values, size_t n, int strict, struct param_set *out,
                size_t *bad, struct bnb_err *e)
{
	int rc;

	out->v = xcalloc(n_defs, sizeof *out->v);
	out->n = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j;
		for (j = 0; j < n_defs; j++)
			if (strcmp(defs[j].name, names[i]) == 0)
				break;
		if (j == n_defs) {
			if (!strict)
				continue;
			const char **cands = xcalloc(n_defs, sizeof *cands);
			for (size_t c = 0; c < n_defs; c++)
				cands[c] = defs[c].name;
			const char *s = suggest(names[i], cands, n_defs);
			free(cands);
			*bad = i;
			params_free(out);
			if (s)
				return err_set(e, BNB_EINVAL, "unknown parameter '%s' (did you mean '%s'?)", names[i], s);
			return err_set(e, BNB_EINVAL, "unknown parameter '%s'", names[i]);
		}
	}
	for (size_t j = 0; j < n_defs; j++) {
		const char *text = defs[j].default_value;
		int given = 0;
		size_t from = 0;

		/* The last pair wins, so later (more specific) settings override. */
		for (size_t i = 0; i < n; i++) {
			if (strcmp(defs[j].name, names[i]) == 0) {
				text = values[i];
				given = 1;
				from = i;
			}
		}
		if (!text)
			continue;
		rc = params_parse(&defs[j], text, &out->v[out->n], e);
		if (rc) {
			*bad = given ? from : (size_t)-1;
			params_free(out);
			return rc;
		}
		out->v[out->n].given = given;
		out->v[out->n++].from = from;
	}
	return BNB_OK;
}

const struct param_value *params_find(const struct param_set *ps, const char *name)
{
	for (size_t i = 0; ps && i < ps->n; i++)
		if (strcmp(ps->v[i].def->name, name) == 0)
			return &ps->v[i];
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	const struct param_value *const *x = a, *const *y = b;
	return strcmp((*x)->def->name, (*y)->def->name);
}

char *params_canonical(const struct param_set *ps, int skip_strings)
{
	struct strbuf sb = STRBUF_INIT;
	const struct param_value **sorted = xcalloc(ps->n ? ps->n : 1, sizeof *sorted);
	size_t n = 0;

	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].given && !(skip_strings && (ps->v[i].def->type == BNB_PARAM_STRING ||
		                                         ps->v[i].def->type == BNB_PARAM_FILE)))
			sorted[n++] = &ps->v[i];
	qsort(sorted, n, sizeof *sorted, by_name);
	for (size_t i = 0; i < n; i++)
		sb_addf(&sb, "%s%s=%s", i ? ";" : "", sorted[i]->def->name, sorted[i]->text);
	free(sorted);
	return sb.buf ? sb.buf : xstrdup("");
}

void params_free(struct param_set *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->v[i].text);
		free(ps->v[i].path);
	}
	free(ps->v);
	ps->v = NULL;
	ps->n = 0;
}
