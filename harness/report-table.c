/* bnbench report: the tables, and the markdown and CSV documents. */
#include "config.h"

#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode-rate.h"
#include "output.h"
#include "roofline.h"

const char *report_section_title(enum report_section s)
{
	switch (s) {
	case SEC_CASES: return "Cases";
	case SEC_THROUGHPUT: return "Throughput by size";
	case SEC_GEMV: return "gemv";
	case SEC_SPEEDUP: return "Speed-up over scalar";
	case SEC_BASELINE: return "Against the baseline";
	case SEC_HISTORY: return "History";
	case SEC_COUNT: break;
	}
	return "";
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

struct report_table *report_table_new(struct report_doc *d, enum report_section sec, char *title,
                                      const char *const *head, size_t n_cols)
{
	struct report_table *t;

	d->tables = xrealloc(d->tables, (d->n_tables + 1) * sizeof *d->tables);
	t = &d->tables[d->n_tables++];
	memset(t, 0, sizeof *t);
	t->section = sec;
	t->title = title;
	t->n_cols = n_cols;
	t->head = xcalloc(n_cols, sizeof *t->head);
	t->align = xcalloc(n_cols + 1, 1);
	for (size_t i = 0; i < n_cols; i++) {
		t->head[i] = xstrdup(head[i]);
		t->align[i] = i ? 'r' : 'l';
	}
	return t;
}

void report_table_row(struct report_table *t, char **cells)
{
	if (t->n_rows == t->cap_rows) {
		size_t old = t->cap_rows * t->n_cols;
		t->cap_rows = t->cap_rows ? 2 * t->cap_rows : 8;
		t->cells = xrealloc(t->cells, t->cap_rows * t->n_cols * sizeof *t->cells);
		if (t->links) {
			t->links = xrealloc(t->links, t->cap_rows * t->n_cols * sizeof *t->links);
			memset(t->links + old, 0, (t->cap_rows * t->n_cols - old) * sizeof *t->links);
		}
	}
	memcpy(t->cells + t->n_rows * t->n_cols, cells, t->n_cols * sizeof *cells);
	t->n_rows++;
}

void report_table_link(struct report_table *t, size_t col, char *url)
{
	if (!url || !t->n_rows)
		return;
	if (!t->links)
		t->links = xcalloc(t->cap_rows * t->n_cols, sizeof *t->links);
	free(t->links[(t->n_rows - 1) * t->n_cols + col]);
	t->links[(t->n_rows - 1) * t->n_cols + col] = url;
}

#define table_new report_table_new
#define table_row report_table_row

char *report_time3(double ns)
{
	char buf[32];
	report_fmt_time3(buf, sizeof buf, ns);
	return xstrdup(buf);
}

/* A case's median, marked when the case is noisy (its CI wider than its target). */
static char *case_time3(const struct case_result *c)
{
	char buf[32];

	if (!c)
		return report_time3(NAN);
	report_fmt_time3(buf, sizeof buf, c->stats.median);
	return xasprintf("%s%s", buf, case_noisy(c) ? " (noisy)" : "");
}

char *report_rate3(double per_s, const char *unit)
{
	char buf[48];
	report_fmt_rate3(buf, sizeof buf, per_s, unit);
	return xstrdup(buf);
}

char *report_num3(double v)
{
	if (!isfinite(v))
		return xstrdup("-");
	return xasprintf(fabs(v) >= 99.95 ? "%.0f" : fabs(v) >= 9.995 ? "%.1f" : "%.2f", v);
}

static char *upper(const char *s)
{
	char *u = xstrdup(s ? s : "");
	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
}

static const struct case_result *find(const struct report_run *run, const char *op, const char *scheme,
                                      const char *backend, uint64_t m, uint64_t k)
{
	for (size_t i = 0; i < run->n_cases; i++) {
		const struct case_result *c = &run->cases[i];
		if (c->m == m && c->k == k && same(c->op, op) && same(c->scheme, scheme) && same(c->backend, backend) &&
		    case_usable(c))
			return c;
	}
	return NULL;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int is_quant(const struct case_result *c)
{
	return c->m <= 1 && (same(c->op, "quantize") || same(c->op, "dequantize")) && case_usable(c);
}

/* Per scheme and backend, the BitNet-rs baseline summary layout: a row per size. */
static void quant_tables(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Size", "Quantize Time", "Quantize Throughput", "Dequantize Time",
		                            "Dequantize Throughput" };
	const struct report_run *run = &r->run;
	uint64_t *sizes = xcalloc(run->n_cases + 1, sizeof *sizes);
	const struct case_result **firsts = xcalloc(run->n_cases + 1, sizeof *firsts);
	size_t nf = 0;

	for (size_t i = 0; i < run->n_cases; i++) {
		const struct case_result *c = &run->cases[i];
		int seen = 0;
		if (!is_quant(c))
			continue;
		for (size_t j = 0; j < nf && !seen; j++)
			seen = same(firsts[j]->scheme, c->scheme) && same(firsts[j]->backend, c->backend);
		if (!seen)
			firsts[nf++] = c;
	}
	report_sort_cases(run, firsts, nf);
	for (size_t f = 0; f < nf; f++) {
		const struct case_result *c = firsts[f];
		struct report_table *t;
		size_t n = 0;
		char *su;
		for (size_t j = 0; j < run->n_cases; j++) {
			const struct case_result *x = &run->cases[j];
			size_t k = 0;
			if (!is_quant(x) || !same(x->scheme, c->scheme) || !same(x->backend, c->backend))
				continue;
			while (k < n && sizes[k] != x->k)
				k++;
			if (k == n)
				sizes[n++] = x->k;
		}
		qsort(sizes, n, sizeof *sizes, cmp_u64);
		su = upper(c->scheme);
		t = table_new(d, SEC_THROUGHPUT, xasprintf("%s, %s", su, c->backend), head, 5);
		free(su);
		for (size_t k = 0; k < n; k++) {
			const struct case_result *q = find(run, "quantize", c->scheme, c->backend, c->m, sizes[k]);
			const struct case_result *dq = find(run, "dequantize", c->scheme, c->backend, c->m, sizes[k]);
			char *row[5] = { xasprintf("%" PRIu64, sizes[k]),
				         case_time3(q),
				         report_rate3(q ? case_throughput(q) : NAN, "elem"),
				         case_time3(dq),
				         report_rate3(dq ? case_throughput(dq) : NAN, "elem") };
			table_row(t, row);
		}
	}
	free(firsts);
	free(sizes);
}

/* GB/s of the packed weights alone: the bytes of a gemv less its 4K + 4M of activations. */
static double weights_gbps(const struct case_result *c)
{
	double act = 4.0 * (double)(c->m + c->k);
	return c->bytes > act ? (c->bytes - act) / c->stats.median : NAN;
}

static void gemv_tables(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Shape", "Backend", "Time", "GMAC/s", "GB/s (weights)", "Roofline" };
	const struct report_run *run = &r->run;
	size_t n, n_cols = roofline_any(run->cases, run->n_cases) ? 6 : 5;   /* Roofline: with membw cases */
	const struct case_result **v = report_sorted_cases(run, &n);
	struct report_table *t = NULL;
	const struct case_result *prev = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = v[i];
		double roof = roofline_fraction(c, run->cases, run->n_cases);
		if (c->m <= 1)
			continue;
		if (!prev || !same(c->op, prev->op) || !same(c->scheme, prev->scheme)) {
			char *su = upper(c->scheme);
			t = table_new(d, SEC_GEMV, xasprintf("%s %s", c->op, su), head, n_cols);
			t->align[1] = 'l';
			if (n_cols > 5)
				t->caption = xstrdup(ROOFLINE_CAPTION);
			free(su);
		}
		char *row[6] = { report_shape(c), xstrdup(c->backend), case_time3(c),
			         report_num3(case_throughput(c) / 1e9), report_num3(weights_gbps(c)),
			         isfinite(roof) ? xasprintf(roof < 0.0995 ? "%.1f%%" : "%.0f%%", roof * 100) : xstrdup("-") };
		if (n_cols == 5)
			free(row[5]);
		table_row(t, row);
		prev = c;
	}
	free(v);
}

