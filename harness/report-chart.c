/* bnbench report: the charts (series of numbers) drawn from a run, its baseline and history. */
#include "config.h"

#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The chart named prefix-a-b, made empty if new (*created set then). */
struct report_chart *report_chart_get(struct report_doc *d, enum report_section sec, enum chart_kind kind,
                                      const char *prefix, const char *a, const char *b, int *created)
{
	struct strbuf name = STRBUF_INIT;
	struct report_chart *ch;

	sb_adds(&name, prefix);
	if (a) {
		sb_adds(&name, "-");
		report_stem_add(&name, a);
	}
	if (b) {
		sb_adds(&name, "-");
		report_stem_add(&name, b);
	}
	*created = 0;
	for (size_t i = 0; i < d->n_charts; i++)
		if (strcmp(d->charts[i].name, name.buf) == 0) {
			sb_free(&name);
			return &d->charts[i];
		}
	*created = 1;
	d->charts = xrealloc(d->charts, (d->n_charts + 1) * sizeof *d->charts);
	ch = &d->charts[d->n_charts++];
	memset(ch, 0, sizeof *ch);
	ch->section = sec;
	ch->kind = kind;
	ch->name = name.buf;
	ch->ref_y = NAN;
	return ch;
}

size_t report_chart_cat(struct report_chart *ch, const char *label)
{
	for (size_t i = 0; i < ch->n_cats; i++)
		if (strcmp(ch->cats[i], label) == 0)
			return i;
	ch->cats = xrealloc(ch->cats, (ch->n_cats + 1) * sizeof *ch->cats);
	ch->cats[ch->n_cats] = xstrdup(label);
	return ch->n_cats++;
}

struct chart_series *report_chart_series(struct report_chart *ch, const char *title)
{
	for (size_t i = 0; i < ch->n_series; i++)
		if (strcmp(ch->series[i].title, title) == 0)
			return &ch->series[i];
	ch->series = xrealloc(ch->series, (ch->n_series + 1) * sizeof *ch->series);
	memset(&ch->series[ch->n_series], 0, sizeof *ch->series);
	ch->series[ch->n_series].title = xstrdup(title);
	return &ch->series[ch->n_series++];
}

void report_series_add(struct chart_series *s, size_t cat, double x, double y, double lo, double hi, int mark)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		s->pts = xrealloc(s->pts, s->cap * sizeof *s->pts);
	}
	s->pts[s->n++] = (struct chart_point){ cat, x, y, lo, hi, mark };
}

static int cmp_point_x(const void *a, const void *b)
{
	const struct chart_point *p = a, *q = b;
	return (p->x > q->x) - (p->x < q->x);
}

/*
 * Divide every y by the prefix scale that fits the largest value; ch->unit,
 * the base unit ("elem"), becomes the scaled one ("Gelem/s") and labels the axis.
 */
static void chart_scale_rate(struct report_chart *ch, const char *what)
{
	const char *prefix;
	double max = 0, scale;
	char *unit;

	for (size_t i = 0; i < ch->n_series; i++)
		for (size_t j = 0; j < ch->series[i].n; j++) {
			const struct chart_point *p = &ch->series[i].pts[j];
			if (isfinite(p->y) && p->y > max)
				max = p->y;
		}
	scale = report_rate_scale(max, &prefix);
	for (size_t i = 0; i < ch->n_series; i++)
		for (size_t j = 0; j < ch->series[i].n; j++) {
			struct chart_point *p = &ch->series[i].pts[j];
			p->y /= scale;
			p->lo /= scale;
			p->hi /= scale;
		}
	unit = xasprintf("%s%s/s", prefix, ch->unit);
	free(ch->unit);
	ch->unit = unit;
	ch->ylabel = xasprintf("%s (%s)", what, ch->unit);
}

static void scale_section(struct report_doc *d, enum report_section sec)
{
	for (size_t i = 0; i < d->n_charts; i++)
		if (d->charts[i].section == sec)
			chart_scale_rate(&d->charts[i], "throughput");
}

