/* bnbench report: the page of one case (case-*.html), beside index.html. */
#include "config.h"

#include "report.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define esc report_html_esc

static void fact(struct strbuf *out, const char *key, char *value)
{
	sb_adds(out, "<tr><th>");
	esc(out, key);
	sb_adds(out, "</th><td>");
	esc(out, value);
	sb_adds(out, "</td></tr>\n");
	free(value);
}

static char *ci_text(const struct case_result *c)
{
	char lo[32], hi[32];
	report_fmt_time3(lo, sizeof lo, c->stats.ci_low);
	report_fmt_time3(hi, sizeof hi, c->stats.ci_high);
	return xasprintf("%s .. %s (%.2g%% of the median)", lo, hi, 100 * stats_ci_rel_width(&c->stats));
}

static void facts(struct strbuf *out, const struct report *r, const struct report_case *rc)
{
	const struct case_result *c = rc->c;
	char *shape = report_shape(c);

	sb_adds(out, "<table class=\"facts\">\n");
	fact(out, "Case", xstrdup(c->name ? c->name : "-"));
	fact(out, "Run", xasprintf("%" PRId64, r->run.info.id));
	fact(out, "Op, scheme, backend", xasprintf("%s, %s, %s", c->op ? c->op : "-", c->scheme ? c->scheme : "-",
	                                           c->backend ? c->backend : "-"));
	fact(out, "Shape", xstrdup(shape));
	if (c->params && *c->params)
		fact(out, "Parameters", xstrdup(c->params));
	fact(out, "Threads, processes", xasprintf("%u, %u", case_threads(c), case_processes(c)));
	fact(out, "Median", report_time3(c->stats.median));
	fact(out, "95% CI of the median", ci_text(c));
	if (isfinite(c->target_ci))
		fact(out, "CI target", xasprintf("%.2g%% of the median", 100 * c->target_ci));
	fact(out, "Status", xstrdup(case_noisy(c) ? "noisy: the CI is wider than its target" : "ok"));
	fact(out, "Throughput", report_rate3(case_throughput(c), case_unit(c)));
	fact(out, "Samples", xasprintf("%zu of %" PRIu64 " iteration%s each", c->n_samples, c->iters_per_sample,
	                               c->iters_per_sample == 1 ? "" : "s"));
	if (c->detail && *c->detail)
		fact(out, "Detail", xstrdup(c->detail));
	if (rc->base) {
		char *m = report_time3(rc->base->stats.median);
		fact(out, "Baseline", xasprintf("%s (run %" PRId64 "): median %s", r->base_name, r->base.info.id, m));
		free(m);
	}
	if (rc->change) {
		char *p = report_pct(rc->change->ratio), *ci = report_pct_ci(rc->change->ratio_low, rc->change->ratio_high);
		fact(out, "Against the baseline", xasprintf("%s (95%% CI %s): %s", p, ci, compare_class_name(rc->change->cls)));
		free(p);
		free(ci);
	}
	sb_adds(out, "</table>\n");
	free(shape);
}

void report_html_case(const struct report *r, const struct report_doc *d, size_t i, struct strbuf *out)
{
	const struct report_case *rc = &r->cases[i];
	char *label = report_case_label(rc->c), *title = xasprintf("bnbench report: %s", label);
	size_t page = i + 1;
	int any_hist = 0;

	report_html_head(out, title);
	sb_adds(out, "<nav><a href=\"index.html\">Index</a>");
	if (i > 0) {
		sb_adds(out, "<a href=\"");
		esc(out, r->cases[i - 1].page);
		sb_adds(out, "\">Previous case</a>");
	}
	if (i + 1 < r->n_cases) {
		sb_adds(out, "<a href=\"");
		esc(out, r->cases[i + 1].page);
		sb_adds(out, "\">Next case</a>");
	}
	sb_adds(out, "</nav>\n<h1>");
	esc(out, label);
	sb_adds(out, "</h1>\n");
	facts(out, r, rc);
	sb_adds(out, "<h2 id=\"samples\">Samples</h2>\n");
	for (size_t k = 0; k < d->n_charts; k++)
		if (d->charts[k].page == page && d->charts[k].kind != CHART_HISTORY)
			report_html_figure(out, &d->charts[k]);
	if (rc->c->n_samples < 2)
		sb_adds(out, "<p>Fewer than two samples: no distribution.</p>\n");
	if (r->n_hist) {
		sb_adds(out, "<h2 id=\"history\">History</h2>\n");
		for (size_t k = 0; k < d->n_charts; k++)
			if (d->charts[k].page == page && d->charts[k].kind == CHART_HISTORY) {
				report_html_figure(out, &d->charts[k]);
				any_hist = 1;
			}
		if (!any_hist)
			sb_addf(out, "<p>No history plot: %zu run%s measured this case, a plot needs %d.</p>\n", rc->n_runs,
			        rc->n_runs == 1 ? "" : "s", REPORT_HISTORY_MIN_PLOT);
		for (size_t k = 0; k < d->n_tables; k++)
			if (d->tables[k].page == page)
				report_html_table(out, &d->tables[k]);
	}
	sb_adds(out, "</body>\n</html>\n");
	free(title);
	free(label);
}