static void decode_table(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Scheme", "Backend", "Threads", "Per layer", "Per token", "Tokens/s" };
	struct decode_model m;
	struct decode_rate *v;
	struct report_table *t;
	size_t n;

	if (!decode_model_from_run(&r->run.info, &m))
		return;
	n = decode_rates(&m, r->run.cases, r->run.n_cases, &v);
	t = table_new(d, SEC_GEMV, xasprintf("Projected decode rate of %s (%s)", m.name, DECODE_RATE_LABEL), head, 6);
	t->align[1] = 'l';
	t->caption = xasprintf("tokens/s = 1 / (sum of the medians of one layer's %zu gemvs x %" PRIu64 " layers), per "
	                       "scheme, backend and thread count with every shape measured. The linear layers only: "
	                       "attention over the KV cache, norms, activations and sampling are not counted; and each "
	                       "case repeats one matrix, cache-warm where it fits, where a token reads every layer's "
	                       "weights from memory. A model runs slower than this.", m.n_linear, m.layers);
	for (size_t i = 0; i < n; i++) {
		char *su = upper(v[i].scheme);
		char *row[6] = { v[i].params && *v[i].params ? xasprintf("%s @%s", su, v[i].params) : xstrdup(su),
			         xstrdup(v[i].backend), xasprintf("%u", v[i].threads), report_time3(v[i].layer_ns),
			         report_time3(v[i].token_ns), report_num3(v[i].tokens_per_s) };
		free(su);
		table_row(t, row);
	}
	free(v);
	decode_model_free(&m);
}