static const char *scheme_upper(const char *s, char *buf, size_t len)
{
	size_t i = 0;
	for (; s && s[i] && i + 1 < len; i++)
		buf[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
	buf[i] = '\0';
	return buf;
}

/* A log y axis for bars whose heights span more than 30x (the small ones would not show); says so in the label. */
static void log_if_wide(struct report_chart *ch)
{
	double lo = INFINITY, hi = 0;
	char *label;

	for (size_t i = 0; i < ch->n_series; i++)
		for (size_t k = 0; k < ch->series[i].n; k++) {
			lo = fmin(lo, ch->series[i].pts[k].y);
			hi = fmax(hi, ch->series[i].pts[k].y);
		}
	ch->logy = lo > 0 && hi > 30 * lo;
	if (!ch->logy)
		return;
	label = xasprintf("%s, log scale", ch->ylabel);
	free(ch->ylabel);
	ch->ylabel = label;
}

/* Speed-up charts of `sec`: the y label, and a log axis where they span decades. */
static void log_when_wide(struct report_doc *d, enum report_section sec, const char *what)
{
	for (size_t j = 0; j < d->n_charts; j++) {
		struct report_chart *ch = &d->charts[j];
		if (ch->section != sec || ch->ylabel)
			continue;
		ch->ylabel = xasprintf("%s (x)", what);
		log_if_wide(ch);
	}
}

/* 1-D ops: throughput against size, a line per backend. */
static void throughput_charts(const struct report *r, struct report_doc *d, const struct case_result **v, size_t n)
{
	char up[64];

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = v[i];
		struct report_chart *ch;
		int created;
		if (c->m > 1)
			continue;
		ch = report_chart_get(d, SEC_THROUGHPUT, CHART_LINES, "throughput", c->op, c->scheme, &created);
		if (created) {
			ch->title = xasprintf("%s %s: throughput by size (run %lld)", c->op,
			                      scheme_upper(c->scheme, up, sizeof up), (long long)r->run.info.id);
			ch->xlabel = xstrdup("elements (log scale)");
			ch->unit = xstrdup(case_unit(c));
			ch->caption = xstrdup("Median throughput; error bars: 95% confidence interval of the median.");
		}
		report_series_add(report_chart_series(ch, c->backend), 0, (double)c->k, case_rate_at(c, c->stats.median),
		           case_rate_at(c, c->stats.ci_high), case_rate_at(c, c->stats.ci_low), 0);
	}
	for (size_t j = 0; j < d->n_charts; j++)
		for (size_t i = 0; d->charts[j].section == SEC_THROUGHPUT && i < d->charts[j].n_series; i++)
			qsort(d->charts[j].series[i].pts, d->charts[j].series[i].n, sizeof *d->charts[j].series[i].pts,
			      cmp_point_x);
	scale_section(d, SEC_THROUGHPUT);
}

/* 2-D ops (gemv): throughput per shape, a bar per backend. */
static void gemv_charts(const struct report *r, struct report_doc *d, const struct case_result **v, size_t n)
{
	char up[64];

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = v[i];
		struct report_chart *ch;
		int created;
		char *shape;
		if (c->m <= 1)
			continue;
		ch = report_chart_get(d, SEC_GEMV, CHART_BARS, c->op, c->scheme, NULL, &created);
		if (created) {
			ch->title = xasprintf("%s %s: throughput by shape (run %lld)", c->op,
			                      scheme_upper(c->scheme, up, sizeof up), (long long)r->run.info.id);
			ch->xlabel = xstrdup("shape (M x K: rows x columns of the weights)");
			ch->unit = xstrdup(case_unit(c));
			ch->caption = xstrdup("Median throughput; error bars: 95% confidence interval of the median.");
		}
		shape = report_shape(c);
		report_series_add(report_chart_series(ch, c->backend), report_chart_cat(ch, shape), 0, case_rate_at(c, c->stats.median),
		           case_rate_at(c, c->stats.ci_high), case_rate_at(c, c->stats.ci_low), 0);
		free(shape);
	}
	scale_section(d, SEC_GEMV);
	for (size_t j = 0; j < d->n_charts; j++)
		if (d->charts[j].section == SEC_GEMV)
			log_if_wide(&d->charts[j]);
}

/* The scalar case of c's op, scheme, shape and params. */
static const struct case_result *scalar_of(const struct case_result **v, size_t n, const struct case_result *c)
{
	for (size_t i = 0; i < n; i++) {
		const struct case_result *s = v[i];
		if (same(s->backend, "scalar") && case_same_work(s, c))
			return s;
	}
	return NULL;
}

