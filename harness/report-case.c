/* bnbench report: each case's charts (distribution, samples in order, history) and the change points. */
#include "config.h"

#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The time unit that fits `ns`, and its size in ns. */
static const char *time_unit(double ns, double *scale)
{
	static const char *const units[] = { "ns", "us", "ms", "s" };
	size_t i = 0;

	*scale = 1;
	while (isfinite(ns) && ns >= 1000 * *scale && i < 3) {
		*scale *= 1000;
		i++;
	}
	return units[i];
}

/* The page stem of a case: its page name less "case-" and ".html". */
static char *page_stem(const struct report_case *rc)
{
	size_t len = strlen(rc->page);
	return xasprintf("%.*s", (int)(len - 5 - 5), rc->page + 5);
}

static char *run_title(const struct report *r)
{
	return xasprintf("run %" PRId64, r->run.info.id);
}

static char *base_title(const struct report *r)
{
	return xasprintf("baseline %s (run %" PRId64 ")", r->base_name, r->base.info.id);
}

/* The samples of the run, and of the baseline when it has the case, as densities. */
static void dist_chart(const struct report *r, struct report_doc *d, size_t i, const char *stem, double scale,
                       const char *unit)
{
	const struct report_case *rc = &r->cases[i];
	char *label = report_case_label(rc->c), *title;
	struct report_chart *ch;
	struct chart_series *s;
	int created;

	if (rc->c->n_samples < 2) {
		free(label);
		return;
	}
	ch = report_chart_get(d, SEC_CASES, CHART_DIST, "dist", stem, NULL, &created);
	ch->page = i + 1;
	ch->title = xasprintf("%s: distribution of the samples", label);
	ch->xlabel = xasprintf("time per iteration (%s)", unit);
	ch->ylabel = xstrdup("density");
	ch->unit = xstrdup(unit);
	ch->caption = xstrdup("Kernel density estimate of the samples (gnuplot smooth kdensity, each sample of "
	                      "weight 1/n); two humps mean a two-speed process.");
	title = run_title(r);
	s = report_chart_series(ch, title);
	free(title);
	for (size_t k = 0; k < rc->c->n_samples; k++)
		report_series_add(s, 0, (double)k, rc->c->samples[k] / scale, NAN, NAN, 0);
	if (rc->base && rc->base->n_samples >= 2) {
		title = base_title(r);
		s = report_chart_series(ch, title);
		free(title);
		for (size_t k = 0; k < rc->base->n_samples; k++)
			report_series_add(s, 0, (double)k, rc->base->samples[k] / scale, NAN, NAN, 0);
		free(ch->caption);
		ch->caption = xstrdup("Kernel density estimate of the samples of this run and of the baseline (gnuplot "
		                      "smooth kdensity, each sample of weight 1/n); two humps mean a two-speed process.");
	}
	free(label);
}

/* The run's samples in the order they were taken: drift and bursts show. */
static void order_chart(const struct report *r, struct report_doc *d, size_t i, const char *stem, double scale,
                        const char *unit)
{
	const struct report_case *rc = &r->cases[i];
	char *label = report_case_label(rc->c), *title = run_title(r);
	struct report_chart *ch;
	struct chart_series *s;
	int created;

	ch = report_chart_get(d, SEC_CASES, CHART_ORDER, "order", stem, NULL, &created);
	ch->page = i + 1;
	ch->title = xasprintf("%s: the samples in the order they were taken", label);
	ch->xlabel = xstrdup("sample");
	ch->ylabel = xasprintf("time per iteration (%s)", unit);
	ch->unit = xstrdup(unit);
	ch->ref_y = rc->c->stats.median / scale;
	ch->caption = xasprintf("Each sample is the mean of %" PRIu64 " iteration%s; dashed line: the median.",
	                        rc->c->iters_per_sample, rc->c->iters_per_sample == 1 ? "" : "s");
	s = report_chart_series(ch, title);
	for (size_t k = 0; k < rc->c->n_samples; k++)
		report_series_add(s, 0, (double)(k + 1), rc->c->samples[k] / scale, NAN, NAN, 0);
	free(title);
	free(label);
}

static int change_at(const struct report_case *rc, size_t pos)
{
	for (size_t j = 0; j < rc->n_cps; j++)
		if (rc->cps[j].at == pos)
			return 1;
	return 0;
}