/* A table of a bar chart: a row per category, a column per series. */
static void chart_table(struct report_doc *d, size_t ci, const char *first_col, const char *suffix)
{
	const struct report_chart *ch = &d->charts[ci];
	const char **head = xcalloc(ch->n_series + 1, sizeof *head);
	struct report_table *t;
	char **row = xcalloc(ch->n_series + 1, sizeof *row);
	enum report_section sec = ch->section;
	char *title = xstrdup(ch->title);

	head[0] = first_col;
	for (size_t i = 0; i < ch->n_series; i++)
		head[i + 1] = ch->series[i].title;
	t = table_new(d, sec, title, head, ch->n_series + 1);
	for (size_t c = 0; c < ch->n_cats; c++) {
		row[0] = xstrdup(ch->cats[c]);
		for (size_t i = 0; i < ch->n_series; i++) {
			const struct chart_series *s = &ch->series[i];
			size_t j = 0;
			while (j < s->n && s->pts[j].cat != c)
				j++;
			if (j < s->n) {
				char *v = report_num3(s->pts[j].y);
				row[i + 1] = xasprintf("%s%s", v, suffix);
				free(v);
			} else {
				row[i + 1] = xstrdup("-");
			}
		}
		table_row(t, row);
	}
	free(row);
	free(head);
}

static void speedup_tables(struct report_doc *d)
{
	size_t n = d->n_charts;
	for (size_t i = 0; i < n; i++)
		if (d->charts[i].section == SEC_SPEEDUP)
			chart_table(d, i, d->charts[i].xlabel[0] == 's' ? "Shape" : "Size", "x");
}

char *report_pct(double ratio)
{
	return isfinite(ratio) ? xasprintf("%+.1f%%", (ratio - 1) * 100) : xstrdup("-");
}

char *report_pct_ci(double lo, double hi)
{
	if (!isfinite(lo) || !isfinite(hi))
		return xstrdup("-");
	return xasprintf("%+.1f%% .. %+.1f%%", (lo - 1) * 100, (hi - 1) * 100);
}

static char *case_name(const struct case_result *c)
{
	return xstrdup(c->name ? c->name : "");
}

static void baseline_table(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Case", "Baseline", "This run", "Change", "95% CI", "Class" };
	size_t counts[CMP_N_CLASSES] = { 0 };
	struct report_table *t = table_new(d, SEC_BASELINE,
	                                   xasprintf("Run %" PRId64 " against baseline %s (run %" PRId64 ")",
	                                             r->run.info.id, r->base_name, r->base.info.id),
	                                   head, 6);

	t->align[5] = 'l';
	for (size_t i = 0; i < r->n_changes; i++) {
		const struct report_change *x = &r->changes[i];
		char *row[6] = { case_name(x->cur), case_time3(x->base), case_time3(x->cur),
			         report_pct(x->ratio), report_pct_ci(x->ratio_low, x->ratio_high), xstrdup(compare_class_name(x->cls)) };
		table_row(t, row);
		counts[x->cls]++;
	}
	t->caption = xasprintf("%zu cases matched: %zu regressed, %zu improved, %zu unchanged, %zu inconclusive "
	                       "(ratio of medians with a bootstrap 95%% CI, each case's threshold).",
	                       r->n_changes, counts[CMP_REGRESSED], counts[CMP_IMPROVED], counts[CMP_UNCHANGED],
	                       counts[CMP_INCONCLUSIVE]);
}