static void speedup_charts(const struct report *r, struct report_doc *d, const struct case_result **v, size_t n)
{
	char up[64];

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = v[i], *s;
		struct report_chart *ch;
		int created;
		char *shape;
		if (same(c->backend, "scalar") || !(s = scalar_of(v, n, c)))
			continue;
		ch = report_chart_get(d, SEC_SPEEDUP, CHART_BARS, "speedup", c->op, c->scheme, &created);
		if (created) {
			ch->title = xasprintf("%s %s: speed-up over scalar (run %lld)", c->op,
			                      scheme_upper(c->scheme, up, sizeof up), (long long)r->run.info.id);
			ch->xlabel = xstrdup(c->m > 1 ? "shape (M x K)" : "elements");
			ch->unit = xstrdup("x");
			ch->ref_y = 1;
			ch->caption = xstrdup("Ratio of medians: scalar time / backend time.");
		}
		shape = report_shape(c);
		report_series_add(report_chart_series(ch, c->backend), report_chart_cat(ch, shape), 0, s->stats.median / c->stats.median,
		           NAN, NAN, 0);
		free(shape);
	}
	log_when_wide(d, SEC_SPEEDUP, "speed-up over scalar");
}

static void case_label(struct strbuf *sb, const struct case_result *c, int with_backend)
{
	char *shape = report_shape(c);

	sb_reset(sb);
	sb_addf(sb, "%s/", c->scheme);
	if (with_backend)
		sb_addf(sb, "%s/", c->backend);
	sb_adds(sb, shape);
	if (c->params && *c->params)
		sb_addf(sb, " (%s)", c->params);
	free(shape);
}

static void baseline_charts(const struct report *r, struct report_doc *d)
{
	struct strbuf label = STRBUF_INIT;

	for (size_t i = 0; i < r->n_changes; i++) {
		const struct report_change *x = &r->changes[i];
		int created;
		struct report_chart *ch = report_chart_get(d, SEC_BASELINE, CHART_CHANGE, "baseline", x->cur->op, NULL, &created);
		if (created) {
			ch->title = xasprintf("%s: run %lld against baseline %s (run %lld)", x->cur->op,
			                      (long long)r->run.info.id, r->base_name, (long long)r->base.info.id);
			ch->xlabel = xstrdup("case (scheme/backend/size)");
			ch->ylabel = xstrdup("change of median time (%; above 0: slower)");
			ch->unit = xstrdup("%");
			ch->ref_y = 0;
			ch->caption = xstrdup("Change of the median time per case; whiskers: bootstrap 95% confidence "
			                      "interval of the ratio of medians; colour: the class bnbench compare gives.");
		}
		case_label(&label, x->cur, 1);
		report_series_add(report_chart_series(ch, "change"), report_chart_cat(ch, sb_str(&label)), 0, (x->ratio - 1) * 100,
		           (x->ratio_low - 1) * 100, (x->ratio_high - 1) * 100, (int)x->cls);
	}
	sb_free(&label);
}

static void criterion_charts(const struct report *r, struct report_doc *d, const struct case_result **v,
                             size_t n)
{
	struct strbuf label = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = v[i], *b;
		struct report_chart *ch;
		int created;
		if (!(b = report_find_foreign(&r->base, c)))
			continue;
		ch = report_chart_get(d, SEC_BASELINE, CHART_BARS, "criterion", c->op, NULL, &created);
		if (created) {
			ch->title = xasprintf("%s: speed-up of run %lld over Criterion baseline %s", c->op,
			                      (long long)r->run.info.id, r->base_name);
			ch->subtitle = xstrdup("(the same job in different encodings: BitNet-rs block codes against the "
			                       "bitnet.cpp formats, bnbench-formats(7), OTHER ENCODINGS)");
			ch->xlabel = xstrdup("case (scheme/size)");
			ch->unit = xstrdup("x");
			ch->ref_y = 1;
			ch->caption = xasprintf(
				"Baseline %s was imported from Criterion (BitNet-rs), whose I2S, TL1 and TL2 are per-block "
				"absmax 2-bit codes with LSB-first packing, not the bitnet.cpp encodings bnbench measures "
				"(bnbench-formats(7), OTHER ENCODINGS): each bar compares the same job (n floats to a 2-bit ternary code "
				"and back) done in a different encoding. Speed-up: Criterion median / bnbench median.",
				r->base_name);
		}
		case_label(&label, c, 0);
		report_series_add(report_chart_series(ch, c->backend), report_chart_cat(ch, sb_str(&label)), 0,
		           b->stats.median / c->stats.median, NAN, NAN, 0);
	}
	sb_free(&label);
	log_when_wide(d, SEC_BASELINE, "speed-up over the baseline");
}