/* The case's median time over the runs that measured it, on a log axis; none under REPORT_HISTORY_MIN_PLOT runs. */
static void history_chart(const struct report *r, struct report_doc *d, size_t i, const char *stem)
{
	const struct report_case *rc = &r->cases[i];
	struct report_chart *ch;
	struct chart_series *s;
	double max = 0, scale;
	const char *unit;
	char *label;
	int created;

	if (rc->n_runs < REPORT_HISTORY_MIN_PLOT)
		return;
	for (size_t j = 0; j < rc->n_runs; j++)
		max = fmax(max, report_find_case(&r->hist[rc->runs[j]], rc->c)->stats.median);
	unit = time_unit(max, &scale);
	label = report_case_label(rc->c);
	ch = report_chart_get(d, SEC_CASES, CHART_HISTORY, "hist", stem, NULL, &created);
	ch->page = i + 1;
	ch->title = xasprintf("%s: the last %zu runs", label, rc->n_runs);
	ch->xlabel = xstrdup("run (id, commit, label)");
	ch->ylabel = xasprintf("median time per iteration (%s), log scale", unit);
	ch->unit = xstrdup(unit);
	ch->logy = 1;
	ch->caption = xstrdup("Median time per run, log scale; band: 95% confidence interval of the median; "
	                      "circles: a regression against the run before (bnbench compare); dashed lines: a "
	                      "change point, where the level steps (bnbench history).");
	s = report_chart_series(ch, rc->c->backend ? rc->c->backend : "");
	for (size_t j = 0; j < rc->n_runs; j++) {
		const struct case_result *h = report_find_case(&r->hist[rc->runs[j]], rc->c);
		char *tag = report_run_tag(&r->hist[rc->runs[j]].info);
		size_t cat = report_chart_cat(ch, tag);
		int mark = (report_regressed_at(r, rc->runs[j], rc->c) ? MARK_REGRESSION : 0) |
		           (change_at(rc, j) ? MARK_CHANGE : 0);
		report_series_add(s, cat, (double)cat, h->stats.median / scale, h->stats.ci_low / scale,
		                  h->stats.ci_high / scale, mark);
		free(tag);
	}
	free(label);
}

void report_case_charts_build(const struct report *r, struct report_doc *d)
{
	for (size_t i = 0; i < r->n_cases; i++) {
		char *stem = page_stem(&r->cases[i]);
		double scale;
		const char *unit = time_unit(r->cases[i].c->stats.median, &scale);
		dist_chart(r, d, i, stem, scale, unit);
		order_chart(r, d, i, stem, scale, unit);
		history_chart(r, d, i, stem);
		free(stem);
	}
}

/* Index: every change point, its case linked to the case's page and its commit to the commit's page. */
static void changepoint_table(const struct report *r, struct report_doc *d)
{
	static const char *const head[] = { "Case", "From run", "Commit", "Before", "After", "Step" };
	struct report_table *t = report_table_new(d, SEC_HISTORY, xstrdup("Change points"), head, 6);

	t->align[0] = t->align[1] = t->align[2] = 'l';
	t->caption = xstrdup("Where a case's median time steps to a new level and stays there: binary segmentation "
	                     "on the medians of the runs (at least two runs on each side), a step of at least the "
	                     "case's threshold and significant against the spread of the runs and their own "
	                     "confidence intervals (bnbench-history(1)). The commit is the first of the new level.");
	for (size_t i = 0; i < r->n_cases; i++) {
		const struct report_case *rc = &r->cases[i];
		for (size_t j = 0; j < rc->n_cps; j++) {
			const struct changepoint *cp = &rc->cps[j];
			const struct run_info *run = &r->hist[rc->runs[cp->at]].info;
			char *row[6] = { report_case_label(rc->c), report_run_tag(run),
				         xasprintf("%.12s%s", run->git_commit ? run->git_commit : "-",
				                   run->git_dirty ? " (dirty)" : ""),
				         report_time3(cp->before), report_time3(cp->after), report_pct(1 + cp->step) };
			report_table_row(t, row);
			report_table_link(t, 0, xstrdup(rc->page));
			report_table_link(t, 2, report_commit_link(r, run->git_commit));
		}
	}
}

/* A case's page: its runs, each with its commit (linked), median, CI and what happened there. */
static void case_history_table(const struct report *r, struct report_doc *d, size_t i)
{
	static const char *const head[] = { "Run", "Commit", "Median", "95% CI", "Note" };
	const struct report_case *rc = &r->cases[i];
	struct report_table *t = report_table_new(d, SEC_HISTORY, xstrdup("Runs"), head, 5);

	t->page = i + 1;
	t->align[0] = t->align[1] = t->align[4] = 'l';
	t->caption = xasprintf("%zu run%s of the window measured this case; %zu change point%s.", rc->n_runs,
	                       rc->n_runs == 1 ? "" : "s", rc->n_cps, rc->n_cps == 1 ? "" : "s");
	for (size_t j = 0; j < rc->n_runs; j++) {
		const struct run_info *run = &r->hist[rc->runs[j]].info;
		const struct case_result *h = report_find_case(&r->hist[rc->runs[j]], rc->c);
		struct strbuf note = STRBUF_INIT;
		char lo[32], hi[32];
		report_fmt_time3(lo, sizeof lo, h->stats.ci_low);
		report_fmt_time3(hi, sizeof hi, h->stats.ci_high);
		for (size_t k = 0; k < rc->n_cps; k++)
			if (rc->cps[k].at == j) {
				char *p = report_pct(1 + rc->cps[k].step);
				sb_addf(&note, "change point: %s", p);
				free(p);
			}
		if (report_regressed_at(r, rc->runs[j], rc->c))
			sb_addf(&note, "%sregressed against the run before", note.len ? "; " : "");
		char *row[5] = { report_run_tag(run),
			         xasprintf("%.12s%s", run->git_commit ? run->git_commit : "-", run->git_dirty ? " (dirty)" : ""),
			         report_time3(h->stats.median), xasprintf("%s .. %s", lo, hi),
			         note.len ? note.buf : xstrdup("") };
		report_table_row(t, row);
		report_table_link(t, 1, report_commit_link(r, run->git_commit));
	}
}

void report_case_tables_build(const struct report *r, struct report_doc *d)
{
	if (!r->n_hist)
		return;
	changepoint_table(r, d);
	for (size_t i = 0; i < r->n_cases; i++)
		case_history_table(r, d, i);
}