static void criterion_table(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Case", "Backend", "Criterion", "This run", "Speed-up" };
	struct report_table *t = table_new(d, SEC_BASELINE,
	                                   xasprintf("Run %" PRId64 " against Criterion baseline %s", r->run.info.id,
	                                             r->base_name),
	                                   head, 5);

	t->align[1] = 'l';
	t->caption = xasprintf("Baseline %s was imported from Criterion (BitNet-rs): its I2S, TL1 and TL2 are "
	                       "per-block absmax 2-bit codes with LSB-first packing, not the bitnet.cpp encodings "
	                       "bnbench measures (bnbench-formats(7), OTHER ENCODINGS). The rows compare the same job done in "
	                       "different encodings.", r->base_name);
	size_t n;
	const struct case_result **v = report_sorted_cases(&r->run, &n);

	for (size_t i = 0; i < n; i++) {
		const struct case_result *c = v[i], *b = report_find_foreign(&r->base, c);
		char *shape, *speedup;
		if (!b)
			continue;
		shape = report_shape(c);
		speedup = report_num3(b->stats.median / c->stats.median);
		char *row[5] = { xasprintf("%s/%s/%s", c->op, c->scheme, shape), xstrdup(c->backend),
			         report_time3(b->stats.median), report_time3(c->stats.median), xasprintf("%sx", speedup) };
		free(shape);
		free(speedup);
		table_row(t, row);
	}
	free(v);
}

static void history_table(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Run", "Against", "Case", "Change", "95% CI" };
	const struct report_run *first = &r->hist[0], *last = &r->hist[r->n_hist - 1];
	struct report_table *t = table_new(d, SEC_HISTORY, xstrdup("Regressions between consecutive runs"), head, 5);
	struct strbuf cap = STRBUF_INIT;

	t->align[1] = 'l';
	t->align[2] = 'l';
	for (size_t i = 0; i < r->n_regs; i++) {
		const struct report_regression *g = &r->regs[i];
		char *row[5] = { report_run_tag(&r->hist[g->run].info), report_run_tag(&r->hist[g->run - 1].info),
			         case_name(g->change.cur), report_pct(g->change.ratio),
			         report_pct_ci(g->change.ratio_low, g->change.ratio_high) };
		table_row(t, row);
	}
	sb_addf(&cap, "%zu run%s of suite %s on host %s, from run %" PRId64 " to run %" PRId64 ". ", r->n_hist,
	        r->n_hist == 1 ? "" : "s",
	        last->info.suite ? last->info.suite : "-", last->info.host ? last->info.host : "-", first->info.id,
	        last->info.id);
	if (r->hist_dropped)
		sb_addf(&cap, "%zu older runs left out (at most %d are shown). ", r->hist_dropped, REPORT_HISTORY_MAX);
	sb_addf(&cap, "Every case of run %" PRId64 " against the run before, as bnbench compare finds regressions.",
	        r->run.info.id);
	t->caption = cap.buf;
}

/* The summary: a row per measured case, linked to its page. */
static void cases_table(const struct report *r, struct report_doc *d)
{
	const char *head[8] = { "Case", "Median", "95% CI", "Throughput", "Samples", "Status" };
	size_t n_cols = 6;
	struct report_table *t;

	if (r->has_base)
		head[n_cols++] = "Baseline";
	if (r->n_hist)
		head[n_cols++] = "Change points";
	t = table_new(d, SEC_CASES, xasprintf("%zu measured case%s", r->n_cases, r->n_cases == 1 ? "" : "s"), head,
	              n_cols);
	t->align[0] = t->align[5] = 'l';
	t->caption = xstrdup("Each case links to its page: the distribution of its samples, the samples in the "
	                     "order they were taken, and its history. Noisy: a confidence interval wider than the "
	                     "case's target.");
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct report_case *rc = &r->cases[i];
		const struct case_result *c = rc->c;
		char lo[32], hi[32];
		char *row[8] = { 0 };
		size_t k = 6;

		report_fmt_time3(lo, sizeof lo, c->stats.ci_low);
		report_fmt_time3(hi, sizeof hi, c->stats.ci_high);
		row[0] = report_case_label(c);
		row[1] = report_time3(c->stats.median);
		row[2] = xasprintf("%s .. %s", lo, hi);
		row[3] = report_rate3(case_throughput(c), case_unit(c));
		row[4] = xasprintf("%zu", c->n_samples);
		row[5] = xstrdup(case_noisy(c) ? "noisy" : "ok");
		if (r->has_base && rc->change) {
			char *p = report_pct(rc->change->ratio);
			row[k++] = xasprintf("%s %s", p, compare_class_name(rc->change->cls));
			free(p);
		} else if (r->has_base) {
			row[k++] = xstrdup(rc->base ? "matched" : "-");
		}
		if (r->n_hist)
			row[k++] = xasprintf("%zu", rc->n_cps);
		table_row(t, row);
		report_table_link(t, 0, xstrdup(rc->page));
	}
}