int report_regressed_at(const struct report *r, size_t run, const struct case_result *c)
{
	for (size_t i = 0; i < r->n_regs; i++)
		if (r->regs[i].run == run && case_same(r->regs[i].change.cur, c))
			return 1;
	return 0;
}

static void history_charts(const struct report *r, struct report_doc *d)
{
	char up[64];

	for (size_t t = 0; t < r->n_tracked; t++) {
		const struct case_result *c = r->tracked[t];
		char *label;
		int created;
		struct report_chart *ch = report_chart_get(d, SEC_HISTORY, CHART_HISTORY, "history", c->op, c->scheme, &created);
		char *shape;
		if (!created)
			continue;   /* filled with its op and scheme's first tracked case */
		shape = report_shape(c);
		ch->title = xasprintf("%s %s at %s: the last %zu run%s", c->op, scheme_upper(c->scheme, up, sizeof up),
		                      shape, r->n_hist, r->n_hist == 1 ? "" : "s");
		free(shape);
		ch->xlabel = xstrdup("run (id, commit, label)");
		ch->caption = xstrdup("Median throughput per run, log scale; band: 95% confidence interval of the "
		                      "median; marks: a regression bnbench compare finds against the run before.");
		ch->logy = 1;
		for (size_t i = 0; i < r->n_hist; i++) {
			char *tag = report_run_tag(&r->hist[i].info);
			report_chart_cat(ch, tag);
			free(tag);
		}
		for (size_t u = t; u < r->n_tracked; u++) {
			const struct case_result *k = r->tracked[u];
			if (!same(k->op, c->op) || !same(k->scheme, c->scheme))
				continue;
			for (size_t i = 0; i < r->n_hist; i++) {
				const struct case_result *h = report_find_case(&r->hist[i], k);
				if (case_usable(h))
					report_series_add(report_chart_series(ch, k->backend), i, (double)i, case_rate_at(h, h->stats.median),
					           case_rate_at(h, h->stats.ci_high), case_rate_at(h, h->stats.ci_low),
					           report_regressed_at(r, i, k) ? MARK_REGRESSION : 0);
			}
		}
		ch->unit = xstrdup(case_unit(c));
		chart_scale_rate(ch, "throughput");
		label = xasprintf("%s, log scale", ch->ylabel);
		free(ch->ylabel);
		ch->ylabel = label;
	}
}

/* Series in the usual backend order (insertion sort: stable, and the lists are short). */
static void series_order(struct report_chart *ch)
{
	for (size_t i = 1; i < ch->n_series; i++) {
		struct chart_series s = ch->series[i];
		size_t j = i;
		for (; j > 0 && report_backend_rank(ch->series[j - 1].title) > report_backend_rank(s.title); j--)
			ch->series[j] = ch->series[j - 1];
		ch->series[j] = s;
	}
}

void report_charts_build(const struct report *r, struct report_doc *d)
{
	size_t n;
	const struct case_result **v = report_sorted_cases(&r->run, &n);

	throughput_charts(r, d, v, n);
	gemv_charts(r, d, v, n);
	speedup_charts(r, d, v, n);
	if (r->has_base && r->base_criterion)
		criterion_charts(r, d, v, n);
	else if (r->has_base)
		baseline_charts(r, d);
	if (r->n_hist >= REPORT_HISTORY_MIN_PLOT)
		history_charts(r, d);
	report_case_charts_build(r, d);
	for (size_t i = 0; i < d->n_charts; i++)
		if (d->charts[i].kind != CHART_CHANGE)
			series_order(&d->charts[i]);
	free(v);
}