void report_tables_build(const struct report *r, struct report_doc *d)
{
	if (r->n_cases)
		cases_table(r, d);
	quant_tables(r, d);
	gemv_tables(r, d);
	decode_table(r, d);
	speedup_tables(d);
	if (r->has_base && r->base_criterion)
		criterion_table(r, d);
	else if (r->has_base)
		baseline_table(r, d);
	if (r->n_hist)
		history_table(r, d);
	report_case_tables_build(r, d);
}

static void md_cell(struct strbuf *out, const char *s, size_t width, char align)
{
	size_t len = strlen(s);
	if (align == 'r')
		sb_addf(out, " %*s%s |", (int)(width - len), "", s);
	else
		sb_addf(out, " %s%*s |", s, (int)(width - len), "");
}

static void md_table(struct strbuf *out, const struct report_table *t)
{
	size_t *w = xcalloc(t->n_cols, sizeof *w);

	sb_addf(out, "### %s\n\n", t->title);
	if (t->caption)
		sb_addf(out, "%s\n\n", t->caption);
	if (t->n_rows == 0) {
		sb_adds(out, "(none)\n\n");
		free(w);
		return;
	}
	for (size_t c = 0; c < t->n_cols; c++) {
		w[c] = strlen(t->head[c]) > 3 ? strlen(t->head[c]) : 3;
		for (size_t r = 0; r < t->n_rows; r++)
			if (strlen(t->cells[r * t->n_cols + c]) > w[c])
				w[c] = strlen(t->cells[r * t->n_cols + c]);
	}
	sb_adds(out, "|");
	for (size_t c = 0; c < t->n_cols; c++)
		md_cell(out, t->head[c], w[c], t->align[c]);
	sb_adds(out, "\n|");
	for (size_t c = 0; c < t->n_cols; c++) {
		sb_adds(out, t->align[c] == 'r' ? " " : " :");
		for (size_t k = 0; k < w[c] - 1; k++)
			sb_adds(out, "-");
		sb_adds(out, t->align[c] == 'r' ? ": |" : " |");
	}
	sb_adds(out, "\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		sb_adds(out, "|");
		for (size_t c = 0; c < t->n_cols; c++)
			md_cell(out, t->cells[r * t->n_cols + c], w[c], t->align[c]);
		sb_adds(out, "\n");
	}
	sb_adds(out, "\n");
	free(w);
}

/* Noisy cases named in the facts; the others are counted. */
#define REPORT_NOISY_NAMES 8

size_t report_facts(const struct report *r, struct report_fact *out, size_t max)
{
	const struct run_info *run = &r->run.info;
	char when[64] = "-";
	time_t secs = (time_t)(run->started_ns / 1000000000u);
	struct tm tm;
	size_t n = 0, counts[4] = { 0, 0, 0, 0 }, noisy = 0;
	struct strbuf names = STRBUF_INIT;

	for (size_t i = 0; i < r->run.n_cases; i++) {
		const struct case_result *c = &r->run.cases[i];

		if ((unsigned)c->status < 4)
			counts[c->status]++;
		if (case_noisy(c) && noisy++ < REPORT_NOISY_NAMES)
			sb_addf(&names, "%s%s", noisy > 1 ? ", " : "", c->name);
	}
	if (noisy > REPORT_NOISY_NAMES)
		sb_addf(&names, " and %zu more", noisy - REPORT_NOISY_NAMES);
	if (gmtime_r(&secs, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
#define FACT(k, ...) do { if (n < max) { out[n].key = k; out[n].value = xasprintf(__VA_ARGS__); n++; } } while (0)
	FACT("Run", "%" PRId64 " (%s)", run->id, run_status_name(run->status));
	FACT("Suite", "%s", run->suite ? run->suite : "-");
	if (run->label)
		FACT("Label", "%s", run->label);
	if (run->git_commit)
		FACT("Commit", "%.12s%s", run->git_commit, run->git_dirty ? " (dirty)" : "");
	FACT("Host", "%s", run->host ? run->host : "-");
	FACT("Started", "%s", when);
	FACT("bnbench", "%s", run->version && *run->version ? run->version : "-");
	FACT("Source", "%s", run->source ? run->source : "-");
	FACT("Cases", "%zu ok, %zu noisy, %zu failed, %zu errors, %zu skipped", counts[CASE_OK] - noisy, noisy,
	     counts[CASE_FAILED], counts[CASE_ERROR], counts[CASE_SKIPPED]);
	if (noisy)
		FACT("Noisy", "%s (95%% CI of the median wider than its target)", sb_str(&names));
	sb_free(&names);
	if (r->has_base)
		FACT("Baseline", "%s (run %" PRId64 "%s)", r->base_name, r->base.info.id,
		     r->base_criterion ? ", imported from Criterion" : "");
	if (r->n_hist)
		FACT("History", "%zu run%s, %" PRId64 " to %" PRId64, r->n_hist, r->n_hist == 1 ? "" : "s", r->hist[0].info.id,
		     r->hist[r->n_hist - 1].info.id);
#undef FACT
	return n;
}

void report_markdown(const struct report *r, const struct report_doc *d, struct strbuf *out)
{
	struct report_fact facts[16];
	size_t nf = report_facts(r, facts, 16);

	sb_addf(out, "# bnbench report: run %" PRId64 "\n\n", r->run.info.id);
	for (size_t i = 0; i < nf; i++) {
		sb_addf(out, "- %s: %s\n", facts[i].key, facts[i].value);
		free(facts[i].value);
	}
	sb_adds(out, "\n");
	if (d->n_charts == 0 && d->n_tables == 0)
		sb_addf(out, "%s\n", REPORT_NOTHING);
	for (int s = 0; s < SEC_COUNT; s++) {
		int any = 0;
		for (size_t i = 0; i < d->n_charts; i++)
			any |= d->charts[i].section == (enum report_section)s && !d->charts[i].page;
		for (size_t i = 0; i < d->n_tables; i++)
			any |= d->tables[i].section == (enum report_section)s && !d->tables[i].page;
		if (!any)
			continue;
		sb_addf(out, "## %s\n\n", report_section_title((enum report_section)s));
		for (size_t i = 0; i < d->n_charts; i++) {
			const struct report_chart *ch = &d->charts[i];
			if (ch->section == (enum report_section)s && ch->image && !ch->page)
				sb_addf(out, "![%s](%s)\n\n", ch->title, ch->image);
		}
		for (size_t i = 0; i < d->n_tables; i++)
			if (d->tables[i].section == (enum report_section)s && !d->tables[i].page)
				md_table(out, &d->tables[i]);
	}
}

static void csv_field(struct strbuf *out, const char *s)
{
	sb_adds(out, "\"");
	for (; s && *s; s++)
		sb_add(out, *s == '"' ? "\"\"" : s, *s == '"' ? 2 : 1);
	sb_adds(out, "\"");
}

static void csv_num(struct strbuf *out, double v)
{
	if (isfinite(v))
		sb_addf(out, ",%.6g", v);
	else
		sb_adds(out, ",");
}

void report_csv(const struct report_doc *d, struct strbuf *out)
{
	sb_adds(out, "chart,series,x,y,low,high,unit,mark\n");
	for (size_t i = 0; i < d->n_charts; i++) {
		const struct report_chart *ch = &d->charts[i];
		for (size_t s = 0; s < ch->n_series; s++) {
			const struct chart_series *se = &ch->series[s];
			for (size_t j = 0; j < se->n; j++) {
				const struct chart_point *p = &se->pts[j];
				const char *mark = "";
				sb_addf(out, "%s,", ch->name);
				csv_field(out, se->title);
				sb_adds(out, ",");
				if (ch->kind == CHART_LINES || ch->kind == CHART_DIST || ch->kind == CHART_ORDER) {
					sb_addf(out, "%.0f", p->x);
				} else {
					csv_field(out, ch->cats[p->cat]);
				}
				csv_num(out, p->y);
				csv_num(out, p->lo);
				csv_num(out, p->hi);
				if (ch->kind == CHART_CHANGE)
					mark = compare_class_name((enum compare_class)p->mark);
				else if (ch->kind == CHART_HISTORY && p->mark)
					mark = p->mark == MARK_REGRESSION ? "regression"
					       : p->mark == MARK_CHANGE ? "change point" : "regression, change point";
				sb_addf(out, ",%s,%s\n", ch->unit ? ch->unit : "", mark);
			}
		}
	}
}
